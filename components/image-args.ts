/**
 * The RStudioImage's public shapes (args, outputs' types) and the validation of its plain args.
 *
 * These interfaces are also the multi-language schema (`componentProviderHost` infers it from them): plain
 * interfaces, enums as `const` objects, descriptions written for every language (a Python, Go or YAML user reads
 * them too).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { checkString, describe, userError } from "./util";

export const IMAGE_COMPONENT = "RStudioImage";

/** Whether and how the base image (the final stage's FROM) is inspected to complete the Dockerfile's facts. */
export const BaseImageInspection = {
    /** Never inspect the base image: what the Dockerfile does not show stays unverified. */
    none: "none",
    /** Inspect the base image if the local Docker daemon already has it; never pull. */
    local: "local",
    /** Inspect the base image, pulling it when the daemon does not have it. */
    pull: "pull",
} as const;
export type BaseImageInspection = (typeof BaseImageInspection)[keyof typeof BaseImageInspection];

/** The level of a finding. */
export const FindingLevel = {
    /** AWS's spec requires it: a verified mandatory finding stops the image. */
    mandatory: "mandatory",
    /** Recommended: shown, never blocking. */
    advisory: "advisory",
} as const;
export type FindingLevel = (typeof FindingLevel)[keyof typeof FindingLevel];

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
 * The spec configuration: the same keys as the CLI's `--config` file and the policy pack's config. Each doc comment
 * is core/settings.ts's description of the setting (a test compares them).
 */
