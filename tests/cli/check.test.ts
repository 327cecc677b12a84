import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { rulesMarkdown } from "../../cli/rules-doc";
import { RULES } from "../../core";
import { cli, cliProcess, GOOD, GOOD_ON_SCRATCH, ROOT, tempDir } from "./helpers";

const rel = (p: string) => path.relative(process.cwd(), p);

describe("cli: sagemaker-rstudio check", () => {
    it("the reference CPU Dockerfile passes with no mandatory finding", async () => {
        const r = await cli("check", rel(path.join(ROOT, "dockerfiles/cpu.Dockerfile")), "--format", "json");
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const { findings, facts } = JSON.parse(r.stdout);
        assert.deepEqual(findings.filter((f: { level: string }) => f.level === "mandatory"), []);
        assert.equal(facts.workbenchVersion.state, "known");
        assert.equal(facts.processor.value, "CPU");
    });

    it("the reference GPU Dockerfile passes as GPU, and carries no driver", async () => {
        const r = await cli("check", rel(path.join(ROOT, "dockerfiles/gpu.Dockerfile")), "--gpu", "--format", "json");
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const { findings } = JSON.parse(r.stdout);
        assert.deepEqual(findings.filter((f: { level: string }) => f.level === "mandatory"), []);
        assert.ok(!findings.some((f: { rule: string }) => f.rule === "RSB009" || f.rule === "RSB010"));
    });

    it("the CPU Dockerfile declared GPU: RSB010 (no toolkit) is mandatory but unverified while the base is not inspected", async () => {
        const r = await cli("check", rel(path.join(ROOT, "dockerfiles/cpu.Dockerfile")), "--gpu", "--format", "json");
        // Decision 1: the base image (not inspected) may carry the toolkit, so the finding does not fail the check.
        assert.equal(r.code, 0, r.stdout);
        const mandatory = JSON.parse(r.stdout).findings.filter((f: { level: string }) => f.level === "mandatory");
        assert.deepEqual(mandatory.map((f: { rule: string }) => f.rule), ["RSB010"]);
        assert.match(mandatory[0].unverified, /base image rstudio\/r-session-complete:jammy-2025\.05\.1 was not inspected/);
    });

    it("a missing package on a base that is not inspected is unverified: shown, exit 0", async () => {
        const dir = tempDir({ Dockerfile: GOOD.replace("sudo ", "") });
        const r = await cli("check", rel(path.join(dir, "Dockerfile")));
        assert.equal(r.code, 0, r.stdout);
        assert.match(r.stdout, /RSB002 system-packages  mandatory, unverified\n  sudo is not installed/);
        assert.match(r.stdout, /unverified: .*was not inspected/);
    });

    it("text output names file:line, rule, slug, level, message and fix; exit 1 on a verified mandatory finding", async () => {
        const dir = tempDir({ Dockerfile: GOOD_ON_SCRATCH.replace("sudo ", "") + "CMD [\"R\"]\n" });
        const file = rel(path.join(dir, "Dockerfile"));
        const r = await cli("check", file);
        assert.equal(r.code, 1);
        assert.match(r.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2  RSB002 system-packages  mandatory\\n  sudo is not installed`));
        assert.match(r.stdout, /:8  RSB006 entrypoint-ignored  advisory/);
        assert.match(r.stdout, /fix: Add RUN apt-get update/);
        assert.match(r.stdout, /^FAIL .*: 1 mandatory, \d+ advisory findings/m);
    });

    it("--build-arg changes the result (an old base version)", async () => {
        const dir = tempDir({ Dockerfile: GOOD });
        const file = rel(path.join(dir, "Dockerfile"));
        assert.equal((await cli("check", file)).code, 0);
        const r = await cli("check", file, "--build-arg", "RSW_VERSION=2021.09.1-372.pro1", "--format", "json");
        assert.equal(r.code, 1);
        const f = JSON.parse(r.stdout).findings.find((x: { rule: string }) => x.rule === "RSB001");
        assert.equal(f.line, 1);
        assert.match(f.message, /2021\.09\.1-372\.pro1/);
    });

    it("--config levels and thresholds apply; inline ignores apply", async () => {
        const dir = tempDir({
            Dockerfile: GOOD.replace("sudo ", "") + "# sagemaker-rstudio ignore=RSB006\nCMD [\"R\"]\n",
            "cfg.json": JSON.stringify({ rules: { "system-packages": "advisory" }, minWorkbenchVersion: "2026.01.0" }),
        });
        const r = await cli("check", rel(path.join(dir, "Dockerfile")), "--config", rel(path.join(dir, "cfg.json")), "--format", "json");
        const findings = JSON.parse(r.stdout).findings as { rule: string; level: string }[];
        assert.ok(!findings.some((f) => f.rule === "RSB006"), "ignored by the pragma");
        assert.equal(findings.find((f) => f.rule === "RSB002")?.level, "advisory");
        assert.equal(findings.find((f) => f.rule === "RSB001")?.level, "mandatory", "2025.05.1 < 2026.01.0");
        assert.equal(r.code, 1);
    });

    it("--domain-version and --image-uri check RSB013 and RSB014", async () => {
        const dir = tempDir({ Dockerfile: GOOD });
        const r = await cli("check", rel(path.join(dir, "Dockerfile")), "--domain-version", "2024.04.2+764.pro1", "--image-uri", "123.dkr.ecr.us-east-1.amazonaws.com/r:v1", "--format", "json");
        assert.equal(r.code, 1);
        const rules = JSON.parse(r.stdout).findings.filter((f: { level: string }) => f.level === "mandatory").map((f: { rule: string }) => f.rule);
        assert.deepEqual(rules.sort(), ["RSB013", "RSB014"]);
    });

    it("SARIF 2.1.0 lists every rule and places results on lines", async () => {
        const dir = tempDir({ Dockerfile: GOOD_ON_SCRATCH.replace("libpng-dev", "") });
        const r = await cli("check", rel(path.join(dir, "Dockerfile")), "--format", "sarif");
        assert.equal(r.code, 1);
        const sarif = JSON.parse(r.stdout);
        assert.equal(sarif.version, "2.1.0");
        const run = sarif.runs[0];
        assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), RULES.map((x) => x.id));
        const res = run.results.find((x: { ruleId: string }) => x.ruleId === "RSB002");
        assert.equal(res.level, "error");
        assert.equal(res.locations[0].physicalLocation.region.startLine, 2);
        assert.equal(run.tool.driver.rules[res.ruleIndex].id, "RSB002");
    });

    describe("bad input: exit 2, one line on stderr, never a crash", () => {
        const expect2 = async (args: string[], pattern: RegExp) => {
            const r = await cli(...args);
            assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
            assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
            assert.match(r.stderr, pattern);
        };
        it("missing file", () => expect2(["check", "no/such/Dockerfile"], /no\/such\/Dockerfile/));
        it("empty file", () => expect2(["check", rel(path.join(tempDir({ Dockerfile: "" }), "Dockerfile"))], /empty|no FROM/i));
        it("no FROM", () => expect2(["check", rel(path.join(tempDir({ Dockerfile: "RUN echo hi\n" }), "Dockerfile"))], /FROM/));
        it("binary junk", () => expect2(["check", rel(path.join(tempDir({ Dockerfile: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0xff, 0xfe]) }), "Dockerfile"))], /not a text|binary/i));
        it("bad flag", () => expect2(["check", "x", "--frobnicate"], /frobnicate/));
        it("bad format", () => expect2(["check", "x", "--format", "xml"], /--format/));
        it("malformed --build-arg", () => expect2(["check", "x", "--build-arg", "NOVALUE"], /KEY=VALUE/));
        it("undeclared --build-arg", () => expect2(["check", rel(path.join(tempDir({ Dockerfile: GOOD }), "Dockerfile")), "--build-arg", "NOPE=1"], /NOPE.*not declared/));
        it("bad config", async () => {
            const dir = tempDir({ Dockerfile: GOOD, "c.json": '{"rules":{"RSB999":"disabled"}}', "bad.json": "{" });
            await expect2(["check", rel(path.join(dir, "Dockerfile")), "--config", rel(path.join(dir, "c.json"))], /RSB999/);
            await expect2(["check", rel(path.join(dir, "Dockerfile")), "--config", rel(path.join(dir, "bad.json"))], /not valid JSON/);
            await expect2(["check", rel(path.join(dir, "Dockerfile")), "--config", rel(path.join(dir, "none.json"))], /cannot read config/);
        });
        it("unknown command and no arguments", async () => {
            await expect2(["lint"], /unknown command "lint"/);
            await expect2(["check"], /needs a Dockerfile/);
        });
        it("a 10,000-line Dockerfile gives findings, not a crash", async () => {
            const lines = ["FROM rstudio/r-session-complete:jammy-2025.05.1"];
            for (let i = 0; i < 9999; i++) lines.push(i % 3 === 0 ? `RUN echo ${i} > /tmp/f${i}` : i % 3 === 1 ? `ENV V${i}=${i}` : `COPY f${i} /opt/app/`);
            const r = await cli("check", rel(path.join(tempDir({ Dockerfile: lines.join("\n") }), "Dockerfile")), "--format", "json");
            assert.equal(r.code, 0, "RSB002 rests on a base that was not inspected: unverified");
            assert.ok(JSON.parse(r.stdout).findings.some((f: { rule: string; unverified?: string }) => f.rule === "RSB002" && f.unverified !== undefined));
        });
    });

    it("the installed executable: exit codes and no stack trace on bad input", () => {
        const ok = cliProcess(["check", "dockerfiles/cpu.Dockerfile"]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /^PASS dockerfiles\/cpu\.Dockerfile: 0 mandatory/m);
        const bad = cliProcess(["check", "does-not-exist.Dockerfile"]);
        assert.equal(bad.code, 2);
        assert.equal(bad.stderr.trim().split("\n").length, 1);
        assert.doesNotMatch(bad.stderr, /\bat .*\.ts:\d+/);
    });

    it("docs/rules.md is generated from the catalogue and up to date", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs/rules.md"), "utf8");
        assert.equal(doc, rulesMarkdown(), "run: npx sagemaker-rstudio rules --format markdown > docs/rules.md");
    });
});
