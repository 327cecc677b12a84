import type { ImageFacts, PathWriteFact } from "../facts";
import type { RuleResult } from "../types";
import { place, result } from "./util";

/** Path writes at or under `root`. */
export function writesUnder(facts: ImageFacts, root: string): PathWriteFact[] {
    const fact = facts.pathWrites;
    if (fact.state === "unknown") return [];
    return fact.value.filter((w) => w.path === root || w.path.startsWith(root + "/"));
}

/** One finding per write under one of `roots`; each write is its own evidence. */
export function pathFindings(facts: ImageFacts, roots: readonly string[], describe: (w: PathWriteFact, root: string) => string): RuleResult[] {
    const fact = facts.pathWrites;
    if (fact.state === "unknown") return [];
    return roots.flatMap((root) =>
        writesUnder(facts, root).map((w) => {
            const basis = w.via === "filesystem" ? `${w.path} is present in ${place(facts, fact, w)}` : `${place(facts, fact, w)}: ${describeWrite(w)}`;
            return result(facts, fact, describe(w, root), basis, w);
        }),
    );
}

/** `COPY writes /opt/ml/x`, `WORKDIR creates /opt/ml`, `VOLUME declares a volume at /opt/ml`: a write, for messages. */
export function describeWrite(w: PathWriteFact): string {
    if (w.via === "WORKDIR") return `WORKDIR creates ${w.path}`;
    if (w.via === "VOLUME") return `VOLUME declares a volume at ${w.path}`;
    return `${w.via} writes ${w.path}`;
}
