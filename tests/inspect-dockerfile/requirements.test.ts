import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inspectDockerfileFile } from "../../inspect/dockerfile";
import { df, inspect, knownValue } from "./helpers";

describe("inspect/dockerfile: pip install -r from the build context", () => {
    let ctx: string;

    function write(rel: string, content: string): void {
        const p = path.join(ctx, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, content);
    }

    function check(dockerfile: string, opts: { context?: string; file?: string } = {}) {
        write(opts.file ?? "Dockerfile", dockerfile);
        return inspectDockerfileFile(path.join(ctx, opts.file ?? "Dockerfile"), opts.context !== undefined ? { context: opts.context } : {});
    }

    function names(r: ReturnType<typeof check>): [string, string, number | undefined][] {
        return knownValue(r.facts.pythonPackages).map((p) => [p.name, p.specifier, p.line]);
    }

    beforeEach(() => {
        ctx = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-ctx-"));
        write("requirements.txt", ["# tools", "boto3>1.0<2.0", "awscli>1.0<2.0  # inline comment", "", "sagemaker[local]<3 ; python_version >= '3.8'", "-r extra/more.txt"].join("\n"));
        write("extra/more.txt", ["numpy==1.26.4", "-r deeper.txt"].join("\n"));
        write("extra/deeper.txt", "not-followed==1\n");
    });

    afterEach(() => fs.rmSync(ctx, { recursive: true, force: true }));

    it("COPY into a directory, then pip install -r the copied path (one level of -r nesting)", () => {
        const r = check(df("FROM img", "COPY requirements.txt /tmp/", "COPY extra/ /tmp/extra/", "RUN pip install --no-cache-dir -r /tmp/requirements.txt"));
        assert.deepEqual(names(r), [
            ["boto3", ">1.0<2.0", 4],
            ["awscli", ">1.0<2.0", 4],
            ["sagemaker", "<3", 4],
            ["numpy", "==1.26.4", 4],
        ]);
        assert.equal(r.notes.length, 1);
        assert.match(r.notes[0], /deeper\.txt two levels deep; not followed/);
        const sm = knownValue(r.facts.pythonPackages)[2];
        assert.deepEqual(sm.extras, ["local"]);
        assert.equal(sm.file, path.join(ctx, "Dockerfile"));
    });

    it("COPY to a file name, relative WORKDIR paths and --requirement=", () => {
        write("deps/py.txt", "boto3\n");
        const r = check(df("FROM img", "WORKDIR /app", "COPY deps/py.txt ./requirements-prod.txt", "RUN python3 -m pip install --requirement=requirements-prod.txt"));
        assert.deepEqual(names(r), [["boto3", "", 4]]);
    });

    it("COPY . /app then cd /app && pip install -r requirements.txt", () => {
        const r = check(df("FROM img", "COPY . /app", "RUN cd /app && pip3 install -r requirements.txt"));
        assert.deepEqual(names(r).map((n) => n[0]), ["boto3", "awscli", "sagemaker", "numpy"]);
    });

    it("a glob COPY source matches the requested file", () => {
        const r = check(df("FROM img", "COPY *.txt /opt/req/", "RUN pip install -r /opt/req/requirements.txt"));
        assert.ok(names(r).some((n) => n[0] === "sagemaker"));
    });

    it("RUN --mount=type=bind of the context", () => {
        const r = check(df("FROM img", "RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt"));
        assert.ok(names(r).some((n) => n[0] === "boto3"));
    });

    it("the latest COPY to a path wins", () => {
        write("other.txt", "only-this\n");
        const r = check(df("FROM img", "COPY requirements.txt /tmp/r.txt", "COPY other.txt /tmp/r.txt", "RUN pip install -r /tmp/r.txt"));
        assert.deepEqual(names(r).map((n) => n[0]), ["only-this"]);
    });

    it("COPY <<EOF heredoc requirements", () => {
        const r = check(df("FROM img", "COPY <<EOF /tmp/req.txt", "boto3==1.34.0", "sagemaker<3", "EOF", "RUN pip install -r /tmp/req.txt"));
        assert.deepEqual(names(r), [
            ["boto3", "==1.34.0", 6],
            ["sagemaker", "<3", 6],
        ]);
    });

    it("an explicit context directory is used instead of the Dockerfile's", () => {
        const r = check(df("FROM img", "COPY requirements.txt /r.txt", "RUN pip install -r /r.txt"), { file: "docker/Dockerfile", context: ctx });
        assert.ok(names(r).some((n) => n[0] === "boto3"));
    });

    it("a requirements file that is not COPY'd or cannot be read is a note, not a crash", () => {
        const r = check(df("FROM img", "RUN pip install -r /nowhere/requirements.txt boto3", "COPY missing.txt /m.txt", "RUN pip install -r /m.txt"));
        assert.deepEqual(names(r).map((n) => n[0]), ["boto3"]);
        assert.equal(r.notes.length, 2);
        assert.match(r.notes[0], /:2: pip install -r \/nowhere\/requirements\.txt: it is not COPY'd or mounted from the build context/);
        assert.match(r.notes[1], /:4: pip install -r \/m\.txt: could not read missing\.txt from the build context/);
    });

    it("COPY --from of another stage is not read from the context", () => {
        const r = check(df("FROM img AS b", "FROM img", "COPY --from=b /requirements.txt /tmp/requirements.txt", "RUN pip install -r /tmp/requirements.txt"));
        assert.equal(names(r).length, 0);
        assert.equal(r.notes.length, 1);
    });

    it("never reads outside the context directory", () => {
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-outside-"));
        try {
            fs.writeFileSync(path.join(outside, "secret.txt"), "leaked==1\n");
            const rel = path.relative(ctx, path.join(outside, "secret.txt"));
            const r = check(df("FROM img", `COPY ${rel} /tmp/r.txt`, "RUN pip install -r /tmp/r.txt"));
            assert.equal(names(r).length, 0);
        } finally {
            fs.rmSync(outside, { recursive: true, force: true });
        }
    });

    it("without readContextFile (text only), requirements files are noted as unchecked", () => {
        const r = inspect(df("FROM img", "COPY requirements.txt /tmp/", "RUN pip install -r /tmp/requirements.txt"));
        assert.deepEqual(knownValue(r.facts.pythonPackages), []);
        assert.match(r.notes[0], /no build context was given/);
    });
});
