/**
 * Findings → violations. The message starts with the rule id, names the Dockerfile line when there is one, and
 * ends with the fix: `RSB002: Dockerfile:12: sudo is not installed … Fix: Add RUN apt-get …`. The policy name (the
 * rule's slug), the level and the resource are printed by the CLI around it.
 */
import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";
import type { Finding, Rule } from "../core";

/**
 * What a policy reports. `enforcementLevel` is set only when a finding's level differs from the rule's default
 * (an advisory note of a mandatory rule, e.g. "image size is measured on the built image"): every other finding
 * takes the level the engine configured for the policy (`enforcementLevel` in the pack config).
 */
export interface Violation {
    message: string;
    urn?: string;
    enforcementLevel?: EnforcementLevel;
}

/**
 * Report through the SDK. @pulumi/policy ≥ 1.20 accepts an object carrying its own `enforcementLevel` (its typings
 * still declare only `(message, urn)`); the gRPC tests check that the level reaches the engine.
 */
export function report(reportViolation: ReportViolation, v: Violation): void {
    (reportViolation as unknown as (args: Violation) => void)(v);
}

// `scheme://user:password@host` → `scheme://***@host`: a violation message must not repeat credentials, even when
// the property they came from was a secret (the SDK hands policies secrets as plain values).
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi;

export function redact(text: string): string {
    return text.replace(USERINFO, "$1***@");
}

/** `Dockerfile:12`, `Dockerfile`, `line 12`, `built image`, or nothing for context facts. */
function where(f: Finding): string {
    if (f.file !== undefined) return f.line !== undefined ? `${f.file}:${f.line}` : f.file;
    if (f.line !== undefined) return `line ${f.line}`;
    return f.source === "image" ? "built image" : "";
}

/** `RSB002: Dockerfile:12: <message> Fix: <fix>`; `subject` names the image when the violation is on another resource. */
export function findingMessage(f: Finding, subject?: string): string {
    const at = [subject, where(f)].filter((s) => s !== undefined && s !== "").join(", ");
    return redact(`${f.rule}: ${at !== "" ? at + ": " : ""}${f.message} Fix: ${f.fix}`);
}

export function findingViolation(rule: Rule, f: Finding, urn?: string, subject?: string): Violation {
    const v: Violation = { message: findingMessage(f, subject) };
    if (urn !== undefined) v.urn = urn;
    if (f.level !== rule.level) v.enforcementLevel = f.level;
    return v;
}

/** What could not be checked at preview because a value is unknown; the check runs again at update. Advisory. */
export function notVerifiedAtPreview(label: string, what: string, urn?: string): Violation {
    const v: Violation = {
        message: `${label}: not verified at preview: ${what} is not known until the update. It is checked again when \`pulumi up\` runs.`,
        enforcementLevel: "advisory",
    };
    if (urn !== undefined) v.urn = urn;
    return v;
}

/** An invalid policy config: mandatory, so a typo in a threshold does not silently switch a check off. */
export function invalidConfig(label: string, policyName: string, error: string): Violation {
    return {
        message: `${label}: invalid policy config: ${error}. Fix: correct the "${policyName}" entry of the --policy-pack-config file (or the policy group's config).`,
        enforcementLevel: "mandatory",
    };
}
