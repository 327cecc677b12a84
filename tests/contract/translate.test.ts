import * as assert from "assert";
import { checkRegistered, describeViolations } from "./contract";
import { AUTONAME_SUFFIX, CLIENT_TOKEN, translate, updateDomainCall } from "./translate";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/rstudio-domain-execution-1234567`;
const DIGEST = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/sagemaker-rstudio/rstudio-cpu@sha256:${"a".repeat(64)}`;

function imageVersion(programmingLang: string | undefined) {
    return {
        type: "aws:sagemaker/imageVersion:ImageVersion",
        name: "rstudio-cpu-version",
        inputs: { imageName: "rstudio-cpu", baseImage: DIGEST, processor: "CPU", programmingLang },
    };
}

function vpcOnlyDomain(extra: Record<string, unknown> = {}) {
    return {
        type: "aws:sagemaker/domain:Domain",
        name: "rstudio-domain",
        inputs: {
            domainName: "rstudio",
            authMode: "IAM",
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0"],
            appNetworkAccessType: "VpcOnly",
            domainSettings: { rStudioServerProDomainSettings: { domainExecutionRoleArn: ROLE } },
            defaultUserSettings: { executionRole: ROLE, securityGroups: ["sg-0123456789abcdef0"] },
            ...extra,
        },
    };
}

describe("contract: the old defects are caught", () => {
    it('ImageVersion.programmingLang "R" breaks CreateImageVersion.ProgrammingLang\'s pattern (a language and its version)', () => {
        const { violations } = checkRegistered([imageVersion("R")]);
        assert.strictEqual(violations.length, 1, describeViolations(violations));
        const v = violations[0];
        assert.strictEqual(v.resource, "aws:sagemaker/imageVersion:ImageVersion rstudio-cpu-version");
        assert.strictEqual(v.property, "programmingLang");
        assert.strictEqual(v.member, "CreateImageVersion.ProgrammingLang");
        assert.strictEqual(v.rule, "pattern [a-zA-Z]+ ?\\d+\\.\\d+(\\.\\d+)? (ProgrammingLang, full match)");
        assert.strictEqual(v.value, "R");
        // The language with its version, or no programmingLang at all, conform.
        assert.deepStrictEqual(checkRegistered([imageVersion("R 4.4")]).violations, []);
        assert.deepStrictEqual(checkRegistered([imageVersion(undefined)]).violations, []);
    });

    it("a VpcOnly domain with an RStudio domain execution role and no AppSecurityGroupManagement is rejected", () => {
        const { violations } = checkRegistered([vpcOnlyDomain()]);
        assert.strictEqual(violations.length, 1, describeViolations(violations));
        assert.strictEqual(violations[0].member, "CreateDomain.AppSecurityGroupManagement");
        assert.strictEqual(violations[0].property, "appSecurityGroupManagement (not set)");
        assert.match(violations[0].rule, /^required when AppNetworkAccessType is VpcOnly/);
        const customer = checkRegistered([vpcOnlyDomain({ appSecurityGroupManagement: "Customer" })]).violations;
        assert.strictEqual(customer.length, 1, describeViolations(customer));
        assert.strictEqual(customer[0].property, "appSecurityGroupManagement");
        assert.match(customer[0].rule, /must be Service/);
        assert.deepStrictEqual(checkRegistered([vpcOnlyDomain({ appSecurityGroupManagement: "Service" })]).violations, []);
        // VpcOnly also needs the users' security groups (documented on UserSettings.SecurityGroups).
        const noGroups = checkRegistered([vpcOnlyDomain({ appSecurityGroupManagement: "Service", defaultUserSettings: { executionRole: ROLE } })]).violations;
        assert.deepStrictEqual(noGroups.map((v) => v.member), ["CreateDomain.DefaultUserSettings.SecurityGroups"]);
    });
});

