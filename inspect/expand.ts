/**
 * Docker's word processing for instruction arguments (FROM, ARG, ENV, COPY/ADD, WORKDIR, VOLUME, USER): split on
 * unquoted whitespace, remove quotes, substitute `$VAR`, `${VAR}` and `${VAR<modifier>}` from the build-time
 * environment. Never throws: unterminated quotes/braces take the rest of the text, unset variables become empty.
 */

/** Value of a variable, or undefined when it is not set. */
export type Lookup = (name: string) => string | undefined;

/**
 * Expansion limits (hostile input: `ARG A=${A}${A}` 26 times would need 1 GiB). One expanded word (an ARG/ENV
 * value, a COPY source, a RUN word) holds at most 256 Ki characters; `chargedLookup` bounds the total of all
 * values substituted in one analysis (64 Mi characters), and of those substituted into RUN commands (4 Mi: shell
 * parsing costs about a microsecond per substituted character, so this bounds a hostile file to seconds).
 * Measured: a generated 10,000-line Dockerfile whose PATH grows on every ENV substitutes 4.7 Mi characters in all
 * (almost all in ENV, which is cheap) and a few Ki into RUN; the largest of the 430 test Dockerfiles, 105.
 */
export const EXPANSION_LIMITS = Object.freeze({ wordChars: 256 * 1024, totalChars: 64 * 1024 * 1024, runChars: 4 * 1024 * 1024 });

/** An expansion exceeded EXPANSION_LIMITS; the caller turns it into a user error naming the line. */
export class ExpansionLimitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ExpansionLimitError";
    }
}

function checkWord(length: number): void {
    if (length > EXPANSION_LIMITS.wordChars) throw new ExpansionLimitError(`a variable expands to more than ${EXPANSION_LIMITS.wordChars / 1024} Ki characters (the limit for one word)`);
}

/** Characters left for substitutions, and what the limit was (for the message). */
export interface Budget {
    left: number;
    /** e.g. "in one Dockerfile" */
    what: string;
    limit: number;
}

/** A lookup that charges every value it returns to `budget` (characters left) and throws once it is spent. */
export function chargedLookup(lookup: Lookup, budget: Budget): Lookup {
    return (name) => {
        const v = lookup(name);
        if (v !== undefined) {
            budget.left -= v.length;
            if (budget.left < 0) throw new ExpansionLimitError(`variable substitutions ${budget.what} add up to more than ${budget.limit / (1024 * 1024)} Mi characters (the limit)`);
        }
        return v;
    };
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Split instruction text into raw words on unquoted whitespace; quotes and escapes are kept for `expandWord`. */
export function splitRawWords(text: string, escape = "\\"): string[] {
    const words: string[] = [];
    let cur = "";
    let inWord = false;
    let quote = "";
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote !== "") {
            cur += c;
            if (c === escape && quote === '"' && i + 1 < text.length) cur += text[++i];
            else if (c === quote) quote = "";
            continue;
        }
        if (c === " " || c === "\t" || c === "\n" || c === "\r") {
            if (inWord) words.push(cur);
            cur = "";
            inWord = false;
            continue;
        }
        inWord = true;
        cur += c;
        if (c === escape && i + 1 < text.length) cur += text[++i];
        else if (c === '"' || c === "'") quote = c;
    }
    if (inWord) words.push(cur);
    return words;
}

