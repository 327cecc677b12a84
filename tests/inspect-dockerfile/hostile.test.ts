/**
 * Hostile input (issue 12 rows 1, 2, 11, 12): whoever opens a pull request controls the Dockerfile and the build
 * context. Reads are regular files only with a size cap, expansion is bounded, build-arg names are plain names,
 * and context reads never leave the context. The CLI cases run the real `node cli/bin.js` in a child process.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inspectDockerfile, inspectDockerfileFile } from "../../inspect/dockerfile";
import { DockerfileError } from "../../inspect/errors";
import { contextFileReader, FILE_LIMITS, readRegularFile } from "../../inspect/files";
import { EXPANSION_LIMITS } from "../../inspect/expand";
import { asKnown, df } from "./helpers";

const BIN = path.join(__dirname, "..", "..", "cli", "bin.js");

function tmp(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "rsb-hostile-"));
}

function mkfifo(p: string): void {
    const r = spawnSync("mkfifo", [p]);
    assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
}

function dockerfileError(fn: () => unknown, message: RegExp): DockerfileError {
    let caught: unknown;
    try {
        fn();
    } catch (e) {
        caught = e;
    }
    assert.ok(caught instanceof DockerfileError, `expected DockerfileError, got ${String(caught)}`);
    assert.match(caught.message, message);
    assert.ok(!caught.message.includes("\n"), "one line");
    return caught;
}

/** `node cli/bin.js check ...` with a hard kill after 60 s (a hang fails the test instead of the suite). */
function cli(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 60_000, killSignal: "SIGKILL", env: { ...process.env, NO_COLOR: "1" } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const PIP_R = ["FROM img", "COPY req.txt /tmp/", "RUN pip install -r /tmp/req.txt"];

describe("inspect/dockerfile: hostile input", () => {
    describe("only regular files, with a size cap", () => {
        it("a Dockerfile that is a symlink to /dev/zero, a FIFO, or a directory is a one-line DockerfileError", () => {
            const dir = tmp();
            fs.symlinkSync("/dev/zero", path.join(dir, "zero"));
            mkfifo(path.join(dir, "fifo"));
            dockerfileError(() => inspectDockerfileFile(path.join(dir, "zero")), /zero: cannot read the Dockerfile: a character device, not a regular file$/);
            dockerfileError(() => inspectDockerfileFile(path.join(dir, "fifo")), /fifo: cannot read the Dockerfile: a FIFO \(named pipe\), not a regular file$/);
            dockerfileError(() => inspectDockerfileFile("/dev/zero"), /^\/dev\/zero: cannot read the Dockerfile: a character device/);
        });

        it("a Dockerfile over the size cap is refused without reading it", () => {
            const dir = tmp();
            const big = path.join(dir, "Dockerfile");
            fs.writeFileSync(big, "FROM img\n");
            fs.truncateSync(big, FILE_LIMITS.dockerfileBytes + 1); // sparse: no disk use
            dockerfileError(() => inspectDockerfileFile(big), /cannot read the Dockerfile: larger than the 4 MiB limit/);
        });

        it("readRegularFile reads a regular file through a symlink and refuses a FIFO without waiting for a writer", () => {
            const dir = tmp();
            fs.writeFileSync(path.join(dir, "a"), "hello");
            fs.symlinkSync("a", path.join(dir, "l"));
            mkfifo(path.join(dir, "f"));
            const ok = readRegularFile(path.join(dir, "l"), 10);
            assert.ok(ok.ok && ok.text === "hello");
            assert.deepEqual(readRegularFile(path.join(dir, "a"), 4), { ok: false, code: "too-large", reason: "larger than the 4 bytes limit (5 bytes)" });
            const f = readRegularFile(path.join(dir, "f"), 10);
            assert.equal(f.ok, false);
            assert.equal(!f.ok && f.code, "not-regular");
        });

        for (const kind of ["a symlink to /dev/zero", "a FIFO", "an oversized file"]) {
            it(`a context file that is ${kind}: unread, noted, and the Python packages are partial (never "not installed")`, () => {
                const dir = tmp();
                const req = path.join(dir, "req.txt");
                if (kind === "a FIFO") mkfifo(req);
                else if (kind === "an oversized file") {
                    fs.writeFileSync(req, "boto3\n");
                    fs.truncateSync(req, FILE_LIMITS.contextFileBytes + 1);
                } else fs.symlinkSync("/dev/zero", req);
                fs.writeFileSync(path.join(dir, "Dockerfile"), df(...PIP_R));
                const r = inspectDockerfileFile(path.join(dir, "Dockerfile"));
                assert.equal(r.notes.length, 1, r.notes.join("\n"));
                assert.match(r.notes[0], /Dockerfile:3: pip install -r \/tmp\/req\.txt: could not read req\.txt from the build context \((it is a symbolic link that leads out of the build context|a FIFO \(named pipe\), not a regular file|larger than the 8 MiB limit \(8388609 bytes\))\)/);
                const py = asKnown(r.facts.pythonPackages);
                assert.deepEqual(py.value, []);
                assert.match(py.partial ?? "", /pip install -r \/tmp\/req\.txt \(.*Dockerfile:3\): could not read req\.txt/);
            });
        }
    });

    describe("context reads never leave the context", () => {
        it("a symlink in the context to a file outside it is not read (its content never reaches the facts)", () => {
            const outside = tmp();
            fs.writeFileSync(path.join(outside, "secret.txt"), "sagemaker-secret-token==1.0\n");
            const dir = tmp();
            fs.symlinkSync(path.join(outside, "secret.txt"), path.join(dir, "req.txt"));
            fs.writeFileSync(path.join(dir, "Dockerfile"), df(...PIP_R));
            const r = inspectDockerfileFile(path.join(dir, "Dockerfile"));
            assert.ok(!JSON.stringify(r).includes("sagemaker-secret-token"), "content of a file outside the context leaked into the result");
            assert.match(r.notes.join("\n"), /could not read req\.txt from the build context \(it is a symbolic link that leads out of the build context/);
        });

        it("a symlinked directory leading out, and ../ paths, are refused; a link that stays inside is followed", () => {
            const outside = tmp();
            fs.writeFileSync(path.join(outside, "r.txt"), "x\n");
            const dir = tmp();
            fs.symlinkSync(outside, path.join(dir, "d"));
            fs.writeFileSync(path.join(dir, "real.txt"), "boto3\n");
            fs.symlinkSync("real.txt", path.join(dir, "inside.txt"));
            const read = contextFileReader(dir);
            assert.deepEqual(read("d/r.txt"), { ok: false, code: "outside", reason: "it is a symbolic link that leads out of the build context" });
            assert.equal(read("../" + path.basename(outside) + "/r.txt").ok, false);
            const inside = read("inside.txt");
            assert.ok(inside.ok && inside.text === "boto3\n");
        });

        it("the context option of inspectDockerfile (text input) reads through the same guard", () => {
            const dir = tmp();
            fs.writeFileSync(path.join(dir, "req.txt"), "boto3\n");
            const r = inspectDockerfile(df(...PIP_R), { file: "Dockerfile", context: dir });
            assert.deepEqual(asKnown(r.facts.pythonPackages).value.map((p) => p.name), ["boto3"]);
        });
    });

    describe("bounded ARG/ENV expansion", () => {
        const bomb = ["FROM img", "ARG A=xxxxxxxxxxxxxxxx", ...Array.from({ length: 26 }, () => "ARG A=${A}${A}"), "RUN echo $A"];

        it("a self-doubling ARG is a one-line DockerfileError naming the line where it crosses the limit", () => {
            // 16 × 2^n > 256 Ki characters from n = 15: the 15th doubling, line 2 + 15.
            const e = dockerfileError(() => inspectDockerfile(df(...bomb), { file: "D" }), /^D:17: ARG: a variable expands to more than 256 Ki characters/);
            assert.equal(e.line, 17);
        });

        it("as a global ARG, in ENV, and in a FROM line too", () => {
            const global = ["ARG A=xxxxxxxxxxxxxxxx", ...Array.from({ length: 26 }, () => "ARG A=${A}${A}"), "FROM img"];
            dockerfileError(() => inspectDockerfile(df(...global)), /^line 16: ARG: a variable expands/);
            const env = ["FROM img", "ENV A=xxxxxxxxxxxxxxxx", ...Array.from({ length: 26 }, () => "ENV A=${A}${A}")];
            dockerfileError(() => inspectDockerfile(df(...env)), /^line 17: ENV: a variable expands/);
            const from = ["ARG A=" + "x".repeat(200_000), "FROM img:${A}${A}"];
            dockerfileError(() => inspectDockerfile(df(...from)), /^line 2: FROM: a variable expands/);
        });

        it("many references to a large value are bounded by the total budgets (RUN, then everything)", () => {
            const big = "y".repeat(100_000);
            const runs = ["FROM img", `ARG B=${big}`, ...Array.from({ length: 400 }, () => "RUN echo $B $B")];
            // 400 × 2 × 100,000 characters = 76 Mi > 4 Mi for RUN commands: refused at the 21st RUN.
            dockerfileError(() => inspectDockerfile(df(...runs)), new RegExp(`^line 23: RUN: variable substitutions into RUN commands add up to more than ${EXPANSION_LIMITS.runChars / 1024 / 1024} Mi characters`));
            const envs = ["FROM img", `ARG B=${big}`, ...Array.from({ length: 400 }, (_, i) => `ENV C${i}=$B$B`)];
            dockerfileError(() => inspectDockerfile(df(...envs)), new RegExp(`^line \\d+: ENV: variable substitutions in one Dockerfile add up to more than ${EXPANSION_LIMITS.totalChars / 1024 / 1024} Mi`));
        });

        it("a pattern substitution that multiplies a value is bounded", () => {
            const lines = ["FROM img", "ARG A=" + "a".repeat(2000), "ARG R=" + "b".repeat(2000), "ARG C=${A//a/$R}"];
            dockerfileError(() => inspectDockerfile(df(...lines)), /^line 4: ARG: a variable expands to more than/);
        });
    });

    describe("prototype keys are plain names", () => {
        it("--build-arg __proto__ (and constructor) is an undeclared build arg, not the prototype", () => {
            const buildArgs = JSON.parse('{"__proto__": "x", "constructor": "y", "V": "1"}') as Record<string, string>;
            const r = inspectDockerfile(df("FROM img", "ARG V", "RUN echo $V"), { buildArgs });
            assert.deepEqual(r.unusedBuildArgs.sort(), ["__proto__", "constructor"]);
        });

        it("ARG/ENV named __proto__ or toString behave like any other name", () => {
            const r = inspectDockerfile(df("FROM img", "ARG __proto__=a", "ENV toString=b hasOwnProperty=c", "RUN echo $__proto__ $toString"), { buildArgs: JSON.parse('{"__proto__": "z"}') });
            assert.deepEqual(r.unusedBuildArgs, []);
            const env = asKnown(r.facts.env).value;
            assert.equal(Object.getPrototypeOf(env), Object.prototype);
            assert.deepEqual(Object.keys(env).sort(), ["hasOwnProperty", "toString"]);
            assert.deepEqual(asKnown(r.facts.commands).value[0].argv, ["echo", "z", "b"]);
        });
    });

    describe("through the real CLI (node cli/bin.js)", function () {
        this.timeout(120_000);

        it("check /dev/zero and an expansion bomb: exit 2 with one stderr line naming the file", () => {
            const dir = tmp();
            fs.writeFileSync(path.join(dir, "bomb"), ["FROM img", "ARG A=xxxxxxxxxxxxxxxx", ...Array.from({ length: 26 }, () => "ARG A=${A}${A}"), "RUN echo $A"].join("\n") + "\n");
            for (const [file, msg] of [
                ["/dev/zero", /\/dev\/zero: cannot read the Dockerfile: a character device, not a regular file/],
                [path.join(dir, "bomb"), /bomb:17: ARG: a variable expands to more than 256 Ki characters/],
            ] as const) {
                const r = cli(["check", file]);
                assert.equal(r.signal, null, `killed after 60 s: ${file}`);
                assert.equal(r.status, 2, `${file}: ${r.stderr}`);
                const lines = r.stderr.trim().split("\n");
                assert.equal(lines.length, 1, r.stderr);
                assert.match(lines[0], msg);
                assert.ok(!/\s+at /.test(r.stderr), "no stack trace");
            }
        });

        it("a requirements file linked to /dev/zero: the check returns, notes it, and blocks on nothing it did not see", () => {
            const dir = tmp();
            fs.symlinkSync("/dev/zero", path.join(dir, "req.txt"));
            fs.writeFileSync(path.join(dir, "Dockerfile"), df(...PIP_R));
            const r = cli(["check", path.join(dir, "Dockerfile"), "--format", "json"]);
            assert.equal(r.signal, null);
            assert.ok(r.status === 0 || r.status === 1, r.stderr);
            const out = JSON.parse(r.stdout) as { findings: { rule: string; level: string; unverified?: string }[] };
            for (const f of out.findings.filter((x) => x.rule === "RSB004")) assert.ok(f.unverified !== undefined, JSON.stringify(f));
        });
    });
});
