/**
 * The spec config: defaults and validation. What each setting is (schema, description, default) lives in
 * core/settings.ts; this module validates user input against that description with ajv and fills in defaults.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { LevelSetting, SpecConfig } from "./types";
import { parseWorkbenchVersion } from "./version";
import {
    configSchema,
    DEFAULT_DEPRECATED_VERSIONS,
    DEFAULT_MAX_IMAGE_SIZE_GB,
    DEFAULT_MIN_WORKBENCH_VERSION,
    ISO_DATE_PATTERN,
    SETTING_KEYS,
    WORKBENCH_VERSION_FORMAT,
    type JsonSchema,
} from "./settings";

export { DEFAULT_DEPRECATED_VERSIONS, DEFAULT_MAX_IMAGE_SIZE_GB, DEFAULT_MIN_WORKBENCH_VERSION } from "./settings";

export const DEFAULT_CONFIG: SpecConfig = Object.freeze({
    minWorkbenchVersion: DEFAULT_MIN_WORKBENCH_VERSION,
    maxImageSizeGB: DEFAULT_MAX_IMAGE_SIZE_GB,
    deprecatedVersions: DEFAULT_DEPRECATED_VERSIONS.map((d) => ({ ...d })),
    rules: {},
}) as SpecConfig;

/** A config as users write it (CLI `--config` JSON, component `checks` arg, policy pack config). Every key optional. */
export type SpecConfigInput = Partial<SpecConfig>;

export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

const ISO_DATE = new RegExp(ISO_DATE_PATTERN);

function defaults(): SpecConfig {
    return { ...DEFAULT_CONFIG, deprecatedVersions: DEFAULT_CONFIG.deprecatedVersions.map((d) => ({ ...d })), rules: {} };
}

// One compiled validator per rule catalogue (in practice one). ajv is loaded on the first config that has anything
// to validate: a check without a config file does not pay for it (CLI start-up).
const validators = new Map<string, { validate: ValidateFunction; schema: JsonSchema }>();

function validatorFor(knownRules: ReadonlySet<string>): { validate: ValidateFunction; schema: JsonSchema } {
    const key = [...knownRules].sort().join(",");
    let v = validators.get(key);
    if (v === undefined) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Ajv } = require("ajv") as typeof import("ajv");
        const ajv = new Ajv({ allErrors: false, strict: true, useDefaults: false });
        ajv.addKeyword({ keyword: "x-expect", schemaType: "string" });
        ajv.addFormat(WORKBENCH_VERSION_FORMAT, { type: "string", validate: (s: string) => parseWorkbenchVersion(s) !== undefined });
        const schema = configSchema(knownRules);
        v = { validate: ajv.compile(schema), schema };
        validators.set(key, v);
    }
    return v;
}

/** `deprecatedVersions[0].version` from ajv's `/deprecatedVersions/0/version`. */
function displayPath(instancePath: string): string {
    let out = "";
    for (const part of instancePath.split("/").slice(1)) {
        const p = part.replace(/~1/g, "/").replace(/~0/g, "~");
        out += /^\d+$/.test(p) ? `[${p}]` : out === "" ? p : `.${p}`;
    }
    return out;
}

function schemaAt(root: JsonSchema, schemaPath: string): JsonSchema | undefined {
    // "#/properties/deprecatedVersions/items/properties/version/format" → the node that holds the failed keyword
    const parts = schemaPath.replace(/^#\//, "").split("/").slice(0, -1);
    let node: unknown = root;
    for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    return node as JsonSchema | undefined;
}

function valueAt(input: unknown, instancePath: string): unknown {
    let v: unknown = input;
    for (const p of instancePath.split("/").slice(1)) v = (v as Record<string, unknown> | undefined)?.[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    return v;
}

function describeValue(v: unknown): string {
    if (v === undefined) return "nothing";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** One line naming the key and what is expected, from ajv's first error. */
function errorMessage(e: ErrorObject, schema: JsonSchema, input: unknown): string {
    const at = displayPath(e.instancePath);
    if (e.keyword === "additionalProperties") {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        if (at === "") return `unknown config key ${JSON.stringify(extra)} (expected one of: ${SETTING_KEYS.join(", ")})`;
        const node = schemaAt(schema, e.schemaPath);
        return `${at}: unknown key ${JSON.stringify(extra)} (expected ${node?.["x-expect"] ?? "no other keys"})`;
    }
    if (e.keyword === "propertyNames" || e.propertyName !== undefined) {
        const name = (e.params as { propertyName?: string }).propertyName ?? e.propertyName ?? "";
        return `${at}: unknown rule ${JSON.stringify(name)} (use an id like RSB006 or a slug like entrypoint-ignored)`;
    }
    if (e.keyword === "required") {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        const node = schemaAt(schema, e.schemaPath);
        const child = node?.properties?.[missing]?.["x-expect"];
        return `${at}.${missing} must be ${child ?? "given"}${node?.["x-expect"] ? ` (each entry is ${node["x-expect"]})` : ""}`;
    }
    const node = schemaAt(schema, e.schemaPath);
    const expect = node?.["x-expect"] ?? e.message ?? "valid";
    if (at === "") return `config must be ${expect}, got ${describeValue(input)}`;
    return `${at} must be ${expect}, got ${describeValue(valueAt(input, e.instancePath))}`;
}

/** Nothing to validate: no keys, or only a well-formed `asOf` (what adapters add). Spares loading ajv. */
function onlyDefaults(raw: Record<string, unknown>): boolean {
    for (const k of Object.keys(raw)) {
        if (k !== "asOf") return false;
    }
    return raw.asOf === undefined || (typeof raw.asOf === "string" && ISO_DATE.test(raw.asOf));
}

/**
 * Validate a user config and fill in defaults. `knownRules` are the ids and slugs a `rules` key may use.
 * Throws ConfigError naming the bad key and what is expected (unknown keys, `__proto__` included, are rejected).
 */
export function resolveConfig(input: unknown, knownRules: ReadonlySet<string>): SpecConfig {
    if (input === undefined || input === null) return defaults();
    if (typeof input !== "object" || Array.isArray(input)) throw new ConfigError(`config must be an object, got ${describeValue(input)}`);
    const raw = input as Record<string, unknown>;
    if (!onlyDefaults(raw)) {
        const { validate, schema } = validatorFor(knownRules);
        if (!validate(raw)) throw new ConfigError(errorMessage((validate.errors ?? [])[0], schema, raw));
    }
    const config = defaults();
    if (raw.minWorkbenchVersion !== undefined) config.minWorkbenchVersion = raw.minWorkbenchVersion as string;
    if (raw.maxImageSizeGB !== undefined) config.maxImageSizeGB = raw.maxImageSizeGB as number;
    if (raw.deprecatedVersions !== undefined) {
        config.deprecatedVersions = (raw.deprecatedVersions as Record<string, unknown>[]).map((entry) => {
            const out: SpecConfig["deprecatedVersions"][number] = { version: entry.version as string };
            if (entry.deprecatedOn !== undefined) out.deprecatedOn = entry.deprecatedOn as string;
            if (entry.note !== undefined) out.note = entry.note as string;
            return out;
        });
    }
    if (raw.asOf !== undefined) config.asOf = raw.asOf as string;
    if (raw.rules !== undefined) {
        for (const key of Object.keys(raw.rules as object)) config.rules[key] = (raw.rules as Record<string, LevelSetting>)[key];
    }
    return config;
}
