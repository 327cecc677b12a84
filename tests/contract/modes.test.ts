/**
 * The contract in every mode: run the real components against the Pulumi mocks, translate every registered resource
 * into the API requests the provider sends, and validate each against AWS's API model. A mode passes only if the
 * AWS resources it must create are there and every request conforms.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
// The harness installs the Pulumi mocks: it must be imported before the components.
import { compliantCpuDockerfile, compliantGpuDockerfile, fakeInspector, makeContext, ProgramResult, removeTempDirs, runProgram, valueOf } from "../components/harness";
import { RStudioDomain, RStudioDomainArgs, RStudioImage, RStudioImageArgs } from "../../components";
import { emptyFacts } from "../../core";
import { checkCalls, checkRegistered, describeViolations } from "./contract";
import { ApiCall, NOT_AWS_REQUESTS, translate, updateDomainCall } from "./translate";

// AWS "RStudio versioning" (read 2026-11-30): us-east-1 publishes the Workbench images from account 081325390199.
const ARN_2025_05 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0";
const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] };
const EXISTING_DOMAIN = "d-existing0domain";
const inspector = fakeInspector(() => emptyFacts("image")).inspector;

function image(name: string, extra: Partial<RStudioImageArgs> = {}, gpu = false): RStudioImage {
    const context = makeContext({ Dockerfile: gpu ? compliantGpuDockerfile() : compliantCpuDockerfile() });
    // `baseImage: "none"`: no Docker daemon look-up for the base in a contract test.
    const args = { context, gpu, baseImage: "none", ...extra } as RStudioImageArgs;
    return new RStudioImage(name, args, { imageInspector: inspector });
}

interface ModeRun {
    result: ProgramResult<RStudioDomain>;
    calls: ApiCall[];
}

async function runMode(args: RStudioDomainArgs, images: () => RStudioDomainArgs["customImages"]): Promise<ModeRun> {
    const result = await runProgram((capture: pulumi.ResourceTransformation) => new RStudioDomain("rstudio", { ...args, customImages: images() }, { transformations: [capture] }));
    assert.strictEqual(result.error, undefined, result.error?.message);
    assert.deepStrictEqual(result.asyncErrors.map((e) => (e as Error).message ?? String(e)), []);
    const { calls, violations } = checkRegistered(result.registered);
    assert.deepStrictEqual(violations, [], describeViolations(violations));
    // Every custom resource was either translated into requests or is known to make none.
    for (const r of result.registered.filter((x) => x.custom)) {
        assert.ok(NOT_AWS_REQUESTS[r.type] !== undefined || translate(r).length > 0, `${r.type} ${r.name} made no request`);
    }
    return { result, calls };
}

function operations(calls: ApiCall[]): string[] {
    return [...new Set(calls.map((c) => c.operation))].sort();
}

/** The settings blocks a domain defined elsewhere puts on itself: UpdateDomain (and CreateDomain for a new one). */
async function outputsConform(domain: RStudioDomain, domainId: string): Promise<void> {
    const domainSettings = await valueOf(domain.domainSettings);
    const defaultUserSettings = await valueOf(domain.defaultUserSettings);
    const reg = { type: "aws:sagemaker/domain:Domain", name: "(the user's domain)", inputs: {} };
    const update = updateDomainCall(reg, domainId, { domainSettings, defaultUserSettings });
    assert.ok(update.request.DomainSettingsForUpdate !== undefined && update.request.DefaultUserSettings !== undefined, JSON.stringify(update.request));
    const create = translate({
        type: "aws:sagemaker/domain:Domain",
        name: "(the user's domain)",
        inputs: {
            domainName: "users-domain",
            authMode: "IAM",
            ...NETWORK,
            domainSettings,
            defaultUserSettings: { executionRole: "arn:aws:iam::123456789012:role/users", ...defaultUserSettings },
        },
    });
    const violations = checkCalls([update, ...create]);
    assert.deepStrictEqual(violations, [], describeViolations(violations));
}

