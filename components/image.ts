/**
 * RStudioImage: build a custom RStudio image, check it against the AWS spec, push it to ECR and register it with
 * SageMaker (Image, ImageVersion, AppImageConfig).
 *
 * The constructor is a list of steps (components/image-*.ts), each a function of plain values: validate → check the
 * Dockerfile (gate) → repository → build-and-push → pull role → check the built image (gate) → register. The check is
 * the one flow in `check/`; a finding blocks only when it is mandatory and rests on evidence (`isBlocking`).
 *
 * The args and the public outputs are shaped for `componentProviderHost`'s schema inference (plain interfaces,
 * enums as const objects, no private fields on the class): the same component serves TypeScript directly and every
 * other Pulumi language through `pulumi package add`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ImageInspector } from "../check";
import { TYPE_TOKENS, toFactsWire } from "../check/contract";
import { redactFacts } from "../core/redact";
import type { ImageFacts } from "../core";
import { IMAGE_COMPONENT, validateImageArgs, type RStudioCustomImage, type RStudioFinding, type RStudioImageArgs } from "./image-args";
import { BUILD_PLATFORM, checkBuilt, checkDockerfile, checkWithBase, findingOutputs, programmingLang, type BuiltCheck } from "./image-check";
import { baseImageLengthProblem, buildAndPushStep, pullRoleStep, registerStep, repositoryStep } from "./image-steps";
import { hashBuild } from "./context-hash";
import { loadChecks, sagemakerName, shownValue, userError, validImageName } from "./util";

export const RSTUDIO_IMAGE_TYPE = TYPE_TOKENS.rstudioImage;
export { BUILD_PLATFORM } from "./image-check";
export { DEFAULT_KEEP_IMAGES, lifecyclePolicyDocument } from "./image-steps";
export { pullPolicyDocument, SAGEMAKER_TRUST_POLICY } from "./iam";
export * from "./image-args";
export type { ImageInspector, RegistryAuth } from "../check";

/** Resource options of an RStudioImage. */
export interface RStudioImageOptions extends pulumi.ComponentResourceOptions {
    /** Replace the image inspector used for the built image and the base image (tests, custom Docker hosts). */
    imageInspector?: ImageInspector;
}

/** The content tag of a build: the hash of everything Docker would send, the Dockerfile, args, target and platform. */
function contentTag(name: string, input: { contextDir: string; dockerfilePath: string; buildArgs: Record<string, string>; target?: string }): string {
    try {
        const { digest } = hashBuild({ context: input.contextDir, dockerfile: input.dockerfilePath, buildArgs: input.buildArgs, target: input.target, platform: BUILD_PLATFORM });
        return `ctx-${digest.slice(0, 32)}`;
    } catch (e) {
        throw userError(IMAGE_COMPONENT, name, (e as Error).message);
    }
}

/**
 * Build, check, push and register a custom RStudio image for Amazon SageMaker.
 *
 * Creates (as children): an ECR repository with a lifecycle policy (unless `repository` is given), a Docker image
 * built for linux/amd64 and pushed with a content-derived immutable tag, an IAM role that can only pull from that
 * repository (unless `roleArn` is given), and the SageMaker Image, ImageVersion (digest-pinned) and AppImageConfig.
 * A verified mandatory finding stops the component before the ImageVersion exists.
 */
export class RStudioImage extends pulumi.ComponentResource {
    /** The ECR repository URL the image is pushed to. */
    public readonly repositoryUrl!: pulumi.Output<string>;
    /** The pushed image, pinned by digest (`<repositoryUrl>@sha256:…`): the ImageVersion's base image. */
    public readonly imageUri!: pulumi.Output<string>;
    /** The SageMaker image name. */
    public readonly imageName!: pulumi.Output<string>;
    /** The SageMaker image ARN. */
    public readonly imageArn!: pulumi.Output<string>;
    /** The SageMaker image version number (an integer, 1 for the first version). */
    public readonly imageVersion!: pulumi.Output<number>;
    /** The SageMaker app image config name. */
    public readonly appImageConfigName!: pulumi.Output<string>;
    /** The entry for a domain's `rSessionAppSettings.customImages`, version pinned. */
    public readonly customImage!: pulumi.Output<RStudioCustomImage>;
    /** The image's Workbench version (from the Dockerfile, its base image or the built image), when known. */
    public readonly workbenchVersion!: pulumi.Output<string | undefined>;
    /** The `ProgrammingLang` registered on the version (`R 4.4.3`), when the image's R version is known. */
    public readonly programmingLang!: pulumi.Output<string | undefined>;
    /** The findings of the spec check: from the Dockerfile (and base image), and from the built image once it exists. */
    public readonly findings!: pulumi.Output<RStudioFinding[]>;
    /** The facts the check used, as JSON (the `ImageFacts` shape of docs/rules.md). */
    public readonly facts!: pulumi.Output<{ [key: string]: any }>;

