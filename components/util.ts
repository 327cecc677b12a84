/** Small helpers shared by the components: user errors, deterministic names, validation of plain args. */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig, type SpecConfig } from "../core";

/**
 * A user error raised at construction: Pulumi prints a RunError's message without a stack trace (the run-program
 * and the component provider both do), which is what a bad Dockerfile or argument deserves.
 */
export function userError(component: string, name: string, message: string): pulumi.RunError {
    return new pulumi.RunError(`${component} "${name}": ${message}`);
}

/** SageMaker image and app image config names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$` (the stricter of the two). */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Domain names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`. */
export const DOMAIN_NAME = SAGEMAKER_NAME;

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

/** Today as YYYY-MM-DD (UTC): the default `asOf` date for RSB015. */
export function today(): string {
    return new Date().toISOString().slice(0, 10);
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