describe("contract: every mode of the components conforms to AWS's API model", function () {
    this.timeout(120_000);
    after(removeTempDirs);

    it("new domain with a CPU image: ECR, IAM, image, version, app image config, domain and the shared-app calls", async () => {
        const { calls } = await runMode({ ...NETWORK, workbenchImageArn: ARN_2025_05, rStudioPackageManagerUrl: "https://packagemanager.posit.co" }, () => [image("cpu")]);
        const ops = operations(calls);
        for (const op of ["CreateRepository", "PutLifecyclePolicy", "CreateRole", "PutRolePolicy", "CreateImage", "CreateImageVersion", "CreateAppImageConfig", "CreateDomain"]) {
            assert.ok(ops.includes(op), `${op} in ${ops.join(", ")}`);
        }
        const domain = calls.find((c) => c.operation === "CreateDomain")!.request as Record<string, any>;
        assert.strictEqual(domain.DomainSettings.RStudioServerProDomainSettings.DefaultResourceSpec.SageMakerImageArn, ARN_2025_05);
        assert.strictEqual(domain.DefaultUserSettings.RSessionAppSettings.CustomImages.length, 1);
        // The first up creates no App through the provider: SageMaker launches the shared app itself.
        assert.ok(!calls.some((c) => c.operation === "CreateApp" && !c.resource.startsWith("command:local:Command")), "no aws.sagemaker.App");
    });

    it("new domain, later changes: the provider's UpdateDomain conforms too", async () => {
        const { result } = await runMode({ ...NETWORK, workbenchImageArn: ARN_2025_05 }, () => [image("cpu"), { imageName: "team-image", appImageConfigName: "team-config", imageVersionNumber: 4 }]);
        const domain = result.registered.find((r) => r.type === "aws:sagemaker/domain:Domain")!;
        // The domain's id as the mocks gave it (what AWS returned on create).
        const [update] = translate(domain, "update", await valueOf(result.value!.domainId as pulumi.Output<string>));
        assert.strictEqual(update.operation, "UpdateDomain");
        const violations = checkCalls([update]);
        assert.deepStrictEqual(violations, [], describeViolations(violations));
    });

    it("CPU and GPU images: the GPU version registers with processor GPU", async () => {
        const { calls } = await runMode({ ...NETWORK, workbenchImageArn: ARN_2025_05 }, () => [image("cpu"), image("gpu", {}, true)]);
        const versions = calls.filter((c) => c.operation === "CreateImageVersion").map((c) => c.request.Processor).sort();
        assert.deepStrictEqual(versions, ["CPU", "GPU"]);
    });

    it("an existing ECR repository: no CreateRepository, everything else conforms", async () => {
        const url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/rstudio";
        const { calls } = await runMode({ ...NETWORK, workbenchImageArn: ARN_2025_05 }, () => [image("cpu", { repository: url })]);
        const ops = operations(calls);
        assert.ok(!ops.includes("CreateRepository") && !ops.includes("PutLifecyclePolicy"), ops.join(", "));
        assert.ok(ops.includes("CreateImageVersion"));
    });

    it("VpcOnly: the domain carries AppSecurityGroupManagement Service and the users' security groups", async () => {
        const args = { ...NETWORK, workbenchImageArn: ARN_2025_05, appNetworkAccessType: "VpcOnly", securityGroupIds: ["sg-0123456789abcdef0"] } as RStudioDomainArgs;
        const { calls } = await runMode(args, () => [image("cpu")]);
        const domain = calls.find((c) => c.operation === "CreateDomain")!.request as Record<string, any>;
        assert.strictEqual(domain.AppNetworkAccessType, "VpcOnly");
        assert.strictEqual(domain.AppSecurityGroupManagement, "Service");
    });

    it("an existing domain: no domain is created; the shared-app calls and the settings blocks conform (UpdateDomain)", async () => {
        const { result, calls } = await runMode({ existingDomainId: EXISTING_DOMAIN, workbenchImageArn: ARN_2025_05 }, () => [image("cpu")]);
        assert.ok(!operations(calls).includes("CreateDomain"));
        await outputsConform(result.value!, EXISTING_DOMAIN);
    });

    it("settings only: the blocks for a domain defined elsewhere conform to CreateDomain and UpdateDomain", async () => {
        const { result, calls } = await runMode({ settingsOnly: true, workbenchImageArn: ARN_2025_05, rStudioConnectUrl: "https://connect.example.com" }, () => [image("cpu")]);
        assert.ok(!operations(calls).includes("CreateDomain"));
        await outputsConform(result.value!, "d-abcdefghijkl");
    });
});
