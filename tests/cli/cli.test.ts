/**
 * The CLI as CI and pre-commit run it: the real executable (cli/bin.js) in a child process for what only a process
 * shows (exit status, stderr, pipes, which modules load); variations of the same path run in-process (`cli`).
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BIN, cli, cliProcess, GOOD, GOOD_ON_SCRATCH, ROOT, tempDir } from "./helpers";
import { buildFixture, requireDocker } from "../support/docker";

const rel = (p: string) => path.relative(ROOT, p);

/** Run the executable with a preload that prints, at exit, which Docker client modules were loaded. */
function runProbed(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string; dockerLoaded: boolean } {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rsb-probe-")), "probe.js");
    fs.writeFileSync(
        probe,
        `process.on("exit", () => { const m = Object.keys(require.cache).filter((k) => /node_modules\\/(dockerode|docker-modem)\\/|inspect\\/image/.test(k)); require("fs").writeSync(2, "\\nPROBE " + JSON.stringify(m) + "\\n"); });`,
    );
    const r = spawnSync(process.execPath, ["-r", probe, BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
    const m = /\nPROBE (.*)\n$/.exec(r.stderr);
    assert.ok(m, `probe output missing: ${r.stderr}`);
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.slice(0, m.index), dockerLoaded: (JSON.parse(m[1]) as string[]).length > 0 };
}

describe("cli: the executable", function () {
    // Each child process starts ts-node over the sources: seconds on a loaded machine (speed is measured in bench/).
    this.timeout(600_000);

    it("check --help, check -h and rules --help print help on stdout and exit 0", async () => {
        for (const [i, args] of [["check", "--help"], ["check", "-h"], ["check", "x", "--help"]].entries()) {
            const r = i === 0 ? cliProcess(args) : await cli(...args);
            assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
            assert.equal(r.stderr, "");
            assert.match(r.stdout, /^Usage:\n {2}sagemaker-rstudio check \[<Dockerfile>\.\.\.\]/);
            assert.match(r.stdout, /--base none\|local\|pull/);
            // The config keys come from core/settings.ts, with their descriptions.
            for (const key of ["minWorkbenchVersion", "maxImageSizeGB", "deprecatedVersions", "rules", "asOf"]) assert.match(r.stdout, new RegExp(`\\n {2}${key} +\\S`));
        }
        const rules = cliProcess(["rules", "--help"]);
        assert.equal(rules.code, 0, rules.stderr);
        assert.match(rules.stdout, /^Usage:\n {2}sagemaker-rstudio rules/);
        const top = await cli("--help");
        assert.equal(top.code, 0);
        assert.match(top.stdout, /sagemaker-rstudio rules/);
        const bad = cliProcess(["rules", "--frobnicate"]);
        assert.equal(bad.code, 2);
        assert.equal(bad.stderr, "sagemaker-rstudio: unknown option --frobnicate (see --help)\n");
    });

    it("a reader that goes away (rules | head) ends the output quietly", async () => {
        for (const args of [["rules", "--format", "markdown"], ["check", "dockerfiles/cpu.Dockerfile", "--format", "json"]]) {
            const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
            child.stdout.destroy(); // the pipe's read end closes before anything is written: every write fails with EPIPE
            let stderr = "";
            child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
            const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
            assert.equal(stderr, "", `${args.join(" ")}: no stack trace`);
            assert.equal(code, 0, args.join(" "));
        }
    });

    it("several Dockerfiles: each checked, exit status the worst of them", async () => {
        const pass = rel(path.join(tempDir({ Dockerfile: GOOD }), "Dockerfile"));
        const fail = rel(path.join(tempDir({ Dockerfile: GOOD_ON_SCRATCH.replace("sudo ", "") }), "Dockerfile"));
        const both = cliProcess(["check", pass, fail]);
        assert.equal(both.code, 1, both.stderr);
        assert.match(both.stdout, new RegExp(`^PASS ${pass.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 0 mandatory`, "m"));
        assert.match(both.stdout, new RegExp(`^FAIL ${fail.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 1 mandatory`, "m"));
        assert.equal((await cli("check", pass, pass)).code, 0);
        // A file that cannot be read: one line on stderr, the others still checked, exit 2 (the worst).
        const withMissing = cliProcess(["check", pass, "no/such/Dockerfile", fail]);
        assert.equal(withMissing.code, 2);
        assert.equal(withMissing.stderr, "sagemaker-rstudio: no/such/Dockerfile: cannot read the Dockerfile: no such file\n");
        assert.equal((withMissing.stdout.match(/^(PASS|FAIL) /gm) ?? []).length, 2);
    });

    it("several Dockerfiles as JSON: one entry per file in order; as SARIF: one run with every file's results", async () => {
        const pass = rel(path.join(tempDir({ Dockerfile: GOOD }), "Dockerfile"));
        const fail = rel(path.join(tempDir({ Dockerfile: GOOD_ON_SCRATCH.replace("sudo ", "") }), "Dockerfile"));
        const json = await cli("check", pass, "missing/Dockerfile", fail, "--format", "json");
        assert.equal(json.code, 2);
        const { results } = JSON.parse(json.stdout) as { results: { file: string; findings?: { rule: string; level: string; unverified?: string }[]; error?: string }[] };
        assert.deepEqual(results.map((r) => r.file), [pass, "missing/Dockerfile", fail]);
        assert.match(results[1].error!, /cannot read the Dockerfile/);
        assert.ok(results[2].findings!.some((f) => f.rule === "RSB002" && f.level === "mandatory" && f.unverified === undefined));
        const sarif = await cli("check", pass, fail, "--format", "sarif");
        assert.equal(sarif.code, 1);
        const log = JSON.parse(sarif.stdout);
        assert.equal(log.runs.length, 1);
        const uris = new Set(log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri));
        assert.deepEqual([...uris].sort(), [pass, fail].sort());
        // One file: the JSON shape is unchanged.
        const one = JSON.parse((await cli("check", pass, "--format", "json")).stdout);
        assert.deepEqual(Object.keys(one).sort(), ["facts", "findings"]);
        assert.equal((await cli("check", pass, fail, "--image", "x:1")).code, 2, "--image with several Dockerfiles is ambiguous");
    });

    it("--build-arg __proto__=x is rejected like any undeclared name; so is a config key __proto__", async () => {
        const file = rel(path.join(tempDir({ Dockerfile: GOOD }), "Dockerfile"));
        const r = cliProcess(["check", file, "--build-arg", "__proto__=x"]);
        assert.equal(r.code, 2);
        assert.equal(r.stderr, `sagemaker-rstudio: --build-arg __proto__: not declared by any ARG in ${file}\n`);
        assert.equal((await cli("check", file, "--build-arg", "constructor=x")).code, 2);
        assert.equal((await cli("check", file, "--build-arg", "RSW_VERSION=2025.05.1")).code, 0);
        const dir = tempDir({ "proto.json": '{"__proto__": {"maxImageSizeGB": 1}}', "rules.json": '{"rules": {"__proto__": "disabled"}}' });
        const c1 = cliProcess(["check", file, "--config", path.join(dir, "proto.json")]);
        assert.equal(c1.code, 2);
        assert.match(c1.stderr, /unknown config key "__proto__"/);
        const c2 = await cli("check", file, "--config", path.join(dir, "rules.json"));
        assert.equal(c2.code, 2);
        assert.match(c2.stderr, /rules: unknown rule "__proto__"/);
    });

    it("--config reads only a regular file: a FIFO or a link to /dev/zero is one line and exit 2, never a hang", async () => {
        const file = rel(path.join(tempDir({ Dockerfile: GOOD }), "Dockerfile"));
        const dir = tempDir({});
        const fifo = path.join(dir, "config.json");
        spawnSync("mkfifo", [fifo]);
        const zero = path.join(dir, "zero.json");
        fs.symlinkSync("/dev/zero", zero);
        for (const [config, kind] of [[fifo, "a FIFO"], [zero, "a character device"]]) {
            const r = await cli("check", file, "--config", config);
            assert.equal(r.code, 2);
            assert.equal(r.stderr, `sagemaker-rstudio: cannot read config ${config}: ${kind}${kind === "a FIFO" ? " (named pipe)" : ""}, not a regular file\n`);
        }
    });

    it("--format json never prints an ENV value that looks like a credential", async () => {
        const file = rel(path.join(tempDir({ Dockerfile: GOOD + "\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n" }), "Dockerfile"));
        const r = await cli("check", file, "--format", "json");
        assert.equal(r.code, 0, r.stderr);
        assert.ok(!r.stdout.includes("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"), "the secret value is not in the JSON output");
        const env = JSON.parse(r.stdout).facts.env.value;
        assert.ok(env.AWS_SECRET_ACCESS_KEY, "the variable itself is still reported");
    });

    it("--base must be none, local or pull", async () => {
        const r = await cli("check", "dockerfiles/cpu.Dockerfile", "--base", "remote");
        assert.equal(r.code, 2);
        assert.equal(r.stderr, 'sagemaker-rstudio: --base must be none, local or pull, got "remote"\n');
    });

    it("loads Docker code only with --image or --base local|pull", () => {
        const plain = runProbed(["check", "dockerfiles/cpu.Dockerfile", "--base", "none"]);
        assert.equal(plain.code, 0, plain.stderr);
        assert.equal(plain.dockerLoaded, false);
        // No daemon there: the base is not inspected (a note says why), the check still runs and decides.
        const local = runProbed(["check", "dockerfiles/cpu.Dockerfile", "--base", "local", "--no-progress"], { DOCKER_HOST: "unix:///nonexistent/docker.sock" });
        assert.equal(local.dockerLoaded, true);
        assert.equal(local.code, 0, local.stderr);
        assert.match(local.stdout, /note: dockerfiles\/cpu\.Dockerfile: .*rstudio\/r-session-complete:jammy-2025\.05\.1.*unverified/);
    });
});

