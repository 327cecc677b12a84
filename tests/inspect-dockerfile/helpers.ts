import { strict as assert } from "assert";
import type { Fact, KnownFact } from "../../core/facts";
import { inspectDockerfile, type DockerfileInspection, type InspectDockerfileOptions } from "../../inspect/dockerfile";

/** Dockerfile text from lines (keeps tests readable; `\\` continuations stay as written). */
export function df(...lines: string[]): string {
    return lines.join("\n") + "\n";
}

export function inspect(text: string, opts: InspectDockerfileOptions = {}): DockerfileInspection {
    return inspectDockerfile(text, opts);
}

/** The value of a fact that must be known. */
export function knownValue<T>(fact: Fact<T>): T {
    assert.equal(fact.state, "known", `expected a known fact, got: ${JSON.stringify(fact)}`);
    return (fact as KnownFact<T>).value;
}

export function asKnown<T>(fact: Fact<T>): KnownFact<T> {
    assert.equal(fact.state, "known", `expected a known fact, got: ${JSON.stringify(fact)}`);
    return fact as KnownFact<T>;
}

export function unknownReason(fact: Fact<unknown>): string {
    assert.equal(fact.state, "unknown", `expected an unknown fact, got: ${JSON.stringify(fact)}`);
    return (fact as { reason: string }).reason;
}
