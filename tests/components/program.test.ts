import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
// The harness installs the Pulumi mocks: it must be imported before the program.
import { ACCOUNT, byType, oneOfType, REPO_ROOT, runProgram } from "./harness";

const ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:image/rstudio-workbench-2025.05-sagemaker-1.0`;

describe("the reference stack (index.ts)", function () {
    this.timeout(60_000);
    const cwd = process.cwd();
    before(() => process.chdir(REPO_ROOT));
    after(() => process.chdir(cwd));

    it("deploys the reference CPU image and a domain with it attached, from the documented config keys", async () => {
        pulumi.runtime.setAllConfig({
            "project:vpcId": "vpc-0123456789abcdef0",
            "project:subnetIds": JSON.stringify(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]),
            "project:workbenchImageArn": ARN,
            "project:packageManagerUrl": "https://packagemanager.posit.co",
            "project:inspectBuiltImage": "false",
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const r = await runProgram(() => require("../../index") as Record<string, unknown>);
        assert.strictEqual(r.error, undefined, r.error?.message);
        const image = oneOfType(r.registered, "sagemaker-rstudio:index:RStudioImage");
        assert.strictEqual(image.name, "rstudio-cpu");
        assert.strictEqual(image.inputs.dockerfile, "dockerfiles/cpu.Dockerfile");
        assert.strictEqual(image.inputs.context, "dockerfiles");
        assert.strictEqual(image.inputs.gpu, false);
        const version = oneOfType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").inputs;
        assert.match(version.baseImage, /@sha256:[0-9a-f]{64}$/);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.deepStrictEqual(domain.subnetIds, ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
        assert.strictEqual(domain.domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sagemakerImageArn, ARN);
        assert.strictEqual(domain.domainSettings.rStudioServerProDomainSettings.rStudioPackageManagerUrl, "https://packagemanager.posit.co");
        assert.deepStrictEqual(domain.defaultUserSettings.rSessionAppSettings.customImages, [
            { imageName: image.inputs.imageName, appImageConfigName: image.inputs.appImageConfigName, imageVersionNumber: 1 },
        ]);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/app:App").length, 1);
        assert.ok(r.value && "customImages" in r.value && "imageUris" in r.value && "domainId" in r.value, "stack outputs are exported");
    });
});