    constructor(name: string, args: RStudioImageArgs, opts: RStudioImageOptions = {}) {
        const { imageInspector, ...componentOpts } = opts;
        if (componentOpts.urn) {
            // Rehydrating a component created elsewhere: nothing to build or check here.
            super(RSTUDIO_IMAGE_TYPE, name, {}, componentOpts);
            return;
        }
        // Plan (plain values, may throw a user error): args, Dockerfile gate, names, content tag.
        const inputs = validateImageArgs(name, args);
        const config = loadChecks(IMAGE_COMPONENT, name, args.checks);
        const dockerfileCheck = checkDockerfile(name, inputs, config);
        const imageName = args.imageName ?? sagemakerName(name, pulumi.getStack());
        const nameProblem = validImageName(imageName);
        if (nameProblem !== undefined) throw userError(IMAGE_COMPONENT, name, `imageName ${nameProblem}`);
        const tag = contentTag(name, inputs);
        if (typeof args.repository === "string" && args.repository.includes("/") && /\.amazonaws\.com/.test(args.repository)) {
            const problem = baseImageLengthProblem(args.repository.trim().replace(/^https?:\/\//, "").replace(/[:@].*$/, ""));
            if (problem !== undefined) throw userError(IMAGE_COMPONENT, name, problem);
        }
        const published = pulumi.output(checkWithBase(inputs, config, dockerfileCheck, imageInspector));

        // Sent to the engine as the component's inputs: the policy pack reads imageName, gpu, facts and findings.
        super(
            RSTUDIO_IMAGE_TYPE,
            name,
            {
                ...args,
                context: inputs.contextArg,
                dockerfile: inputs.dockerfileArg,
                buildArgs: { ...inputs.buildArgs },
                gpu: inputs.gpu,
                baseImage: inputs.baseImage,
                imageName,
                appImageConfigName: imageName,
                platform: BUILD_PLATFORM,
                imageTag: tag,
                facts: published.apply((r) => toFactsWire(redactFacts(r.facts))),
                findings: published.apply((r) => findingOutputs(r.findings)),
            },
            componentOpts,
        );

        // What the analysis could not follow (unreadable context files, pragmas naming no rule): every adapter shows it.
        for (const note of dockerfileCheck.notes) pulumi.log.warn(note, this);
        const unverified = dockerfileCheck.findings.filter((f) => f.level === "mandatory" && f.unverified !== undefined);
        if (unverified.length > 0) {
            pulumi.log.info(
                `${unverified.length} mandatory finding${unverified.length === 1 ? "" : "s"} of ${inputs.dockerfileArg} rest on what the Dockerfile cannot show ` +
                    `(${unverified[0].unverified}); the gate on the built image decides ${unverified.length === 1 ? "it" : "them"}: ${unverified.map((f) => f.rule).join(", ")}`,
                this,
            );
        }

        const repo = repositoryStep(name, { imageName, repository: args.repository, keepImages: inputs.keepImages, tags: args.tags }, this);
        const buildOnPreview = args.buildOnPreview ?? false;
        const build = buildAndPushStep(
            name,
            { contextArg: inputs.contextArg, dockerfileArg: inputs.dockerfileArg, buildArgs: inputs.buildArgs, target: inputs.target, platform: BUILD_PLATFORM, tag, buildOnPreview },
            repo,
            this,
            (message) => new pulumi.ResourceError(`${IMAGE_COMPONENT} "${name}": ${message}`, this, true),
        );
        const role = pullRoleStep(name, { imageName, roleArn: args.roleArn, repositoryArn: repo.arn, tags: args.tags }, this);

        // The gate on the built image: facts from the image over the Dockerfile's, the digest the version points at.
        const dryRun = pulumi.runtime.isDryRun();
        const inspectBuilt = args.inspectImage !== false;
        const checked: pulumi.Output<BuiltCheck> = pulumi.all([build.digest, build.localRef, build.auth]).apply(async ([digest, localRef, auth]) => {
            const shownRef = await shownValue(build.localRef, localRef);
            // At preview (buildOnPreview) the image is built but not pushed: no repository digest to check yet.
            const pinned = digest.includes("@sha256:") || !dryRun;
            try {
                return await checkBuilt(name, inputs, config, { localRef, digest, pinned, auth }, { inspectBuilt, inspector: imageInspector, warn: (m) => pulumi.log.warn(m.split(localRef).join(shownRef), this) });
            } catch (e) {
                throw new pulumi.ResourceError((e as Error).message.split(localRef).join(shownRef), this, true);
            }
        });

        const registered = registerStep(
            name,
            {
                imageName,
                appImageConfigName: imageName,
                roleArn: role.roleArn,
                baseImage: checked.apply((c) => c.imageUri),
                processor: inputs.gpu ? "GPU" : "CPU",
                programmingLang: checked.apply((c) => programmingLang(c.facts)),
                displayName: args.displayName,
                description: args.description,
                releaseNotes: args.releaseNotes,
                tags: args.tags,
            },
            [build.image, ...role.ready],
            this,
        );

        // Findings/facts: the built image's once it exists; at a preview that does not build, the published check's.
        const showPublished = dryRun && !buildOnPreview;
        const facts: pulumi.Output<ImageFacts> = showPublished ? published.apply((r) => r.facts) : checked.apply((c) => c.facts);
        this.repositoryUrl = repo.url;
        this.imageUri = checked.apply((c) => c.imageUri);
        this.imageName = registered.image.imageName;
        this.imageArn = registered.image.arn;
        this.imageVersion = registered.version.version;
        this.appImageConfigName = registered.appImageConfig.appImageConfigName;
        this.customImage = pulumi
            .all([registered.image.imageName, registered.appImageConfig.appImageConfigName, registered.version.version])
            .apply(([imageName, appImageConfigName, imageVersionNumber]) => ({ imageName, appImageConfigName, imageVersionNumber }));
        this.workbenchVersion = workbenchVersionOf(dockerfileCheck.facts, facts);
        this.programmingLang = showPublished ? published.apply((r) => programmingLang(r.facts)) : checked.apply((c) => programmingLang(c.facts));
        this.findings = showPublished ? published.apply((r) => findingOutputs(r.findings)) : checked.apply((c) => findingOutputs(c.findings));
        // Published after the check (RSB005 needs the real URLs): credential-looking values hidden (issue 12 row 12).
        this.facts = facts.apply((f) => toFactsWire(redactFacts(f))) as pulumi.Output<{ [key: string]: any }>;
        this.registerOutputs({
            repositoryUrl: this.repositoryUrl,
            imageUri: this.imageUri,
            imageName: this.imageName,
            imageArn: this.imageArn,
            imageVersion: this.imageVersion,
            appImageConfigName: this.appImageConfigName,
            customImage: this.customImage,
            workbenchVersion: this.workbenchVersion,
            programmingLang: this.programmingLang,
            findings: this.findings,
            facts: this.facts,
        });
    }
}

/** The Dockerfile's Workbench version (known at preview), else the one the later facts know. */
function workbenchVersionOf(dockerfileFacts: ImageFacts, later: pulumi.Output<ImageFacts>): pulumi.Output<string | undefined> {
    if (dockerfileFacts.workbenchVersion.state === "known") return pulumi.output(dockerfileFacts.workbenchVersion.value);
    return later.apply((f) => (f.workbenchVersion?.state === "known" ? f.workbenchVersion.value : undefined));
}
