/**
 * The RStudioImage's resource steps: repository, build-and-push, pull role, register. Each takes plain values (and
 * the Outputs of the step before) and returns what the next step needs; the class only calls them in order.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { pullPolicyDocument, SAGEMAKER_TRUST_POLICY } from "./iam";
import type { RegistryAuth } from "../check";
import { DIGEST_SUFFIX_LENGTH, ecrRepositoryName, MAX_BASE_IMAGE_LENGTH, shownValue } from "./util";

/** Default number of images the ECR lifecycle policy keeps. */
export const DEFAULT_KEEP_IMAGES = 10;

type Tags = pulumi.Input<{ [key: string]: pulumi.Input<string> }> | undefined;

/** `name` or URL → `{name, registryId?}`. */
export function parseRepositoryRef(ref: string): { name: string; registryId?: string } {
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

export interface RepositoryStep {
    url: pulumi.Output<string>;
    arn: pulumi.Output<string>;
    registryId: pulumi.Output<string>;
    /** What a push must wait for (the lifecycle policy of a created repository). */
    ready: pulumi.Resource[];
}

/** Step "repository": a created repository (scan on push, immutable tags, lifecycle) or an existing one. */
export function repositoryStep(
    name: string,
    input: { imageName: string; repository?: pulumi.Input<string>; keepImages?: number; tags: Tags },
    parent: pulumi.Resource,
): RepositoryStep {
    if (input.repository !== undefined && input.repository !== null) {
        const ref = pulumi.output(input.repository).apply(parseRepositoryRef);
        const existing = aws.ecr.getRepositoryOutput({ name: ref.name, registryId: ref.registryId }, { parent });
        return { url: existing.repositoryUrl, arn: existing.arn, registryId: existing.registryId, ready: [] };
    }
    const repo = new aws.ecr.Repository(
        `${name}-repo`,
        {
            name: ecrRepositoryName(input.imageName),
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            forceDelete: false,
            tags: input.tags,
        },
        { parent },
    );
    const lifecycle = new aws.ecr.LifecyclePolicy(
        `${name}-lifecycle`,
        { repository: repo.name, policy: lifecyclePolicyDocument(input.keepImages ?? DEFAULT_KEEP_IMAGES) },
        { parent },
    );
    return { url: repo.repositoryUrl, arn: repo.arn, registryId: repo.registryId, ready: [lifecycle] };
}

export interface BuildStep {
    image: docker.Image;
    /** The pushed reference with its content tag (`<repo>:ctx-…`): what the inspector reads. */
    localRef: pulumi.Output<string>;
    /** The repository digest (`<repo>@sha256:…`) once pushed. */
    digest: pulumi.Output<string>;
    /** Registry credentials (a short-lived ECR token) for the inspector; never an output of the component. */
    auth: pulumi.Output<RegistryAuth>;
}

/**
 * Why a repository URL cannot carry an ImageVersion, or undefined: the digest-pinned reference
 * `<url>@sha256:<64 hex>` must fit AWS's `ImageBaseImage` (at most 255 characters).
 */
export function baseImageLengthProblem(url: string, shown: string = url): string | undefined {
    const length = url.length + DIGEST_SUFFIX_LENGTH;
    if (length <= MAX_BASE_IMAGE_LENGTH) return undefined;
    return (
        `repository ${shown} is too long for SageMaker: the image version's base image <repository URL>@sha256:<digest> would be ${length} characters, ` +
        `and CreateImageVersion takes at most ${MAX_BASE_IMAGE_LENGTH} (ImageBaseImage in AWS's API model). Fix: use a repository whose URL has at most ${MAX_BASE_IMAGE_LENGTH - DIGEST_SUFFIX_LENGTH} characters.`
    );
}

/** Step "build-and-push": build for linux/amd64 with a content-derived immutable tag and push with an ECR token. */
export function buildAndPushStep(
    name: string,
    input: { contextArg: string; dockerfileArg: string; buildArgs: Record<string, string>; target?: string; platform: string; tag: string; buildOnPreview: boolean },
    repo: RepositoryStep,
    parent: pulumi.Resource,
    fail: (message: string) => Error,
): BuildStep {
    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent });
    const server = repo.url.apply((u) => u.split("/")[0]);
    // Refused before the build: SageMaker would refuse the version only after the push.
    const url = repo.url.apply(async (u) => {
        const problem = baseImageLengthProblem(u, await shownValue(repo.url, u));
        if (problem !== undefined) throw fail(problem);
        return u;
    });
    const image = new docker.Image(
        `${name}-image`,
        {
            imageName: pulumi.interpolate`${url}:${input.tag}`,
            build: {
                context: input.contextArg,
                dockerfile: input.dockerfileArg,
                args: { ...input.buildArgs },
                platform: input.platform,
                target: input.target,
            },
            registry: { server, username: token.userName, password: pulumi.secret(token.password) },
            buildOnPreview: input.buildOnPreview,
            skipPush: false,
        },
        { parent, dependsOn: repo.ready },
    );
    // The credentials only go to the inspector (to pull when the image is not in the local daemon); what the
    // check returns holds no credential, so the check's result need not be secret.
    const auth = pulumi.unsecret(
        pulumi.all([token.userName, token.password, server]).apply(([username, password, serveraddress]) => ({ username, password, serveraddress })),
    );
    return { image, localRef: image.imageName, digest: image.repoDigest, auth };
}

