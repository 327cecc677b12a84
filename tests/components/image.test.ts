import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
// The harness installs the Pulumi mocks: it must be imported before the components.
import {
    ACCOUNT,
    byType,
    compliantCpuDockerfile,
    compliantGpuDockerfile,
    fakeInspector,
    isSecretValue,
    makeContext,
    oneOfType,
    Registered,
    removeTempDirs,
    runProgram,
    secretPayload,
    valueOf,
} from "./harness";
import { RStudioImage, RStudioImageArgs } from "../../components";
import { emptyFacts, ImageFacts, known } from "../../core";

const DIGEST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[^@:]+@sha256:[0-9a-f]{64}$/;

function imageFactsOf(overrides: Partial<ImageFacts>): ImageFacts {
    return { ...emptyFacts("image", "not read by the fake inspector"), ...overrides };
}

function cleanInspector() {
    return fakeInspector(() => imageFactsOf({ sizeBytes: known(3_000_000_000, "image", { via: "image config" }) }));
}

function build(name: string, args: Partial<RStudioImageArgs> & { context: string }, inspector = cleanInspector().inspector) {
    return (capture: pulumi.ResourceTransformation) => new RStudioImage(name, args, { transformations: [capture], imageInspector: inspector });
}

function inputsOf(list: Registered[], type: string): Record<string, any> {
    return oneOfType(list, type).inputs;
}

