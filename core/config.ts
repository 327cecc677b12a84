import type { DeprecatedVersion, LevelSetting, SpecConfig } from "./types";
import { parseWorkbenchVersion } from "./version";

/** The minimum base version from AWS's "Custom RStudio image specifications" (newer copies raise it: configurable). */
export const DEFAULT_MIN_WORKBENCH_VERSION = "2022.02.2-485.pro2";

/** AWS: "Image size is limited to 25 GB." */
export const DEFAULT_MAX_IMAGE_SIZE_GB = 25;

/**
 * Workbench versions SageMaker lists as deprecated, from AWS's "RStudio versioning" page as read on 2026-11-27.
 * Override with the `deprecatedVersions` config key when AWS updates the page.
 */
export const DEFAULT_DEPRECATED_VERSIONS: DeprecatedVersion[] = [
    { version: "2022.02.2-485.pro2" },
    { version: "2023.03.2-547.pro5" },
    { version: "2024.04.2+764.pro1", deprecatedOn: "2026-04-30" },
    { version: "2025.05.1+513.pro3", deprecatedOn: "2026-12-05" },
];

export const DEFAULT_CONFIG: SpecConfig = Object.freeze({
    minWorkbenchVersion: DEFAULT_MIN_WORKBENCH_VERSION,
    maxImageSizeGB: DEFAULT_MAX_IMAGE_SIZE_GB,
    deprecatedVersions: DEFAULT_DEPRECATED_VERSIONS,
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

const LEVEL_SETTINGS: LevelSetting[] = ["mandatory", "advisory", "disabled"];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validate a user config and fill in defaults. `knownRules` are the ids and slugs a `rules` key may use.
 * Throws ConfigError naming the bad key and what is expected.
 */
export function resolveConfig(input: unknown, knownRules: ReadonlySet<string>): SpecConfig {
    if (input === undefined || input === null) return { ...DEFAULT_CONFIG, rules: {} };
    if (typeof input !== "object" || Array.isArray(input)) throw new ConfigError("config must be an object");
    const raw = input as Record<string, unknown>;
    const allowed = new Set(["minWorkbenchVersion", "maxImageSizeGB", "deprecatedVersions", "rules", "asOf"]);
    for (const key of Object.keys(raw)) {
        if (!allowed.has(key)) throw new ConfigError(`unknown config key "${key}" (expected one of: ${[...allowed].join(", ")})`);
    }
    const config: SpecConfig = { ...DEFAULT_CONFIG, rules: {} };

    if (raw.minWorkbenchVersion !== undefined) {
        if (typeof raw.minWorkbenchVersion !== "string" || !parseWorkbenchVersion(raw.minWorkbenchVersion)) {
            throw new ConfigError(`minWorkbenchVersion must be a Workbench version like "2022.02.2-485.pro2", got ${JSON.stringify(raw.minWorkbenchVersion)}`);
        }
        config.minWorkbenchVersion = raw.minWorkbenchVersion;
    }
    if (raw.maxImageSizeGB !== undefined) {
        if (typeof raw.maxImageSizeGB !== "number" || !(raw.maxImageSizeGB > 0) || !Number.isFinite(raw.maxImageSizeGB)) {
            throw new ConfigError(`maxImageSizeGB must be a positive number, got ${JSON.stringify(raw.maxImageSizeGB)}`);
        }
        config.maxImageSizeGB = raw.maxImageSizeGB;
    }
    if (raw.deprecatedVersions !== undefined) {
        if (!Array.isArray(raw.deprecatedVersions)) throw new ConfigError("deprecatedVersions must be a list of {version, deprecatedOn?, note?}");
        config.deprecatedVersions = raw.deprecatedVersions.map((e, i) => {
            const entry = e as Record<string, unknown>;
            if (typeof entry !== "object" || entry === null || typeof entry.version !== "string" || !parseWorkbenchVersion(entry.version)) {
                throw new ConfigError(`deprecatedVersions[${i}].version must be a Workbench version like "2024.04.2+764.pro1"`);
            }
            if (entry.deprecatedOn !== undefined && (typeof entry.deprecatedOn !== "string" || !ISO_DATE.test(entry.deprecatedOn))) {
                throw new ConfigError(`deprecatedVersions[${i}].deprecatedOn must be a date YYYY-MM-DD`);
            }
            const out: DeprecatedVersion = { version: entry.version };
            if (entry.deprecatedOn !== undefined) out.deprecatedOn = entry.deprecatedOn as string;
            if (typeof entry.note === "string") out.note = entry.note;
            return out;
        });
    }
    if (raw.asOf !== undefined) {
        if (typeof raw.asOf !== "string" || !ISO_DATE.test(raw.asOf)) throw new ConfigError("asOf must be a date YYYY-MM-DD");
        config.asOf = raw.asOf;
    }
    if (raw.rules !== undefined) {
        if (typeof raw.rules !== "object" || raw.rules === null || Array.isArray(raw.rules)) {
            throw new ConfigError('rules must map a rule id or slug to "mandatory", "advisory" or "disabled"');
        }
        for (const [key, value] of Object.entries(raw.rules as Record<string, unknown>)) {
            if (!knownRules.has(key)) throw new ConfigError(`rules: unknown rule "${key}" (use an id like RSB006 or a slug like entrypoint-ignored)`);
            if (!LEVEL_SETTINGS.includes(value as LevelSetting)) {
                throw new ConfigError(`rules.${key} must be "mandatory", "advisory" or "disabled", got ${JSON.stringify(value)}`);
            }
            config.rules[key] = value as LevelSetting;
        }
    }
    return config;
}
