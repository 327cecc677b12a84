import type { FactSource, ImageFacts } from "./facts";

/**
 * `mandatory` blocks (CLI exit 1, component gate, policy `mandatory`) unless the finding is `unverified` (see
 * `isBlocking` in core/engine.ts); `advisory` informs.
 */
export type Level = "mandatory" | "advisory";

/** A per-rule setting in the config: a level, or `disabled` to turn the rule off. */
export type LevelSetting = Level | "disabled";

/** One problem found by one rule. */
export interface Finding {
    /** Rule id, e.g. `RSB001`. */
    rule: string;
    /** Rule slug, e.g. `base-version`. */
    slug: string;
    level: Level;
    message: string;
    /** How to fix it (the rule's fix, or a more specific one). */
    fix: string;
    /** Which source decided: `dockerfile`, `image` or `context`. */
    source: FactSource;
    /**
     * What decided it, in words: the evidence, e.g. "Dockerfile line 12 runs apt-get install cuda", "no install of
     * sudo in this Dockerfile; the base image was not inspected". Always set.
     */
    basis: string;
    /**
     * Set when the finding rests on something the checker could not see (a `partial` list, an `unknown` fact): the
     * reason, e.g. "the base image rstudio/r-session-complete:jammy-2025.05.1 was not inspected". An unverified
     * mandatory finding is shown but does not block (`isBlocking`); the post-build gate decides it on the built image.
     */
    unverified?: string;
    file?: string;
    line?: number;
}

/** What a rule reports; the engine adds rule id, slug, the configured level and the default fix. */
export interface RuleResult {
    message: string;
    source: FactSource;
    /** What decided it (see `Finding.basis`). */
    basis: string;
    /** Why it is not verified, when it rests on a partial or unknown fact (see `Finding.unverified`). */
    unverified?: string;
    /** Defaults to the rule's level. A rule may report a note at `advisory` below a mandatory default. */
    level?: Level;
    fix?: string;
    file?: string;
    line?: number;
}

/** A SageMaker Workbench version line and when SageMaker deprecated it (or will). */
export interface DeprecatedVersion {
    /** A Workbench version; the entry matches every image of the same `YYYY.MM` line. */
    version: string;
    /** ISO date (YYYY-MM-DD) the version is (or was) deprecated on SageMaker; absent when only "deprecated" is known. */
    deprecatedOn?: string;
    note?: string;
}

export interface SpecConfig {
    /** Lowest Workbench version accepted for the base (RSB001). */
    minWorkbenchVersion: string;
    /** Image size limit in decimal GB (RSB011). */
    maxImageSizeGB: number;
    /** Versions SageMaker lists as deprecated (RSB015). */
    deprecatedVersions: DeprecatedVersion[];
    /** Per-rule level overrides, by rule id or slug. */
    rules: Record<string, LevelSetting>;
    /** ISO date used to tell "deprecated" from "scheduled for deprecation" (RSB015); adapters pass today. */
    asOf?: string;
}

/** A rule of the catalogue. Rules are pure: facts and config in, results out. */
export interface Rule {
    id: string;
    slug: string;
    level: Level;
    /** One line: what the rule requires. */
    summary: string;
    /** One line: how to fix a finding. */
    fix: string;
    /** Why the rule exists (AWS/Posit reference), for docs/rules.md. */
    rationale: string;
    /** How the rule decides and from which facts (its evidence), for docs/rules.md. */
    evidence: string;
    /** What it cannot see: where a finding is `unverified` or a problem goes unreported, for docs/rules.md. */
    blindSpots: string;
    evaluate(facts: ImageFacts, config: SpecConfig): RuleResult[];
}
