import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import {
    ConfigError,
    DEFAULT_CONFIG,
    loadConfig,
    policyConfigSchema,
    RULE_KEYS,
    SETTING_KEYS,
    SETTINGS,
    configSchema,
    settingDoc,
    settingsMarkdown,
    settingsUsage,
    WORKBENCH_DEPRECATIONS,
    type JsonSchema,
} from "../../core";

const ROOT = path.resolve(__dirname, "..", "..");

function rejects(input: unknown, message: RegExp): void {
    assert.throws(() => loadConfig(input), (e: unknown) => e instanceof ConfigError && message.test(e.message) && !e.message.includes("\n"), `${JSON.stringify(input)} → ${message}`);
}

describe("settings: one description per setting (core/settings.ts)", () => {
    it("the config validator rejects what the description does not allow, naming the key and what is expected", () => {
        rejects({ maxImageSize: 3 }, /^unknown config key "maxImageSize" \(expected one of: minWorkbenchVersion, maxImageSizeGB, deprecatedVersions, rules, asOf\)$/);
        rejects(JSON.parse('{"__proto__": {"maxImageSizeGB": 1}}'), /^unknown config key "__proto__"/);
        rejects({ rules: JSON.parse('{"__proto__": "disabled"}') }, /^rules: unknown rule "__proto__" \(use an id like RSB006/);
        rejects({ rules: { constructor: "disabled" } }, /^rules: unknown rule "constructor"/);
        rejects({ rules: { RSB006: "off" } }, /^rules\.RSB006 must be "mandatory", "advisory" or "disabled", got "off"$/);
        rejects({ rules: ["RSB006"] }, /^rules must be a map of rule id or slug/);
        rejects({ minWorkbenchVersion: "banana" }, /^minWorkbenchVersion must be a Workbench version like "2022\.02\.2-485\.pro2", got "banana"$/);
        for (const bad of [0, -1, Infinity, NaN, "25", null]) rejects({ maxImageSizeGB: bad }, /^maxImageSizeGB must be a positive number, got /);
        rejects({ deprecatedVersions: {} }, /^deprecatedVersions must be a list of \{version, deprecatedOn\?, note\?\}, got \{\}$/);
        rejects({ deprecatedVersions: [{}] }, /^deprecatedVersions\[0\]\.version must be a Workbench version/);
        rejects({ deprecatedVersions: [{ version: "2024.04.2+764.pro1", deprecatedOn: "soon" }] }, /^deprecatedVersions\[0\]\.deprecatedOn must be a date YYYY-MM-DD, got "soon"$/);
        rejects({ deprecatedVersions: [{ version: "2024.04.2", extra: 1 }] }, /^deprecatedVersions\[0\]: unknown key "extra"/);
        rejects({ deprecatedVersions: [{ version: "2024.04.2", note: 5 }] }, /^deprecatedVersions\[0\]\.note must be a string, got 5$/);
        rejects({ asOf: "tomorrow" }, /^asOf must be a date YYYY-MM-DD, got "tomorrow"$/);
        rejects(5, /^config must be an object, got 5$/);
        rejects([], /^config must be an object, got a list$/);
    });

    it("valid settings fill in over the defaults", () => {
        const c = loadConfig({ rules: { RSB006: "disabled", "entrypoint-ignored": "advisory" }, maxImageSizeGB: 10.5, deprecatedVersions: [{ version: "2024.04.2", note: "n" }], asOf: "2026-01-01" });
        assert.deepEqual(c, {
            minWorkbenchVersion: DEFAULT_CONFIG.minWorkbenchVersion,
            maxImageSizeGB: 10.5,
            deprecatedVersions: [{ version: "2024.04.2", note: "n" }],
            rules: { RSB006: "disabled", "entrypoint-ignored": "advisory" },
            asOf: "2026-01-01",
        });
        assert.deepEqual(loadConfig(undefined), loadConfig({}));
        // The defaults are the one Workbench table's, and each config gets its own copy.
        assert.deepEqual(loadConfig({}).deprecatedVersions, WORKBENCH_DEPRECATIONS.map((d) => ({ ...d })));
        loadConfig({}).deprecatedVersions.push({ version: "2099.01.1" });
        assert.equal(loadConfig({}).deprecatedVersions.length, WORKBENCH_DEPRECATIONS.length);
    });

    it("the pack's configSchema per policy derives from the same description, portable to another validator", () => {
        assert.deepEqual(Object.keys(policyConfigSchema("RSB001")!.properties), ["minWorkbenchVersion"]);
        assert.deepEqual(Object.keys(policyConfigSchema("RSB011")!.properties), ["maxImageSizeGB"]);
        assert.deepEqual(Object.keys(policyConfigSchema("RSB015")!.properties).sort(), ["asOf", "deprecatedVersions"]);
        assert.equal(policyConfigSchema("RSB006"), undefined);
        const walk = (s: JsonSchema, at: string) => {
            for (const [k, v] of Object.entries(s)) {
                assert.ok(!k.startsWith("x-"), `${at}.${k}`);
                assert.ok(!(k === "format" && v === "workbench-version"), `${at}: custom format`);
                if (v && typeof v === "object" && !Array.isArray(v) && k !== "default") walk(v as JsonSchema, `${at}.${k}`);
            }
        };
        for (const id of ["RSB001", "RSB011", "RSB015"]) walk(policyConfigSchema(id)! as JsonSchema, id);
        assert.equal(policyConfigSchema("RSB011")!.properties.maxImageSizeGB.default, 25);
        // A strict draft-07 validator (no custom formats or keywords) compiles each and accepts the defaults in force.
        const ajv = new Ajv({ strict: true });
        for (const id of ["RSB001", "RSB011", "RSB015"]) {
            const schema = { type: "object", ...policyConfigSchema(id)! };
            const validate = ajv.compile(schema);
            const defaults = Object.fromEntries(Object.entries(schema.properties).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
            assert.ok(validate(defaults), `${id}: ${JSON.stringify(validate.errors)}`);
        }
    });

    it("configSchema names every setting and restricts rules to the catalogue", () => {
        const s = configSchema(RULE_KEYS);
        assert.deepEqual(Object.keys(s.properties!), [...SETTING_KEYS]);
        assert.equal(s.additionalProperties, false);
        assert.deepEqual(s.properties!.rules.propertyNames!.enum, [...RULE_KEYS].sort());
    });

    it("usage and docs list every setting with its description", () => {
        const usage = settingsUsage("  ");
        const md = settingsMarkdown();
        for (const key of SETTING_KEYS) {
            assert.ok(usage.includes(`  ${key} `) && usage.includes(SETTINGS[key].description), key);
            assert.ok(md.includes(`| \`${key}\` |`), key);
        }
        assert.match(usage, /maxImageSizeGB +Image size limit .* Default: 25\./);
        assert.match(usage, /asOf +.* Default: today \(UTC\)\./);
    });

    it("the components' RStudioChecks doc comments are the settings' documentation lines", () => {
        // componentProviderHost reads JSDoc for the multi-language schema, so the docs are source text: compared here.
        const file = ["components/image-args.ts", "components/image.ts"].map((f) => path.join(ROOT, f)).find((f) => fs.existsSync(f) && /interface RStudioChecks\b/.test(fs.readFileSync(f, "utf8")));
        assert.ok(file, "RStudioChecks not found");
        const src = fs.readFileSync(file, "utf8");
        const body = src.slice(src.indexOf("interface RStudioChecks"), src.indexOf("\n}", src.indexOf("interface RStudioChecks")));
        const docs = new Map<string, string>();
        for (const m of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\??:/g)) {
            docs.set(m[2], m[1].split("\n").map((l) => l.replace(/^\s*\*\s?/, "").trim()).filter(Boolean).join(" "));
        }
        assert.deepEqual([...docs.keys()].sort(), [...SETTING_KEYS].sort());
        for (const key of SETTING_KEYS) assert.equal(docs.get(key), settingDoc(key), key);
    });

    it("ajv is loaded only when a config has something to validate", () => {
        const script = (input: string) => `
            const { loadConfig } = require("./core");
            loadConfig(${input});
            console.log(Object.keys(require.cache).some((k) => /node_modules\\/ajv\\//.test(k)));`;
        const run = (input: string) => {
            const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script(input)], { cwd: ROOT, encoding: "utf8" });
            assert.equal(r.status, 0, r.stderr);
            return r.stdout.trim().split("\n").pop();
        };
        assert.equal(run('{ asOf: "2026-11-30" }'), "false");
        assert.equal(run('{ maxImageSizeGB: 3 }'), "true");
    });
});