export interface RStudioChecks {
    /** Lowest Workbench version accepted for the base image (RSB001). Default: 2022.02.2-485.pro2. */
    minWorkbenchVersion?: string;
    /** Image size limit in decimal GB, as `docker image ls` counts (AWS: 25); above 80 % is advisory (RSB011). Default: 25. */
    maxImageSizeGB?: number;
    /**
     * Replaces the table of Workbench versions SageMaker lists as deprecated; an entry matches every image of its YYYY.MM line (RSB015).
     * Default: the versions AWS's "RStudio versioning" page lists as deprecated (core/workbench.ts).
     */
    deprecatedVersions?: RStudioDeprecatedVersion[];
    /** Per-rule level by rule id or slug: "mandatory", "advisory" or "disabled", e.g. {"RSB006": "disabled"}. Default: each rule's own level. */
    rules?: { [ruleIdOrSlug: string]: string };
    /** The date (YYYY-MM-DD) that tells "deprecated" from "scheduled for deprecation" (RSB015). Default: today (UTC). */
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

/** A finding of the spec check. */
export interface RStudioFinding {
    /** Rule id, e.g. `RSB005`. */
    rule: string;
    /** Rule slug, e.g. `env-defaults`. */
    slug: string;
    /** `mandatory` or `advisory`. */
    level: FindingLevel;
    /** What is wrong. */
    message: string;
    /** How to fix it. */
    fix: string;
    /** What decided it, in words (a Dockerfile line, a file in the built image, or what was not seen). */
    basis: string;
    /** Set when the finding rests on something the check could not see: why. An unverified finding never blocks. */
    unverified?: string;
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
    /** Build arguments (`--build-arg`), name to value. Each name must be declared by an `ARG` in the Dockerfile. */
    buildArgs?: { [name: string]: string };
    /** The Dockerfile stage to build (`--target`). Default: the last stage. */
    target?: string;
    /** Whether the image is for GPU instances: registers the version with processor `GPU` and applies the GPU rules. Default `false` (CPU). */
    gpu?: boolean;
    /** The spec configuration (same keys as the CLI's `--config`). */
    checks?: RStudioChecks;
    /**
     * How the base image is inspected to complete what the Dockerfile shows (packages, files, environment it
     * inherits): `none`, `local` (only when the local Docker daemon has it; never pulls) or `pull`. Default `local`.
     */
    baseImage?: BaseImageInspection;
    /**
     * An existing ECR repository, by name (`team/rstudio`) or URL (`123456789012.dkr.ecr.us-east-1.amazonaws.com/team/rstudio`).
     * Default: the component creates one (scan on push, immutable tags, lifecycle policy).
     */
    repository?: pulumi.Input<string>;
    /** How many images the created repository keeps (ECR lifecycle policy). Default 10. Ignored with `repository`. */
    keepImages?: number;
    /**
     * The SageMaker image name, also the app image config name: letters and digits, single dashes between them,
     * at most 63 characters. Default: derived from the resource name and the stack name, so it is known at preview.
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
    /** Build the image during `pulumi preview` too. Default `false`. */
    buildOnPreview?: boolean;
    /**
     * Inspect the built image through the local Docker Engine API and check its facts (size, installed packages,
     * files) before the image version is registered. Default `true`.
     */
    inspectImage?: boolean;
    /** Tags for every AWS resource the component creates. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** The plain args, validated: what the steps work from. */
export interface ImageInputs {
    contextArg: string;
    contextDir: string;
    dockerfileArg: string;
    dockerfilePath: string;
    /** Build args in an object without a prototype (`__proto__` is a name like any other). */
    buildArgs: Record<string, string>;
    target?: string;
    gpu: boolean;
    baseImage: BaseImageInspection;
    keepImages?: number;
}

/** Build args copied into a prototype-less object: a `__proto__` key stays a key (and is then rejected as undeclared). */
function ownBuildArgs(name: string, value: unknown): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    if (value === undefined || value === null) return out;
    if (typeof value !== "object" || Array.isArray(value) || pulumi.Output.isInstance(value)) {
        throw userError(IMAGE_COMPONENT, name, `\`buildArgs\` must map names to strings, got ${describe(value)}`);
    }
    for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (typeof v !== "string") throw userError(IMAGE_COMPONENT, name, `buildArgs.${k} must be a string, got ${describe(v)}`);
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

/** Validate the plain args and resolve the context and Dockerfile paths. Throws user errors (RunError). */
export function validateImageArgs(name: string, args: RStudioImageArgs): ImageInputs {
    if (args === undefined || args === null || typeof args !== "object") throw userError(IMAGE_COMPONENT, name, "args are required");
    checkString(IMAGE_COMPONENT, name, "context", args.context, true);
    for (const key of ["dockerfile", "target", "imageName", "displayName", "description", "releaseNotes"] as const) {
        checkString(IMAGE_COMPONENT, name, key, args[key]);
    }
    for (const key of ["gpu", "buildOnPreview", "inspectImage"] as const) {
        if (args[key] !== undefined && args[key] !== null && typeof args[key] !== "boolean") {
            throw userError(IMAGE_COMPONENT, name, `\`${key}\` must be a boolean, got ${describe(args[key])}`);
        }
    }
    const baseImage = args.baseImage ?? BaseImageInspection.local;
    if (!Object.values(BaseImageInspection).includes(baseImage)) {
        throw userError(IMAGE_COMPONENT, name, `\`baseImage\` must be one of ${Object.values(BaseImageInspection).join(", ")}, got ${typeof baseImage === "string" ? JSON.stringify(baseImage) : describe(baseImage)}`);
    }
    if (args.keepImages !== undefined && (!Number.isInteger(args.keepImages) || args.keepImages < 1)) {
        throw userError(IMAGE_COMPONENT, name, `\`keepImages\` must be a whole number ≥ 1, got ${JSON.stringify(args.keepImages)}`);
    }
    const buildArgs = ownBuildArgs(name, args.buildArgs);

    const contextArg = args.context;
    const contextDir = path.resolve(contextArg);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(contextDir);
    } catch {
        throw userError(IMAGE_COMPONENT, name, `build context ${contextArg} does not exist (resolved to ${contextDir})`);
    }
    if (!stat.isDirectory()) throw userError(IMAGE_COMPONENT, name, `build context ${contextArg} is not a directory`);
    try {
        fs.accessSync(contextDir, fs.constants.R_OK | fs.constants.X_OK);
        fs.readdirSync(contextDir);
    } catch (e) {
        throw userError(IMAGE_COMPONENT, name, `build context ${contextArg} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }

    const dockerfileArg = args.dockerfile ?? path.join(contextArg, "Dockerfile");
    const dockerfilePath = path.resolve(dockerfileArg);
    if (!fs.existsSync(dockerfilePath)) {
        throw userError(
            IMAGE_COMPONENT,
            name,
            `Dockerfile ${dockerfileArg} not found` +
                (args.dockerfile === undefined ? ` (no \`dockerfile\` given, so <context>/Dockerfile is used; set \`dockerfile\`)` : ""),
        );
    }
    if (!fs.statSync(dockerfilePath).isFile()) throw userError(IMAGE_COMPONENT, name, `Dockerfile ${dockerfileArg} is not a file`);

    const inputs: ImageInputs = { contextArg, contextDir, dockerfileArg, dockerfilePath, buildArgs, gpu: args.gpu ?? false, baseImage };
    if (args.target !== undefined && args.target !== null) inputs.target = args.target;
    if (args.keepImages !== undefined) inputs.keepImages = args.keepImages;
    return inputs;
}
