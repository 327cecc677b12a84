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
import { IMAGE_SET_TAG, RStudioDomain, RStudioDomainArgs, RStudioImage } from "../../components";
import { emptyFacts } from "../../core";

const ARN_2025_05 = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:image/rstudio-workbench-2025.05-sagemaker-1.0`;
const ARN_2024_04 = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:image/rstudio-workbench-2024.04-sagemaker-1.0`;
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

async function appTag(args: RStudioDomainArgs): Promise<string> {
    const r = await runProgram(domainProgram(args));
    assert.strictEqual(r.error, undefined, r.error?.message);
    return oneOfType(r.registered, "aws:sagemaker/app:App").inputs.tags[IMAGE_SET_TAG];
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

    it("restarts the shared RStudioServerPro app through a replace-on-change tag carrying the image set's hash", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, customImages: [{ imageName: "a", appImageConfigName: "a" }] }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const app = oneOfType(r.registered, "aws:sagemaker/app:App").inputs;
        assert.strictEqual(app.appName, "default");
        assert.strictEqual(app.appType, "RStudioServerPro");
        assert.strictEqual(app.userProfileName, "domain-shared");
        assert.strictEqual(app.domainId, "d-abcdefghijkl");
        assert.match(app.tags[IMAGE_SET_TAG], /^[0-9a-f]{16}$/);
        assert.strictEqual(app.tags[IMAGE_SET_TAG], await valueOf(r.value!.imageSetHash));
        const opts = r.constructed.find((c) => c.type === "aws:sagemaker/app:App")!.opts;
        assert.deepStrictEqual(opts.replaceOnChanges, [`tags.${IMAGE_SET_TAG}`]);
        assert.strictEqual(opts.deleteBeforeReplace, true);
        const domainResource = r.constructed.find((c) => c.type === "aws:sagemaker/domain:Domain")!.resource;
        assert.ok((opts.dependsOn as pulumi.Resource[]).includes(domainResource));
    });

    it("the restart trigger changes when the image set changes, and not otherwise", async () => {
        const a = { imageName: "a", appImageConfigName: "a-config", imageVersionNumber: 1 };
        const b = { imageName: "b", appImageConfigName: "b-config", imageVersionNumber: 2 };
        const base = await appTag({ ...NETWORK, customImages: [a, b] });
        // Same set: order, URLs, user settings and tags do not restart the app.
        assert.strictEqual(await appTag({ ...NETWORK, customImages: [b, a] }), base);
        assert.strictEqual(
            await appTag({ ...NETWORK, customImages: [a, b], rStudioConnectUrl: "https://connect.example.com", userGroup: "R_STUDIO_ADMIN", tags: { team: "x" } }),
            base,
        );
        // A new image, a removed image, a new version of an image, another app image config: restart.
        const changed = [
            [a, b, { imageName: "c", appImageConfigName: "c" }],
            [a],
            [a, { ...b, imageVersionNumber: 3 }],
            [a, { ...b, appImageConfigName: "other" }],
        ];
        const tags = new Set<string>([base]);
        for (const set of changed) tags.add(await appTag({ ...NETWORK, customImages: set }));
        assert.strictEqual(tags.size, changed.length + 1, "every different set has its own trigger");
    });

    it("parents every resource it creates to the component", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, customImages: [{ imageName: "a", appImageConfigName: "a" }] }));
        assert.strictEqual(r.error, undefined);
        const children = r.constructed.filter((c) => c.resource !== r.value);
        assert.deepStrictEqual(children.map((c) => c.type).sort(), [
            "aws:iam/role:Role",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:sagemaker/app:App",
            "aws:sagemaker/domain:Domain",
        ]);
        for (const c of children) assert.strictEqual(c.opts.parent, r.value);
    });

    it("the execution roles it creates trust SageMaker and carry no managed FullAccess policy", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK }));
        assert.strictEqual(r.error, undefined);
        for (const role of byType(r.registered, "aws:iam/role:Role")) {
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, { Service: "sagemaker.amazonaws.com" });
            assert.strictEqual(role.inputs.managedPolicyArns, undefined);
        }
        assert.ok(!JSON.stringify(r.registered).includes("FullAccess"));
        const policy = JSON.parse(oneOfType(r.registered, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
        const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
        assert.ok(actions.includes("license-manager:CheckoutLicense"));
        assert.ok(actions.every((a: string) => !a.endsWith(":*")), "no service-wide wildcard actions");
    });

    it("Workbench version mismatch (RSB013): an error at construction naming the rule and fix; no domain is registered", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, workbenchImageArn: ARN_2024_04 }, () => [image("cpu")]));
        assert.ok(r.error instanceof pulumi.RunError, String(r.error));
        assert.match(r.error.message, /^RStudioDomain "rstudio": custom image Workbench version does not match the domain's 2024\.04/);
        assert.match(r.error.message, /cpu-stack: RSB013 workbench-version-match \[mandatory\] .*Dockerfile:\d+: The image's Workbench 2025\.05\.1/);
        assert.match(r.error.message, /Fix: /);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/domain:Domain").length, 0);
        assert.strictEqual(byType(r.registered, "sagemaker-rstudio:index:RStudioDomain").length, 0);
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
        await assert.rejects(valueOf(r.value!.customImages), /customImages\[0\]: RSB013 workbench-version-match \[mandatory\]/);
    });

    it("the Workbench image ARN can be built from a version, the publishing account and the region", async () => {
        const r = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2025.05.1+513.pro3", workbenchImageAccount: "081325390199", region: "us-east-1" }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const rs = oneOfType(r.registered, "aws:sagemaker/domain:Domain").inputs.domainSettings.rStudioServerProDomainSettings;
        assert.strictEqual(rs.defaultResourceSpec.sagemakerImageArn, "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0");
        const noAccount = await runProgram(domainProgram({ ...NETWORK, workbenchVersion: "2025.05", region: "us-east-1" }));
        assert.match(noAccount.error!.message, /`workbenchVersion` needs `workbenchImageAccount`/);
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
        const badGroup = await runProgram(domainProgram({ ...NETWORK, userGroup: "ADMIN" }));
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
        assert.strictEqual(oneOfType(r.registered, "aws:sagemaker/app:App").inputs.domainId, "d-existing");
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
