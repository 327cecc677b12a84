import { strict as assert } from "assert";
import * as path from "path";
import { main } from "../../cli/main";
import { RULES } from "../../core";
import { BODY, FROM, run, tempContext } from "./helpers";

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
    return { code, stdout, stderr };
}

const oneLineError = (r: { code: number; stdout: string; stderr: string }, pattern: RegExp) => {
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.split("\n").filter((l) => l !== "").length, 1, r.stderr);
    assert.match(r.stderr, /^sagemaker-rstudio: /);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /[\u0000-\u0008\u000e-\u001f\ufffd]/, "no control characters or replacement characters");
};

describe("acceptance: check output formats", () => {
    it("--format json is exactly one object {findings, facts}, also when the analysis has notes", async () => {
        const r = await run([FROM, "COPY missing.txt /tmp/r.txt", "RUN pip install -r /tmp/r.txt", ...BODY.slice(0, 2), ...BODY.slice(3)], ["--format", "json"]);
        const parsed = JSON.parse(r.stdout);
        assert.deepEqual(Object.keys(parsed), ["findings", "facts"]);
        assert.equal(r.stderr, "");
    });

    it("text output shows what the analysis could not follow as notes", async () => {
        const r = await run([FROM, "COPY missing.txt /tmp/r.txt", "# sagemaker-rstudio ignore=RSB999", "RUN pip install -r /tmp/r.txt", ...BODY.slice(0, 2), ...BODY.slice(3)]);
        // The Python packages may be in the unreadable file (or the base): RSB004 is unverified, so it does not fail.
        assert.equal(r.code, 0);
        assert.match(r.stdout, /^note: .*Dockerfile:4: pip install -r \/tmp\/r\.txt: could not read missing\.txt from the build context/m);
        assert.match(r.stdout, /^note: .*Dockerfile:3: sagemaker-rstudio ignore=RSB999 names no rule/m); // the pragma's own line
    });

    it("SARIF 2.1.0: schema, version, every rule, results with ruleId/level/message/startLine, notes as notifications", async () => {
        const dir = tempContext({ "my dir/Dockerfile": [FROM, ...BODY, "# sagemaker-rstudio ignore=no-such-rule", "RUN mkdir -p /opt/ml/x"].join("\n") + "\n" });
        const file = path.join(dir, "my dir", "Dockerfile");
        const r = await cli("check", file, "--format", "sarif");
        assert.equal(r.code, 1);
        const sarif = JSON.parse(r.stdout);
        assert.equal(sarif.version, "2.1.0");
        assert.match(sarif.$schema, /sarif(-schema)?-2\.1\.0/);
        assert.equal(sarif.runs.length, 1);
        const run0 = sarif.runs[0];
        assert.deepEqual(run0.tool.driver.rules.map((x: { id: string }) => x.id), RULES.map((x) => x.id));
        const res = run0.results.find((x: { ruleId: string }) => x.ruleId === "RSB007");
        assert.equal(res.level, "error");
        assert.equal(typeof res.message.text, "string");
        assert.equal(res.locations[0].physicalLocation.region.startLine, 8);
        assert.match(res.locations[0].physicalLocation.artifactLocation.uri, /my%20dir\/Dockerfile$/, "a URI: spaces are percent-encoded");
        for (const x of run0.results) {
            assert.ok(["error", "warning", "note"].includes(x.level));
            assert.equal(run0.tool.driver.rules[x.ruleIndex].id, x.ruleId);
        }
        const notes = run0.invocations[0].toolExecutionNotifications;
        assert.equal(run0.invocations[0].executionSuccessful, true);
        assert.ok(notes.some((n: { message: { text: string } }) => /no-such-rule names no rule/.test(n.message.text)));
    });
});

describe("acceptance: bad input is exit 2 with one clean line", () => {
    it("an unknown option is named plainly", async () => {
        oneLineError(await cli("check", "Dockerfile", "--bogus"), /unknown option --bogus \(see --help\)$/m);
        oneLineError(await cli("rules", "--bogus"), /unknown option --bogus/);
    });

    it("a config that is JSON but not an object", async () => {
        const dir = tempContext({ Dockerfile: [FROM, ...BODY].join("\n"), "a.json": "[]", "n.json": "null", "s.json": '"x"' });
        for (const c of ["a.json", "n.json", "s.json"]) {
            oneLineError(await cli("check", path.join(dir, "Dockerfile"), "--config", path.join(dir, c)), /must be a JSON object/);
        }
    });

    it("a binary config file: the JSON error carries no raw bytes; a missing one says so", async () => {
        const dir = tempContext({ Dockerfile: [FROM, ...BODY].join("\n"), "bin.json": Buffer.from([0x7b, 0x0a, 0x01, 0xff, 0xfe, 0x0a, 0x0d, 0x80]) });
        oneLineError(await cli("check", path.join(dir, "Dockerfile"), "--config", path.join(dir, "bin.json")), /is not valid JSON/);
        oneLineError(await cli("check", path.join(dir, "Dockerfile"), "--config", path.join(dir, "none.json")), /cannot read config .*none\.json: no such file$/m);
        oneLineError(await cli("check", path.join(dir, "Dockerfile"), "--config", dir), /it is a directory/);
    });

    it("a directory instead of a Dockerfile", async () => {
        oneLineError(await cli("check", tempContext({})), /cannot read the Dockerfile: it is a directory/);
    });
});