describe("cli: --base with a real Docker daemon (issue 11: base-image-aware facts)", function () {
    this.timeout(300_000);
    let baseTag: string;

    before(async () => {
        await requireDocker();
        // An RStudio-like base made of files: a dpkg database that lists sudo, a JDK 11 and libpng-dev.
        const status = ["sudo", "openjdk-11-jdk", "libpng-dev"].map((p) => `Package: ${p}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n`).join("\n");
        baseTag = await buildFixture("check-base-sudo", "FROM scratch\nCOPY rootfs/ /\n", {
            "rootfs/var/lib/dpkg/status": status,
            "rootfs/usr/lib/rstudio-server/VERSION": "2025.05.1+513.pro3\n",
        });
    });

    it("a base that carries sudo: unverified without --base, no finding once inspected (--base local)", () => {
        const dockerfile = [
            `FROM --platform=linux/amd64 ${baseTag}`,
            "RUN R -e \"install.packages('reticulate')\"",
            "RUN pip install boto3 awscli 'sagemaker[local]<3'",
            'ENV RSTUDIO_CONNECT_URL="" RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co"',
            "ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1",
        ].join("\n");
        const file = rel(path.join(tempDir({ Dockerfile: dockerfile }), "Dockerfile"));
        const none = cliProcess(["check", file, "--format", "json"]);
        assert.equal(none.code, 0, none.stderr);
        const before = (JSON.parse(none.stdout).findings as { rule: string; unverified?: string }[]).filter((f) => f.rule === "RSB002");
        assert.ok(before.length > 0 && before.every((f) => /was not inspected/.test(f.unverified ?? "")), JSON.stringify(before));

        const local = cliProcess(["check", file, "--base", "local", "--format", "json", "--no-progress"]);
        assert.equal(local.code, 0, local.stderr);
        const { findings, facts } = JSON.parse(local.stdout);
        assert.deepEqual(findings.filter((f: { rule: string }) => f.rule === "RSB002"), []);
        assert.equal(facts.baseInspected, baseTag);
        assert.equal(facts.systemPackages.partial, undefined);
    });

    it("--base local never pulls: a base missing from the daemon stays unverified, with a note", () => {
        const file = rel(path.join(tempDir({ Dockerfile: "FROM --platform=linux/amd64 127.0.0.1:5055/rsb-test/never-pushed:nope\nRUN true\n" }), "Dockerfile"));
        const r = cliProcess(["check", file, "--base", "local", "--no-progress"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /note: .*127\.0\.0\.1:5055\/rsb-test\/never-pushed:nope/);
    });
});
