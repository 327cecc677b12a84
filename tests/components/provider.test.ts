import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
// The harness installs the Pulumi mocks: it must be imported before the components.
import { REPO_ROOT } from "./harness";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest, GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import * as entryModule from "../../components/provider";
import { PACKAGE_NAME, pluginSchema, providerOptions, runningAsPlugin } from "../../components/provider";
import { RStudioDomain, RStudioImage } from "../../components";

interface Schema {
    name: string;
    version: string;
    resources: Record<string, { isComponent: boolean; inputProperties: Record<string, any>; requiredInputs?: string[]; properties: Record<string, any> }>;
    types: Record<string, { properties?: Record<string, any> }>;
}

describe("components: multi-language provider", function () {
    // The schema is inferred from the TypeScript sources: a full type-check of the project.
    this.timeout(120_000);
    let schema: Schema;

    before(async () => {
        schema = JSON.parse(await pluginSchema()) as Schema;
    });

    it("infers a schema with both components under the package name sagemaker-rstudio", () => {
        assert.strictEqual(schema.name, PACKAGE_NAME);
        assert.strictEqual(schema.version, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["sagemaker-rstudio:index:RStudioDomain", "sagemaker-rstudio:index:RStudioImage"]);
        for (const r of Object.values(schema.resources)) assert.strictEqual(r.isComponent, true);
    });

    it("RStudioImage: main inputs and outputs, with build inputs plain (read when the program runs)", () => {
        const image = schema.resources["sagemaker-rstudio:index:RStudioImage"];
        for (const key of ["context", "dockerfile", "buildArgs", "target", "gpu", "checks", "repository", "keepImages", "imageName", "roleArn", "buildOnPreview", "tags"]) {
            assert.ok(image.inputProperties[key], `input ${key}`);
            assert.ok(image.inputProperties[key].description, `input ${key} is documented`);
        }
        assert.deepStrictEqual(image.requiredInputs, ["context"]);
        for (const key of ["context", "dockerfile", "buildArgs", "gpu", "checks"]) assert.strictEqual(image.inputProperties[key].plain, true, `${key} is plain`);
        assert.strictEqual(image.inputProperties.gpu.type, "boolean");
        assert.strictEqual(image.inputProperties.checks.$ref, "#/types/sagemaker-rstudio:index:RStudioChecks");
        for (const key of ["repositoryUrl", "imageUri", "imageName", "imageVersion", "appImageConfigName", "customImage", "findings", "facts", "workbenchVersion"]) {
            assert.ok(image.properties[key], `output ${key}`);
        }
        assert.strictEqual(image.properties.customImage.$ref, "#/types/sagemaker-rstudio:index:RStudioCustomImage");
        assert.deepStrictEqual(Object.keys(schema.types["sagemaker-rstudio:index:RStudioCustomImage"].properties!).sort(), ["appImageConfigName", "imageName", "imageVersionNumber"]);
        assert.strictEqual(image.properties.findings.items.$ref, "#/types/sagemaker-rstudio:index:RStudioFinding");
        assert.deepStrictEqual(Object.keys(schema.types["sagemaker-rstudio:index:RStudioChecks"].properties!).sort(), [
            "asOf",
            "deprecatedVersions",
            "maxImageSizeGB",
            "minWorkbenchVersion",
            "rules",
        ]);
    });

    it("RStudioDomain: main inputs and outputs", () => {
        const domain = schema.resources["sagemaker-rstudio:index:RStudioDomain"];
        for (const key of ["customImages", "workbenchImageArn", "workbenchVersion", "rStudioConnectUrl", "rStudioPackageManagerUrl", "vpcId", "subnetIds", "existingDomainId", "settingsOnly", "domainExecutionRoleArn"]) {
            assert.ok(domain.inputProperties[key], `input ${key}`);
        }
        assert.strictEqual(domain.inputProperties.customImages.items.$ref, "#/types/sagemaker-rstudio:index:RStudioDomainCustomImage");
        for (const key of ["domainId", "customImages", "imageSetHash", "domainSettings", "defaultUserSettings", "workbenchImageArn"]) {
            assert.ok(domain.properties[key], `output ${key}`);
        }
    });

    it("what a Python/Go/YAML user reads: integers, enums where AWS has enums, one output per meaning", () => {
        const image = schema.resources["sagemaker-rstudio:index:RStudioImage"];
        assert.strictEqual(image.properties.imageVersion.type, "integer");
        assert.strictEqual(image.properties.imageVersionNumber, undefined, "imageVersion is the one version output");
        assert.strictEqual(image.inputProperties.keepImages.type, "integer");
        assert.strictEqual(schema.types["sagemaker-rstudio:index:RStudioCustomImage"].properties!.imageVersionNumber.type, "integer");
        assert.strictEqual(schema.types["sagemaker-rstudio:index:RStudioDomainCustomImage"].properties!.imageVersionNumber.type, "integer");
        assert.strictEqual(schema.types["sagemaker-rstudio:index:RStudioFinding"].properties!.line.type, "integer");
        const enumValues = (ref: string) => ((schema.types[ref.replace("#/types/", "")] as { enum?: { value: string }[] }).enum ?? []).map((e) => e.value).sort();
        const domain = schema.resources["sagemaker-rstudio:index:RStudioDomain"];
        // AWS's model (botocore SageMaker, read 2026-11-30): AuthMode, AppNetworkAccessType, RStudioServerProAccessStatus, RStudioServerProUserGroup.
        assert.deepStrictEqual(enumValues(domain.inputProperties.authMode.$ref), ["IAM", "SSO"]);
        assert.deepStrictEqual(enumValues(domain.inputProperties.appNetworkAccessType.$ref), ["PublicInternetOnly", "VpcOnly"]);
        assert.deepStrictEqual(enumValues(domain.inputProperties.accessStatus.$ref), ["DISABLED", "ENABLED"]);
        assert.deepStrictEqual(enumValues(domain.inputProperties.userGroup.$ref), ["R_STUDIO_ADMIN", "R_STUDIO_USER"]);
        assert.deepStrictEqual(enumValues(image.inputProperties.baseImage.$ref), ["local", "none", "pull"]);
        assert.deepStrictEqual(enumValues(schema.types["sagemaker-rstudio:index:RStudioFinding"].properties!.level.$ref), ["advisory", "mandatory"]);
        // No description tells a non-TypeScript user to pass TypeScript objects.
        const text = JSON.stringify(schema);
        for (const ts of ["RStudioImages,", "(TypeScript)", "an `RStudioImage`", "docker.Image", "`{ \\\""]) assert.ok(!text.includes(ts), `schema mentions ${ts}`);
    });

    it("the package entry re-exports the components and only serves them under Pulumi's plugin runner", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        assert.match(pkg.main, /(^|\/)components\/provider\.(ts|js)$/, "the package entry is components/provider (sources or compiled)");
        const entry = entryModule as unknown as Record<string, unknown>;
        assert.strictEqual(entry.RStudioImage, RStudioImage);
        assert.strictEqual(entry.RStudioDomain, RStudioDomain);
        assert.strictEqual(runningAsPlugin(), false, "mocha is not the plugin runner");
        assert.deepStrictEqual(providerOptions().components, [RStudioImage, RStudioDomain]);
        const plugin = fs.readFileSync(path.join(REPO_ROOT, "PulumiPlugin.yaml"), "utf8");
        assert.match(plugin, /^runtime: nodejs$/m);
    });

    describe("started the way the engine starts a source-based nodejs plugin", () => {
        let child: ChildProcess | undefined;
        after(() => {
            if (child !== undefined && child.exitCode === null) child.kill("SIGTERM");
        });

        it("Pulumi's plugin runner loads package.json's main, which serves the schema as sagemaker-rstudio over gRPC", async () => {
            // RunPlugin: node <@pulumi/pulumi/cmd/run-plugin> <plugin directory> <engine address>. No engine is
            // contacted until a resource is constructed, so any address will do for GetSchema.
            const runPlugin = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
            child = spawn(process.execPath, [runPlugin, REPO_ROOT, "127.0.0.1:1"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
            let stderr = "";
            child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
            const port = await new Promise<number>((resolve, reject) => {
                let out = "";
                child!.stdout!.on("data", (d: Buffer) => {
                    out += d.toString();
                    const m = /^(\d+)\s*$/m.exec(out);
                    if (m) resolve(Number(m[1]));
                });
                child!.on("exit", (code) => reject(new Error(`plugin exited with ${code} before printing its port: ${stderr}`)));
            });
            const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            try {
                const response = await new Promise<GetSchemaResponse>((resolve, reject) =>
                    client.getSchema(new GetSchemaRequest(), (err, res) => (err ? reject(err) : resolve(res!))),
                );
                const served = JSON.parse(response.getSchema()) as Schema;
                assert.strictEqual(served.name, "sagemaker-rstudio");
                assert.deepStrictEqual(Object.keys(served.resources).sort(), Object.keys(schema.resources).sort());
                assert.deepStrictEqual(
                    Object.keys(served.resources["sagemaker-rstudio:index:RStudioImage"].inputProperties),
                    Object.keys(schema.resources["sagemaker-rstudio:index:RStudioImage"].inputProperties),
                );
            } finally {
                client.close();
            }
        });
    });
});
