/**
 * RStudioImage: build a custom RStudio image, check it against the AWS spec, push it to ECR and register it with
 * SageMaker (Image, ImageVersion, AppImageConfig).
 *
 * The checks are the spec's rules (`core/`), fed with facts from the Dockerfile at construction and from the built
 * image once it exists. A mandatory finding stops the component before any ImageVersion is registered.
 *
 * The args and the public output properties are shaped for `componentProviderHost`'s schema inference (plain
 * interfaces, no unions, no private fields on the class): the same component serves TypeScript directly and every
 * other Pulumi language through `pulumi package add`.
 */
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { inspectDockerfileFile } from "../inspect/dockerfile";
import {
    evaluate,
    Finding,
    formatFinding,
    hasMandatory,
    ImageFacts,
    mergeFacts,
    SpecConfig,
    withContext,
} from "../core";
import { hashBuild } from "./context-hash";
import { checkString, describe, ecrRepositoryName, SAGEMAKER_NAME, sagemakerName, loadChecks, userError } from "./util";

export const RSTUDIO_IMAGE_TYPE = "sagemaker-rstudio:index:RStudioImage";

/** SageMaker runs RSessions on x86_64 only (RSB012): every build is for this platform. */
export const BUILD_PLATFORM = "linux/amd64";

/** Default number of images the ECR lifecycle policy keeps. */
export const DEFAULT_KEEP_IMAGES = 10;

const COMPONENT = "RStudioImage";

/** A Workbench version SageMaker lists as deprecated (rule RSB015). */
export interface RStudioDeprecatedVersion {
    /** A Workbench version; the entry matches every image of the same `YYYY.MM` line, e.g. `2024.04.2+764.pro1`. */
    version: string;
    /** ISO date (YYYY-MM-DD) SageMaker deprecates (or deprecated) the version. */
    deprecatedOn?: string;
    /** Free text shown with the finding. */
    note?: string;
}

/**
 * The spec configuration: the same keys as the CLI's `--config` file and the policy pack's config.
 */
export interface RStudioChecks {
    /** Lowest Workbench version accepted for the base image (RSB001). Default `2022.02.2-485.pro2`. */
    minWorkbenchVersion?: string;
    /** Image size limit in decimal GB (RSB011). Default 25. */
    maxImageSizeGB?: number;
    /** Replaces the built-in table of deprecated Workbench versions (RSB015). */
    deprecatedVersions?: RStudioDeprecatedVersion[];
    /** Per-rule level by rule id or slug: `mandatory`, `advisory` or `disabled`, e.g. `{ "RSB006": "disabled" }`. */
    rules?: { [ruleIdOrSlug: string]: string };
    /** The date (YYYY-MM-DD) used to tell deprecated from scheduled-for-deprecation versions. Default: today (UTC). */
    asOf?: string;
}

/** One entry of a domain's `defaultUserSettings.rSessionAppSettings.customImages`. */
export interface RStudioCustomImage {
    /** SageMaker image name. */
    imageName: string;
    /** SageMaker app image config name. */
    appImageConfigName: string;
    /** The image version to pin; without it SageMaker uses the latest version. */
    imageVersionNumber?: number;
}

/** A finding of the spec check (rule id, slug, level, message, fix, where). */
export interface RStudioFinding {
    /** Rule id, e.g. `RSB005`. */
    rule: string;
    /** Rule slug, e.g. `env-defaults`. */
    slug: string;
    /** `mandatory` or `advisory`. */
    level: string;
    /** What is wrong. */
    message: string;
    /** How to fix it. */
    fix: string;
    /** Which source decided: `dockerfile`, `image` or `context`. */
    source: string;
    /** The Dockerfile the finding is about. */
    file?: string;
    /** The Dockerfile line the finding is about. */
    line?: number;
}

