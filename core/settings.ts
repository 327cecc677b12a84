/**
 * The settings of the spec check, described once. Each setting is a JSON Schema (data) with a one-line description,
 * its default and the rules that read it. From this one description come:
 *   - the config validator (core/config.ts `resolveConfig`, through ajv),
 *   - the policy pack's `configSchema` per policy (`policyConfigSchema`),
 *   - the CLI usage text (`settingsUsage`) and docs (`settingsMarkdown`),
 *   - the components' args docs (`SETTINGS[key].description`; a test compares the args' doc comments with it).
 *
 * Pure data and functions; no I/O.
 */
import type { DeprecatedVersion } from "./types";
import { WORKBENCH_DEPRECATIONS } from "./workbench";

/** The minimum base version from AWS's "Custom RStudio image specifications" (newer copies raise it: configurable). */
export const DEFAULT_MIN_WORKBENCH_VERSION = "2022.02.2-485.pro2";

/** AWS: "Image size is limited to 25 GB." */
export const DEFAULT_MAX_IMAGE_SIZE_GB = 25;

/**
 * Workbench versions SageMaker lists as deprecated: the one Workbench table (core/workbench.ts, AWS's "RStudio
 * versioning" page with the date read). Override with the `deprecatedVersions` setting when AWS updates the page.
 */
export const DEFAULT_DEPRECATED_VERSIONS: readonly DeprecatedVersion[] = WORKBENCH_DEPRECATIONS;

/** A JSON Schema node as plain data (the subset this module uses). `x-expect` is ours: what an error says is expected. */
export interface JsonSchema {
    type?: "object" | "array" | "string" | "number" | "integer" | "boolean";
    description?: string;
    default?: unknown;
    properties?: Record<string, JsonSchema>;
    additionalProperties?: boolean | JsonSchema;
    propertyNames?: JsonSchema;
    required?: string[];
    items?: JsonSchema;
    enum?: readonly unknown[];
    pattern?: string;
    format?: string;
    exclusiveMinimum?: number;
    minimum?: number;
    /** Our annotation (stripped from every derived schema): the expected value in words, for error messages. */
    "x-expect"?: string;
}

/** One setting of the spec config (the keys of `--config`, the components' `checks`, the pack's config). */
export interface SettingSpec {
    /** The JSON Schema of the value. */
    schema: JsonSchema;
    /** One line for users: what the setting decides. */
    description: string;
    /** The default as users read it (in docs and usage), when it is a fixed value. */
    default?: unknown;
    /** The default in words when it is computed (e.g. "today (UTC)"). */
    defaultText?: string;
    /** Rule ids that read the setting (the pack puts it in those policies' configSchema). */
    rules: readonly string[];
}

/** `YYYY-MM-DD`. */
export const ISO_DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

/** The custom format name checked by `parseWorkbenchVersion` (core/config.ts registers it with ajv). */
export const WORKBENCH_VERSION_FORMAT = "workbench-version";

/** The spec settings, in the order they are documented. */
export const SETTINGS = {
    minWorkbenchVersion: {
        schema: { type: "string", format: WORKBENCH_VERSION_FORMAT, "x-expect": 'a Workbench version like "2022.02.2-485.pro2"' },
        description: "Lowest Workbench version accepted for the base image (RSB001).",
        default: DEFAULT_MIN_WORKBENCH_VERSION,
        rules: ["RSB001"],
    },
    maxImageSizeGB: {
        schema: { type: "number", exclusiveMinimum: 0, "x-expect": "a positive number" },
        description: "Image size limit in decimal GB, as `docker image ls` counts (AWS: 25); above 80 % is advisory (RSB011).",
        default: DEFAULT_MAX_IMAGE_SIZE_GB,
        rules: ["RSB011"],
    },
    deprecatedVersions: {
        schema: {
            type: "array",
            "x-expect": "a list of {version, deprecatedOn?, note?}",
            items: {
                type: "object",
                "x-expect": "an object {version, deprecatedOn?, note?}",
                properties: {
                    version: { type: "string", format: WORKBENCH_VERSION_FORMAT, "x-expect": 'a Workbench version like "2024.04.2+764.pro1"' },
                    deprecatedOn: { type: "string", pattern: ISO_DATE_PATTERN, "x-expect": "a date YYYY-MM-DD" },
                    note: { type: "string", "x-expect": "a string" },
                },
                required: ["version"],
                additionalProperties: false,
            },
        },
        description: "Replaces the table of Workbench versions SageMaker lists as deprecated; an entry matches every image of its YYYY.MM line (RSB015).",
        default: DEFAULT_DEPRECATED_VERSIONS as DeprecatedVersion[],
        defaultText: 'the versions AWS\'s "RStudio versioning" page lists as deprecated (core/workbench.ts)',
        rules: ["RSB015"],
    },
    rules: {
        schema: {
            type: "object",
            "x-expect": 'a map of rule id or slug to "mandatory", "advisory" or "disabled"',
            additionalProperties: { enum: ["mandatory", "advisory", "disabled"], "x-expect": '"mandatory", "advisory" or "disabled"' },
        },
        description: 'Per-rule level by rule id or slug: "mandatory", "advisory" or "disabled", e.g. {"RSB006": "disabled"}.',
        default: {},
        defaultText: "each rule's own level",
        rules: [],
    },
    asOf: {
        schema: { type: "string", pattern: ISO_DATE_PATTERN, "x-expect": "a date YYYY-MM-DD" },
        description: 'The date (YYYY-MM-DD) that tells "deprecated" from "scheduled for deprecation" (RSB015).',
        defaultText: "today (UTC)",
        rules: ["RSB015"],
    },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

export const SETTING_KEYS: readonly SettingKey[] = Object.keys(SETTINGS) as SettingKey[];

/** The JSON Schema of a whole config object (unknown keys rejected). `ruleKeys`: the names `rules` may use. */
export function configSchema(ruleKeys?: Iterable<string>): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (const key of SETTING_KEYS) properties[key] = withDefault(SETTINGS[key]);
    if (ruleKeys !== undefined) {
        properties.rules = { ...properties.rules, propertyNames: { enum: [...ruleKeys].sort(), "x-expect": "a rule id like RSB006 or a slug like entrypoint-ignored" } };
    }
    return { type: "object", "x-expect": "an object", properties, additionalProperties: false };
}

