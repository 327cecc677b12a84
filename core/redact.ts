/**
 * Credentials must not leave the checker in its outputs (JSON facts, component outputs, messages): a Dockerfile's
 * ENV/ARG values and RUN words may carry a licence key, a token in a URL, or a password. This module is pure (no
 * I/O): adapters call `redactFacts` on the facts they print or publish, after the rules have run on the real values.
 *
 * What counts as a credential:
 * - a variable whose name says so (`*_PASSWORD`, `*_TOKEN`, `*_SECRET*`, `*_API_KEY`, `*_KEY`, `RSW_LICENSE`,
 *   `*_CREDENTIALS`, `*_AUTH`): the whole non-empty value;
 * - inside any value or word: a URL's `user:password@`, URL query parameters named like a credential (`token=`,
 *   `key=`, `sig=`, `password=`, `X-Amz-Signature=`, `X-Amz-Credential=`, ...), `Authorization: Bearer/Basic ...`,
 *   AWS access key ids (`AKIA…`/`ASIA…`), GitHub/GitLab/Slack tokens, PEM private key blocks.
 */
import type { CommandFact, EnvVarFact, ImageFacts } from "./facts";

export const REDACTED = "[redacted]";

const SECRET_NAME = /(^|_)(PASS(WORD|WD)?|SECRETS?|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|KEY|CREDENTIALS?|AUTH|LICEN[CS]E(_KEY)?|PAT)(_|$)/i;
/** A name that names something other than a secret even though it matches (GPG key ids are public). */
const NOT_SECRET_NAME = /^(GPG_KEY|KEY_?ID|.*_KEY_?ID|.*_(URL|PATH|FILE|DIR|HOME))$/i;

/** Whether a variable named `name` holds a credential (its value is hidden whole). */
export function isSecretName(name: string): boolean {
    return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

const PATTERNS: [RegExp, string | ((m: string, ...g: string[]) => string)][] = [
    // PEM private keys
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
    // scheme://user:password@host → scheme://[redacted]@host. Quantifiers before a fixed part are bounded: an
    // unbounded `[a-z0-9+.-]*` before `://` backtracks quadratically over a long word (a 200,000-character RUN
    // line took 44 s); schemes and parameter names are short.
    [/([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/@:]*:[^\s/@]*@/gi, `$1${REDACTED}@`],
    // query/fragment parameters named like a credential
    [/([?&#;](?:[\w.-]{0,64}(?:token|key|secret|password|passwd|pwd|sig|signature|auth|credential|session)[\w.-]{0,64})=)[^&#\s"']+/gi, `$1${REDACTED}`],
    // Authorization headers
    [/(\b(?:Bearer|Basic|token)\s+)[A-Za-z0-9._~+/=-]{8,}/g, `$1${REDACTED}`],
    // AWS access key ids, GitHub, GitLab, Slack tokens
    [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
    [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, REDACTED],
    [/\bgithub_pat_[A-Za-z0-9_]{30,}\b/g, REDACTED],
    [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, REDACTED],
    [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, REDACTED],
];

/** Hide credential-looking parts of a text (a value, a command word); other text is kept. */
export function redactText(text: string): string {
    let out = text;
    for (const [re, rep] of PATTERNS) out = out.replace(re, rep as string);
    return out;
}

/** An ENV/ARG value as it may be shown: hidden whole when the name says it is a credential. */
export function redactValue(name: string, value: string): string {
    if (value !== "" && isSecretName(name)) return REDACTED;
    return redactText(value);
}

/** `NAME=value` words (assignments, `--build-arg`, `--password=x`) and words after `--password`/`-p`-like flags. */
function redactArgv(argv: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const w = argv[i];
        const prev = i > 0 ? argv[i - 1] : "";
        if (/^--?[\w-]*(password|passwd|token|secret|api-?key)$/i.test(prev) && w !== "") {
            out.push(REDACTED);
            continue;
        }
        const eq = /^(--?)?([A-Za-z_][\w-]*)=(.*)$/s.exec(w);
        if (eq && eq[3] !== "" && isSecretName(eq[2].replace(/-/g, "_"))) {
            out.push(`${eq[1] ?? ""}${eq[2]}=${REDACTED}`);
            continue;
        }
        out.push(redactText(w));
    }
    return out;
}

/**
 * Facts as they may be printed or published: env values and RUN words with credentials hidden. Returns a copy;
 * evaluate rules on the original (a rule may need the real value, e.g. RSB005 reads the URL's scheme).
 */
export function redactFacts(facts: ImageFacts): ImageFacts {
    const out: ImageFacts = { ...facts };
    if (facts.env.state === "known") {
        // fromEntries defines own properties: an ENV named __proto__ stays a plain key.
        const env: Record<string, EnvVarFact> = Object.fromEntries(Object.entries(facts.env.value).map(([k, v]) => [k, { ...v, value: redactValue(k, v.value) }]));
        out.env = { ...facts.env, value: env };
    }
    if (facts.commands.state === "known") {
        out.commands = { ...facts.commands, value: facts.commands.value.map((c: CommandFact) => ({ ...c, argv: redactArgv(c.argv) })) };
    }
    if (facts.entrypoint.state === "known") {
        const ep = { ...facts.entrypoint.value };
        if (ep.entrypoint) ep.entrypoint = redactArgv(ep.entrypoint);
        if (ep.cmd) ep.cmd = redactArgv(ep.cmd);
        out.entrypoint = { ...facts.entrypoint, value: ep };
    }
    if (facts.baseImage.state === "known") out.baseImage = { ...facts.baseImage, value: redactText(facts.baseImage.value) };
    if (facts.imageUri.state === "known") out.imageUri = { ...facts.imageUri, value: redactText(facts.imageUri.value) };
    return out;
}
