/**
 * Outside consumers of the published package (issue 9): each in a folder outside the repository that installed the
 * `npm pack` tarball (not a link), the way an infrastructure repository gets it.
 *
 * Order matters and is kept in one file: the folder first has the production install only (`npm install
 * --omit=dev`: the CLI, `require`, `import`), then the `typescript` template's devDependencies are added for the
 * TypeScript program.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PKG, ROOT, productionConsumer, run, typescriptConsumer } from "./support";

const FIXTURES = path.join(__dirname, "fixtures");

function write(dir: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
}

interface MockRun {
    registered: { type: string; name: string; custom: boolean }[];
    outputs: Record<string, unknown>;
}

function mockRun(dir: string, program: string, typescript: boolean): MockRun {
    fs.copyFileSync(path.join(FIXTURES, "mock-run.js"), path.join(dir, "mock-run.js"));
    const r = run(process.execPath, ["mock-run.js", program, ...(typescript ? ["--typescript"] : [])], {
        cwd: dir,
        env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "", TS_NODE_PROJECT: "", NODE_OPTIONS: "" },
        timeout: 300_000,
    });
    assert.strictEqual(r.status, 0, `mock run of ${program} failed:\n${r.stdout}\n${r.stderr}`);
    const line = r.stdout.trim().split("\n").pop()!;
    return JSON.parse(line) as MockRun;
}

const IMAGE_TOKEN = "sagemaker-rstudio:index:RStudioImage";

describe("package: outside consumers of the packed tarball", function () {
    // Build (when stale), pack, install from the npm cache: minutes on a loaded machine, once for the whole file.
    this.timeout(900_000);
    let dir: string;

    before(() => {
        dir = productionConsumer();
        fs.mkdirSync(path.join(dir, "app"), { recursive: true });
        fs.copyFileSync(path.join(ROOT, "dockerfiles", "cpu.Dockerfile"), path.join(dir, "app", "Dockerfile"));
    });

    it("installs without the repository's devDependencies: no ts-node, typescript or @types/* in the consumer", () => {
        for (const dev of ["ts-node", "typescript", "@types/dockerode", "@types/tar-stream", "@types/shell-quote", "mocha", "esbuild"]) {
            assert.ok(!fs.existsSync(path.join(dir, "node_modules", ...dev.split("/"))), `${dev} was installed`);
        }
        const installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", PKG.name, "package.json"), "utf8"));
        assert.strictEqual(installed.version, PKG.version);
        assert.ok(!fs.existsSync(path.join(dir, "node_modules", PKG.name, "tests")));
    });

    it("the CLI runs from node_modules/.bin: check a Dockerfile (exit 0), several at once, rules, --version, SARIF", () => {
        const bin = path.join(dir, "node_modules", ".bin", "sagemaker-rstudio");
        const env = { ...process.env, NO_COLOR: "1" };
        const ok = run(bin, ["check", "app/Dockerfile"], { cwd: dir, env });
        assert.strictEqual(ok.status, 0, `${ok.stdout}\n${ok.stderr}`);
        assert.match(ok.stdout, /PASS app\/Dockerfile/);
        assert.strictEqual(ok.stderr, "");

        write(dir, { "bad/Dockerfile": "FROM --platform=linux/arm64 ubuntu:22.04\nENTRYPOINT [\"/bin/bash\"]\n" });
        const bad = run(bin, ["check", "bad/Dockerfile"], { cwd: dir, env });
        assert.strictEqual(bad.status, 1, `${bad.stdout}\n${bad.stderr}`);
        assert.match(bad.stdout, /RSB012/);

        const version = run(bin, ["--version"], { cwd: dir, env });
        assert.strictEqual(version.status, 0, version.stderr);
        assert.strictEqual(version.stdout.trim(), PKG.version);

        const rules = run(bin, ["rules"], { cwd: dir, env });
        assert.strictEqual(rules.status, 0, rules.stderr);
        assert.match(rules.stdout, /RSB016/);

        const sarif = run(bin, ["check", "app/Dockerfile", "--format", "sarif"], { cwd: dir, env });
        assert.strictEqual(sarif.status, 0, sarif.stderr);
        const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { locations: unknown[] }[] }[] };
        assert.strictEqual(log.version, "2.1.0");
        for (const r of log.runs[0].results) assert.strictEqual(r.locations.length, 1);

        // --image loads the Docker inspection lazily from dist/inspect (outside the bundle): it must be there and load.
        const image = run(bin, ["check", "--image", "rsb-test/not-built-anywhere:0"], { cwd: dir, env });
        assert.strictEqual(image.status, 2, `${image.stdout}\n${image.stderr}`);
        assert.doesNotMatch(image.stderr, /Cannot find module|internal error/, image.stderr);
        assert.match(image.stderr, /rsb-test\/not-built-anywhere:0|daemon/);

        const missing = run(bin, ["check", "nope/Dockerfile"], { cwd: dir, env });
        assert.strictEqual(missing.status, 2);
        assert.strictEqual(missing.stderr.trim().split("\n").length, 1, missing.stderr);
        assert.doesNotMatch(missing.stderr, /\n\s+at /);
    });

    it("JavaScript (require): registers an RStudioImage under Pulumi's mocks", () => {
        write(dir, {
            "index.js": [
                '"use strict";',
                'const { RStudioImage, RStudioDomain } = require("pulumi-sagemaker-rstudio");',
                'if (typeof RStudioDomain !== "function") throw new Error("RStudioDomain is not exported");',
                'const image = new RStudioImage("cpu", { context: "app", dockerfile: "app/Dockerfile", gpu: false });',
                "exports.imageName = image.imageName;",
                "",
            ].join("\n"),
        });
        const result = mockRun(dir, "index.js", false);
        assert.ok(
            result.registered.some((r) => r.type === IMAGE_TOKEN && r.name === "cpu"),
            JSON.stringify(result.registered),
        );
        assert.ok(result.registered.some((r) => r.custom), "the component registered child resources");
    });

    it("ESM (import): named exports, the same classes as require (one copy of the package)", () => {
        write(dir, {
            "esm.mjs": [
                'import { createRequire } from "module";',
                'import lib, { RStudioImage, RStudioDomain } from "pulumi-sagemaker-rstudio";',
                "const require = createRequire(import.meta.url);",
                'const cjs = require("pulumi-sagemaker-rstudio");',
                'if (typeof RStudioImage !== "function" || typeof RStudioDomain !== "function") throw new Error("missing exports");',
                'if (RStudioImage !== cjs.RStudioImage || lib.RStudioDomain !== cjs.RStudioDomain) throw new Error("two copies");',
                'console.log("esm ok", Object.keys(lib).length);',
                "",
            ].join("\n"),
        });
        const r = run(process.execPath, ["esm.mjs"], { cwd: dir });
        assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /^esm ok \d+/);
    });

    it("TypeScript with Pulumi's template tsconfig: tsc passes, then the program runs under Pulumi's ts-node settings", () => {
        typescriptConsumer();
        fs.copyFileSync(path.join(FIXTURES, "pulumi-typescript-template", "tsconfig.json"), path.join(dir, "tsconfig.json"));
        write(dir, {
            "index.ts": [
                'import * as pulumi from "@pulumi/pulumi";',
                'import { RStudioImage, RStudioDomain, type RStudioImageArgs } from "pulumi-sagemaker-rstudio";',
                "",
                'const args: RStudioImageArgs = { context: "app", dockerfile: "app/Dockerfile", gpu: false };',
                'const image = new RStudioImage("cpu", args);',
                "export const imageName: pulumi.Output<string> = image.imageName;",
                "export const domainType: string = typeof RStudioDomain;",
                "",
            ].join("\n"),
        });
        const tsc = run(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"], { cwd: dir });
        assert.strictEqual(tsc.status, 0, `tsc in the consumer:\n${tsc.stdout}\n${tsc.stderr}`);
        assert.ok(!fs.existsSync(path.join(dir, "node_modules", "ts-node")), "the template has no ts-node: Pulumi's vendored one runs the program");
        const result = mockRun(dir, "index.ts", true);
        assert.ok(
            result.registered.some((r) => r.type === IMAGE_TOKEN && r.name === "cpu"),
            JSON.stringify(result.registered),
        );
    });
});
