/**
 * The contract check: every resource a program registered → the API calls the provider makes → AWS's model.
 */
import { formatViolation, validate, Violation } from "./aws-model";
import { ApiCall, RegisteredResource, translate } from "./translate";

export interface ContractResult {
    calls: ApiCall[];
    violations: Violation[];
}

/** Validate calls against AWS's model. */
export function checkCalls(calls: ApiCall[]): Violation[] {
    return calls.flatMap((c) => validate(c.service, c.operation, c.request, { resource: c.resource, origins: c.origins }));
}

/** Translate every registered resource (create, or update where the provider updates in place) and validate. */
export function checkRegistered(registered: RegisteredResource[], mode: "create" | "update" = "create"): ContractResult {
    const calls = registered.flatMap((r) => translate(r, mode));
    return { calls, violations: checkCalls(calls) };
}

/** A readable list for assertion messages. */
export function describeViolations(violations: Violation[]): string {
    return violations.length === 0 ? "no violations" : violations.map((v) => `  ${formatViolation(v)}`).join("\n");
}
