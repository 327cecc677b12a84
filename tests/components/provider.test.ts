import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
// The harness installs the Pulumi mocks: it must be imported before the components.
import { REPO_ROOT } from "./harness";
import * as entryModule from "../../components/provider";
import { PACKAGE_NAME, pluginSchema, providerOptions, runningAsPlugin } from "../../components/provider";
import { RStudioDomain, RStudioImage } from "../../components";
import { SETTING_KEYS, SETTINGS } from "../../core/settings";

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

    it("RStudioChecks documents each setting with core/settings.ts's one description", () => {
        const checks = schema.types["sagemaker-rstudio:index:RStudioChecks"].properties!;
        for (const key of SETTING_KEYS) {
            assert.ok(checks[key], `RStudioChecks.${key}`);
            const doc = String(checks[key].description).replace(/\s+/g, " ");
            assert.ok(doc.startsWith(SETTINGS[key].description), `RStudioChecks.${key}: "${doc}" does not start with "${SETTINGS[key].description}"`);
        }
        assert.deepStrictEqual(Object.keys(checks).sort(), [...SETTING_KEYS].sort());
    });

    it("the package entry re-exports the components and only serves them under Pulumi's plugin runner", () => {
        const entry = entryModule as unknown as Record<string, unknown>;
        assert.strictEqual(entry.RStudioImage, RStudioImage);
        assert.strictEqual(entry.RStudioDomain, RStudioDomain);
        assert.strictEqual(runningAsPlugin(), false, "mocha is not the plugin runner");
        assert.deepStrictEqual(providerOptions().components, [RStudioImage, RStudioDomain]);
        const plugin = fs.readFileSync(path.join(REPO_ROOT, "PulumiPlugin.yaml"), "utf8");
        assert.match(plugin, /^runtime: nodejs$/m);
    });

    // The plugin started by Pulumi's plugin runner from the compiled package (GetSchema over gRPC) is tested in
    // tests/package/plugin.test.ts, which builds the package first.
});
