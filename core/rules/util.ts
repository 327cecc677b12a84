import type { Fact, ImageFacts, KnownFact, UnknownFact } from "../facts";
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

/**
 * A result: `message`, what decided it (`basis`), its location from `item` (or the final stage line), and `extra`
 * (level, fix, unverified).
 */
export function result(
    facts: ImageFacts,
    fact: Fact<unknown>,
    message: string,
    basis: string,
    item?: { file?: string; line?: number },
    extra: Partial<Omit<RuleResult, "message" | "basis" | "source">> = {},
): RuleResult {
    // Facts decided by a built image have no Dockerfile line.
    const loc = fact.source === "image" ? {} : at(facts, item);
    const out: RuleResult = { message, basis, source: fact.source, ...loc };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
    return out;
}

/** `(from the built image)` / `(from FROM tag)` — where a value came from, for messages. */
export function origin(fact: KnownFact<unknown>): string {
    if (fact.source === "image") return fact.via ? `read from ${fact.via} in the built image` : "read from the built image";
    if (fact.source === "context") return fact.via ? `given as the ${fact.via}` : "given by the caller";
    return fact.via ? `from ${fact.via}` : "from the Dockerfile";
}

/** `Dockerfile line 12`, `the built image`, `the caller's input`: where a piece of evidence is, for a basis. */
export function place(facts: ImageFacts, fact: Fact<unknown>, item?: { file?: string; line?: number }): string {
    if (fact.source === "image") return facts.imageRef !== undefined ? `the built image ${facts.imageRef}` : "the built image";
    if (fact.source === "context") return fact.state === "known" && fact.via ? `the ${fact.via} given by the caller` : "the caller's input";
    // An item of a list layered on an inspected base has no line when it comes from the base.
    if (item !== undefined && item.line === undefined && isLayered(facts, fact)) {
        return facts.baseInspected !== undefined ? `the base image ${facts.baseInspected}` : "the base image";
    }
    const file = item?.file ?? (fact.state === "known" ? fact.file : undefined) ?? facts.file ?? "the Dockerfile";
    const line = item?.line ?? (fact.state === "known" ? fact.line : undefined);
    return line !== undefined ? `${file} line ${line}` : file;
}

/** What a list fact covers, for a basis: `this Dockerfile`, `the built image`, `the base image X and this Dockerfile`. */
/** A fact `layerFacts` made from an inspected base (its `via` names the base: "the base image X[ and this Dockerfile]"). */
export function isLayered(facts: ImageFacts, fact: Fact<unknown>): boolean {
    return facts.baseInspected !== undefined && fact.state === "known" && fact.via !== undefined && fact.via.startsWith("the base image");
}

export function listScope(facts: ImageFacts, fact: KnownFact<unknown>): string {
    if (isLayered(facts, fact)) return fact.via as string;
    if (fact.source === "image") return facts.imageRef !== undefined ? `the built image ${facts.imageRef}` : "the built image";
    if (fact.source === "context") return "the caller's input";
    return "this Dockerfile";
}

/**
 * Evidence that something is absent from a known list: the basis, and `unverified` when the list is partial (more
 * may exist than was seen, e.g. in a base image that was not inspected).
 */
export function absence(facts: ImageFacts, fact: KnownFact<unknown>, what: string): { basis: string; unverified?: string } {
    const basis = `no ${what} in ${listScope(facts, fact)}`;
    return fact.partial !== undefined ? { basis, unverified: fact.partial } : { basis };
}

/** In a message: where something is missing from, and where to look when more may exist than was seen. */
export function notInstalledHint(facts: ImageFacts, fact: KnownFact<unknown>): string {
    const scope = listScope(facts, fact);
    if (scope.startsWith("the built image")) return "not installed in the built image";
    const layered = / and this Dockerfile$/.exec(scope);
    if (layered) return `installed neither in ${scope.slice(0, layered.index)} nor by this Dockerfile`;
    if (scope !== "this Dockerfile") return `not installed in ${scope}${fact.partial !== undefined ? ` (${fact.partial})` : ""}`;
    if (fact.partial === undefined) return "not installed by this Dockerfile";
    return /base image/.test(fact.partial)
        ? "not installed by this Dockerfile; the base image may provide it (inspect it with --base local|pull, or check the built image with --image)"
        : "not installed by this Dockerfile as far as it could be read";
}

/** A result for something missing from a package list: `<label> is not installed …`, unverified when the list is partial. */
export function missingResult(facts: ImageFacts, fact: KnownFact<unknown>, what: string, label: string): RuleResult {
    const a = absence(facts, fact, what);
    return result(facts, fact, `${label} is ${notInstalledHint(facts, fact)}.`, a.basis, undefined, { unverified: a.unverified });
}

/** A result for a fact that could not be determined: advisory, unverified with the fact's reason. */
export function unknownResult(facts: ImageFacts, fact: UnknownFact, what: string, message: string, fix?: string): RuleResult {
    return result(facts, fact, message, `the ${what} could not be determined`, undefined, { level: "advisory", unverified: fact.reason, fix });
}
