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
});
