/**
 * RUN command text → simple commands, with `shell-quote` as the word parser.
 *
 * shell-quote handles quoting, `&&`/`||`/`;`/`|`, redirections and variable substitution (through a lookup
 * callback), but not a few things a RUN line needs, so a small pre-scan runs first:
 * - an unquoted `#` inside a word (`git+https://x#egg=y`) would start a comment that swallows the rest of the
 *   string: it is escaped; a `#` at a word start is a comment and is removed up to the end of its line;
 * - newlines (heredoc scripts) would be plain whitespace: they become `;`;
 * - `$(...)` and backticks would split into stray words: they expand to nothing here (the output is only known at
 *   build time) and their inner commands are parsed as commands of their own;
 * - a fd number before a redirection (`2>&1`) would become a word;
 * - heredoc bodies inside a script are data, not commands: they are skipped;
 * - unterminated quotes are silently dropped by shell-quote: they are detected and the command falls back to a
 *   whitespace split.
 */
import { parse as shellParse, type ParseEntry } from "shell-quote";
import { applyModifier, expandWord, splitParameter, ExpansionLimitError, type Lookup } from "./expand";

export interface Redirect {
    /** `>`, `>>`, `>|`, `&>`, `&>>`, `<>`, `>&`, `<`, `<<<`, ...; `<<` for a heredoc, whose body is the target. */
    op: string;
    target: string;
}

export interface SimpleCommand {
    /** Words after substitution; assignment prefixes and `sudo`/`env`/`exec`/... wrappers removed (`sh -c SCRIPT` is replaced by the script's commands). */
    argv: string[];
    redirects: Redirect[];
    /**
     * What the command reads on standard input, when the script says: the text of an `echo`/`printf` piped into it
     * (`echo "install.packages('x')" | R --no-save`). A here-string (`<<<`) is in `redirects`.
     */
    pipedText?: string;
}

export interface ShellParse {
    commands: SimpleCommand[];
    /** True when the text could not be parsed as shell (unterminated quote, bad substitution): words were split on whitespace. */
    fallback: boolean;
}

const MAX_DEPTH = 4;

/** Redirection operators: the next word is their target. */
const REDIRECT_OPS = new Set([">", ">>", ">|", "&>", "&>>", "<>", ">&", "<&", "<", "<<<", "<<", "<<-"]);
/** Redirections that write their target. */
export const WRITE_REDIRECTS = new Set([">", ">>", ">|", "&>", "&>>", "<>", ">&"]);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"]);

export function basename(p: string): string {
    const i = p.lastIndexOf("/");
    return i < 0 ? p : p.slice(i + 1);
}

interface Prescan {
    text: string;
    subs: string[];
    /** Heredoc bodies inside the script, by index: the script stands `<<< __heredoc_N__` in for `<<DELIM`. */
    bodies: string[];
    balanced: boolean;
}

/** End index (exclusive) of the command substitution starting at `i` (`$(` or a backtick), or -1 if unterminated. */
function substitutionEnd(s: string, i: number): number {
    if (s[i] === "`") {
        for (let j = i + 1; j < s.length; j++) {
            if (s[j] === "\\") j++;
            else if (s[j] === "`") return j + 1;
        }
        return -1;
    }
    // s[i] === "(" (of `$(`)
    let depth = 1;
    for (let j = i + 1; j < s.length; j++) {
        const c = s[j];
        if (c === "\\") {
            j++;
        } else if (c === "'") {
            const e = s.indexOf("'", j + 1);
            if (e < 0) return -1;
            j = e;
        } else if (c === '"') {
            let e = j + 1;
            while (e < s.length && s[e] !== '"') e += s[e] === "\\" ? 2 : 1;
            if (e >= s.length) return -1;
            j = e;
        } else if (c === "(") {
            depth++;
        } else if (c === ")") {
            depth--;
            if (depth === 0) return j + 1;
        }
    }
    return -1;
}

function atWordStart(out: string): boolean {
    if (out.length === 0) return true;
    const c = out[out.length - 1];
    return c === " " || c === "\t" || c === "\n" || c === ";" || c === "&" || c === "|" || c === "(" || c === ")" || c === "<" || c === ">";
}

