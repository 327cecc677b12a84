/**
 * Policy config: each setting of the spec is a config property of the policies whose rules read it, so
 * `--policy-pack-config` files and Pulumi Cloud policy groups set them per policy. The schemas are derived from the
 * one description of the settings (core/settings.ts `policyConfigSchema`); values are validated by the engine against
 * `configSchema` (types, ranges) and again, fully, by core's `loadConfig` (unknown keys, version syntax, dates).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { ConfigError, RULES, loadConfig, type SpecConfig } from "../core";
import { policyConfigSchema } from "../core/settings";
import { today } from "../check/today";

/** One property of a configSchema (the SDK does not export its name for it). */
type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];

/** Config keys the pack adds on top of the spec's (they decide what the pack looks at, not how a rule judges). */
const PACK_SETTINGS: Readonly<Record<string, Record<string, PolicyConfigJSONSchema>>> = {
    RSB012: {
        checkAllDockerImages: {
            type: "boolean",
            description:
                "Check the platform of every docker.Image / docker-build.Image in the stack, not only those built by an RStudioImage component. Use it for stacks whose images are all RStudio images.",
            default: false,
        },
    },
};

/** configSchema per rule id: the settings the rule reads (core/settings.ts, defaults in force) plus the pack's own. */
export const CONFIG_SCHEMAS: Readonly<Record<string, PolicyConfigSchema>> = Object.fromEntries(
    RULES.flatMap((r) => {
        const spec = policyConfigSchema(r.id)?.properties as Record<string, PolicyConfigJSONSchema> | undefined;
        const properties = { ...(spec ?? {}), ...(PACK_SETTINGS[r.id] ?? {}) };
        return Object.keys(properties).length === 0 ? [] : [[r.id, { properties }]];
    }),
);

/** What a policy gets from its config: the spec config, or why the config is invalid, plus the pack's own keys. */
export interface PolicySettings {
    spec?: SpecConfig;
    error?: string;
    checkAllDockerImages: boolean;
}

const cache = new Map<string, PolicySettings>();

/**
 * Turn a policy's config (as `args.getConfig()` returns it: the properties without `enforcementLevel`) into
 * settings. `ruleId`: the rule of the policy (undefined for the pack's own policies). Never throws: an invalid
 * value, or a key this policy does not have (a setting of another policy, a typo, `__proto__`), becomes `error`,
 * which the policy reports as a violation naming the key. `asOf` defaults to today (UTC), the check flow's clock.
 */
export function settingsFor(raw: Record<string, unknown> | undefined, ruleId?: string): PolicySettings {
    // A spread defines every own key, `__proto__` included, so it is checked like any other.
    const input: Record<string, unknown> = { ...(raw ?? {}) };
    const asOf = input.asOf === undefined ? today() : undefined;
    const key = `${ruleId ?? ""}|${JSON.stringify(input)}|${asOf ?? ""}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;

    const settings: PolicySettings = { checkAllDockerImages: input.checkAllDockerImages === true };
    const allowed = Object.keys(ruleId !== undefined ? (CONFIG_SCHEMAS[ruleId]?.properties ?? {}) : {});
    const extra = Object.keys(input).find((k) => !allowed.includes(k));
    if (extra !== undefined) {
        const expected = allowed.length > 0 ? `expected one of: ${allowed.join(", ")}` : "this policy has no settings";
        settings.error = `unknown config key ${JSON.stringify(extra)} (${expected})`;
    } else {
        for (const k of Object.keys(PACK_SETTINGS[ruleId ?? ""] ?? {})) delete input[k];
        if (asOf !== undefined) input.asOf = asOf;
        try {
            settings.spec = loadConfig(input);
        } catch (e) {
            if (!(e instanceof ConfigError)) throw e;
            settings.error = e.message;
        }
    }
    if (cache.size > 256) cache.clear();
    cache.set(key, settings);
    return settings;
}