/** The arguments of an RStudioImage. Build inputs are plain values: they are read when the program runs. */
export interface RStudioImageArgs {
    /** The Docker build context directory (relative to the program's working directory, or absolute). */
    context: string;
    /**
     * The Dockerfile, relative to the program's working directory (like `docker build -f`), or absolute.
     * Default: `<context>/Dockerfile`.
     */
    dockerfile?: string;
    /** Build arguments (`--build-arg`). Each must be declared by an `ARG` in the Dockerfile. */
    buildArgs?: { [name: string]: string };
    /** The Dockerfile stage to build (`--target`). Default: the last stage. */
    target?: string;
    /** Whether the image is for GPU instances: registers the version with processor `GPU` and applies the GPU rules. Default `false` (CPU). */
    gpu?: boolean;
    /** The spec configuration (same keys as the CLI's `--config`). */
    checks?: RStudioChecks;
    /**
     * An existing ECR repository, by name (`team/rstudio`) or URL (`123456789012.dkr.ecr.us-east-1.amazonaws.com/team/rstudio`).
     * Default: the component creates one (scan on push, immutable tags, lifecycle policy).
     */
    repository?: pulumi.Input<string>;
    /** How many images the created repository keeps (ECR lifecycle policy). Default 10. Ignored with `repository`. */
    keepImages?: number;
    /**
     * The SageMaker image name (also the app image config name), `[a-zA-Z0-9-]`, at most 63 characters.
     * Default: derived from the resource name and the stack name, so it is known at preview.
     */
    imageName?: string;
    /** The SageMaker image's display name. */
    displayName?: string;
    /** The SageMaker image's description. */
    description?: string;
    /** Release notes recorded on each image version. */
    releaseNotes?: string;
    /**
     * The IAM role SageMaker assumes to pull the image. Default: the component creates a role trusted by
     * `sagemaker.amazonaws.com` that can only pull from this image's repository.
     */
    roleArn?: pulumi.Input<string>;
    /** Build the image during `pulumi preview` too (docker.Image `buildOnPreview`). Default `false`. */
    buildOnPreview?: boolean;
    /**
     * Inspect the built image through the local Docker Engine API and check its facts (size, installed packages,
     * files) before the image version is registered. Default `true`.
     */
    inspectImage?: boolean;
    /** Tags for every AWS resource the component creates. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Registry credentials handed to an image inspector (Docker Engine API auth config). */
export interface RegistryAuth {
    username: string;
    password: string;
    serveraddress: string;
}

/** Reads facts from a built image (default: `inspect/image` through the Docker Engine API). */
export type ImageInspector = (ref: string, options: { auth?: RegistryAuth }) => Promise<ImageFacts>;

/** Resource options of an RStudioImage. */
export interface RStudioImageOptions extends pulumi.ComponentResourceOptions {
    /** Replace the built-image inspector (tests, custom Docker hosts). */
    imageInspector?: ImageInspector;
}

/** What the component decided at construction, before any resource exists. */
interface ImagePlan {
    contextArg: string;
    dockerfileArg: string;
    buildArgs: Record<string, string>;
    target?: string;
    gpu: boolean;
    config: SpecConfig;
    /** Dockerfile facts with the build context (processor, platform). */
    facts: ImageFacts;
    findings: Finding[];
    imageName: string;
    appImageConfigName: string;
    tag: string;
}

/** Construction-time facts of each RStudioImage, read by RStudioDomain for RSB013 (no fields on the class: see above). */
const CHECK_STATE = new WeakMap<object, { facts: ImageFacts; config: SpecConfig; label: string }>();

/** The Dockerfile facts and spec config of an RStudioImage created in this process, if `value` is one. */
export function imageCheckState(value: unknown): { facts: ImageFacts; config: SpecConfig; label: string } | undefined {
    return typeof value === "object" && value !== null ? CHECK_STATE.get(value) : undefined;
}

function toFindingOutputs(findings: readonly Finding[]): RStudioFinding[] {
    return findings.map((f) => ({ ...f }));
}

function mandatoryMessage(name: string, findings: readonly Finding[], stage: string): string {
    const mandatory = findings.filter((f) => f.level === "mandatory");
    const lines = mandatory.map((f) => `  ${formatFinding(f)}`);
    return (
        `${COMPONENT} "${name}": ${mandatory.length} mandatory finding${mandatory.length === 1 ? "" : "s"} ${stage}; ` +
        `no image version is registered.\n${lines.join("\n")}`
    );
}

/** Validate the args, read the Dockerfile, evaluate the spec and compute the image tag. Throws user errors. */
function planImage(name: string, args: RStudioImageArgs): ImagePlan {
    if (args === undefined || args === null || typeof args !== "object") throw userError(COMPONENT, name, "args are required");
    checkString(COMPONENT, name, "context", args.context, true);
    for (const key of ["dockerfile", "target", "imageName", "displayName", "description", "releaseNotes"] as const) {
        checkString(COMPONENT, name, key, args[key]);
    }
    if (args.gpu !== undefined && typeof args.gpu !== "boolean") throw userError(COMPONENT, name, `\`gpu\` must be a boolean, got ${describe(args.gpu)}`);
    const buildArgs: Record<string, string> = {};
    if (args.buildArgs !== undefined && args.buildArgs !== null) {
        if (typeof args.buildArgs !== "object" || Array.isArray(args.buildArgs) || pulumi.Output.isInstance(args.buildArgs)) {
            throw userError(COMPONENT, name, `\`buildArgs\` must map names to strings, got ${describe(args.buildArgs)}`);
        }
        for (const [k, v] of Object.entries(args.buildArgs)) {
            if (typeof v !== "string") throw userError(COMPONENT, name, `buildArgs.${k} must be a string, got ${describe(v)}`);
            buildArgs[k] = v;
        }
    }
    if (args.keepImages !== undefined && (!Number.isInteger(args.keepImages) || args.keepImages < 1)) {
        throw userError(COMPONENT, name, `\`keepImages\` must be a whole number ≥ 1, got ${JSON.stringify(args.keepImages)}`);
    }

    const contextArg = args.context;
    const contextDir = path.resolve(contextArg);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(contextDir);
    } catch {
        throw userError(COMPONENT, name, `build context ${contextArg} does not exist (resolved to ${contextDir})`);
    }
    if (!stat.isDirectory()) throw userError(COMPONENT, name, `build context ${contextArg} is not a directory`);
    try {
        fs.accessSync(contextDir, fs.constants.R_OK | fs.constants.X_OK);
        fs.readdirSync(contextDir);
    } catch (e) {
        throw userError(COMPONENT, name, `build context ${contextArg} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }

    const dockerfileArg = args.dockerfile ?? path.join(contextArg, "Dockerfile");
    const dockerfilePath = path.resolve(dockerfileArg);
    if (!fs.existsSync(dockerfilePath)) {
        throw userError(
            COMPONENT,
            name,
            `Dockerfile ${dockerfileArg} not found` +
                (args.dockerfile === undefined ? ` (no \`dockerfile\` given, so <context>/Dockerfile is used; set \`dockerfile\`)` : ""),
        );
    }
    if (!fs.statSync(dockerfilePath).isFile()) throw userError(COMPONENT, name, `Dockerfile ${dockerfileArg} is not a file`);

