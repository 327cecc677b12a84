/**
 * Policy config: each threshold of the spec is a config property of the policy whose rule reads it, so
 * `--policy-pack-config` files and Pulumi Cloud policy groups set them per policy. Values are validated by the
 * engine against `configSchema` (types, ranges) and again by the spec's `loadConfig` (version syntax, dates), which
 * is the one place that knows what a valid Workbench version is.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { ConfigError, DEFAULT_DEPRECATED_VERSIONS, DEFAULT_MAX_IMAGE_SIZE_GB, DEFAULT_MIN_WORKBENCH_VERSION, loadConfig, type SpecConfig } from "../core";

/** Config keys the pack adds on top of the spec's (they decide what the pack looks at, not how a rule judges). */
export const PACK_KEYS = ["checkAllDockerImages"] as const;

/** configSchema per rule id. Defaults come from core/config.ts so Pulumi Cloud shows the values in force. */
export const CONFIG_SCHEMAS: Readonly<Record<string, PolicyConfigSchema>> = {
    RSB001: {
        properties: {
            minWorkbenchVersion: {
                type: "string",
                description: 'Lowest Workbench version accepted for the base image, e.g. "2024.04.2+764.pro1".',
                default: DEFAULT_MIN_WORKBENCH_VERSION,
            },
        },
    },
    RSB011: {
        properties: {
            maxImageSizeGB: {
                type: "number",
                exclusiveMinimum: 0,
                description: "Image size limit in decimal GB, as `docker image ls` counts (AWS: 25). Above 80 % is advisory.",
                default: DEFAULT_MAX_IMAGE_SIZE_GB,
            },
        },
    },
    RSB012: {
        properties: {
            checkAllDockerImages: {
                type: "boolean",
                description:
                    "Check the platform of every docker.Image / docker-build.Image in the stack, not only those built by an RStudioImage component. Use it for stacks whose images are all RStudio images.",
                default: false,
            },
        },
    },
    RSB015: {
        properties: {
            deprecatedVersions: {
                type: "array",
                description: "Workbench versions SageMaker lists as deprecated; an entry matches every image of its YYYY.MM line.",
                items: {
                    type: "object",
                    properties: {
                        version: { type: "string" },
                        deprecatedOn: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
                        note: { type: "string" },
                    },
                    required: ["version"],
                    additionalProperties: false,
                },
                default: DEFAULT_DEPRECATED_VERSIONS.map((d) => ({ ...d })),
            },
            asOf: {
                type: "string",
                pattern: "^\\d{4}-\\d{2}-\\d{2}$",
                description: 'Date (YYYY-MM-DD) that tells "deprecated" from "scheduled for deprecation". Default: today (UTC).',
            },
        },
    },
};

/** What a policy gets from its config: the spec config, or why the config is invalid, plus the pack's own keys. */
export interface PolicySettings {
    spec?: SpecConfig;
    error?: string;
    checkAllDockerImages: boolean;
}

const cache = new Map<string, PolicySettings>();

let todayCache = { at: 0, date: "" };

/** Today (UTC, YYYY-MM-DD), recomputed at most once a minute. */
function today(): string {
    const now = Date.now();
    if (now - todayCache.at > 60_000) todayCache = { at: now, date: new Date(now).toISOString().slice(0, 10) };
    return todayCache.date;
}

/**
 * Turn a policy's config (as `args.getConfig()` returns it: the properties without `enforcementLevel`) into
 * settings. Never throws: an invalid value becomes `error`, which the policy reports as a violation naming the key.
 */
export function settingsFor(raw: Record<string, unknown> | undefined): PolicySettings {
    const input: Record<string, unknown> = { ...(raw ?? {}) };
    const key = JSON.stringify(input) + "|" + (input.asOf === undefined ? today() : "");
    const hit = cache.get(key);
    if (hit !== undefined) return hit;

    const settings: PolicySettings = { checkAllDockerImages: input.checkAllDockerImages === true };
    for (const k of PACK_KEYS) delete input[k];
    if (input.asOf === undefined) input.asOf = today();
    try {
        settings.spec = loadConfig(input);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        settings.error = e.message;
    }
    if (cache.size > 256) cache.clear();
    cache.set(key, settings);
    return settings;
}
