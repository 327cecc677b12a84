import type { Fact, ImageFacts, KnownFact } from "../facts";
import type { RuleResult } from "../types";

/** Where a finding about a fact points: the fact's own file/line, else the final stage's FROM line. */
export function at(facts: ImageFacts, item?: { file?: string; line?: number }): { file?: string; line?: number } {
    const out: { file?: string; line?: number } = {};
    const file = item?.file ?? facts.file;
    const line = item?.line ?? (facts.sources.includes("dockerfile") ? facts.finalStageLine : undefined);
    if (file !== undefined && (item?.line !== undefined || line !== undefined)) out.file = file;
    if (line !== undefined) out.line = line;
    return out;
}

/** A result whose location comes from `item` (or the final stage line). */
export function result(facts: ImageFacts, fact: Fact<unknown>, message: string, item?: { file?: string; line?: number }, extra: Partial<RuleResult> = {}): RuleResult {
    // Facts decided by a built image have no Dockerfile line.
    const loc = fact.source === "image" ? {} : at(facts, item);
    return { message, source: fact.source, ...loc, ...extra };
}

/** `(from the built image)` / `(from FROM tag)` — where a value came from, for messages. */
export function origin(fact: KnownFact<unknown>): string {
    if (fact.source === "image") return fact.via ? `read from ${fact.via} in the built image` : "read from the built image";
    if (fact.source === "context") return fact.via ? `given as the ${fact.via}` : "given by the caller";
    return fact.via ? `from ${fact.via}` : "from the Dockerfile";
}

/** In a message: what is missing, and where to look when the base image may already provide it. */
export function notInstalledHint(fact: Fact<unknown>): string {
    return fact.source === "image"
        ? "not installed in the built image"
        : "not installed by this Dockerfile (if the base image already provides it, check the built image with --image)";
}
