import type { ImageFacts } from "./facts";
import type { Finding, Level, LevelSetting, Rule, SpecConfig } from "./types";
import { DEFAULT_CONFIG, resolveConfig } from "./config";
import { RULES } from "./rules";

const BY_KEY = new Map<string, Rule>();
for (const r of RULES) {
    BY_KEY.set(r.id, r);
    BY_KEY.set(r.slug, r);
}

/** Every id and slug of the catalogue (what a config's `rules` keys and inline ignores may name). */
export const RULE_KEYS: ReadonlySet<string> = new Set(BY_KEY.keys());

/** A rule by id (`RSB006`) or slug (`entrypoint-ignored`). */
export function findRule(idOrSlug: string): Rule | undefined {
    return BY_KEY.get(idOrSlug) ?? BY_KEY.get(idOrSlug.toUpperCase());
}

/** Validate a user config against this catalogue and fill in defaults. */
export function loadConfig(input: unknown): SpecConfig {
    return resolveConfig(input, RULE_KEYS);
}

/** The configured setting of a rule: an override by id wins over one by slug, which wins over the default. */
export function ruleSetting(rule: Rule, config: SpecConfig): LevelSetting {
    return config.rules[rule.id] ?? config.rules[rule.slug] ?? rule.level;
}

function suppressedAt(facts: ImageFacts, rule: Rule, line: number | undefined, file: string | undefined): boolean {
    const names = (s: { rules: string[] }) => s.rules.includes(rule.id) || s.rules.includes(rule.slug);
    // `# sagemaker-rstudio global ignore=RSB016` drops every finding of the rule, with or without a line.
    if (facts.suppressions.some((s) => s.global === true && names(s))) return true;
    if (line === undefined) return false;
    if (file !== undefined && facts.file !== undefined && file !== facts.file) return false;
    return facts.suppressions.some((s) => s.line === line && (s.rules.includes(rule.id) || s.rules.includes(rule.slug)));
}

/**
 * Run one rule: the rule's results become findings with the rule's id, slug and configured level (an override
 * replaces the level of every finding of the rule), inline suppressions applied.
 */
export function evaluateRule(rule: Rule, facts: ImageFacts, config: SpecConfig = DEFAULT_CONFIG): Finding[] {
    const setting = ruleSetting(rule, config);
    if (setting === "disabled") return [];
    const overridden = setting !== rule.level;
    const findings: Finding[] = [];
    for (const r of rule.evaluate(facts, config)) {
        if (suppressedAt(facts, rule, r.line, r.file)) continue;
        const level: Level = overridden ? setting : (r.level ?? rule.level);
        const f: Finding = { rule: rule.id, slug: rule.slug, level, message: r.message, fix: r.fix ?? rule.fix, source: r.source, basis: r.basis };
        if (r.unverified !== undefined) f.unverified = r.unverified;
        if (r.file !== undefined) f.file = r.file;
        if (r.line !== undefined) f.line = r.line;
        findings.push(f);
    }
    return findings;
}

/** Run the whole catalogue (or the given rules). Findings are ordered by line, then rule id. */
export function evaluate(facts: ImageFacts, config: SpecConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES): Finding[] {
    const all = rules.flatMap((r) => evaluateRule(r, facts, config));
    return all.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || a.rule.localeCompare(b.rule));
}

/**
 * A finding that blocks (CLI exit 1, the RStudioImage construction gate, the pack's mandatory violation): mandatory
 * AND verified. An unverified mandatory finding rests on something unseen (a partial list, an unknown fact) and is
 * only shown; the component's post-build gate decides it on the built image.
 */
export function isBlocking(f: Finding): boolean {
    return f.level === "mandatory" && f.unverified === undefined;
}

/** The findings that block (see `isBlocking`). */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
    return findings.filter(isBlocking);
}

/**
 * Whether any finding blocks: since the evidence model (decision 1) this is `findings.some(isBlocking)`, i.e. an
 * unverified mandatory finding does not count. Prefer `isBlocking` / `blockingFindings` in new code.
 */
export function hasMandatory(findings: readonly Finding[]): boolean {
    return findings.some(isBlocking);
}

/**
 * `RSB002 system-packages [mandatory] Dockerfile:12: message Fix: …` — the one-line form; an unverified finding reads
 * `[mandatory, unverified] …: message (unverified: <reason>) Fix: …`. The one-line form used by the CLI, the component gate and the policy pack. */
export function formatFinding(f: Finding): string {
    const where = f.file !== undefined ? (f.line !== undefined ? `${f.file}:${f.line}` : f.file) : f.line !== undefined ? `line ${f.line}` : `(${f.source})`;
    const level = f.unverified !== undefined ? `${f.level}, unverified` : f.level;
    const unverified = f.unverified !== undefined ? ` (unverified: ${f.unverified})` : "";
    return `${f.rule} ${f.slug} [${level}] ${where}: ${f.message}${unverified} Fix: ${f.fix}`;
}