    const config: SpecConfig = loadChecks(COMPONENT, name, args.checks);

    let inspected: ReturnType<typeof inspectDockerfileFile>;
    try {
        inspected = inspectDockerfileFile(dockerfileArg, { buildArgs, target: args.target, context: contextDir });
    } catch (e) {
        throw userError(COMPONENT, name, (e as Error).message);
    }
    if (inspected.unusedBuildArgs.length > 0) {
        const names = inspected.unusedBuildArgs.join(", ");
        throw userError(
            COMPONENT,
            name,
            `build arg${inspected.unusedBuildArgs.length === 1 ? "" : "s"} ${names} not declared by any ARG in ${dockerfileArg}. ` +
                `Fix: remove ${inspected.unusedBuildArgs.length === 1 ? "it" : "them"} from \`buildArgs\` or declare ARG ${inspected.unusedBuildArgs[0]} in the Dockerfile.`,
        );
    }

    const gpu = args.gpu ?? false;
    const facts = withContext(inspected.facts, { gpu, platform: BUILD_PLATFORM });
    const findings = evaluate(facts, config);
    if (hasMandatory(findings)) throw new pulumi.RunError(mandatoryMessage(name, findings, `in ${dockerfileArg}`));

    const imageName = args.imageName ?? sagemakerName(name, pulumi.getStack());
    if (!SAGEMAKER_NAME.test(imageName)) {
        throw userError(COMPONENT, name, `imageName "${imageName}" is not a valid SageMaker image name (letters, digits and single dashes, at most 63 characters)`);
    }

