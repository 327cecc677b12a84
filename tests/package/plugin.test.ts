/**
 * The multi-language path from the published package: the engine starts the installed package (from the packed
 * tarball) as a plugin; its compiled entry serves the schema the build inferred (dist/schema.json), with no
 * TypeScript analysis at start. Start-up time is measured by `npm run bench -- plugin`, not asserted here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import * as pulumi from "@pulumi/pulumi";
import { RStudioDomain, RStudioImage } from "../../components";
import { DIST, PKG, ROOT, ensureBuilt, productionConsumer } from "./support";
import { getSchemaFromPlugin } from "./plugin-runner";

interface Schema {
    name: string;
    version: string;
    resources: Record<string, { isComponent: boolean; properties: Record<string, unknown>; inputProperties: Record<string, unknown> }>;
}

describe("package: the prebuilt-schema provider (components/plugin.ts) in-process", function () {
    this.timeout(300_000);

    it("answers GetSchema without loading the components; the first Construct loads them and returns the schema's outputs", async () => {
        ensureBuilt();
        await pulumi.runtime.setMocks(
            { newResource: (a) => ({ id: a.custom ? `${a.name}-id` : undefined, state: a.inputs }), call: () => ({}) },
            "package",
            "test",
            true,
        );
        const { PrebuiltComponentProvider } = await import("../../components/plugin");
        const schemaText = fs.readFileSync(path.join(DIST, "schema.json"), "utf8");
        let loads = 0;
        const provider = new PrebuiltComponentProvider(schemaText, () => {
            loads++;
            return [RStudioImage, RStudioDomain];
        });
        assert.strictEqual(await provider.getSchema(), schemaText);
        assert.strictEqual(loads, 0, "GetSchema loads no component");
        await assert.rejects(provider.construct("x", "sagemaker-rstudio:index:Nope", {}, {}), /unknown component type sagemaker-rstudio:index:Nope/);

        const ctx = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-construct-"));
        try {
            fs.copyFileSync(path.join(ROOT, "dockerfiles", "cpu.Dockerfile"), path.join(ctx, "Dockerfile"));
            const result = await provider.construct("cpu", "sagemaker-rstudio:index:RStudioImage", { context: ctx, gpu: false }, {});
            assert.strictEqual(loads, 1);
            const schema = JSON.parse(schemaText) as Schema;
            assert.deepStrictEqual(Object.keys(result.state).sort(), Object.keys(schema.resources["sagemaker-rstudio:index:RStudioImage"].properties).sort());
            assert.match(await new Promise<string>((resolve) => pulumi.output(result.urn).apply(resolve)), /sagemaker-rstudio:index:RStudioImage::cpu$/);
        } finally {
            fs.rmSync(ctx, { recursive: true, force: true });
        }
    });
});

describe("package: the component provider started from the installed package", function () {
    this.timeout(900_000);

    it("run-plugin loads the compiled entry and answers GetSchema with the build's schema, on one server", async () => {
        const consumer = productionConsumer();
        const pluginDir = path.join(consumer, "node_modules", PKG.name);
        assert.ok(fs.existsSync(path.join(pluginDir, "PulumiPlugin.yaml")), "PulumiPlugin.yaml ships in the package");
        assert.match(fs.readFileSync(path.join(pluginDir, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        const main = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8")).main as string;
        assert.match(main, /\.js$/, "the plugin entry is compiled JavaScript");

        const runResult = await getSchemaFromPlugin(pluginDir, consumer, 1500);
        const served = JSON.parse(runResult.schema) as Schema;
        const built = JSON.parse(fs.readFileSync(path.join(DIST, "schema.json"), "utf8")) as Schema;
        assert.deepStrictEqual(served, built);
        assert.strictEqual(served.name, "sagemaker-rstudio");
        assert.strictEqual(served.version, PKG.version);
        assert.deepStrictEqual(Object.keys(served.resources).sort(), ["sagemaker-rstudio:index:RStudioDomain", "sagemaker-rstudio:index:RStudioImage"]);
        for (const r of Object.values(served.resources)) {
            assert.strictEqual(r.isComponent, true);
            assert.ok(Object.keys(r.inputProperties).length > 0 && Object.keys(r.properties).length > 0);
        }
        // One gRPC server: the runner must not host the exported components a second time (a second port line).
        assert.deepStrictEqual(
            runResult.stdoutLines.filter((l) => /^\d+$/.test(l.trim())).length,
            1,
            `stdout: ${runResult.stdoutLines.join(" | ")}\nstderr: ${runResult.stderr}`,
        );
        console.log(`      (plugin start → port ${Math.round(runResult.portMs)} ms, → GetSchema answered ${Math.round(runResult.schemaMs)} ms)`);
    });
});
