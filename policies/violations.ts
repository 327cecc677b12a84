/**
 * Findings → violations. The message starts with the rule id, says when the finding is unverified, names the
 * Dockerfile line when there is one, what decided it, and ends with the fix:
 * `RSB002: Dockerfile:12: sudo is not installed … Basis: no install of sudo in this Dockerfile. Fix: Add RUN apt-get …`.
 * The policy name (the rule's slug), the level and the resource are printed by the CLI around it.
 *
 * Secrets. The engine sends secret values marked as such, but the SDK unwraps them before a validation sees them
 * (server.ts: `deserializeProperties(…, false)`), so a policy cannot tell a secret from a plain value. The pack
 * therefore never prints a value it read from a resource's property: every such value is replaced by
 * `[not shown]` in the message (`hidden`), whether it was a secret or not. Facts an RStudioImage component
 * publishes (what its Dockerfile says) are shown, with credentials in URLs masked (`redact`).
 */
import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";
import type { Finding, Rule } from "../core";

/**
 * What a policy reports. `enforcementLevel` is set only when a finding's level differs from the rule's default
 * (an advisory note of a mandatory rule, an unverified mandatory finding): every other finding takes the level the
 * engine configured for the policy (`enforcementLevel` in the pack config).
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

/** What a message says in place of a value read from a resource property (see the file comment). */
export const NOT_SHOWN = "[not shown]";

// `scheme://user:password@host` → `scheme://***@host`.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi;
// `?token=…`, `&X-Amz-Signature=…`, `access_key=…`: the value of a query parameter named like a credential.
const CREDENTIAL_PARAM = /([?&;][^=&\s"']*(?:token|key|secret|passw(?:or)?d|pwd|sig(?:nature)?|auth|credential|session)[^=&\s"']*=)[^&\s"']+/gi;

/** Mask credentials in URLs: user:password@, and query parameters named like tokens, keys, signatures. */
export function redact(text: string): string {
    return text.replace(USERINFO, "$1***@").replace(CREDENTIAL_PARAM, "$1***");
}

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const ALNUM = /[A-Za-z0-9]/;

/**
 * `text` with every occurrence of each value replaced by NOT_SHOWN (longest first, so a value inside another is
 * not left half shown). A value that starts or ends with a letter or digit is only replaced where it is not part
 * of a longer word, so a one-letter value does not blank out the rest of the message.
 */
export function hideValues(text: string, values: readonly string[]): string {
    const wanted = [...new Set(values.filter((v) => typeof v === "string" && v.trim() !== ""))].sort((a, b) => b.length - a.length);
    let out = text;
    for (const v of wanted) {
        const before = ALNUM.test(v[0]) ? "(?<![A-Za-z0-9])" : "";
        const after = ALNUM.test(v[v.length - 1]) ? "(?![A-Za-z0-9])" : "";
        out = out.replace(new RegExp(`${before}${escapeRegExp(v)}${after}`, "g"), NOT_SHOWN);
    }
    return out;
}

/** What every message goes through: values read from properties hidden, credentials in URLs masked. */
export function safeText(text: string, hidden: readonly string[] = []): string {
    return redact(hidden.length > 0 ? hideValues(text, hidden) : text);
}

/** `Dockerfile:12`, `Dockerfile`, `line 12`, `built image`, or nothing for context facts. */
function where(f: Finding): string {
    if (f.file !== undefined) return f.line !== undefined ? `${f.file}:${f.line}` : f.file;
    if (f.line !== undefined) return `line ${f.line}`;
    return f.source === "image" ? "built image" : "";
}

function sentence(s: string): string {
    const t = s.trim();
    return /[.!?]$/.test(t) ? t : `${t}.`;
}

export interface FindingContext {
    /** Names the image when the violation is on another resource (RSB013 on a domain, RSB012 on a traced image). */
    subject?: string;
    /** Values read from resource properties, never printed (see the file comment). */
    hidden?: readonly string[];
}

/**
 * `RSB002: [unverified: <reason>. ]<subject>, Dockerfile:12: <message> Basis: <basis>. Fix: <fix>`. An unverified
 * finding says so first: it rests on something the checker could not see.
 */
export function findingMessage(f: Finding, ctx: FindingContext = {}): string {
    const at = [ctx.subject, where(f)].filter((s) => s !== undefined && s !== "").join(", ");
    const unverified = f.unverified !== undefined ? `unverified: ${sentence(f.unverified)} ` : "";
    const basis = f.basis !== undefined && f.basis.trim() !== "" ? ` Basis: ${sentence(f.basis)}` : "";
    return safeText(`${f.rule}: ${unverified}${at !== "" ? at + ": " : ""}${sentence(f.message)}${basis} Fix: ${f.fix}`, ctx.hidden);
}

/**
 * A finding as a violation. An unverified mandatory finding is advisory (decision 1: a preview must not block on a
 * guess; the component's post-build gate decides it on the built image); any other finding whose level differs
 * from the rule's default carries its own level.
 */
export function findingViolation(rule: Rule, f: Finding, urn?: string, ctx: FindingContext = {}): Violation {
    // A value the rule's own texts contain (say `linux/amd64`, which RSB012 names as the requirement) reveals nothing
    // when it is printed, and hiding it would blank out the rule's words.
    const hidden = ctx.hidden?.filter((h) => !rule.summary.includes(h) && !rule.fix.includes(h));
    const v: Violation = { message: findingMessage(f, { ...ctx, hidden }) };
    if (urn !== undefined) v.urn = urn;
    if (f.unverified !== undefined && f.level === "mandatory") v.enforcementLevel = "advisory";
    else if (f.level !== rule.level) v.enforcementLevel = f.level;
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