function globToRegExpSource(pattern: string, greedy: boolean): string {
    let src = "";
    for (const ch of pattern) {
        if (ch === "*") src += greedy ? "[\\s\\S]*" : "[\\s\\S]*?";
        else if (ch === "?") src += "[\\s\\S]";
        else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    return src;
}

/**
 * Apply the modifier of a `${name<modifier>}` expansion. `expandArg` expands the word inside the modifier
 * (`${A:-$B}`). Unsupported modifiers yield the plain value.
 */
export function applyModifier(value: string | undefined, modifier: string, expandArg: (word: string) => string): string {
    if (modifier === "") return value ?? "";
    const m = /^(:?[-+?=]|##?|%%?|\/\/?)([\s\S]*)$/.exec(modifier);
    if (!m) return value ?? "";
    const [, op, arg] = m;
    const set = value !== undefined;
    const nonEmpty = set && value !== "";
    switch (op) {
        case ":-":
        case ":=":
            return nonEmpty ? (value as string) : expandArg(arg);
        case "-":
        case "=":
            return set ? (value as string) : expandArg(arg);
        case ":+":
            return nonEmpty ? expandArg(arg) : "";
        case "+":
            return set ? expandArg(arg) : "";
        case ":?":
        case "?":
            return value ?? "";
        case "#":
        case "##": {
            if (!set) return "";
            const re = new RegExp("^" + globToRegExpSource(expandArg(arg), op === "##"));
            return (value as string).replace(re, "");
        }
        case "%":
        case "%%": {
            if (!set) return "";
            // Shortest suffix: try the latest start first.
            const re = new RegExp(globToRegExpSource(expandArg(arg), true) + "$");
            const v = value as string;
            if (op === "%%") {
                const mm = re.exec(v);
                return mm ? v.slice(0, mm.index) : v;
            }
            const whole = new RegExp("^" + globToRegExpSource(expandArg(arg), true) + "$");
            for (let start = v.length; start >= 0; start--) {
                if (whole.test(v.slice(start))) return v.slice(0, start);
            }
            return v;
        }
        case "/":
        case "//": {
            if (!set) return "";
            const slash = arg.indexOf("/");
            const pat = expandArg(slash < 0 ? arg : arg.slice(0, slash));
            const rep = slash < 0 ? "" : expandArg(arg.slice(slash + 1));
            if (pat === "") return value as string;
            const re = new RegExp(globToRegExpSource(pat, true), op === "//" ? "g" : "");
            let grown = (value as string).length;
            return (value as string).replace(re, (m: string) => {
                grown += rep.length - m.length;
                checkWord(grown);
                return rep;
            });
        }
        default:
            return value ?? "";
    }
}

/** Split a `${...}` body into the variable name and its modifier. */
export function splitParameter(body: string): { name: string; modifier: string; length: boolean } {
    if (body.startsWith("#") && body.length > 1 && /^#[A-Za-z_][A-Za-z0-9_]*$/.test(body)) return { name: body.slice(1), modifier: "", length: true };
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])([\s\S]*)$/.exec(body);
    if (!m) return { name: "", modifier: "", length: false };
    return { name: m[1], modifier: m[2], length: false };
}

/** Find the `}` that closes a `${` whose body starts at `from`; -1 when unterminated. */
function closingBrace(text: string, from: number, escape: string): number {
    let depth = 1;
    for (let j = from; j < text.length; j++) {
        const c = text[j];
        if (c === escape) {
            j++;
        } else if (c === "$" && text[j + 1] === "{") {
            depth++;
            j++;
        } else if (c === "}") {
            depth--;
            if (depth === 0) return j;
        }
    }
    return -1;
}

/**
 * Process one raw word as Docker does: remove quotes and escapes, substitute variables. Names that were looked up
 * but not set are added to `missing` (when given).
 */
export function expandWord(raw: string, lookup: Lookup, escape = "\\", missing?: Set<string>): string {
    let out = "";
    const n = raw.length;
    let i = 0;

    const dollar = (): string => {
        // raw[i] === "$"
        const next = raw[i + 1];
        if (next === "{") {
            const end = closingBrace(raw, i + 2, escape);
            const body = end < 0 ? raw.slice(i + 2) : raw.slice(i + 2, end);
            i = end < 0 ? n : end + 1;
            const p = splitParameter(body);
            if (p.name === "") return "";
            const value = lookup(p.name);
            if (value === undefined && missing) missing.add(p.name);
            if (p.length) return String((value ?? "").length);
            const r = applyModifier(value, p.modifier, (w) => expandWord(w, lookup, escape, missing));
            checkWord(r.length);
            return r;
        }
        if (next !== undefined && NAME_START.test(next)) {
            let j = i + 2;
            while (j < n && NAME_CHAR.test(raw[j])) j++;
            const name = raw.slice(i + 1, j);
            i = j;
            const value = lookup(name);
            if (value === undefined && missing) missing.add(name);
            return value ?? "";
        }
        i++;
        return "$";
    };

    while (i < n) {
        const c = raw[i];
        if (c === escape) {
            if (i + 1 < n) out += raw[i + 1];
            i += 2;
        } else if (c === "'") {
            const end = raw.indexOf("'", i + 1);
            out += end < 0 ? raw.slice(i + 1) : raw.slice(i + 1, end);
            i = end < 0 ? n : end + 1;
        } else if (c === '"') {
            i++;
            while (i < n && raw[i] !== '"') {
                const d = raw[i];
                if (d === escape && i + 1 < n) {
                    const e = raw[i + 1];
                    out += e === '"' || e === "$" || e === escape ? e : d + e;
                    i += 2;
                } else if (d === "$") {
                    out += dollar();
                    checkWord(out.length);
                } else {
                    out += d;
                    i++;
                }
            }
            i++;
        } else if (c === "$") {
            out += dollar();
            checkWord(out.length);
        } else {
            out += c;
            i++;
        }
    }
    return out;
}