function prescan(s: string): Prescan {
    const unbalanced: Prescan = { text: s, subs: [], bodies: [], balanced: false };
    const bodies: string[] = [];
    let out = "";
    const subs: string[] = [];
    const heredocs: { delim: string; strip: boolean; index: number }[] = [];
    let inDq = false;
    let i = 0;
    const n = s.length;
    while (i < n) {
        const c = s[i];
        if (c === "\\") {
            if (s[i + 1] === "\n") i += 2;
            else if (s[i + 1] === "\r" && s[i + 2] === "\n") i += 3;
            else {
                if (i + 1 < n) out += c + s[i + 1];
                i += 2;
            }
            continue;
        }
        if (c === "`" || (c === "$" && s[i + 1] === "(")) {
            const end = substitutionEnd(s, c === "`" ? i : i + 1);
            if (end < 0) return unbalanced;
            const inner = c === "`" ? s.slice(i + 1, end - 1) : s.slice(i + 2, end - 1);
            if (!inner.startsWith("(")) subs.push(inner); // `$((...))` is arithmetic
            // `$(which R) -e ...`, `$(command -v pip3) install ...`: the program the lookup names.
            const prog = /^\s*(?:which|command\s+-v)\s+([A-Za-z0-9_.+/-]+)\s*$/.exec(inner);
            if (prog) out += prog[1];
            i = end;
            continue;
        }
        if (inDq) {
            if (c === '"') inDq = false;
            out += c;
            i++;
            continue;
        }
        if (c === '"') {
            inDq = true;
            out += c;
            i++;
            continue;
        }
        if (c === "'") {
            const end = s.indexOf("'", i + 1);
            if (end < 0) return unbalanced;
            out += s.slice(i, end + 1);
            i = end + 1;
            continue;
        }
        if (c === "$" && s[i + 1] === "'") {
            let j = i + 2;
            while (j < n && s[j] !== "'") j += s[j] === "\\" ? 2 : 1;
            if (j >= n) return unbalanced;
            out += s.slice(i, j + 1);
            i = j + 1;
            continue;
        }
        if (c === "#") {
            if (atWordStart(out)) {
                while (i < n && s[i] !== "\n") i++;
            } else {
                out += "\\#";
                i++;
            }
            continue;
        }
        if (c === "\n") {
            out += " ; ";
            i++;
            // Skip the bodies of heredocs opened on the line that just ended.
            while (heredocs.length > 0) {
                const h = heredocs.shift() as { delim: string; strip: boolean; index: number };
                const body: string[] = [];
                while (i < n) {
                    let e = s.indexOf("\n", i);
                    if (e < 0) e = n;
                    let line = s.slice(i, e).replace(/\r$/, "");
                    if (h.strip) line = line.replace(/^\t+/, "");
                    i = e + 1;
                    if (line === h.delim) break;
                    body.push(line);
                }
                bodies[h.index] = body.join("\n");
            }
            continue;
        }
        if (c === "<" && s[i + 1] === "<" && s[i + 2] === "<") {
            out += "<<<";
            i += 3;
            continue;
        }
        if (c === "<" && s[i + 1] === "<") {
            let j = i + 2;
            const strip = s[j] === "-";
            if (strip) j++;
            while (s[j] === " " || s[j] === "\t") j++;
            let delim = "";
            if (s[j] === "'" || s[j] === '"') {
                const q = s[j];
                const e = s.indexOf(q, j + 1);
                if (e < 0) return unbalanced;
                delim = s.slice(j + 1, e);
                j = e + 1;
            } else {
                while (j < n && !/[\s;&|<>()]/.test(s[j])) j++;
                delim = s.slice(i + 2 + (strip ? 1 : 0), j).trim().replace(/\\/g, "");
            }
            if (delim !== "") {
                heredocs.push({ delim, strip, index: bodies.length });
                bodies.push("");
                out += ` <<< __heredoc_${bodies.length - 1}__ `;
                i = j;
                continue;
            }
        }
        if (c >= "0" && c <= "9" && atWordStart(out)) {
            let j = i;
            while (j < n && s[j] >= "0" && s[j] <= "9") j++;
            if (s[j] === ">" || s[j] === "<") {
                i = j;
                continue;
            }
        }
        if (c === "\r") {
            i++;
            continue;
        }
        out += c;
        i++;
    }
    if (inDq) return unbalanced;
    return { text: out, subs, bodies, balanced: true };
}

/** Resolve a shell-quote variable key (`NAME`, `NAME:-default`, `#NAME`, ...) against `lookup`. */
function resolveKey(key: string, lookup: Lookup): string {
    const p = splitParameter(key);
    if (p.name === "") return "";
    const value = lookup(p.name);
    if (p.length) return String((value ?? "").length);
    return applyModifier(value, p.modifier, (w) => expandWord(w, lookup));
}

function wordOf(tok: ParseEntry | undefined): string | undefined {
    if (typeof tok === "string") return tok;
    if (tok !== undefined && typeof tok === "object" && "op" in tok && tok.op === "glob") return (tok as { pattern: string }).pattern;
    return undefined;
}

