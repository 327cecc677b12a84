import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inspectDockerfile, inspectDockerfileFile } from "../../inspect/dockerfile";
import { DockerfileError } from "../../inspect/errors";
import { df, knownValue } from "./helpers";

function throwsDockerfileError(fn: () => unknown, message: RegExp): void {
    assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof DockerfileError, `expected DockerfileError, got ${String(e)}`);
        assert.match(e.message, message);
        assert.ok(!e.message.includes("\n"), "one line");
        return true;
    });
}

/** Deterministic pseudo-random generator (tests must not depend on luck). */
function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}

describe("inspect/dockerfile: bad input", () => {
    it("empty or whitespace-only text is a DockerfileError naming the file", () => {
        throwsDockerfileError(() => inspectDockerfile("", { file: "x/Dockerfile" }), /^x\/Dockerfile: the Dockerfile is empty$/);
        throwsDockerfileError(() => inspectDockerfile(" \n\t\r\n"), /the Dockerfile is empty/);
    });

    it("binary junk is a DockerfileError", () => {
        throwsDockerfileError(() => inspectDockerfile("FROM img\n\u0000\u0001\u0002"), /not a text file/);
        const next = rng(7);
        let junk = "";
        for (let i = 0; i < 4096; i++) junk += String.fromCharCode(1 + Math.floor(next() * 254));
        throwsDockerfileError(() => inspectDockerfile(junk), /not a text file/);
    });

    it("no FROM instruction is a DockerfileError", () => {
        throwsDockerfileError(() => inspectDockerfile(df("# just a comment", "ARG A=1", "RUN echo hi"), { file: "D" }), /^D: no FROM instruction/);
    });

    it("inspectDockerfileFile: missing file, a directory, binary file → DockerfileError; a good file works", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-bad-"));
        try {
            throwsDockerfileError(() => inspectDockerfileFile(path.join(dir, "nope")), /cannot read the Dockerfile: no such file/);
            throwsDockerfileError(() => inspectDockerfileFile(dir), /cannot read the Dockerfile: it is a directory/);
            fs.writeFileSync(path.join(dir, "bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
            throwsDockerfileError(() => inspectDockerfileFile(path.join(dir, "bin")), /not a text file/);
            fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM img\n");
            const r = inspectDockerfileFile(path.join(dir, "Dockerfile"), { buildArgs: { X: "1" } });
            assert.equal(r.facts.file, path.join(dir, "Dockerfile"));
            assert.deepEqual(r.unusedBuildArgs, ["X"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a 10,000-line Dockerfile gives facts", () => {
        const lines = ["ARG RSW_VERSION=2025.05.1+513.pro3", "FROM rstudio/r-session-complete:ubuntu2204-2025.05.1"];
        const blocks = Math.floor((10000 - lines.length) / 5);
        for (let i = 1; i <= blocks; i++) {
            lines.push(`# step ${i}`, `ENV V${i}=${i}`, `RUN apt-get install -y \\`, `    pkg${i}=1.${i} && \\`, `    pip install 'lib${i}<2'`);
        }
        while (lines.length < 10000) lines.push("# padding");
        assert.equal(lines.length, 10000);
        const r = inspectDockerfile(lines.join("\n"));
        assert.equal(knownValue(r.facts.workbenchVersion), "2025.05.1+513.pro3");
        const pkgs = knownValue(r.facts.systemPackages);
        assert.equal(pkgs.length, blocks);
        assert.deepEqual(pkgs[blocks - 1], { name: `pkg${blocks}`, version: `1.${blocks}`, manager: "apt", line: 2 + 5 * (blocks - 1) + 3 });
        assert.equal(knownValue(r.facts.pythonPackages).length, blocks);
        assert.equal(Object.keys(knownValue(r.facts.env)).length, blocks);
    });

    it("weird instructions and malformed lines do not crash", () => {
        const r = inspectDockerfile(
            df(
                "FROM",
                "FROM img AS",
                "FOO bar baz",
                "RUN",
                "ENV",
                "ENV =x NOEQ",
                "ARG",
                "ARG 1BAD=x",
                "COPY onlyone",
                "WORKDIR",
                "VOLUME",
                "USER",
                "SHELL not-json",
                "CMD",
                'ENTRYPOINT ["unterminated',
                "ONBUILD RUN apt-get install -y x",
                "HEALTHCHECK CMD true",
                "RUN echo ${} && echo ${A && echo `oops && echo $(unclosed",
                "RUN <<EOF",
                "no end marker",
                "LABEL a=b",
                "EXPOSE 8787",
                "COPY --from= x /y",
                "RUN --mount=type=bind pip install -r",
            ),
        );
        assert.equal(knownValue(r.facts.baseImage), "img");
        assert.deepEqual(knownValue(r.facts.entrypoint).entrypoint, ["/bin/sh", "-c", '["unterminated']);
        assert.ok(!knownValue(r.facts.systemPackages).some((p) => p.name === "x"), "ONBUILD does not run in this image");
    });

    it("a FROM without an image gives an unknown base image, not a crash", () => {
        const r = inspectDockerfile(df("FROM", "RUN true"));
        assert.match((r.facts.baseImage as { reason: string }).reason, /names no image/);
    });

    it("unterminated quotes in RUN give facts and a note", () => {
        const r = inspectDockerfile(df("FROM img", "RUN apt-get install -y 'sudo libpng-dev"));
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo", "libpng-dev"]);
        assert.equal(r.notes.length, 1);
    });

    it("random Dockerfile-like noise never throws anything but DockerfileError", () => {
        const next = rng(42);
        const atoms = ["FROM", "RUN", "ENV", "ARG", "COPY", "ADD", "WORKDIR", "CMD", "ENTRYPOINT", "VOLUME", "USER", "SHELL", "#", "\\", "\n", " ", "$", "${", "}", "'", '"', "`", "$(", ")", "(", "&&", "||", ";", "|", ">", "<<", "EOF", "=", "--", "-y", "pip", "install", "apt-get", "R", "-e", "[", "]", ",", "/opt/ml", "~", "..", "*", "sudo", "sh", "-c", "\t", "\r\n", "é", "\u2028"];
        for (let n = 0; n < 300; n++) {
            let text = next() < 0.8 ? "FROM img\n" : "";
            const len = Math.floor(next() * 60);
            for (let k = 0; k < len; k++) text += atoms[Math.floor(next() * atoms.length)] + (next() < 0.5 ? " " : "");
            try {
                inspectDockerfile(text);
            } catch (e) {
                assert.ok(e instanceof DockerfileError, `input ${JSON.stringify(text)} threw ${String(e)}`);
            }
        }
    });
});
