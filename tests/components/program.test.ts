import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
// The harness installs the Pulumi mocks (which refuse what AWS's API model refuses): import it before the program.
import { byType, oneOfType, REPO_ROOT, runProgram, valueOf } from "./harness";

// AWS's "RStudio versioning" page, us-east-1 (read 2026-11-30).
const ARN = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0";
const COMMAND = "command:local:Command";

/** Run index.ts with this stack config (keys without the project prefix). */
async function runStack(config: Record<string, string>) {
    const all: Record<string, string> = { "project:inspectBuiltImage": "false", "project:baseImage": "none" };
    for (const [k, v] of Object.entries(config)) all[k.includes(":") ? k : `project:${k}`] = v;
    pulumi.runtime.setAllConfig(all);
    // A fresh module each time: the program reads its config at load.
    delete require.cache[require.resolve("../../index")];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return runProgram(() => require("../../index") as Record<string, pulumi.Output<unknown> | unknown>);
}

describe("the reference stack (index.ts), in every mode", function () {
    this.timeout(120_000);
    const cwd = process.cwd();
    before(() => process.chdir(REPO_ROOT));
    after(() => {
        process.chdir(cwd);
        pulumi.runtime.setAllConfig({});
    });

    it("new domain: the reference CPU image attached to a domain, from the documented config keys", async () => {
        const r = await runStack({
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: JSON.stringify(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]),
            workbenchImageArn: ARN,
            packageManagerUrl: "https://packagemanager.posit.co",
        });
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.deepStrictEqual(r.asyncErrors, []);
        const image = oneOfType(r.registered, "sagemaker-rstudio:index:RStudioImage");
        assert.strictEqual(image.name, "rstudio-cpu");
        assert.strictEqual(image.inputs.dockerfile, "dockerfiles/cpu.Dockerfile");
        assert.strictEqual(image.inputs.context, "dockerfiles");
        assert.strictEqual(image.inputs.gpu, false);
        const version = oneOfType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").inputs;
        assert.match(version.baseImage, /@sha256:[0-9a-f]{64}$/);
        assert.match(version.programmingLang, /^R \d+\.\d+\.\d+$/);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.deepStrictEqual(domain.subnetIds, ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
        assert.strictEqual(domain.domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sagemakerImageArn, ARN);
        assert.strictEqual(domain.domainSettings.rStudioServerProDomainSettings.rStudioPackageManagerUrl, "https://packagemanager.posit.co");
        assert.deepStrictEqual(domain.defaultUserSettings.rSessionAppSettings.customImages, [
            { imageName: image.inputs.imageName, appImageConfigName: image.inputs.appImageConfigName, imageVersionNumber: 1 },
        ]);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/app:App").length, 0);
        assert.strictEqual(oneOfType(r.registered, COMMAND).inputs.environment.SAGEMAKER_RSTUDIO_MODE, "created");
        assert.ok(r.value && "customImages" in r.value && "imageUris" in r.value && "domainId" in r.value, "stack outputs are exported");
    });

    it("new domain without a Workbench setting: the domain takes SageMaker's default version (no invented ARN)", async () => {
        const r = await runStack({ vpcId: "vpc-0123456789abcdef0", subnetIds: JSON.stringify(["subnet-0123456789abcdef0"]) });
        assert.strictEqual(r.error, undefined, r.error?.message);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.strictEqual(domain.domainSettings.rStudioServerProDomainSettings.defaultResourceSpec, undefined);
    });

    it("workbenchVersion mode: the ARN comes from the table for aws:region", async () => {
        const r = await runStack({
            "aws:region": "eu-west-1",
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: JSON.stringify(["subnet-0123456789abcdef0"]),
            workbenchVersion: "2025.05",
        });
        assert.strictEqual(r.error, undefined, r.error?.message);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.strictEqual(
            domain.domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sagemakerImageArn,
            "arn:aws:sagemaker:eu-west-1:470317259841:image/rstudio-workbench-2025.05-sagemaker-1.0",
        );
        assert.strictEqual(oneOfType(r.registered, COMMAND).inputs.environment.AWS_REGION, "eu-west-1");
    });

    it("gpuImage: the GPU image is built too, registered with processor GPU and attached", async () => {
        const r = await runStack({ vpcId: "vpc-0123456789abcdef0", subnetIds: JSON.stringify(["subnet-0123456789abcdef0"]), gpuImage: "true" });
        assert.strictEqual(r.error, undefined, r.error?.message);
        const versions = byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").map((v) => v.inputs.processor).sort();
        assert.deepStrictEqual(versions, ["CPU", "GPU"]);
        assert.strictEqual(oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs.defaultUserSettings.rSessionAppSettings.customImages.length, 2);
    });

    it("VpcOnly mode with security groups", async () => {
        const r = await runStack({
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: JSON.stringify(["subnet-0123456789abcdef0"]),
            appNetworkAccessType: "VpcOnly",
            securityGroupIds: JSON.stringify(["sg-0123456789abcdef0"]),
        });
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.strictEqual(oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs.appSecurityGroupManagement, "Service");
    });

    it("existingDomainId mode: no vpcId or subnetIds needed, no domain created, the domain's app restarted", async () => {
        const r = await runStack({ existingDomainId: "d-0123456789ab", workbenchImageArn: ARN });
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        const env = oneOfType(r.registered, COMMAND).inputs.environment;
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_DOMAIN_ID, "d-0123456789ab");
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_MODE, "existing");
        const settings = (await valueOf(r.value!.domainSettings as pulumi.Output<any>)) as { rStudioServerProDomainSettings: { defaultResourceSpec?: { sagemakerImageArn?: string } } };
        assert.strictEqual(settings.rStudioServerProDomainSettings.defaultResourceSpec?.sagemakerImageArn, ARN);
    });

    it("settingsOnly mode: only the image and the settings blocks (and the domain execution role)", async () => {
        const r = await runStack({ settingsOnly: "true" });
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        assert.strictEqual(byType(r.registered, COMMAND).length, 0);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 1);
        const users = (await valueOf(r.value!.defaultUserSettings as pulumi.Output<any>)) as { rSessionAppSettings: { customImages: unknown[] } };
        assert.strictEqual(users.rSessionAppSettings.customImages.length, 1);
    });

    it("a new domain without vpcId is a clear error naming the modes", async () => {
        const r = await runStack({});
        assert.ok(r.error instanceof pulumi.RunError, String(r.error));
        assert.match(r.error.message, /`vpcId` and `subnetIds` are required to create a domain \(or set `existingDomainId` \/ `settingsOnly`\)/);
        assert.strictEqual(r.registered.length, 0, "nothing is built or registered first");
    });
});