/** The text `echo`/`printf` writes, when it is plain (`echo -e`/`printf` escapes are kept as written). */
function echoedText(argv: readonly string[]): string | undefined {
    const prog = argv[0];
    if (prog === "echo") {
        let i = 1;
        while (i < argv.length && /^-[neE]+$/.test(argv[i])) i++;
        return argv.slice(i).join(" ");
    }
    if (prog === "printf" && argv.length >= 2) return argv.slice(1).join(" ");
    return undefined;
}

function tokensToCommands(tokens: ParseEntry[]): SimpleCommand[] {
    const commands: SimpleCommand[] = [];
    let argv: string[] = [];
    let redirects: Redirect[] = [];
    let piped: string | undefined;
    const flush = (op?: string) => {
        const cmd: SimpleCommand | undefined = argv.length > 0 || redirects.length > 0 ? { argv, redirects } : undefined;
        if (cmd) {
            if (piped !== undefined) cmd.pipedText = piped;
            commands.push(cmd);
        }
        piped = op === "|" && cmd !== undefined ? echoedText(stripPrefixes(cmd.argv)) : undefined;
        argv = [];
        redirects = [];
    };
    for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k];
        if (typeof t === "string") {
            argv.push(t);
            continue;
        }
        if (typeof t !== "object" || t === null || !("op" in t)) continue; // comments (removed by the pre-scan)
        if (t.op === "glob") {
            argv.push((t as { pattern: string }).pattern);
            continue;
        }
        if (REDIRECT_OPS.has(t.op)) {
            const target = wordOf(tokens[k + 1]);
            if (target !== undefined) {
                k++;
                redirects.push({ op: t.op, target });
            }
            continue;
        }
        flush(t.op); // && || ; ;; | |& & ( ) <( >(
    }
    flush();
    return commands;
}