function withDefault(s: SettingSpec): JsonSchema {
    const out: JsonSchema = { ...s.schema, description: s.description + (s.defaultText !== undefined ? ` Default: ${s.defaultText}.` : "") };
    if (s.default !== undefined) out.default = clone(s.default);
    return out;
}

function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
}

/** A schema without our annotations and custom formats: what another JSON Schema validator (Pulumi's engine) reads. */
export function portableSchema(schema: JsonSchema): JsonSchema {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) {
        if (k.startsWith("x-")) continue;
        if (k === "format" && v === WORKBENCH_VERSION_FORMAT) continue;
        if (k === "properties") out[k] = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([p, s]) => [p, portableSchema(s)]));
        else if ((k === "items" || k === "additionalProperties" || k === "propertyNames") && typeof v === "object" && v !== null) out[k] = portableSchema(v as JsonSchema);
        else out[k] = clone(v);
    }
    return out as JsonSchema;
}

/**
 * The pack's configSchema for the policy of `ruleId`: the settings that rule reads (portable JSON Schema, defaults
 * in force), or undefined when it reads none. The pack adds its own keys (e.g. checkAllDockerImages) on top.
 */
export function policyConfigSchema(ruleId: string): { properties: Record<string, JsonSchema> } | undefined {
    const properties: Record<string, JsonSchema> = {};
    for (const key of SETTING_KEYS) {
        const s: SettingSpec = SETTINGS[key];
        if (s.rules.includes(ruleId)) properties[key] = portableSchema(withDefault(s));
    }
    return Object.keys(properties).length === 0 ? undefined : { properties };
}

function defaultText(s: SettingSpec): string | undefined {
    if (s.defaultText !== undefined) return s.defaultText;
    if (s.default === undefined) return undefined;
    return typeof s.default === "string" ? s.default : JSON.stringify(s.default);
}

/**
 * The documentation line of a setting: its description and default, e.g. "Image size limit … (RSB011). Default: 25."
 * The components' args doc comments (`RStudioChecks`) are this text (tests/check/settings.test.ts compares them).
 */
export function settingDoc(key: SettingKey): string {
    const s: SettingSpec = SETTINGS[key];
    const d = defaultText(s);
    return d === undefined ? s.description : `${s.description} Default: ${d}.`;
}

/** Lines for a usage text: `  key  description Default: ….`, indented by `indent`. */
export function settingsUsage(indent = "  "): string {
    const width = Math.max(...SETTING_KEYS.map((k) => k.length));
    return SETTING_KEYS.map((k) => `${indent}${k.padEnd(width)}  ${settingDoc(k)}`).join("\n");
}

/** A Markdown table of the settings (docs). */
export function settingsMarkdown(): string {
    const rows = SETTING_KEYS.map((k) => {
        const s: SettingSpec = SETTINGS[k];
        return `| \`${k}\` | ${s.description.replace(/\|/g, "\\|")} | ${(defaultText(s) ?? "").replace(/\|/g, "\\|")} |`;
    });
    return ["| setting | what it decides | default |", "|---|---|---|", ...rows, ""].join("\n");
}