describe("contract: translating registered resources into the provider's API requests", () => {
    it("a domain's nested settings blocks become CreateDomain's structures, with the inputs they came from", () => {
        const arn = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0";
        const [call] = translate({
            type: "aws:sagemaker/domain:Domain",
            name: "d",
            inputs: {
                domainName: "rstudio",
                authMode: "IAM",
                vpcId: "vpc-1",
                subnetIds: ["subnet-1"],
                domainSettings: { rStudioServerProDomainSettings: { domainExecutionRoleArn: ROLE, rStudioConnectUrl: "", defaultResourceSpec: { sagemakerImageArn: arn } } },
                defaultUserSettings: {
                    executionRole: ROLE,
                    rSessionAppSettings: { customImages: [{ imageName: "a", appImageConfigName: "a", imageVersionNumber: 2 }] },
                    rStudioServerProAppSettings: { accessStatus: "ENABLED", userGroup: "R_STUDIO_USER" },
                },
                tags: { team: "data" },
                retentionPolicy: { homeEfsFileSystem: "Delete" },
            },
        });
        assert.strictEqual(call.operation, "CreateDomain");
        assert.deepStrictEqual(call.request, {
            DomainName: "rstudio",
            AuthMode: "IAM",
            VpcId: "vpc-1",
            SubnetIds: ["subnet-1"],
            DomainSettings: { RStudioServerProDomainSettings: { DomainExecutionRoleArn: ROLE, DefaultResourceSpec: { SageMakerImageArn: arn } } },
            DefaultUserSettings: {
                ExecutionRole: ROLE,
                RSessionAppSettings: { CustomImages: [{ ImageName: "a", AppImageConfigName: "a", ImageVersionNumber: 2 }] },
                RStudioServerProAppSettings: { AccessStatus: "ENABLED", UserGroup: "R_STUDIO_USER" },
            },
            Tags: [{ Key: "team", Value: "data" }],
        });
        assert.strictEqual(
            call.origins["DomainSettings.RStudioServerProDomainSettings.DefaultResourceSpec.SageMakerImageArn"],
            "domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sagemakerImageArn",
        );
        assert.strictEqual(call.origins["DefaultUserSettings.RSessionAppSettings.CustomImages[0].ImageVersionNumber"], "defaultUserSettings.rSessionAppSettings.customImages[0].imageVersionNumber");
    });

    it("a domain's settings change is an UpdateDomain with DomainSettingsForUpdate", () => {
        const call = updateDomainCall({ type: "aws:sagemaker/domain:Domain", name: "d", inputs: {} }, "d-abcdefghijkl", {
            domainSettings: { rStudioServerProDomainSettings: { domainExecutionRoleArn: ROLE, rStudioPackageManagerUrl: "https://packagemanager.posit.co" } },
            defaultUserSettings: { rSessionAppSettings: { customImages: [{ imageName: "a", appImageConfigName: "a" }] } },
        });
        assert.deepStrictEqual(call.request, {
            DomainId: "d-abcdefghijkl",
            DefaultUserSettings: { RSessionAppSettings: { CustomImages: [{ ImageName: "a", AppImageConfigName: "a" }] } },
            DomainSettingsForUpdate: { RStudioServerProDomainSettingsForUpdate: { DomainExecutionRoleArn: ROLE, RStudioPackageManagerUrl: "https://packagemanager.posit.co" } },
        });
        assert.strictEqual(
            call.origins["DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate.RStudioPackageManagerUrl"],
            "domainSettings.rStudioServerProDomainSettings.rStudioPackageManagerUrl",
        );
    });

    it("ECR and IAM resources: camelCase ECR members, auto-named IAM roles and policies, a client token on image versions", () => {
        const calls = [
            { type: "aws:ecr/repository:Repository", name: "r", inputs: { name: "sagemaker-rstudio/x", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, forceDelete: false, encryptionConfigurations: [{ encryptionType: "KMS" }] } },
            { type: "aws:ecr/lifecyclePolicy:LifecyclePolicy", name: "l", inputs: { repository: "sagemaker-rstudio/x", policy: "{}" } },
            { type: "aws:iam/role:Role", name: "rstudio-domain-execution", inputs: { assumeRolePolicy: "{}", description: "d" } },
            { type: "aws:iam/rolePolicy:RolePolicy", name: "p", inputs: { role: "rstudio-domain-execution-1234567", policy: "{}" } },
        ].flatMap((r) => translate(r));
        assert.deepStrictEqual(
            calls.map((c) => [c.operation, c.request]),
            [
                ["CreateRepository", { repositoryName: "sagemaker-rstudio/x", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: { encryptionType: "KMS" } }],
                ["PutLifecyclePolicy", { repositoryName: "sagemaker-rstudio/x", lifecyclePolicyText: "{}" }],
                ["CreateRole", { RoleName: `rstudio-domain-execution-${AUTONAME_SUFFIX}`, AssumeRolePolicyDocument: "{}", Description: "d" }],
                ["PutRolePolicy", { RoleName: "rstudio-domain-execution-1234567", PolicyName: `p-${AUTONAME_SUFFIX}`, PolicyDocument: "{}" }],
            ],
        );
        // "{}" is shorter than ECR's 100-character minimum for a lifecycle policy text.
        const lifecycle = checkRegistered([{ type: "aws:ecr/lifecyclePolicy:LifecyclePolicy", name: "l", inputs: { repository: "sagemaker-rstudio/x", policy: "{}" } }]).violations;
        assert.deepStrictEqual(lifecycle.map((v) => [v.property, v.member, v.rule.split(" (")[0]]), [
            ["policy", "PutLifecyclePolicy.lifecyclePolicyText", "length ≥ 100"],
            ["policy", "PutLifecyclePolicy.lifecyclePolicyText", "`rules` must be a non-empty list"],
        ]);
        const [version] = translate(imageVersion("R 4.4"));
        assert.strictEqual(version.request.ClientToken, CLIENT_TOKEN);
        assert.strictEqual(CLIENT_TOKEN.length, 36);
        // A long role resource name is cut to IAM's 64 characters, as the provider's auto-naming does.
        const [long] = translate({ type: "aws:iam/role:Role", name: "x".repeat(80), inputs: { assumeRolePolicy: "{}" } });
        assert.strictEqual((long.request.RoleName as string).length, 64);
    });

    it("an AWS resource type without a mapping is an error, not a silent pass; components and docker images make no AWS request", () => {
        assert.throws(() => translate({ type: "aws:s3/bucket:Bucket", name: "b", inputs: {} }), /no mapping for resource type aws:s3\/bucket:Bucket/);
        assert.deepStrictEqual(translate({ type: "sagemaker-rstudio:index:RStudioImage", name: "i", inputs: {} }), []);
        assert.deepStrictEqual(translate({ type: "docker:index/image:Image", name: "i", inputs: {} }), []);
    });

    it("an input no API member takes is reported as an unknown member, naming the input", () => {
        const { violations } = checkRegistered([{ type: "aws:sagemaker/app:App", name: "a", inputs: { domainId: "d-abc", appType: "RStudioServerPro", appName: "default", userProfileName: "domain-shared", restartPolicy: "x" } }]);
        assert.deepStrictEqual(violations.map((v) => [v.property, v.member, v.rule.split(" (")[0]]), [["restartPolicy", "CreateApp.restartPolicy", "known members"]]);
    });
});
