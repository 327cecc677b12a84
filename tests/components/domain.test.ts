import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
// The harness installs the Pulumi mocks: it must be imported before the components.
import {
    ACCOUNT,
    byType,
    compliantCpuDockerfile,
    compliantGpuDockerfile,
    fakeInspector,
    makeContext,
    oneOfType,
    removeTempDirs,
    runProgram,
    valueOf,
} from "./harness";
import { RStudioDomain, RStudioDomainArgs, RStudioImage } from "../../components";
import { DOMAIN_EXECUTION_POLICY } from "../../components/domain";
import { emptyFacts } from "../../core";

// The ARNs AWS's "RStudio versioning" page lists for us-east-1 (read 2026-11-30): account 081325390199; 2024.04 has no suffix.
const ARN_2025_05 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0";
const ARN_2024_04 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2024.04";
const COMMAND = "command:local:Command";
const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"] };

const inspector = fakeInspector(() => emptyFacts("image")).inspector;

function image(name: string, dockerfile = compliantCpuDockerfile(), gpu = false): RStudioImage {
    const ctx = makeContext({ Dockerfile: dockerfile });
    return new RStudioImage(name, { context: ctx, gpu }, { imageInspector: inspector });
}

function domainProgram(args: RStudioDomainArgs, withImages: (() => RStudioDomainArgs["customImages"]) | undefined = undefined) {
    return (capture: pulumi.ResourceTransformation) => {
        const customImages = withImages ? withImages() : args.customImages;
        return new RStudioDomain("rstudio", { ...args, customImages }, { transformations: [capture] });
    };
}

/** The shared-app command's environment (what its run reads). */
function commandEnv(r: { registered: { type: string; inputs: Record<string, any> }[] }): Record<string, string> {
    return oneOfType(r.registered as never, COMMAND).inputs.environment;
}

async function imageSetOf(args: RStudioDomainArgs): Promise<string> {
    const r = await runProgram(domainProgram(args));
    assert.strictEqual(r.error, undefined, r.error?.message);
    return commandEnv(r).SAGEMAKER_RSTUDIO_IMAGE_SET;
}

