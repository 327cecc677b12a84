/** Small helpers shared by the components: user errors, deterministic names, validation of plain args. */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { today } from "../check";
import { loadConfig, type SpecConfig } from "../core";

/**
 * A user error raised at construction: Pulumi prints a RunError's message without a stack trace (the run-program
 * and the component provider both do), which is what a bad Dockerfile or argument deserves.
 */
export function userError(component: string, name: string, message: string): pulumi.RunError {
    return new pulumi.RunError(`${component} "${name}": ${message}`);
}

/**
 * SageMaker's name patterns, from AWS's API model (botocore 1.43.11, `data/sagemaker/2017-07-24/service-2.json`,
 * read 2026-11-30; AWS anchors them): `ImageName` `[a-zA-Z0-9]([-.]?[a-zA-Z0-9]){0,62}` (CreateImage),
 * `AppImageConfigName` and `DomainName` `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`.
 */
export const SAGEMAKER_IMAGE_NAME_PATTERN = "[a-zA-Z0-9]([-.]?[a-zA-Z0-9]){0,62}";
export const SAGEMAKER_APP_IMAGE_CONFIG_NAME_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
const IMAGE_NAME = new RegExp(`^${SAGEMAKER_IMAGE_NAME_PATTERN}$`);
const APP_IMAGE_CONFIG_NAME = new RegExp(`^${SAGEMAKER_APP_IMAGE_CONFIG_NAME_PATTERN}$`);

/** Domain ids: `d-(-*[a-z0-9]){1,61}`, at most 63 characters (DescribeApp/CreateApp DomainId, same model). */
export const DOMAIN_ID = /^d-(-*[a-z0-9]){1,61}$/;

/** `ImageBaseImage` (CreateImageVersion.BaseImage, same model): at most 255 characters. */
export const MAX_BASE_IMAGE_LENGTH = 255;

/** The length `<repository URL>@sha256:<64 hex>` adds to a repository URL. */
export const DIGEST_SUFFIX_LENGTH = "@sha256:".length + 64;

/** Domain names: `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` (CreateDomain DomainName, same model). */
export const DOMAIN_NAME = APP_IMAGE_CONFIG_NAME;

/**
 * Why `name` cannot be an RStudioImage's image name, or undefined. The component uses one name for the image and
 * its app image config, so it must match both of SageMaker's patterns: letters and digits, single dashes between.
 */
export function validImageName(name: string): string | undefined {
    if (!IMAGE_NAME.test(name)) {
        return `"${name}" does not match SageMaker's image name pattern ${SAGEMAKER_IMAGE_NAME_PATTERN} (letters and digits, single dashes or dots between them, at most 63 characters)`;
    }
    if (!APP_IMAGE_CONFIG_NAME.test(name)) {
        return `"${name}" is also the app image config name, whose pattern ${SAGEMAKER_APP_IMAGE_CONFIG_NAME_PATTERN} has no dots: use letters, digits and single dashes`;
    }
    return undefined;
}

/** `value`, or `[secret]` when the Output it came from is secret: what a component error may print. */
export async function shownValue(source: pulumi.Input<unknown>, value: string): Promise<string> {
    return pulumi.Output.isInstance(source) && (await pulumi.isSecret(source)) ? "[secret]" : value;
}

function shortHash(text: string, chars = 6): string {
    return createHash("sha256").update(text).digest("hex").slice(0, chars);
}

/**
 * A deterministic SageMaker-safe name: `[a-zA-Z0-9-]`, no leading/trailing/double dashes, at most 63 characters.
 * When the readable form had to be cut or changed, a short hash of the original keeps distinct inputs distinct.
 */
export function sagemakerName(...parts: string[]): string {
    const original = parts.join("-");
    let cleaned = original
        .replace(/[^a-zA-Z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "");
    if (cleaned === "") cleaned = "rstudio";
    if (cleaned.length <= 63 && cleaned === original) return cleaned;
    const suffix = shortHash(original);
    const head = cleaned.slice(0, 63 - suffix.length - 1).replace(/-+$/g, "");
    return `${head}-${suffix}`;
}

/** ECR repository names: lower case, `[a-z0-9]+(?:[._-][a-z0-9]+)*` (slashes for namespaces), 2–256 characters. */
export function ecrRepositoryName(imageName: string): string {
    return `sagemaker-rstudio/${imageName.toLowerCase()}`;
}

/** The `checks` arg validated as the CLI validates `--config` (asOf defaults to today); an error names the component. */
export function loadChecks(component: string, name: string, checks: object | undefined): SpecConfig {
    const input = (checks ?? {}) as Record<string, unknown>;
    try {
        return loadConfig({ ...input, asOf: input.asOf ?? today() });
    } catch (e) {
        throw userError(component, name, `checks: ${(e as Error).message}`);
    }
}

/** Stable JSON (sorted object keys) for hashing. */
export function stableJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        return `{${Object.keys(obj)
            .filter((k) => obj[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}

export function sha256Hex(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** Throw a user error unless `value` is a string (or undefined when optional). */
export function checkString(component: string, name: string, key: string, value: unknown, required = false): void {
    if (value === undefined || value === null) {
        if (required) throw userError(component, name, `\`${key}\` is required`);
        return;
    }
    if (typeof value !== "string") {
        throw userError(component, name, `\`${key}\` must be a string, got ${describe(value)}`);
    }
}

export function describe(value: unknown): string {
    if (pulumi.Output.isInstance(value)) return "an Output (this argument must be a plain value known when the program runs)";
    if (Array.isArray(value)) return "a list";
    return value === null ? "null" : typeof value;
}
