/**
 * `check --format sarif` against the official OASIS SARIF 2.1.0 JSON schema (tests/fixtures/sarif-schema, source in
 * its SOURCE.md) with a real JSON-schema validator (ajv, draft-07, with the `uri`/`uri-reference` formats checked),
 * plus what GitHub code scanning needs beyond the schema: a physical location with a relative URI and a start line on
 * every result, partialFingerprints, helpUri anchors that exist in docs/rules.md.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { RULES, type Finding } from "../../core";
import { main } from "../../cli/main";
import { FINGERPRINT_KEY, SRCROOT, githubAnchor, rulesDocUrl, sarifReport, toSarif } from "../../cli/sarif";

const ROOT = path.resolve(__dirname, "..", "..");
const SCHEMA = path.join(ROOT, "tests", "fixtures", "sarif-schema", "sarif-schema-2.1.0.json");

let validate: ValidateFunction;
function assertValid(log: unknown): void {
    if (!validate(log)) assert.fail(`not valid SARIF 2.1.0: ${JSON.stringify(validate.errors, null, 1)}`);
}

interface Result {
    ruleId: string;
    ruleIndex?: number;
    level: string;
    message: { text: string };
    locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
    partialFingerprints: Record<string, string>;
    properties: Record<string, unknown>;
}
interface Log {
    runs: { results: Result[]; originalUriBaseIds: Record<string, { uri: string }>; tool: { driver: { rules: { id: string; helpUri: string }[] } } }[];
}

/** GitHub's own requirements on top of the schema. */
function assertCodeScanningShape(log: Log): void {
    assert.strictEqual(log.runs.length, 1);
    const run = log.runs[0];
    assert.match(run.originalUriBaseIds[SRCROOT].uri, /^file:\/\/\/.*\/$/);
    for (const r of run.results) {
        assert.strictEqual(r.locations.length, 1, `${r.ruleId} has one location`);
        const loc = r.locations[0].physicalLocation;
        assert.strictEqual(loc.artifactLocation.uriBaseId, SRCROOT);
        assert.ok(!/^[a-z]+:/i.test(loc.artifactLocation.uri) && !loc.artifactLocation.uri.startsWith("/"), `relative URI: ${loc.artifactLocation.uri}`);
        assert.ok(Number.isInteger(loc.region.startLine) && loc.region.startLine >= 1);
        assert.match(r.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}$/);
        assert.strictEqual(typeof r.properties.basis, "string");
        assert.ok((r.properties.basis as string).length > 0, "basis is set");
        if (r.ruleIndex !== undefined) assert.strictEqual(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    }
}

function finding(over: Partial<Finding>): Finding {
    return {
        rule: "RSB002",
        slug: "system-packages",
        level: "mandatory",
        message: "sudo is not installed.",
        fix: "Install sudo.",
        source: "dockerfile",
        basis: "no install of sudo in the Dockerfile",
        ...over,
    };
}