describe("components: RStudioDomain", function () {
    this.timeout(60_000);
    after(removeTempDirs);

    it("creates a domain with RStudio enabled and the custom images attached (RStudioImages and plain entries)", async () => {
        const r = await runProgram(
            domainProgram(
                {
                    ...NETWORK,
                    workbenchImageArn: ARN_2025_05,
                    rStudioConnectUrl: "https://connect.example.com",
                    rStudioPackageManagerUrl: "https://packagemanager.posit.co",
                    userGroup: "R_STUDIO_ADMIN",
                },
                () => [image("cpu"), { imageName: "team-image", appImageConfigName: "team-config", imageVersionNumber: 4 }],
            ),
        );
        assert.strictEqual(r.error, undefined, r.error?.message);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.strictEqual(domain.authMode, "IAM");
        assert.strictEqual(domain.vpcId, NETWORK.vpcId);
        assert.deepStrictEqual(domain.subnetIds, NETWORK.subnetIds);
        const roles = byType(r.registered, "aws:iam/role:Role").map((x) => x.name);
        const rs = domain.domainSettings.rStudioServerProDomainSettings;
        assert.strictEqual(rs.domainExecutionRoleArn, `arn:aws:iam::${ACCOUNT}:role/rstudio-domain-execution-1234567`);
        assert.ok(roles.includes("rstudio-domain-execution"));
        assert.strictEqual(rs.rStudioConnectUrl, "https://connect.example.com");
        assert.strictEqual(rs.rStudioPackageManagerUrl, "https://packagemanager.posit.co");
        assert.deepStrictEqual(rs.defaultResourceSpec, { sagemakerImageArn: ARN_2025_05 });
        assert.deepStrictEqual(domain.defaultUserSettings.rSessionAppSettings.customImages, [
            { imageName: "cpu-stack", appImageConfigName: "cpu-stack", imageVersionNumber: 1 },
            { imageName: "team-image", appImageConfigName: "team-config", imageVersionNumber: 4 },
        ]);
        assert.deepStrictEqual(domain.defaultUserSettings.rStudioServerProAppSettings, { accessStatus: "ENABLED", userGroup: "R_STUDIO_ADMIN" });
        assert.strictEqual(domain.defaultUserSettings.executionRole, `arn:aws:iam::${ACCOUNT}:role/rstudio-execution-1234567`);
        const component = r.value!;
        assert.strictEqual(await valueOf(component.domainId), "d-abcdefghijkl");
        assert.deepStrictEqual(await valueOf(component.customImages), domain.defaultUserSettings.rSessionAppSettings.customImages);
    });

    it("never creates the shared app on a new domain (SageMaker launches it): a command waits for it, then restarts it in AWS's order", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: ARN_2025_05, customImages: [{ imageName: "a", appImageConfigName: "a" }] }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/app:App").length, 0, "no CreateApp collision with the app SageMaker launches");
        const cmd = oneOfType(r.registered, COMMAND).inputs;
        for (const phase of ["create", "update", "delete"]) assert.match(cmd[phase], new RegExp(`shared-app-run\\.(ts|js)' ${phase}$`));
        assert.strictEqual(cmd.addPreviousOutputInEnv, true, "the run reads its previous state from PULUMI_COMMAND_STDOUT");
        const env = cmd.environment;
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_MODE, "created");
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_DOMAIN_ID, "d-abcdefghijkl");
        assert.match(env.SAGEMAKER_RSTUDIO_IMAGE_SET, /^[0-9a-f]{16}$/);
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_IMAGE_SET, await valueOf(r.value!.imageSetHash));
        assert.deepStrictEqual(JSON.parse(env.SAGEMAKER_RSTUDIO_DOMAIN_SETTINGS), {
            DomainExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/rstudio-domain-execution-1234567`,
            DefaultResourceSpec: { SageMakerImageArn: ARN_2025_05 },
        });
        const opts = r.constructed.find((c) => c.type === COMMAND)!.opts;
        const domainResource = r.constructed.find((c) => c.type === "aws:sagemaker/domain:Domain")!.resource;
        assert.ok((opts.dependsOn as pulumi.Resource[]).includes(domainResource));
        // The RStudio domain settings change through the command (app deleted first), not through the provider.
        const domainOpts = r.constructed.find((c) => c.type === "aws:sagemaker/domain:Domain")!.opts;
        assert.deepStrictEqual(domainOpts.ignoreChanges, ["domainSettings"]);
    });

    it("the command's inputs change when the image set or the Workbench version changes, and not otherwise", async () => {
        const a = { imageName: "a", appImageConfigName: "a-config", imageVersionNumber: 1 };
        const b = { imageName: "b", appImageConfigName: "b-config", imageVersionNumber: 2 };
        const base = await imageSetOf({ ...NETWORK, customImages: [a, b] });
        // Same set: order, user settings and tags do not restart the app.
        assert.strictEqual(await imageSetOf({ ...NETWORK, customImages: [b, a] }), base);
        assert.strictEqual(await imageSetOf({ ...NETWORK, customImages: [a, b], userGroup: "R_STUDIO_ADMIN", tags: { team: "x" } }), base);
        // A new image, a removed image, a new version of an image, another app image config: a new image set.
        const changed = [
            [a, b, { imageName: "c", appImageConfigName: "c" }],
            [a],
            [a, { ...b, imageVersionNumber: 3 }],
            [a, { ...b, appImageConfigName: "other" }],
        ];
        const sets = new Set<string>([base]);
        for (const set of changed) sets.add(await imageSetOf({ ...NETWORK, customImages: set }));
        assert.strictEqual(sets.size, changed.length + 1, "every different set has its own hash");
        // A Workbench upgrade changes the settings the run applies (delete app → UpdateDomain → create app).
        const settingsOf = async (arn: string) => JSON.parse(commandEnv(await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: arn }))).SAGEMAKER_RSTUDIO_DOMAIN_SETTINGS);
        assert.strictEqual((await settingsOf(ARN_2024_04)).DefaultResourceSpec.SageMakerImageArn, ARN_2024_04);
        assert.strictEqual((await settingsOf(ARN_2025_05)).DefaultResourceSpec.SageMakerImageArn, ARN_2025_05);
    });

    it("restartSharedApp: false and settingsOnly register no command", async () => {
        const off = await runProgram(domainProgram({ ...NETWORK, restartSharedApp: false }));
        assert.strictEqual(off.error, undefined);
        assert.strictEqual(byType(off.registered, COMMAND).length, 0);
        const settings = await runProgram(domainProgram({ settingsOnly: true }));
        assert.strictEqual(byType(settings.registered, COMMAND).length, 0);
    });

    it("parents every resource it creates to the component", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, customImages: [{ imageName: "a", appImageConfigName: "a" }] }));
        assert.strictEqual(r.error, undefined);
        const children = r.constructed.filter((c) => c.resource !== r.value);
        assert.deepStrictEqual(children.map((c) => c.type).sort(), [
            "aws:iam/role:Role",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:sagemaker/domain:Domain",
            COMMAND,
        ]);
        for (const c of children) assert.strictEqual(c.opts.parent, r.value);
    });

    it("roles as AWS documents them: the domain execution policy of 'create a domain with RStudio', users with SageMaker and ECR pull access", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK }));
        assert.strictEqual(r.error, undefined);
        for (const role of byType(r.registered, "aws:iam/role:Role")) {
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        }
        const policies = byType(r.registered, "aws:iam/rolePolicy:RolePolicy");
        const domainPolicy = JSON.parse(policies.find((p) => p.name === "rstudio-domain-execution")!.inputs.policy);
        // AWS's page (rstudio-create-cli, read 2026-11-30) lists exactly these, on "*".
        assert.deepStrictEqual(domainPolicy.Statement, [
            {
                Effect: "Allow",
                Action: [
                    "license-manager:ExtendLicenseConsumption",
                    "license-manager:ListReceivedLicenses",
                    "license-manager:GetLicense",
                    "license-manager:CheckoutLicense",
                    "license-manager:CheckInLicense",
                    "logs:CreateLogDelivery",
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:DeleteLogDelivery",
                    "logs:Describe*",
                    "logs:GetLogDelivery",
                    "logs:GetLogEvents",
                    "logs:ListLogDeliveries",
                    "logs:PutLogEvents",
                    "logs:PutResourcePolicy",
                    "logs:UpdateLogDelivery",
                    "sagemaker:CreateApp",
                ],
                Resource: "*",
            },
        ]);
        assert.strictEqual(JSON.stringify(domainPolicy), DOMAIN_EXECUTION_POLICY);
        // The users' default execution role: AWS's managed SageMaker policy and ECR pull.
        const attachment = oneOfType(r.registered, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs;
        assert.strictEqual(attachment.policyArn, "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess");
        assert.strictEqual(attachment.role, "rstudio-execution-1234567");
        const pull = JSON.parse(policies.find((p) => p.name === "rstudio-execution-ecr-pull")!.inputs.policy);
        assert.deepStrictEqual([pull.Statement[0].Action].flat().sort(), ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetAuthorizationToken", "ecr:GetDownloadUrlForLayer"]);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.strictEqual(domain.defaultUserSettings.executionRole, `arn:aws:iam::${ACCOUNT}:role/rstudio-execution-1234567`);
    });

    it("VpcOnly: AppSecurityGroupManagement is Service (AWS requires it with VPCOnly and a DomainExecutionRoleArn)", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, appNetworkAccessType: "VpcOnly", securityGroupIds: ["sg-0123456789abcdef0"] }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const domain = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs;
        assert.strictEqual(domain.appNetworkAccessType, "VpcOnly");
        assert.strictEqual(domain.appSecurityGroupManagement, "Service");
        assert.deepStrictEqual(domain.defaultUserSettings.securityGroups, ["sg-0123456789abcdef0"]);
        // AWS's model requires the users' security groups with VpcOnly: a clear error before anything is registered.
        const noGroups = await runProgram(domainProgram({ ...NETWORK, appNetworkAccessType: "VpcOnly" }));
        assert.match(noGroups.error!.message, /`securityGroupIds` is required with appNetworkAccessType VpcOnly/);
        assert.strictEqual(noGroups.registered.length, 0);
        const open = await runProgram(domainProgram({ ...NETWORK }));
        assert.strictEqual(oneOfType(open.registered, "aws:sagemaker/domain:Domain").inputs.appSecurityGroupManagement, undefined);
        const bad = await runProgram(domainProgram({ ...NETWORK, appNetworkAccessType: "VPCOnly" as never }));
        assert.match(bad.error!.message, /`appNetworkAccessType` must be one of PublicInternetOnly, VpcOnly, got "VPCOnly"/);
    });

    it("Workbench version mismatch (RSB013, decided by check/ from the image's public outputs): the domain is not registered", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: ARN_2024_04 }, () => [image("cpu")]));
        assert.strictEqual(r.error, undefined, String(r.error));
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        assert.strictEqual(byType(r.registered, COMMAND).length, 0);
        await assert.rejects(valueOf(r.value!.customImages), (e: Error) => {
            assert.ok(e instanceof pulumi.ResourceError);
            assert.match(e.message, /RStudioDomain "rstudio": custom image Workbench version does not match the domain's 2024\.04; the domain is not updated\. Move the images and the domain together/);
            assert.match(e.message, /customImages\[0\] \(cpu-stack\): RSB013 workbench-version-match \[mandatory\] .*Dockerfile:\d+: The image's Workbench 2025\.05\.1/);
            assert.match(e.message, /Fix: /);
            return true;
        });
    });

    it("matching Workbench versions pass, for CPU and GPU images", async () => {
        const r = await runProgram(
            domainProgram({ ...NETWORK, workbenchImageArn: ARN_2025_05 }, () => [image("cpu"), image("gpu", compliantGpuDockerfile(), true)]),
        );
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.strictEqual(oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs.defaultUserSettings.rSessionAppSettings.customImages.length, 2);
    });

    it("RSB013 on a plain entry whose Workbench version is given: the domain's custom images reject, no domain is registered", async () => {
        const r = await runProgram(
            domainProgram({
                ...NETWORK,
                workbenchImageArn: ARN_2025_05,
                customImages: [{ imageName: "old", appImageConfigName: "old", imageVersionNumber: 1, workbenchVersion: pulumi.output("2024.04.2+764.pro1") }],
            }),
        );
        assert.strictEqual(r.error, undefined);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        await assert.rejects(valueOf(r.value!.customImages), /customImages\[0\] \(old\): RSB013 workbench-version-match \[mandatory\]/);
    });

    it("a component error never prints a secret: a secret Workbench version of an entry is shown as [secret]", async () => {
        const r = await runProgram(
            domainProgram({
                ...NETWORK,
                workbenchImageArn: ARN_2025_05,
                customImages: [{ imageName: "old", appImageConfigName: "old", workbenchVersion: pulumi.secret("2024.04.2+764.pro1") }],
            }),
        );
        await assert.rejects(valueOf(r.value!.customImages), (e: Error) => {
            assert.match(e.message, /RSB013/);
            assert.match(e.message, /\[secret\]/);
            assert.ok(!e.message.includes("2024.04.2+764.pro1"), e.message);
            return true;
        });
    });

    it("the Workbench image ARN comes from the one table (core/workbench.ts) for a version and region; unknown ones name what is known", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2025.05.1+513.pro3", region: "us-east-1" }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const rs = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs.domainSettings.rStudioServerProDomainSettings;
        assert.strictEqual(rs.defaultResourceSpec.sagemakerImageArn, ARN_2025_05);
        assert.strictEqual(await valueOf(r.value!.workbenchImageArn), ARN_2025_05);
        const older = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2024.04", region: "eu-west-1" }));
        assert.strictEqual(await valueOf(older.value!.workbenchImageArn), "arn:aws:sagemaker:eu-west-1:470317259841:image/rstudio-workbench-2024.04");
        const unknownVersion = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2019.01", region: "us-east-1" }));
        assert.ok(unknownVersion.error instanceof pulumi.RunError);
        assert.match(unknownVersion.error.message, /Workbench version "2019\.01" is not in the table .*2025\.05\.1\+513\.pro3/);
        const unknownRegion = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2025.05", region: "mars-north-1" }));
        assert.match(unknownRegion.error!.message, /region "mars-north-1" has no RStudio Workbench image account .*known regions: us-east-1/);
        const both = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2025.05", workbenchImageArn: ARN_2025_05 }));
        assert.match(both.error!.message, /give `workbenchImageArn` or `workbenchVersion`, not both/);
    });

    it("a Workbench image ARN AWS did not list (as the old invented `-sagemaker-1.0` for 2024.04) is warned about, naming the source", async () => {
        const warnings: string[] = [];
        const original = console.warn;
        console.warn = (...a: unknown[]) => void warnings.push(a.join(" "));
        try {
            const invented = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2024.04-sagemaker-1.0";
            const r = await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: invented }));
            assert.strictEqual(r.error, undefined);
            const listed = await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: ARN_2024_04 }));
            assert.strictEqual(listed.error, undefined);
        } finally {
            console.warn = original;
        }
        const about = warnings.filter((w) => w.includes("workbenchImageArn"));
        assert.strictEqual(about.length, 1, warnings.join("\n"));
        assert.match(about[0], /rstudio-workbench-2024\.04-sagemaker-1\.0 is not an image ARN AWS's "RStudio versioning" page listed .*2026-11-30.*rstudio-version\.html/);
    });

    it("existingDomainId must be a SageMaker domain id (AWS's DomainId pattern): plain at construction, an Output before the app step", async () => {
        const plain = await runProgram(domainProgram({ existingDomainId: "My_Domain" }));
        assert.ok(plain.error instanceof pulumi.RunError);
        assert.match(plain.error.message, /existingDomainId "My_Domain" is not a SageMaker domain id \(AWS's pattern d-\(-\*\[a-z0-9\]\)\{1,61\}/);
        assert.strictEqual(plain.registered.length, 0);
        const later = await runProgram(domainProgram({ existingDomainId: pulumi.secret("My_Secret_Domain") }));
        assert.strictEqual(later.error, undefined);
        assert.strictEqual(byType(later.registered, COMMAND).length, 0, "the shared-app step never runs on a bad id");
        await assert.rejects(valueOf(later.value!.domainId as pulumi.Output<string>), (e: Error) => {
            assert.match(e.message, /existingDomainId \[secret\] is not a SageMaker domain id/);
            assert.ok(!e.message.includes("My_Secret_Domain"));
            return true;
        });
    });

    describe("URL rules on the domain settings: an error at construction", () => {
        const cases: [string, Partial<RStudioDomainArgs>, RegExp][] = [
            ["the AWS placeholder", { rStudioConnectUrl: "YOUR_CONNECT_URL" }, /rStudioConnectUrl is the placeholder "YOUR_CONNECT_URL"/],
            ["a non-URL", { rStudioPackageManagerUrl: "ftp://packages.example.com" }, /rStudioPackageManagerUrl "ftp:\/\/packages\.example\.com" does not match/],
            ["credentials in the URL", { rStudioConnectUrl: "https://user:secret@connect.example.com" }, /rStudioConnectUrl carries credentials/],
            ["an empty URL", { rStudioConnectUrl: "" }, /rStudioConnectUrl is empty/],
        ];
        for (const [label, args, expected] of cases) {
            it(label, async () => {
                const r = await runProgram(domainProgram({ ...NETWORK, ...args }));
                assert.ok(r.error instanceof pulumi.RunError);
                assert.match(r.error.message, expected);
                assert.match(r.error.message, /Fix: /);
                assert.strictEqual(r.registered.length, 0);
            });
        }
    });

    it("more than 200 custom images is an error (CloudFormation's limit)", async () => {
        const many = Array.from({ length: 201 }, (_, i) => ({ imageName: `img-${i}`, appImageConfigName: `img-${i}` }));
        const r = await runProgram(domainProgram({ ...NETWORK, customImages: many }));
        assert.match(r.error!.message, /201 custom images; a domain takes at most 200/);
        const ok = await runProgram(domainProgram({ ...NETWORK, customImages: many.slice(0, 200) }));
        assert.strictEqual(ok.error, undefined);
    });

    it("other bad input: missing network for a new domain, bad enum values", async () => {
        const noVpc = await runProgram(domainProgram({ subnetIds: NETWORK.subnetIds }));
        assert.match(noVpc.error!.message, /`vpcId` and `subnetIds` are required to create a domain/);
        const badGroup = await runProgram(domainProgram({ ...NETWORK, userGroup: "ADMIN" as never }));
        assert.match(badGroup.error!.message, /`userGroup` must be one of R_STUDIO_USER, R_STUDIO_ADMIN/);
        const badArn = await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: "arn:aws:sagemaker:us-east-1:1:image/other" }));
        assert.match(badArn.error!.message, /does not name a Workbench version/);
    });

    it("existingDomainId: no domain is created, the shared app of that domain is restarted, the settings blocks are outputs", async () => {
        const r = await runProgram(
            domainProgram({ existingDomainId: "d-existing", workbenchImageArn: ARN_2025_05, customImages: [{ imageName: "a", appImageConfigName: "a", imageVersionNumber: 2 }] }),
        );
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        // The app of a domain defined elsewhere: restarted (mode existing), its RStudio settings left to the domain's owner.
        const env = commandEnv(r);
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_DOMAIN_ID, "d-existing");
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_MODE, "existing");
        assert.strictEqual(env.SAGEMAKER_RSTUDIO_DOMAIN_SETTINGS, undefined);
        const settings = await valueOf(r.value!.domainSettings);
        assert.strictEqual(settings.rStudioServerProDomainSettings.defaultResourceSpec?.sagemakerImageArn, ARN_2025_05);
        const users = await valueOf(r.value!.defaultUserSettings);
        assert.deepStrictEqual(users.rSessionAppSettings.customImages, [{ imageName: "a", appImageConfigName: "a", imageVersionNumber: 2 }]);
        assert.strictEqual(users.executionRole, undefined);
    });

    it("settingsOnly: only the domain execution role is created; the exact settings blocks are outputs", async () => {
        const r = await runProgram(
            domainProgram({
                settingsOnly: true,
                domainExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/rstudio-domain`,
                rStudioPackageManagerUrl: "https://packagemanager.posit.co",
                customImages: [{ imageName: "a", appImageConfigName: "a", imageVersionNumber: 2 }],
            }),
        );
        assert.strictEqual(r.error, undefined, r.error?.message);
        assert.deepStrictEqual(
            r.registered.map((x) => x.type),
            ["sagemaker-rstudio:index:RStudioDomain"],
        );
        assert.deepStrictEqual(await valueOf(r.value!.domainSettings), {
            rStudioServerProDomainSettings: {
                domainExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/rstudio-domain`,
                rStudioPackageManagerUrl: "https://packagemanager.posit.co",
            },
        });
        assert.deepStrictEqual(await valueOf(r.value!.defaultUserSettings), {
            rSessionAppSettings: { customImages: [{ imageName: "a", appImageConfigName: "a", imageVersionNumber: 2 }] },
            rStudioServerProAppSettings: { accessStatus: "ENABLED", userGroup: "R_STUDIO_USER" },
        });
        assert.strictEqual(await valueOf(r.value!.domainId), undefined);
    });

    it("an image attached twice is an error", async () => {
        const entry = { imageName: "a", appImageConfigName: "a" };
        const r = await runProgram(domainProgram({ ...NETWORK, customImages: [entry, entry] }));
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        await assert.rejects(valueOf(r.value!.customImages), /image a is attached twice/);
    });
});
