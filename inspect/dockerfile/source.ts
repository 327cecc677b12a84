/**
 * Dockerfile text → instructions. `dockerfile-ast` splits the file (continuations, heredocs, comments, parser
 * directives, the escape character); only what the analysis needs is kept (the AST becomes garbage on return:
 * keeping it alive makes every young-generation GC copy it, which made 10,000-line files cost more per line than
 * small ones). The helpers here read an instruction's text the way BuildKit does.
 */
import { DockerfileParser, type Heredoc, type Instruction } from "dockerfile-ast";
import { DockerfileError } from "../errors";

/** Heredoc ranges of a RUN/COPY, as dockerfile-ast reports them (0-based lines). */
export interface HeredocRange {
    name: string;
    contentStart0?: number;
    contentEnd0?: number;
    delimiter0?: number;
}

/** One instruction: keyword and position. */
export interface Ins {
    kw: string;
    /** 1-based start line. */
    line: number;
    start0: number;
    end0: number;
    startChar: number;
    heredocs?: HeredocRange[];
}

/** The parsed file: its lines, escape character and instructions. */
export interface Source {
    lines: string[];
    escape: string;
    continuation: RegExp;
    instructions: Ins[];
}

function toIns(node: Instruction, lines: string[]): Ins {
    const r = node.getRange();
    const ins: Ins = { kw: node.getKeyword(), line: r.start.line + 1, start0: r.start.line, end0: r.end.line, startChar: r.start.character };
    const getter = (node as unknown as { getHeredocs?: () => Heredoc[] }).getHeredocs;
    const kind = ins.kw === "RUN" || ins.kw === "COPY" || ins.kw === "ADD";
    if (kind && r.end.line > r.start.line && typeof getter === "function" && (lines[r.start.line] ?? "").includes("<<")) {
        ins.heredocs = getter.call(node).map((d) => {
            const c = d.getContentRange();
            const h: HeredocRange = { name: d.getName() };
            if (c) {
                h.contentStart0 = c.start.line;
                h.contentEnd0 = c.end.line;
            }
            const e = d.getDelimiterRange();
            if (e) h.delimiter0 = e.start.line;
            return h;
        });
    }
    return ins;
}

/** Reject input that is not a Dockerfile's text. */
export function checkText(text: string, file: string | undefined): void {
    if (text.includes("\u0000")) throw new DockerfileError("not a text file (it contains NUL bytes); expected a Dockerfile", { file });
    const bad = text.match(/[\u0001-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/g);
    if (bad !== null && bad.length * 100 > text.length) throw new DockerfileError("not a text file (binary data); expected a Dockerfile", { file });
    if (text.trim() === "") throw new DockerfileError("the Dockerfile is empty", { file });
}

/** Parse with dockerfile-ast and keep only what the analysis needs. */
export function parseSource(text: string): Source {
    const df = DockerfileParser.parse(text);
    const escape = df.getEscapeCharacter();
    const lines = text.split(/\r\n|\r|\n/);
    const instructions = df.getInstructions().map((node) => toIns(node, lines));
    return { lines, escape, continuation: new RegExp(escape.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "[ \\t]*$"), instructions };
}

/** The instruction's arguments as one logical line: continuations joined, comment/blank lines inside dropped. */
export function logicalText(src: Source, ins: Ins, lastLine0 = ins.end0): string {
    let out = "";
    for (let l = ins.start0; l <= lastLine0 && l < src.lines.length; l++) {
        const s = l === ins.start0 ? src.lines[l].slice(ins.startChar) : src.lines[l];
        if (l > ins.start0) {
            const t = s.trim();
            if (t === "" || t.startsWith("#")) continue;
        }
        const m = src.continuation.exec(s);
        if (m && l < lastLine0) {
            out += s.slice(0, m.index);
            continue;
        }
        out += m ? s.slice(0, m.index) : s;
        break;
    }
    return out.replace(/^\s*\S+\s*/, "").trim();
}

export interface HeredocBody {
    name: string;
    body: string;
}

/** Heredoc bodies of a RUN/COPY, and the last line of the instruction's command part. */
export function heredocs(src: Source, ins: Ins): { bodies: HeredocBody[]; commandEnd0: number } {
    const docs = ins.heredocs;
    if (docs === undefined || docs.length === 0) return { bodies: [], commandEnd0: ins.end0 };
    let commandEnd0 = ins.end0;
    const bodies: HeredocBody[] = [];
    const strip = /<<-/.test(src.lines[ins.start0]);
    for (const d of docs) {
        const first = d.contentStart0 ?? d.delimiter0;
        if (first !== undefined) commandEnd0 = Math.min(commandEnd0, first - 1);
        let body = "";
        if (d.contentStart0 !== undefined && d.contentEnd0 !== undefined) {
            const bodyLines = src.lines.slice(d.contentStart0, d.contentEnd0 + 1);
            body = (strip ? bodyLines.map((l) => l.replace(/^\t+/, "")) : bodyLines).join("\n");
        }
        bodies.push({ name: d.name, body });
    }
    return { bodies, commandEnd0: Math.max(commandEnd0, ins.start0) };
}

/** Exec form `["a", "b"]` → strings; undefined when the text is not a JSON array of strings (shell form). */
export function execForm(text: string): string[] | undefined {
    const t = text.trim();
    if (!t.startsWith("[")) return undefined;
    try {
        const v: unknown = JSON.parse(t);
        if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    } catch {
        /* shell form */
    }
    return undefined;
}

/** Leading `--name=value` flags of an instruction's text, and the text after them. */
export function leadingFlags(text: string): { flags: Map<string, string[]>; rest: string } {
    const flags = new Map<string, string[]>();
    let rest = text;
    for (;;) {
        const m = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest);
        if (!m) break;
        const list = flags.get(m[1]) ?? [];
        list.push(m[2] ?? "");
        flags.set(m[1], list);
        rest = rest.slice(m[0].length);
    }
    return { flags, rest };
}