async function cliSarif(args: string[], cwd = ROOT): Promise<{ code: number; log: Log; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const before = process.cwd();
    process.chdir(cwd);
    try {
        const code = await main(["check", ...args, "--format", "sarif"], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
        return { code, log: JSON.parse(stdout) as Log, stderr };
    } finally {
        process.chdir(before);
    }
}

describe("package: SARIF 2.1.0 for GitHub code scanning", function () {
    this.timeout(60_000);
    let tmp: string;

    before(() => {
        // unicodeRegExp off: the schema's `language` pattern ("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") has a stray `]`
        // that is a syntax error under the u flag (ajv's default) but a literal `]` in ECMAScript without it.
        const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
        addFormats(ajv);
        validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-sarif-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("the validator rejects what GitHub rejects: a result without a message, a relative informationUri", () => {
        const good = sarifReport([{ dockerfile: "Dockerfile", findings: [finding({ line: 3 })] }], { root: tmp });
        assertValid(good);
        const noMessage = JSON.parse(JSON.stringify(good)) as { runs: { results: Record<string, unknown>[]; tool: { driver: Record<string, unknown> } }[] };
        delete noMessage.runs[0].results[0].message;
        assert.strictEqual(validate(noMessage), false);
        const badUri = JSON.parse(JSON.stringify(good)) as typeof noMessage;
        badUri.runs[0].tool.driver.informationUri = "not a uri";
        assert.strictEqual(validate(badUri), false, "format uri is checked");
    });

    it("Dockerfile findings: its line; findings without a line and image-decided ones: the FROM line", () => {
        fs.writeFileSync(path.join(tmp, "Dockerfile"), "# syntax=docker/dockerfile:1\nARG V=1\nFROM rstudio/r-session-complete:jammy-2025.05.1\nRUN true\n");
        const log = sarifReport(
            [
                {
                    dockerfile: "Dockerfile",
                    image: "example/rstudio:1",
                    findings: [
                        finding({ line: 4 }),
                        finding({ rule: "RSB011", slug: "image-size", source: "image", message: "The image is 31 GB.", basis: "docker image size" }),
                        finding({ rule: "RSB016", slug: "force-nonzero-exit", level: "advisory", message: "not set", basis: "no ENV in the Dockerfile" }),
                    ],
                },
            ],
            { root: tmp },
        ) as unknown as Log;
        assertValid(log);
        assertCodeScanningShape(log);
        const lines = log.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine);
        assert.deepStrictEqual(lines, [4, 3, 3]);
        assert.deepStrictEqual(
            log.runs[0].results.map((r) => r.level),
            ["error", "error", "warning"],
        );
        assert.strictEqual(log.runs[0].results[1].properties.image, "example/rstudio:1");
    });

    it("--image alone: results at line 1 of the stated file (default Dockerfile, or imageLocation), naming the image", () => {
        const f = finding({ rule: "RSB012", slug: "platform", source: "image", message: "The image is linux/arm64.", basis: "image config architecture arm64" });
        for (const [opts, uri] of [
            [{ root: tmp }, "Dockerfile"],
            [{ root: tmp, imageLocation: "images/rstudio/Dockerfile" }, "images/rstudio/Dockerfile"],
        ] as const) {
            const log = sarifReport([{ image: "registry.example.com/rstudio@sha256:" + "a".repeat(64), findings: [f] }], opts) as unknown as Log;
            assertValid(log);
            assertCodeScanningShape(log);
            const r = log.runs[0].results[0];
            assert.strictEqual(r.locations[0].physicalLocation.artifactLocation.uri, uri);
            assert.strictEqual(r.locations[0].physicalLocation.region.startLine, 1);
            assert.match(r.message.text, /^image registry\.example\.com\/rstudio@sha256:a{64}: The image is linux\/arm64\./);
        }
    });

    it("paths: absolute ones under the root become relative URIs; spaces and non-ASCII are percent-encoded", () => {
        const abs = path.join(tmp, "sub dir", "Dockerfile.ü");
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, "FROM scratch\n");
        const log = sarifReport([{ dockerfile: abs, findings: [finding({ file: abs, line: 1 })] }], { root: tmp }) as unknown as Log;
        assertValid(log);
        assertCodeScanningShape(log);
        assert.strictEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, "sub%20dir/Dockerfile.%C3%BC");
        assert.strictEqual(log.runs[0].originalUriBaseIds[SRCROOT].uri, `file://${tmp.split(path.sep).map(encodeURIComponent).join("/")}/`);
    });

    it("evidence: basis always, unverified as a property and in the text; an unverified mandatory finding is a warning", () => {
        const log = sarifReport(
            [{ dockerfile: "Dockerfile", findings: [finding({ line: 2, unverified: "the base image rstudio/x:1 was not inspected" })] }],
            { root: tmp },
        ) as unknown as Log;
        assertValid(log);
        const r = log.runs[0].results[0];
        assert.strictEqual(r.level, "warning");
        assert.strictEqual(r.properties.unverified, "the base image rstudio/x:1 was not inspected");
        assert.strictEqual(r.properties.blocking, false);
        assert.strictEqual(r.properties.configuredLevel, "mandatory");
        assert.match(r.message.text, /\(unverified: the base image rstudio\/x:1 was not inspected\)/);
    });

    it("several Dockerfiles in one run: one SARIF run, each result at its own file; fingerprints survive moved lines", () => {
        const a = finding({ line: 3, message: "sudo is not installed (line 3)." });
        const b = finding({ line: 9, message: "sudo is not installed (line 9)." });
        const log = sarifReport(
            [
                { dockerfile: "a/Dockerfile", findings: [a], notes: ["a/Dockerfile:5: r-packages.txt could not be read"] },
                { dockerfile: "b/Dockerfile", findings: [b] },
            ],
            { root: tmp },
        ) as unknown as Log;
        assertValid(log);
        assertCodeScanningShape(log);
        const [ra, rb] = log.runs[0].results;
        assert.strictEqual(ra.locations[0].physicalLocation.artifactLocation.uri, "a/Dockerfile");
        assert.strictEqual(rb.locations[0].physicalLocation.artifactLocation.uri, "b/Dockerfile");
        const moved = sarifReport([{ dockerfile: "a/Dockerfile", findings: [{ ...a, line: 7, message: "sudo is not installed (line 7)." }] }], { root: tmp }) as unknown as Log;
        assert.strictEqual(moved.runs[0].results[0].partialFingerprints[FINGERPRINT_KEY], ra.partialFingerprints[FINGERPRINT_KEY]);
        assert.notStrictEqual(ra.partialFingerprints[FINGERPRINT_KEY], rb.partialFingerprints[FINGERPRINT_KEY]);
    });

    it("helpUri: every rule links to its section of docs/rules.md, and that section exists", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "rules.md"), "utf8");
        const anchors = new Set(
            doc
                .split("\n")
                .filter((l) => /^#{1,6} /.test(l))
                .map((l) => githubAnchor(l.replace(/^#+ /, ""))),
        );
        const log = toSarif([], "Dockerfile") as unknown as Log;
        assertValid(log);
        const rules = log.runs[0].tool.driver.rules;
        assert.deepStrictEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
        for (const r of rules) {
            const [base, anchor] = r.helpUri.split("#");
            assert.strictEqual(base, rulesDocUrl());
            assert.ok(anchors.has(anchor), `docs/rules.md has no section #${anchor} for ${r.id}`);
        }
        assert.strictEqual(githubAnchor("RSB001 base-version"), "rsb001-base-version");
        assert.strictEqual(rulesDocUrl({ name: "x", version: "1.2.3", repository: { url: "git+https://github.com/acme/x.git" } }), "https://github.com/acme/x/blob/v1.2.3/docs/rules.md");
    });

    it("the CLI's own output for the reference Dockerfiles and a failing one is valid and complete", async () => {
        for (const file of ["dockerfiles/cpu.Dockerfile", "dockerfiles/gpu.Dockerfile"]) {
            const { log } = await cliSarif([file, ...(file.includes("gpu") ? ["--gpu"] : [])]);
            assertValid(log);
            assertCodeScanningShape(log);
        }
        fs.writeFileSync(path.join(tmp, "bad.Dockerfile"), 'FROM --platform=linux/arm64 ubuntu:22.04\nENV RSTUDIO_CONNECT_URL="x"\nENTRYPOINT ["/bin/bash"]\n');
        const { code, log } = await cliSarif(["bad.Dockerfile"], tmp);
        assert.strictEqual(code, 1);
        assertValid(log);
        assertCodeScanningShape(log);
        assert.ok(log.runs[0].results.length >= 3);
        for (const r of log.runs[0].results) assert.strictEqual(r.locations[0].physicalLocation.artifactLocation.uri, "bad.Dockerfile");
    });
});