/** Whitespace split for text that is not valid shell: quotes removed, variables substituted, split at `&&`/`;`/`||`/`|`. */
function fallbackCommands(text: string, lookup: Lookup): SimpleCommand[] {
    const commands: SimpleCommand[] = [];
    let argv: string[] = [];
    const flush = () => {
        if (argv.length > 0) commands.push({ argv, redirects: [] });
        argv = [];
    };
    for (const raw of text.split(/\s+/)) {
        if (raw === "") continue;
        if (raw === "&&" || raw === "||" || raw === ";" || raw === "|" || raw === "&") {
            flush();
            continue;
        }
        const ends = raw.endsWith(";");
        const word = expandWord(raw.replace(/["']/g, "").replace(/;$/, ""), lookup);
        if (word !== "") argv.push(word);
        if (ends) flush();
    }
    flush();
    return commands;
}

/** Strip assignment prefixes and wrappers (`sudo`, `env`, `exec`, `nohup`, `time`, `eatmydata`, `!`, `{`, `then`, `do`, ...). */
export function stripPrefixes(argv: string[]): string[] {
    let i = 0;
    for (;;) {
        const w = argv[i];
        if (w === undefined) break;
        if (ASSIGNMENT.test(w)) {
            i++;
            continue;
        }
        if (w === "sudo") {
            i++;
            while (i < argv.length && argv[i].startsWith("-")) {
                const o = argv[i++];
                if (o === "--") break;
                if (/^-[ugpCDhrtTU]$/.test(o)) i++;
            }
            continue;
        }
        if (w === "env") {
            i++;
            while (i < argv.length && (argv[i].startsWith("-") || ASSIGNMENT.test(argv[i]))) {
                const o = argv[i++];
                if (o === "--") break;
                if (o === "-u" || o === "-C" || o === "--unset" || o === "--chdir" || o === "-S" || o === "--split-string") i++;
            }
            continue;
        }
        if (w === "exec" || w === "time" || w === "nohup" || w === "eatmydata") {
            i++;
            while (i < argv.length && argv[i].startsWith("-")) i++;
            continue;
        }
        if (w === "!" || w === "{" || w === "then" || w === "else" || w === "elif" || w === "do" || w === "if" || w === "while" || w === "until") {
            i++;
            continue;
        }
        break;
    }
    return i === 0 ? argv : argv.slice(i);
}

const NOT_COMMANDS = new Set(["}", "fi", "done", "esac", "for", "select", "case", "function"]);

/** The script of `sh -c SCRIPT` / `bash -euxo pipefail -c SCRIPT`, if this command runs one. */
export function nestedShellScript(argv: string[]): string | undefined {
    if (argv.length < 3 || !SHELLS.has(basename(argv[0]))) return undefined;
    let sawC = false;
    for (let i = 1; i < argv.length; i++) {
        const a = argv[i];
        if (a === "-o" || a === "+o") {
            i++;
            continue;
        }
        if (a === "--") break;
        if (a.startsWith("-") || a.startsWith("+")) {
            if (/^-[A-Za-z]+$/.test(a) && a.includes("c")) sawC = true;
            continue;
        }
        return sawC ? a : undefined;
    }
    return undefined;
}

/** Variables assigned by the script itself (`V=1.2 && apt-get install pkg=$V`, `export V=...`). */
function scriptAssignments(commands: SimpleCommand[]): Map<string, string> {
    const local = new Map<string, string>();
    for (const c of commands) {
        let words = c.argv;
        if (words[0] === "export" || words[0] === "declare" || words[0] === "local" || words[0] === "readonly") words = words.slice(1);
        for (const w of words) {
            const m = ASSIGNMENT.exec(w);
            if (!m) break;
            if (m[1] !== undefined || w.includes("+=")) continue;
            local.set(w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1));
        }
    }
    return local;
}

function parseTokens(text: string, lookup: Lookup): ParseEntry[] {
    // An object env, not a function: with a function, shell-quote re-splits every token with a new RegExp (it
    // supports lookups returning objects), which costs more than the whole parse. A Proxy resolves keys lazily,
    // including modifier keys such as `V:-default`.
    const env = new Proxy({} as Record<string, string | undefined>, {
        get: (_target, key) => (typeof key === "string" ? resolveKey(key, lookup) : undefined),
    });
    return shellParse(text, env, { splitUnquoted: true });
}

/**
 * Parse shell text (a RUN line or script) into simple commands. Variables are substituted from `lookup` (the
 * stage's ARG and ENV values) and from assignments made earlier in the same script. Never throws.
 */
export function parseShell(script: string, lookup: Lookup, depth = 0): ShellParse {
    const pre = prescan(script);
    let commands: SimpleCommand[];
    let fallback = false;
    if (!pre.balanced) {
        commands = fallbackCommands(script, lookup);
        fallback = true;
    } else {
        try {
            commands = tokensToCommands(parseTokens(pre.text, lookup));
            const local = scriptAssignments(commands);
            if (local.size > 0 && [...local.keys()].some((k) => pre.text.includes("$" + k) || pre.text.includes("${" + k))) {
                const inner: Lookup = (name) => (local.has(name) ? local.get(name) : lookup(name));
                commands = tokensToCommands(parseTokens(pre.text, inner));
            }
        } catch (e) {
            if (e instanceof ExpansionLimitError) throw e;
            commands = fallbackCommands(script, lookup);
            fallback = true;
        }
    }
    if (pre.bodies.length > 0) {
        for (const c of commands) {
            c.redirects = c.redirects.map((r) => {
                const m = r.op === "<<<" ? /^__heredoc_(\d+)__$/.exec(r.target) : null;
                return m ? { op: "<<", target: pre.bodies[Number(m[1])] ?? "" } : r;
            });
        }
    }
    const result: SimpleCommand[] = [];
    for (const c of commands) {
        const argv = stripPrefixes(c.argv);
        if (argv.length === 0 && c.redirects.length === 0) continue;
        if (argv.length > 0 && NOT_COMMANDS.has(argv[0])) {
            if (c.redirects.length > 0) result.push({ argv: [], redirects: c.redirects });
            continue;
        }
        const nested = depth < MAX_DEPTH ? nestedShellScript(argv) : undefined;
        if (nested === undefined) {
            result.push(argv === c.argv ? c : { ...c, argv });
            continue;
        }
        // `sh -c SCRIPT` is a wrapper like sudo: the script's commands stand in for it.
        if (c.redirects.length > 0) result.push({ argv: [], redirects: c.redirects });
        const sub = parseShell(nested, lookup, depth + 1);
        result.push(...sub.commands);
        fallback = fallback || sub.fallback;
    }
    if (depth < MAX_DEPTH) {
        for (const sub of pre.subs) {
            const parsed = parseShell(sub, lookup, depth + 1);
            result.push(...parsed.commands);
            fallback = fallback || parsed.fallback;
        }
    }
    return { commands: result, fallback };
}

/** An exec-form RUN (`RUN ["apt-get", "install", "x"]`): one command, no shell processing; `["sh", "-c", SCRIPT]` yields the script's commands instead. */
export function execFormCommand(argv: string[], lookup: Lookup): ShellParse {
    const nested = nestedShellScript(argv);
    if (nested === undefined) return { commands: [{ argv, redirects: [] }], fallback: false };
    return parseShell(nested, lookup, 1);
}