describe("components: RStudioImage", function () {
    this.timeout(60_000);
    after(removeTempDirs);

    it("creates the ECR repository with scan on push, immutable tags, no force delete and a keep-last-N lifecycle policy", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const r = await runProgram(build("cpu", { context: ctx, keepImages: 3 }));
        assert.strictEqual(r.error, undefined);
        const repo = inputsOf(r.registered, "aws:ecr/repository:Repository");
        assert.strictEqual(repo.imageTagMutability, "IMMUTABLE");
        assert.deepStrictEqual(repo.imageScanningConfiguration, { scanOnPush: true });
        assert.strictEqual(repo.forceDelete, false);
        const lifecycle = inputsOf(r.registered, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
        assert.strictEqual(lifecycle.repository, repo.name);
        const policy = JSON.parse(lifecycle.policy);
        assert.strictEqual(policy.rules.length, 1);
        assert.deepStrictEqual(policy.rules[0].selection, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 3 });
        assert.deepStrictEqual(policy.rules[0].action, { type: "expire" });
    });

    it("builds for linux/amd64 with the Dockerfile, context, args and target, and keeps the registry password secret", async () => {
        const text = compliantCpuDockerfile();
        const ctx = makeContext({ "build/rstudio.Dockerfile": text, "requirements.txt": "boto3\n" });
        const dockerfile = path.join(ctx, "build/rstudio.Dockerfile");
        const r = await runProgram(build("cpu", { context: ctx, dockerfile, buildArgs: { R_VERSION: "4.4.1" }, buildOnPreview: true }));
        assert.strictEqual(r.error, undefined);
        const img = inputsOf(r.registered, "docker:index/image:Image");
        assert.strictEqual(img.build.platform, "linux/amd64");
        assert.strictEqual(img.build.context, ctx);
        assert.strictEqual(img.build.dockerfile, dockerfile);
        assert.deepStrictEqual(img.build.args, { R_VERSION: "4.4.1" });
        assert.strictEqual(img.buildOnPreview, true);
        assert.strictEqual(img.skipPush, false);
        // The registry block reaches the engine as a secret (the mocked token itself is not secret: the component
        // marks it), and it carries the ECR token from getAuthorizationToken for this repository's registry.
        assert.ok(isSecretValue(img.registry), "registry credentials are sent as a secret");
        const registry = secretPayload(img.registry);
        assert.strictEqual(registry.username, "AWS");
        assert.strictEqual(registry.password, "mock-ecr-password");
        assert.strictEqual(registry.server, `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`);
        const tokenCall = r.calls.find((c) => c.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken");
        assert.ok(tokenCall);
        assert.strictEqual(tokenCall.inputs.registryId, ACCOUNT);
        assert.match(img.imageName, /:ctx-[0-9a-f]{32}$/);
    });

    it("passes the build target through and rejects a target the Dockerfile does not have", async () => {
        const text = `FROM scratch AS tools\n${compliantCpuDockerfile()}`;
        const ctx = makeContext({ Dockerfile: text });
        const r = await runProgram(build("cpu", { context: ctx, target: "tools" }));
        // The `tools` stage is scratch: no Workbench base, no packages: the gate stops it.
        assert.ok(r.error instanceof Error);
        assert.match(r.error.message, /RSB001|RSB002/);
        assert.strictEqual(r.registered.length, 0);
    });

    it("registers a digest-pinned base image (the pushed repo digest) with processor CPU and the image's R version as programming language", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const r = await runProgram(build("cpu", { context: ctx, releaseNotes: "first" }));
        assert.strictEqual(r.error, undefined);
        const version = inputsOf(r.registered, "aws:sagemaker/imageVersion:ImageVersion");
        assert.match(version.baseImage, DIGEST);
        const img = inputsOf(r.registered, "docker:index/image:Image");
        assert.ok(version.baseImage.startsWith(String(img.imageName).replace(/:[^:/]+$/, "@sha256:")));
        assert.strictEqual(version.processor, "CPU");
        // AWS's model: ProgrammingLang matches [a-zA-Z]+ ?\d+\.\d+(\.\d+)? (a bare "R" is refused); the reference
        // Dockerfile runs /opt/R/4.4.3/bin/R.
        assert.strictEqual(version.programmingLang, "R 4.4.3");
        assert.match(version.programmingLang, /^[a-zA-Z]+ ?\d+\.\d+(\.\d+)?$/);
        assert.strictEqual(version.releaseNotes, "first");
        assert.strictEqual(version.imageName, inputsOf(r.registered, "aws:sagemaker/image:Image").imageName);
        const appConfig = inputsOf(r.registered, "aws:sagemaker/appImageConfig:AppImageConfig");
        assert.deepStrictEqual(Object.keys(appConfig).sort(), ["appImageConfigName"], "RStudio needs a name-only app image config");
        // The version waits for the push.
        const versionOpts = r.constructed.find((c) => c.type === "aws:sagemaker/imageVersion:ImageVersion")!.opts;
        const dockerImage = r.constructed.find((c) => c.type === "docker:index/image:Image")!.resource;
        assert.ok((versionOpts.dependsOn as pulumi.Resource[]).includes(dockerImage));
        // Outputs.
        const image = r.value!;
        assert.strictEqual(await valueOf(image.imageUri), version.baseImage);
        assert.deepStrictEqual(await valueOf(image.customImage), { imageName: version.imageName, appImageConfigName: appConfig.appImageConfigName, imageVersionNumber: 1 });
        assert.strictEqual(await valueOf(image.imageVersion), 1);
        assert.strictEqual(await valueOf(image.repositoryUrl), `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${inputsOf(r.registered, "aws:ecr/repository:Repository").name}`);
    });

    it("registers a GPU image with processor GPU", async () => {
        const ctx = makeContext({ Dockerfile: compliantGpuDockerfile() });
        const r = await runProgram(build("gpu", { context: ctx, gpu: true }));
        assert.strictEqual(r.error, undefined);
        assert.strictEqual(inputsOf(r.registered, "aws:sagemaker/imageVersion:ImageVersion").processor, "GPU");
        assert.strictEqual(inputsOf(r.registered, "sagemaker-rstudio:index:RStudioImage").gpu, true);
    });

    it("pulls with a role trusted by SageMaker that can only pull from this repository (no managed FullAccess policy)", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const r = await runProgram(build("cpu", { context: ctx }));
        assert.strictEqual(r.error, undefined);
        const role = inputsOf(r.registered, "aws:iam/role:Role");
        const trust = JSON.parse(role.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement, [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        assert.strictEqual(role.managedPolicyArns, undefined);
        assert.strictEqual(byType(r.registered, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
        assert.strictEqual(byType(r.registered, "aws:iam/policyAttachment:PolicyAttachment").length, 0);
        assert.ok(!JSON.stringify(r.registered).includes("FullAccess"));

        const repoArn = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${inputsOf(r.registered, "aws:ecr/repository:Repository").name}`;
        const policy = JSON.parse(inputsOf(r.registered, "aws:iam/rolePolicy:RolePolicy").policy);
        const byAction = new Map<string, string[]>();
        for (const s of policy.Statement) {
            assert.strictEqual(s.Effect, "Allow");
            for (const a of [s.Action].flat()) byAction.set(a, [s.Resource].flat());
        }
        assert.deepStrictEqual([...byAction.keys()].sort(), [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetAuthorizationToken",
            "ecr:GetDownloadUrlForLayer",
        ]);
        for (const a of ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]) {
            assert.deepStrictEqual(byAction.get(a), [repoArn], `${a} is scoped to this repository only`);
        }
        assert.deepStrictEqual(byAction.get("ecr:GetAuthorizationToken"), ["*"]);
        const smImage = inputsOf(r.registered, "aws:sagemaker/image:Image");
        assert.strictEqual(smImage.roleArn, `arn:aws:iam::${ACCOUNT}:role/cpu-role-1234567`);
    });

    it("parents every resource it creates to the component", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const r = await runProgram(build("cpu", { context: ctx }));
        assert.strictEqual(r.error, undefined);
        const component = r.value!;
        const children = r.constructed.filter((c) => c.resource !== component);
        assert.deepStrictEqual(children.map((c) => c.type).sort(), [
            "aws:ecr/lifecyclePolicy:LifecyclePolicy",
            "aws:ecr/repository:Repository",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:sagemaker/appImageConfig:AppImageConfig",
            "aws:sagemaker/image:Image",
            "aws:sagemaker/imageVersion:ImageVersion",
            "docker:index/image:Image",
        ]);
        for (const c of children) assert.strictEqual(c.opts.parent, component, `${c.type} is a child of the component`);
        const urn = await valueOf(component.urn);
        assert.match(urn, /::sagemaker-rstudio:index:RStudioImage::cpu$/);
    });

    it("sends imageName, gpu, facts and findings to the engine as the component's inputs (what the policy pack reads)", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const r = await runProgram(build("cpu", { context: ctx }));
        assert.strictEqual(r.error, undefined);
        const inputs = inputsOf(r.registered, "sagemaker-rstudio:index:RStudioImage");
        assert.strictEqual(inputs.imageName, "cpu-stack", "derived from the resource and stack names: known at preview");
        assert.strictEqual(inputs.appImageConfigName, "cpu-stack");
        assert.strictEqual(inputs.gpu, false);
        assert.strictEqual(inputs.platform, "linux/amd64");
        assert.strictEqual(inputs.facts.workbenchVersion.state, "known");
        assert.match(inputs.facts.workbenchVersion.value, /^2025\.05/);
        assert.strictEqual(inputs.facts.processor.value, "CPU");
        assert.ok(Array.isArray(inputs.findings));
        assert.ok(inputs.findings.every((f: { level: string }) => f.level === "advisory"));
        assert.strictEqual(inputsOf(r.registered, "aws:sagemaker/image:Image").imageName, "cpu-stack");
    });

    it("checks the built image: image facts are merged over the Dockerfile's and exposed as outputs", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const fake = cleanInspector();
        const r = await runProgram(build("cpu", { context: ctx }, fake.inspector));
        assert.strictEqual(r.error, undefined);
        const img = inputsOf(r.registered, "docker:index/image:Image");
        assert.deepStrictEqual(fake.refs, [img.imageName], "the inspector is asked about the image just built");
        assert.deepStrictEqual(fake.auths, [{ username: "AWS", password: "mock-ecr-password", serveraddress: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com` }]);
        // The credentials only reach the inspector: the check's outputs hold none and are not secret.
        assert.strictEqual(await pulumi.isSecret(r.value!.imageUri), false);
        assert.strictEqual(await pulumi.isSecret(r.value!.facts), false);
        const facts = (await valueOf(r.value!.facts)) as ImageFacts;
        assert.deepStrictEqual(facts.sizeBytes, known(3_000_000_000, "image", { via: "image config" }));
        assert.strictEqual(facts.workbenchVersion.state, "known", "Dockerfile facts stay where the image knows nothing");
        assert.strictEqual(facts.imageUri.state, "known");
        const findings = await valueOf(r.value!.findings);
        assert.ok(findings.every((f) => f.level === "advisory"));
    });

    it("gate at construction: a mandatory finding in the Dockerfile throws naming rule, file, line and fix; nothing is registered", async () => {
        const text = compliantCpuDockerfile() + "\nCOPY model.bin /opt/ml/model/model.bin\n";
        const ctx = makeContext({ Dockerfile: text, "model.bin": "x" });
        const line = text.split("\n").findIndex((l) => l.startsWith("COPY model.bin")) + 1;
        const r = await runProgram(build("bad", { context: ctx }));
        assert.ok(r.error instanceof pulumi.RunError, "a RunError: Pulumi prints it without a stack trace");
        assert.match(r.error.message, /^RStudioImage "bad": 1 mandatory finding in .*Dockerfile; no image version is registered\./);
        assert.ok(r.error.message.includes(`RSB007 reserved-paths [mandatory] ${path.join(ctx, "Dockerfile")}:${line}:`), r.error.message);
        assert.match(r.error.message, /Fix: /);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 0);
        assert.strictEqual(r.registered.length, 0);
    });

    it("gate on the built image: a mandatory finding from the image rejects the base image, so no ImageVersion is registered", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const fake = fakeInspector(() =>
            imageFactsOf({
                sizeBytes: known(31_000_000_000, "image", { via: "image config" }),
            }),
        );
        const r = await runProgram(build("big", { context: ctx }, fake.inspector));
        assert.strictEqual(r.error, undefined, "the Dockerfile alone passes");
        assert.strictEqual(byType(r.registered, "docker:index/image:Image").length, 1);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 0);
        await assert.rejects(valueOf(r.value!.imageUri), (e: Error) => {
            assert.ok(e instanceof pulumi.ResourceError);
            // The SDK prefixes the property path it was serializing (`error serializing property "baseImage": …`).
            assert.match(e.message, /RStudioImage "big": 1 mandatory finding in the built image \S+; no image version is registered\./);
            assert.match(e.message, /RSB011 image-size \[mandatory\]/);
            return true;
        });
        assert.ok(r.asyncErrors.some((e) => String((e as Error).message).includes("RSB011")), "the failure reaches the program");
    });

    it("a built image that cannot be inspected is still checked from its Dockerfile (with a warning)", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const failing = async (): Promise<ImageFacts> => {
            throw new Error("Docker daemon not reachable");
        };
        const r = await runProgram(build("cpu", { context: ctx }, failing));
        assert.strictEqual(r.error, undefined);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 1);
    });

    it("inspectImage: false skips the built-image inspection", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const fake = cleanInspector();
        const r = await runProgram(build("cpu", { context: ctx, inspectImage: false }, fake.inspector));
        assert.strictEqual(r.error, undefined);
        assert.deepStrictEqual(fake.refs, []);
        assert.strictEqual(byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 1);
    });

    it("uses an existing repository given by URL: no repository or lifecycle policy is created, the pull policy names it", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const url = "210987654321.dkr.ecr.us-east-1.amazonaws.com/team/rstudio";
        const r = await runProgram(build("cpu", { context: ctx, repository: url }));
        assert.strictEqual(r.error, undefined);
        assert.strictEqual(byType(r.registered, "aws:ecr/repository:Repository").length, 0);
        assert.strictEqual(byType(r.registered, "aws:ecr/lifecyclePolicy:LifecyclePolicy").length, 0);
        const lookup = r.calls.find((c) => c.token === "aws:ecr/getRepository:getRepository");
        assert.ok(lookup);
        assert.strictEqual(lookup.inputs.name, "team/rstudio");
        assert.strictEqual(lookup.inputs.registryId, "210987654321");
        const policy = JSON.parse(inputsOf(r.registered, "aws:iam/rolePolicy:RolePolicy").policy);
        assert.strictEqual(policy.Statement[0].Resource, "arn:aws:ecr:us-east-1:210987654321:repository/team/rstudio");
        assert.ok(String(inputsOf(r.registered, "docker:index/image:Image").imageName).startsWith(`${url}:ctx-`));
    });

    it("an existing repository whose URL makes the digest-pinned base image longer than AWS's 255 characters is refused before the build", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const host = "210987654321.dkr.ecr.us-east-1.amazonaws.com";
        const longName = `team/${"r".repeat(255 - host.length - 1 - 72 - 5 + 1)}`; // one character over
        const url = `${host}/${longName}`;
        assert.strictEqual(url.length + 72, 256);
        const byUrl = await runProgram(build("cpu", { context: ctx, repository: url }));
        assert.ok(byUrl.error instanceof pulumi.RunError);
        assert.match(byUrl.error.message, /would be 256 characters, and CreateImageVersion takes at most 255 \(ImageBaseImage in AWS's API model\)/);
        assert.strictEqual(byUrl.registered.length, 0);
        // By name, the URL is only known from the lookup: refused before the docker build is registered.
        const byName = await runProgram(build("cpu", { context: ctx, repository: longName.replace("team/", "team-x/") }));
        assert.strictEqual(byName.error, undefined);
        assert.strictEqual(byType(byName.registered, "docker:index/image:Image").length, 0);
        assert.strictEqual(byType(byName.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 0);
        assert.ok(byName.asyncErrors.some((e) => /CreateImageVersion takes at most 255/.test(String((e as Error).message))));
        // Exactly 255 is fine.
        const fits = await runProgram(build("cpu", { context: ctx, repository: url.slice(0, -1) }));
        assert.strictEqual(fits.error, undefined, fits.error?.message);
        assert.strictEqual(byType(fits.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 1);
    });

    it("published facts hide credential-looking values (the check saw them: RSB005 needs the real URL)", async () => {
        const text = compliantCpuDockerfile() + "\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
        const ctx = makeContext({ Dockerfile: text });
        const r = await runProgram(build("cpu", { context: ctx }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const published = JSON.stringify(inputsOf(r.registered, "sagemaker-rstudio:index:RStudioImage").facts);
        assert.ok(!published.includes("wJalrXUtnFEMI"), "component inputs carry no credential");
        assert.ok(published.includes("AWS_SECRET_ACCESS_KEY"));
        const output = JSON.stringify(await valueOf(r.value!.facts));
        assert.ok(!output.includes("wJalrXUtnFEMI"), "the facts output carries no credential");
    });

    it("uses a given role: no role or policy is created", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/existing`;
        const r = await runProgram(build("cpu", { context: ctx, roleArn, imageName: "team-rstudio" }));
        assert.strictEqual(r.error, undefined);
        assert.strictEqual(byType(r.registered, "aws:iam/role:Role").length, 0);
        assert.strictEqual(byType(r.registered, "aws:iam/rolePolicy:RolePolicy").length, 0);
        const smImage = inputsOf(r.registered, "aws:sagemaker/image:Image");
        assert.strictEqual(smImage.roleArn, roleArn);
        assert.strictEqual(smImage.imageName, "team-rstudio");
    });

    it("tags images by content: same sources → same tag; a changed file, build arg or target → a new tag", async () => {
        const text = compliantCpuDockerfile();
        const tagOf = async (ctx: string, extra: Partial<RStudioImageArgs> = {}) => {
            const r = await runProgram(build("cpu", { context: ctx, ...extra }));
            assert.strictEqual(r.error, undefined);
            return String(inputsOf(r.registered, "docker:index/image:Image").imageName).split(":").pop();
        };
        const a = makeContext({ Dockerfile: text, "site/Rprofile": "options(repos = 1)\n" });
        const b = makeContext({ Dockerfile: text, "site/Rprofile": "options(repos = 1)\n" });
        const c = makeContext({ Dockerfile: text, "site/Rprofile": "options(repos = 2)\n" });
        assert.strictEqual(await tagOf(a), await tagOf(b));
        assert.notStrictEqual(await tagOf(a), await tagOf(c));
        assert.notStrictEqual(await tagOf(a), await tagOf(a, { buildArgs: { R_VERSION: "4.4.1" } }));
    });

    describe("bad input: a clear error at construction", () => {
        it("missing Dockerfile", async () => {
            const ctx = makeContext({ "README.md": "no Dockerfile here" });
            const r = await runProgram(build("cpu", { context: ctx }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.match(r.error.message, /^RStudioImage "cpu": Dockerfile .*Dockerfile not found/);
            assert.strictEqual(r.registered.length, 0);
        });

        it("a Dockerfile path that does not exist", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            const r = await runProgram(build("cpu", { context: ctx, dockerfile: path.join(ctx, "nope.Dockerfile") }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.ok(r.error.message.includes(`Dockerfile ${path.join(ctx, "nope.Dockerfile")} not found`));
        });

        it("missing build context", async () => {
            const r = await runProgram(build("cpu", { context: "/nonexistent/rstudio-context" }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.match(r.error.message, /build context \/nonexistent\/rstudio-context does not exist/);
        });

        it("an unknown build arg", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            const r = await runProgram(build("cpu", { context: ctx, buildArgs: { RSW_VERSON: "2025.05.1" } }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.match(r.error.message, /build arg RSW_VERSON not declared by any ARG in .*Dockerfile\. Fix: /);
            assert.strictEqual(r.registered.length, 0);
        });

        it("bad checks config", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            const r = await runProgram(build("cpu", { context: ctx, checks: { rules: { RSB999: "disabled" } } }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.match(r.error.message, /^RStudioImage "cpu": checks: rules: unknown rule "RSB999"/);
            const r2 = await runProgram(build("cpu", { context: ctx, checks: { maxImageSizeGB: -1 } }));
            assert.match(r2.error!.message, /checks: maxImageSizeGB must be a positive number/);
        });

        it("an empty (not a Dockerfile) file", async () => {
            const ctx = makeContext({ Dockerfile: "" });
            const r = await runProgram(build("cpu", { context: ctx }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.match(r.error.message, /^RStudioImage "cpu": .*Dockerfile/);
        });

        it("an invalid image name", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            const r = await runProgram(build("cpu", { context: ctx, imageName: "has_underscore" }));
            assert.ok(r.error instanceof pulumi.RunError);
            assert.match(r.error.message, /imageName "has_underscore" does not match SageMaker's image name pattern/);
        });

        it("image names SageMaker refuses: a double dash (the ImageName pattern), a dot (the app image config name pattern)", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            const doubled = await runProgram(build("cpu", { context: ctx, imageName: "x--y" }));
            assert.ok(doubled.error instanceof pulumi.RunError);
            assert.match(doubled.error.message, /imageName "x--y" does not match SageMaker's image name pattern \[a-zA-Z0-9\]\(\[-\.\]\?\[a-zA-Z0-9\]\)\{0,62\}/);
            assert.strictEqual(doubled.registered.length, 0);
            const dotted = await runProgram(build("cpu", { context: ctx, imageName: "x.y" }));
            assert.match(dotted.error!.message, /"x\.y" is also the app image config name/);
            const long = await runProgram(build("cpu", { context: ctx, imageName: "a".repeat(64) }));
            assert.ok(long.error instanceof pulumi.RunError);
            const ok = await runProgram(build("cpu", { context: ctx, imageName: `a-${"b".repeat(61)}` }));
            assert.strictEqual(ok.error, undefined, "63 characters with single dashes is valid");
        });

        it("a build arg named __proto__ is rejected like any other undeclared name", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            // JSON.parse makes `__proto__` an own key, as a deserialized input from another language does.
            const buildArgs = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
            assert.deepStrictEqual(Object.keys(buildArgs), ["__proto__"]);
            const r = await runProgram(build("cpu", { context: ctx, buildArgs }));
            assert.ok(r.error instanceof pulumi.RunError, String(r.error));
            assert.match(r.error.message, /build arg __proto__ not declared by any ARG in .*Dockerfile\. Fix: remove it from `buildArgs`/);
            assert.strictEqual(r.registered.length, 0);
        });

        it("an unknown baseImage mode", async () => {
            const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
            const r = await runProgram(build("cpu", { context: ctx, baseImage: "always" as never }));
            assert.match(r.error!.message, /`baseImage` must be one of none, local, pull, got "always"/);
        });
    });

    it("checks config applies: a rule set to disabled does not gate", async () => {
        const text = compliantCpuDockerfile() + "\nCOPY model.bin /opt/ml/model/model.bin\n";
        const ctx = makeContext({ Dockerfile: text, "model.bin": "x" });
        const r = await runProgram(build("cpu", { context: ctx, checks: { rules: { "reserved-paths": "advisory" } } }));
        assert.strictEqual(r.error, undefined);
        const findings = inputsOf(r.registered, "sagemaker-rstudio:index:RStudioImage").findings as { rule: string; level: string }[];
        assert.ok(findings.some((f) => f.rule === "RSB007" && f.level === "advisory"));
        assert.strictEqual(byType(r.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 1);
    });

    it("programmingLang is left out when the image's R version is not known (a bare \"R\" breaks AWS's pattern)", async () => {
        const text = compliantCpuDockerfile().replace(/\/opt\/R\/\$\{R_VERSION\}\/bin\/R/g, "R");
        assert.ok(!text.includes("/opt/R/"), "the variant names no R install path");
        const ctx = makeContext({ Dockerfile: text });
        const r = await runProgram(build("cpu", { context: ctx }));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const version = inputsOf(r.registered, "aws:sagemaker/imageVersion:ImageVersion");
        assert.ok(!("programmingLang" in version) || version.programmingLang === undefined, `programmingLang: ${version.programmingLang}`);
        assert.strictEqual(await valueOf(r.value!.programmingLang), undefined);
    });

    it("programmingLang follows the built image: its R_VERSION wins only when it is the one R version seen", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const env = (v: string) =>
            known(
                {
                    R_VERSION: { value: v },
                    RSTUDIO_CONNECT_URL: { value: "" },
                    RSTUDIO_PACKAGE_MANAGER_URL: { value: "https://packagemanager.posit.co" },
                    RSTUDIO_FORCE_NON_ZERO_EXIT_CODE: { value: "1" },
                },
                "image",
                { via: "image config" },
            );
        const same = await runProgram(build("cpu", { context: ctx }, fakeInspector(() => imageFactsOf({ env: env("4.4.3") })).inspector));
        assert.strictEqual(inputsOf(same.registered, "aws:sagemaker/imageVersion:ImageVersion").programmingLang, "R 4.4.3");
        // The base ships R 4.5.1 as R_VERSION while the Dockerfile runs /opt/R/4.4.3: two versions, so none is claimed.
        const two = await runProgram(build("cpu", { context: ctx }, fakeInspector(() => imageFactsOf({ env: env("4.5.1") })).inspector));
        assert.strictEqual(inputsOf(two.registered, "aws:sagemaker/imageVersion:ImageVersion").programmingLang, undefined);
    });

    it("unverified mandatory findings do not stop construction; the gate on the built image decides them with its facts", async () => {
        // Posit's session image alone: the Dockerfile cannot show sudo, a JDK, reticulate… (the base was not inspected).
        const ctx = makeContext({ Dockerfile: "FROM rstudio/r-session-complete:jammy-2025.05.1\n" });
        const none = fakeInspector(() => imageFactsOf({ sizeBytes: known(3_000_000_000, "image", { via: "image config" }) }));
        const r = await runProgram(build("base-only", { context: ctx, baseImage: "none" }, none.inspector));
        assert.strictEqual(r.error, undefined, r.error?.message);
        const published = inputsOf(r.registered, "sagemaker-rstudio:index:RStudioImage").findings as { rule: string; level: string; unverified?: string; basis: string }[];
        const rsb002 = published.filter((f) => f.rule === "RSB002");
        assert.ok(rsb002.length > 0 && rsb002.every((f) => f.level === "mandatory" && /was not inspected/.test(f.unverified ?? "")), JSON.stringify(rsb002));
        assert.ok(rsb002.every((f) => f.basis.length > 0), "every finding says what decided it");
        // The built image's facts do not list the packages either, and this time they are the whole list: no version.
        const empty = fakeInspector(() =>
            imageFactsOf({
                systemPackages: known([], "image", { via: "dpkg status" }),
                rPackages: known([], "image", { via: "R library" }),
                pythonPackages: known([], "image", { via: "site-packages" }),
                env: known({}, "image", { via: "image config" }),
                sizeBytes: known(3_000_000_000, "image", { via: "image config" }),
            }),
        );
        const built = await runProgram(build("base-only", { context: ctx, baseImage: "none" }, empty.inspector));
        assert.strictEqual(built.error, undefined);
        assert.strictEqual(byType(built.registered, "aws:sagemaker/imageVersion:ImageVersion").length, 0);
        await assert.rejects(valueOf(built.value!.imageUri), /mandatory findings? in the built image .*RSB002 system-packages \[mandatory\]/s);
    });

    it("a component error never prints a secret: a secret repository URL is shown as [secret]", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const url = "210987654321.dkr.ecr.us-east-1.amazonaws.com/secret-team/rstudio";
        const big = fakeInspector(() => imageFactsOf({ sizeBytes: known(31_000_000_000, "image", { via: "image config" }) }));
        const r = await runProgram(build("big", { context: ctx, repository: pulumi.secret(url) }, big.inspector));
        assert.strictEqual(r.error, undefined);
        await assert.rejects(valueOf(r.value!.imageUri), (e: Error) => {
            assert.match(e.message, /in the built image \[secret\]; no image version is registered/);
            assert.ok(!e.message.includes("secret-team") && !e.message.includes("210987654321"), e.message);
            return true;
        });
    });

    it("at a preview that does not build, findings and facts are the Dockerfile's", async () => {
        const ctx = makeContext({ Dockerfile: compliantCpuDockerfile() });
        const fake = cleanInspector();
        const r = await runProgram(build("cpu", { context: ctx }, fake.inspector), { preview: true });
        assert.strictEqual(r.error, undefined);
        const facts = (await valueOf(r.value!.facts)) as ImageFacts;
        assert.deepStrictEqual(facts.sources, ["dockerfile", "context"]);
        assert.strictEqual(facts.sizeBytes.state, "unknown");
    });
});