    let tag: string;
    try {
        tag = `ctx-${hashBuild({ context: contextDir, dockerfile: dockerfilePath, buildArgs, target: args.target, platform: BUILD_PLATFORM }).digest.slice(0, 32)}`;
    } catch (e) {
        throw userError(COMPONENT, name, (e as Error).message);
    }

    const plan: ImagePlan = { contextArg, dockerfileArg, buildArgs, gpu, config, facts, findings, imageName, appImageConfigName: imageName, tag };
    if (args.target !== undefined) plan.target = args.target;
    return plan;
}

/** `name` or URL → `{name, registryId?}`. */
function parseRepositoryRef(ref: string): { name: string; registryId?: string } {
    const m = /^(?:https?:\/\/)?(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/(.+)$/.exec(ref.trim());
    if (m) return { name: m[2].replace(/[:@].*$/, ""), registryId: m[1] };
    return { name: ref.trim() };
}

/** The ECR lifecycle policy that keeps the newest `keep` images. */
export function lifecyclePolicyDocument(keep: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Keep the newest ${keep} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
                action: { type: "expire" },
            },
        ],
    });
}

/** The role SageMaker assumes to pull the image: trusted by sagemaker.amazonaws.com only. */
export const SAGEMAKER_TRUST_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** Pull from one repository; `ecr:GetAuthorizationToken` has no resource-level scoping, so it is on `*`. */
export function pullPolicyDocument(repositoryArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PullThisRepository",
                Effect: "Allow",
                Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                Resource: repositoryArn,
            },
            { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        ],
    });
}

/** The result of checking the built image. */
interface BuiltCheck {
    imageUri: string;
    facts: ImageFacts;
    findings: Finding[];
}

function defaultInspector(): ImageInspector {
    // Loaded on first use: Docker Engine API client code is only needed once an image has been built.
    return async (ref, options) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require("../inspect/image") as typeof import("../inspect/image");
        return mod.inspectImage(ref, options);
    };
}