export interface PullRoleStep {
    roleArn: pulumi.Output<string>;
    /** What registration must wait for (the role's policy). */
    ready: pulumi.Resource[];
}

/** Step "pull role": the role SageMaker assumes to pull the image (this repository only), or the given one. */
export function pullRoleStep(
    name: string,
    input: { imageName: string; roleArn?: pulumi.Input<string>; repositoryArn: pulumi.Output<string>; tags: Tags },
    parent: pulumi.Resource,
): PullRoleStep {
    if (input.roleArn !== undefined && input.roleArn !== null) return { roleArn: pulumi.output(input.roleArn), ready: [] };
    const role = new aws.iam.Role(
        `${name}-role`,
        { assumeRolePolicy: SAGEMAKER_TRUST_POLICY, description: `SageMaker pulls the RStudio image ${input.imageName}`, tags: input.tags },
        { parent },
    );
    const pull = new aws.iam.RolePolicy(`${name}-pull`, { role: role.id, policy: input.repositoryArn.apply(pullPolicyDocument) }, { parent });
    return { roleArn: role.arn, ready: [pull] };
}

export interface RegisterStep {
    image: aws.sagemaker.Image;
    version: aws.sagemaker.ImageVersion;
    appImageConfig: aws.sagemaker.AppImageConfig;
}

/**
 * Step "register": the SageMaker Image, the ImageVersion on the checked digest, and the app image config (RStudio
 * takes a name-only one). The version waits for the push and the pull role's policy. When SageMaker ends the
 * version in CREATE_FAILED, the AWS provider's error carries SageMaker's `FailureReason` (its waiter sets it as the
 * last error); docs/components.md lists the usual reasons.
 */
export function registerStep(
    name: string,
    input: {
        imageName: string;
        appImageConfigName: string;
        roleArn: pulumi.Output<string>;
        baseImage: pulumi.Output<string>;
        processor: "CPU" | "GPU";
        programmingLang: pulumi.Output<string | undefined>;
        displayName?: string;
        description?: string;
        releaseNotes?: string;
        tags: Tags;
    },
    waitFor: pulumi.Resource[],
    parent: pulumi.Resource,
): RegisterStep {
    const image = new aws.sagemaker.Image(
        `${name}-sm-image`,
        { imageName: input.imageName, roleArn: input.roleArn, displayName: input.displayName, description: input.description, tags: input.tags },
        { parent, dependsOn: waitFor },
    );
    const version = new aws.sagemaker.ImageVersion(
        `${name}-version`,
        {
            imageName: image.imageName,
            baseImage: input.baseImage,
            processor: input.processor,
            programmingLang: input.programmingLang,
            releaseNotes: input.releaseNotes,
        },
        { parent, dependsOn: waitFor },
    );
    const appImageConfig = new aws.sagemaker.AppImageConfig(`${name}-app-image-config`, { appImageConfigName: input.appImageConfigName, tags: input.tags }, { parent });
    return { image, version, appImageConfig };
}
