import { strict as assert } from "assert";
import { evaluate } from "../../core/engine";
import { df, inspect } from "./helpers";

describe("inspect/dockerfile: inline suppressions", () => {
    it("a pragma applies to the next instruction, by its start line; ids upper-cased, slugs lower-cased", () => {
        const r = inspect(
            df(
                "FROM img", // 1
                "# sagemaker-rstudio ignore=RSB006,rsb008", // 2
                'CMD ["x"]', // 3
                "#Sagemaker-RStudio  IGNORE = Home-Shadowed , RSB007", // 4
                "RUN mkdir \\", // 5
                "  /opt/ml",
            ),
        );
        assert.deepEqual(r.facts.suppressions, [
            { line: 3, rules: ["RSB006", "RSB008"] },
            { line: 5, rules: ["home-shadowed", "RSB007"] },
        ]);
    });

    it("other comments and a single blank line may sit between the pragma and the instruction", () => {
        const r = inspect(df("FROM img", "# sagemaker-rstudio ignore=RSB006", "# why: the base image needs it", "", "# another note", 'CMD ["x"]'));
        assert.deepEqual(r.facts.suppressions, [{ line: 6, rules: ["RSB006"] }]);
    });

    it("two blank lines or an instruction in between end the pragma's reach", () => {
        assert.deepEqual(inspect(df("FROM img", "# sagemaker-rstudio ignore=RSB006", "", "", 'CMD ["x"]')).facts.suppressions, []);
        assert.deepEqual(inspect(df("FROM img", "# sagemaker-rstudio ignore=RSB006", "ENV A=1", 'CMD ["x"]')).facts.suppressions, [{ line: 3, rules: ["RSB006"] }]);
    });

    it("several pragmas before one instruction combine; a comment inside a RUN continuation is not a pragma for the next instruction", () => {
        const r = inspect(df("FROM img", "# sagemaker-rstudio ignore=RSB001", "# sagemaker-rstudio ignore=RSB002", "RUN true \\", "  # sagemaker-rstudio ignore=RSB003", "  && true", "ENV A=1"));
        assert.deepEqual(r.facts.suppressions, [{ line: 4, rules: ["RSB001", "RSB002"] }]);
    });

    it("works before the first FROM and on the FROM line", () => {
        const r = inspect(df("# sagemaker-rstudio ignore=base-version", "ARG V=1", "# sagemaker-rstudio ignore=RSB012", "FROM img"));
        assert.deepEqual(r.facts.suppressions, [
            { line: 2, rules: ["base-version"] },
            { line: 4, rules: ["RSB012"] },
        ]);
    });

    it("the engine drops a finding at the suppressed line (end to end)", () => {
        const text = df("FROM img", "# sagemaker-rstudio ignore=entrypoint-ignored", 'CMD ["x"]', 'ENTRYPOINT ["y"]');
        const findings = evaluate(inspect(text, { file: "D" }).facts).filter((f) => f.rule === "RSB006");
        assert.deepEqual(findings.map((f) => f.line), [4], "CMD (line 3) is suppressed, ENTRYPOINT (line 4) is not");
    });

    it("a global pragma (anywhere outside an instruction) suppresses its rules for the whole file", () => {
        const r = inspect(df("FROM img", "RUN true", "# sagemaker-rstudio global ignore=RSB016, home-shadowed", "ENV A=1"), { file: "D" });
        assert.deepEqual(r.facts.suppressions, [{ line: 3, rules: ["RSB016", "home-shadowed"], global: true }]);
        assert.deepEqual(r.notes, []);
        // Inside a RUN continuation or a heredoc it is script text, not a pragma.
        const inside = inspect(df("FROM img", "RUN true \\", "  # sagemaker-rstudio global ignore=RSB016", "  && true", "RUN <<EOF", "# sagemaker-rstudio global ignore=RSB002", "EOF"));
        assert.deepEqual(inside.facts.suppressions, []);
    });

    it("names are matched against the keys it is given, case-insensitively, and stored as the catalogue spells them", () => {
        const r = inspect(df("FROM img", "# sagemaker-rstudio ignore=rsb006,FOO-bar,unknown", 'CMD ["x"]'), { file: "D", ruleKeys: ["RSB006", "foo-bar"] });
        assert.deepEqual(r.facts.suppressions, [{ line: 3, rules: ["RSB006", "foo-bar", "unknown"] }]);
        assert.deepEqual(r.notes, ["D:2: sagemaker-rstudio ignore=unknown names no rule (see `sagemaker-rstudio rules` for ids and slugs)"]);
    });

    it("a pragma it does not understand, one that names nothing, and one that reaches no instruction are noted", () => {
        const r = inspect(df("FROM img", "# sagemaker-rstudio ignore RSB006", "# sagemaker-rstudio ignore=", "# sagemaker-rstudio disable=RSB001", 'CMD ["x"]', "# sagemaker-rstudio ignore=RSB006", "", ""), { file: "D" });
        assert.deepEqual(r.facts.suppressions, []);
        assert.equal(r.notes.length, 4, r.notes.join("\n"));
        assert.match(r.notes[0], /^D:2: `# sagemaker-rstudio ignore RSB006` is not understood: expected `# sagemaker-rstudio ignore=RULE/);
        assert.match(r.notes[1], /^D:3: .* names no rule/);
        assert.match(r.notes[2], /^D:4: `# sagemaker-rstudio disable=RSB001` is not understood/);
        assert.match(r.notes[3], /^D:6: this ignore pragma reaches no instruction/);
    });

    it("ordinary comments that mention the tool are not pragmas", () => {
        assert.deepEqual(inspect(df("# Passes every rule of `sagemaker-rstudio check`", "FROM img")).notes, []);
    });
});
