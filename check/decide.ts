/**
 * The pure half of the check flow: facts + context + config → findings and notes. No fs, no Docker, no Pulumi:
 * the policy pack's bundle imports this (through check/contract.ts or directly) without pulling in inspect/.
 */
import { evaluate, RULE_KEYS, RULES, withContext, type CheckContext, type Finding, type ImageFacts, type Rule, type SpecConfig } from "../core";
import { domainLine } from "./domain";

/** The context an adapter knows besides the image: what the image is for and where it will run. */
export interface CheckContextInput {
    /** The image is for GPU instances (RSB010, RSB016); undefined = not declared. */
    gpu?: boolean;
    /** The domain's Workbench version or Workbench image ARN (RSB013). */
    domain?: string;
    /** The URI the ImageVersion will use (RSB014). */
    imageUri?: string;
    /** The build platform (RSB012), when the build sets one and the facts do not know it. */
    platform?: string;
}

/** The core's CheckContext for an adapter's context; the domain goes through domainLine, the one parse. */
export function toCheckContext(ctx: CheckContextInput): CheckContext {
    const out: CheckContext = {};
    if (ctx.gpu !== undefined) out.gpu = ctx.gpu;
    if (ctx.domain !== undefined) {
        // A text that names no Workbench line goes to the rule as written: RSB013 says it is not a version.
        out.domainWorkbenchVersion = domainLine(ctx.domain) ?? ctx.domain;
    }
    if (ctx.imageUri !== undefined) out.imageUri = ctx.imageUri;
    if (ctx.platform !== undefined) out.platform = ctx.platform;
    return out;
}

const RULE_ID_RANGE = `${RULES[0].id}-${RULES[RULES.length - 1].id}`;

/**
 * Notes about the facts themselves that every adapter shows: today, an ignore pragma that names no rule of the
 * catalogue (it silences nothing, which the user should know).
 */
export function factNotes(facts: ImageFacts): string[] {
    const notes: string[] = [];
    for (const s of facts.suppressions) {
        const unknownRules = s.rules.filter((r) => !RULE_KEYS.has(r));
        if (unknownRules.length === 0) continue;
        const where = facts.file !== undefined ? `${facts.file}:${s.line}` : `line ${s.line}`;
        notes.push(`${where}: sagemaker-rstudio ignore=${unknownRules.join(",")} names no rule (ids ${RULE_ID_RANGE} or slugs; see docs/rules.md or \`sagemaker-rstudio rules\`)`);
    }
    return notes;
}

export interface CheckFactsInput extends CheckContextInput {
    facts: ImageFacts;
    config: SpecConfig;
    /** Evaluate only these rules (the policy pack runs one rule per policy). Default: the whole catalogue. */
    rules?: readonly Rule[];
}

export interface CheckResult {
    /** The facts the rules saw (with the context applied). */
    facts: ImageFacts;
    /** Ordered by line, then rule id. */
    findings: Finding[];
    /** What the analysis could not follow, and pragmas that name no rule. Shown by every adapter. */
    notes: string[];
}

/** Facts already gathered (the pack: a component's published facts) → findings. Synchronous and pure. */
export function checkFacts(input: CheckFactsInput): CheckResult {
    const facts = withContext(input.facts, toCheckContext(input));
    const findings = input.rules === undefined ? evaluate(facts, input.config) : evaluate(facts, input.config, input.rules);
    return { facts, findings, notes: factNotes(facts) };
}