/**
 * Build, check, push and register a custom RStudio image for Amazon SageMaker.
 *
 * Creates (as children): an ECR repository with a lifecycle policy (unless `repository` is given), a docker.Image
 * built for linux/amd64 and pushed with a content-derived immutable tag, an IAM role that can only pull from that
 * repository (unless `roleArn` is given), and the SageMaker Image, ImageVersion (digest-pinned) and AppImageConfig.
 * A mandatory finding of the spec check stops the component before the ImageVersion exists.
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
    /** The SageMaker image version number. */
    public readonly imageVersion!: pulumi.Output<number>;
    /** The SageMaker image version number (same as `imageVersion`; the name a domain's custom image entry uses). */
    public readonly imageVersionNumber!: pulumi.Output<number>;
    /** The SageMaker app image config name. */
    public readonly appImageConfigName!: pulumi.Output<string>;
    /** The entry for a domain's `rSessionAppSettings.customImages`, version pinned. */
    public readonly customImage!: pulumi.Output<RStudioCustomImage>;
    /** The image's Workbench version (from the Dockerfile, or the built image once inspected), when known. */
    public readonly workbenchVersion!: pulumi.Output<string | undefined>;
    /** The findings of the spec check: from the Dockerfile, and from the built image once it exists. */
    public readonly findings!: pulumi.Output<RStudioFinding[]>;
    /** The facts the check used (`ImageFacts` as JSON). */
    public readonly facts!: pulumi.Output<{ [key: string]: any }>;

    constructor(name: string, args: RStudioImageArgs, opts: RStudioImageOptions = {}) {
        const { imageInspector, ...componentOpts } = opts;
        if (componentOpts.urn) {
            // Rehydrating a component created elsewhere: nothing to build or check here.
            super(RSTUDIO_IMAGE_TYPE, name, {}, componentOpts);
            return;
        }
        const plan = planImage(name, args);
        const staticFindings = toFindingOutputs(plan.findings);

        // Sent to the engine as the component's inputs: the policy pack reads imageName, gpu, facts and findings.
        super(
            RSTUDIO_IMAGE_TYPE,
            name,
            {
                ...args,
                context: plan.contextArg,
                dockerfile: plan.dockerfileArg,
                buildArgs: plan.buildArgs,
                gpu: plan.gpu,
                imageName: plan.imageName,
                appImageConfigName: plan.appImageConfigName,
                platform: BUILD_PLATFORM,
                imageTag: plan.tag,
                facts: plan.facts,
                findings: staticFindings,
            },
            componentOpts,
        );
        CHECK_STATE.set(this, { facts: plan.facts, config: plan.config, label: plan.imageName });

        const parent: pulumi.CustomResourceOptions = { parent: this };
        const tags = args.tags;

        // ECR repository: created (scan on push, immutable tags, lifecycle) or an existing one.
        let repositoryUrl: pulumi.Output<string>;
        let repositoryArn: pulumi.Output<string>;
        let registryId: pulumi.Output<string>;
        const pushDependencies: pulumi.Resource[] = [];
        if (args.repository === undefined || args.repository === null) {
            const repo = new aws.ecr.Repository(
                `${name}-repo`,
                {
                    name: ecrRepositoryName(plan.imageName),
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    forceDelete: false,
                    tags,
                },
                parent,
            );
            const lifecycle = new aws.ecr.LifecyclePolicy(
                `${name}-lifecycle`,
                { repository: repo.name, policy: lifecyclePolicyDocument(args.keepImages ?? DEFAULT_KEEP_IMAGES) },
                parent,
            );
            pushDependencies.push(lifecycle);
            repositoryUrl = repo.repositoryUrl;
            repositoryArn = repo.arn;
            registryId = repo.registryId;
        } else {
            const ref = pulumi.output(args.repository).apply(parseRepositoryRef);
            const existing = aws.ecr.getRepositoryOutput({ name: ref.name, registryId: ref.registryId }, parent);
            repositoryUrl = existing.repositoryUrl;
            repositoryArn = existing.arn;
            registryId = existing.registryId;
        }

        // Registry credentials: a short-lived ECR token, kept secret in the state.
        const token = aws.ecr.getAuthorizationTokenOutput({ registryId }, parent);
        const registryServer = repositoryUrl.apply((u) => u.split("/")[0]);

        const built = new docker.Image(
            `${name}-image`,
            {
                imageName: pulumi.interpolate`${repositoryUrl}:${plan.tag}`,
                build: {
                    context: plan.contextArg,
                    dockerfile: plan.dockerfileArg,
                    args: plan.buildArgs,
                    platform: BUILD_PLATFORM,
                    target: plan.target,
                },
                registry: {
                    server: registryServer,
                    username: token.userName,
                    password: pulumi.secret(token.password),
                },
                buildOnPreview: args.buildOnPreview ?? false,
                skipPush: false,
            },
            { parent: this, dependsOn: pushDependencies },
        );

        // The role SageMaker assumes to pull the image: this repository only, no managed policies.
        let roleArn: pulumi.Output<string>;
        const roleDependencies: pulumi.Resource[] = [];
        if (args.roleArn === undefined || args.roleArn === null) {
            const role = new aws.iam.Role(
                `${name}-role`,
                { assumeRolePolicy: SAGEMAKER_TRUST_POLICY, description: `SageMaker pulls the RStudio image ${plan.imageName}`, tags },
                parent,
            );
            const pull = new aws.iam.RolePolicy(`${name}-pull`, { role: role.id, policy: repositoryArn.apply(pullPolicyDocument) }, parent);
            roleDependencies.push(pull);
            roleArn = role.arn;
        } else {
            roleArn = pulumi.output(args.roleArn);
        }

        const smImage = new aws.sagemaker.Image(
            `${name}-sm-image`,
            { imageName: plan.imageName, roleArn, displayName: args.displayName, description: args.description, tags },
            { parent: this, dependsOn: roleDependencies },
        );

        // Check the built image: facts from the image (through the inspector) merged over the Dockerfile's, plus the
        // digest the version will point at. A mandatory finding rejects the base image: the version is not created.
        const dryRun = pulumi.runtime.isDryRun();
        const inspector = args.inspectImage === false ? undefined : (imageInspector ?? defaultInspector());
        const self = this;
        // The registry credentials are only handed to the inspector (to pull when the image is not in the local
        // daemon); the check's result holds no credential, so it need not be secret.
        const inspectAuth = pulumi.unsecret(
            pulumi.all([token.userName, token.password, registryServer]).apply(([username, password, serveraddress]) => ({ username, password, serveraddress })),
        );
        const checked: pulumi.Output<BuiltCheck> = pulumi.all([built.repoDigest, built.imageName, inspectAuth]).apply(async ([digest, localRef, auth]) => {
            let facts = plan.facts;
            if (inspector !== undefined) {
                try {
                    facts = mergeFacts(plan.facts, await inspector(localRef, { auth }));
                } catch (e) {
                    pulumi.log.warn(`could not inspect the built image ${localRef}, so only the Dockerfile was checked: ${(e as Error).message}`, self);
                }
            }
            const pinned = digest.includes("@sha256:");
            // At preview (buildOnPreview) the image is built but not pushed: no repository digest to check yet.
            const ctx = pinned || !dryRun ? { gpu: plan.gpu, platform: BUILD_PLATFORM, imageUri: digest } : { gpu: plan.gpu, platform: BUILD_PLATFORM };
            facts = withContext(facts, ctx);
            const findings = evaluate(facts, plan.config);
            if (hasMandatory(findings)) {
                throw new pulumi.ResourceError(mandatoryMessage(name, findings, `in the built image ${localRef}`), self, true);
            }
            return { imageUri: digest, facts, findings };
        });

        const version = new aws.sagemaker.ImageVersion(
            `${name}-version`,
            {
                imageName: smImage.imageName,
                baseImage: checked.apply((c) => c.imageUri),
                processor: plan.gpu ? "GPU" : "CPU",
                programmingLang: "R",
                releaseNotes: args.releaseNotes,
            },
            { parent: this, dependsOn: [built, ...roleDependencies] },
        );

        const appImageConfig = new aws.sagemaker.AppImageConfig(
            `${name}-app-image-config`,
            { appImageConfigName: plan.appImageConfigName, tags },
            parent,
        );

        // Findings/facts: the built image's once it exists; at a preview that does not build, the Dockerfile's.
        const showStatic = dryRun && !(args.buildOnPreview ?? false);
        const findings = showStatic ? pulumi.output(staticFindings) : checked.apply((c) => toFindingOutputs(c.findings));
        const facts = showStatic ? pulumi.output(plan.facts) : checked.apply((c) => c.facts);
        const staticVersion = plan.facts.workbenchVersion.state === "known" ? plan.facts.workbenchVersion.value : undefined;

        this.repositoryUrl = repositoryUrl;
        this.imageUri = checked.apply((c) => c.imageUri);
        this.imageName = smImage.imageName;
        this.imageArn = smImage.arn;
        this.imageVersion = version.version;
        this.imageVersionNumber = version.version;
        this.appImageConfigName = appImageConfig.appImageConfigName;
        this.customImage = pulumi
            .all([smImage.imageName, appImageConfig.appImageConfigName, version.version])
            .apply(([imageName, appImageConfigName, imageVersionNumber]) => ({ imageName, appImageConfigName, imageVersionNumber }));
        this.workbenchVersion =
            staticVersion !== undefined
                ? pulumi.output(staticVersion)
                : facts.apply((f) => (f.workbenchVersion?.state === "known" ? (f.workbenchVersion.value as string) : undefined));
        this.findings = findings;
        this.facts = facts as pulumi.Output<{ [key: string]: any }>;

        this.registerOutputs({
            repositoryUrl: this.repositoryUrl,
            imageUri: this.imageUri,
            imageName: this.imageName,
            imageArn: this.imageArn,
            imageVersion: this.imageVersion,
            imageVersionNumber: this.imageVersionNumber,
            appImageConfigName: this.appImageConfigName,
            customImage: this.customImage,
            workbenchVersion: this.workbenchVersion,
            findings: this.findings,
            facts: this.facts,
        });
    }
}
