/**
 * Ignore pragmas in Dockerfile comments:
 *   `# sagemaker-rstudio ignore=RSB006,entrypoint-ignored`  the next instruction (comments and one blank line may
 *                                                          sit between);
 *   `# sagemaker-rstudio global ignore=RSB016`              the whole Dockerfile (anywhere outside an instruction,
 *                                                          like hadolint's `# hadolint global ignore=`).
 * The rule names a pragma may use are not known here: the caller passes the catalogue's ids and slugs
 * (`RULE_KEYS` of core/engine). A name is matched case-insensitively and stored as the catalogue spells it; a name
 * the catalogue does not know is kept as written and noted. A comment that starts with `sagemaker-rstudio` but is
 * not a pragma this module understands is noted too, and so is a pragma that reaches no instruction.
 */
import type { Suppression } from "../../core/facts";
import type { Ins } from "./source";

export interface Pragmas {
    /** Per-instruction suppressions (by the instruction's start line), then global ones (`global: true`). */
    suppressions: Suppression[];
    notes: string[];
}

const PRAGMA_START = /^\s*#\s*sagemaker-rstudio(?:\s+(.*))?$/i;
const LOCAL = /^ignore\s*=\s*(.*)$/i;
const GLOBAL = /^global\s+ignore\s*=\s*(.*)$/i;
const USAGE = "expected `# sagemaker-rstudio ignore=RULE[,RULE]` (next instruction) or `# sagemaker-rstudio global ignore=RULE[,RULE]` (whole file)";

type Parsed = { kind: "local" | "global"; rules: string[]; unknownNote?: string } | { kind: "bad"; why: string } | undefined;

/**
 * Read pragmas. `knownKeys` are the rule ids and slugs the catalogue has; `at(line)` formats a location for notes
 * (`Dockerfile:4`).
 */
export function readPragmas(lines: readonly string[], instructions: readonly Ins[], knownKeys: Iterable<string>, at: (line: number) => string): Pragmas {
    const canonical = new Map<string, string>();
    for (const k of knownKeys) canonical.set(k.toLowerCase(), k);
    const notes: string[] = [];

    const parse = (line0: number): Parsed => {
        const m = PRAGMA_START.exec(lines[line0]);
        if (!m) return undefined;
        const rest = (m[1] ?? "").trim();
        const g = GLOBAL.exec(rest);
        const l = g ? undefined : LOCAL.exec(rest);
        const list = (g ?? l)?.[1];
        if (list === undefined) return { kind: "bad", why: `\`${lines[line0].trim()}\` is not understood: ${USAGE}` };
        const rules: string[] = [];
        const unknownNames: string[] = [];
        for (const name of list.split(/[\s,]+/).filter((r) => r !== "")) {
            const c = canonical.get(name.toLowerCase());
            if (c === undefined) unknownNames.push(name);
            rules.push(c ?? name);
        }
        if (rules.length === 0) return { kind: "bad", why: `\`${lines[line0].trim()}\` names no rule: ${USAGE}` };
        const kind = g ? "global" : "local";
        if (unknownNames.length === 0) return { kind, rules };
        return { kind, rules, unknownNote: `${at(line0 + 1)}: sagemaker-rstudio ${g ? "global " : ""}ignore=${unknownNames.join(",")} names no rule (see \`sagemaker-rstudio rules\` for ids and slugs)` };
    };

    // Lines inside an instruction (continuations, heredoc bodies) are not pragmas.
    const inside = new Set<number>();
    for (const ins of instructions) for (let l = ins.start0; l <= ins.end0; l++) inside.add(l);

    const out: Suppression[] = [];
    const global: string[] = [];
    let globalLine: number | undefined;
    const used = new Set<number>();
    let prevEnd0 = -1;
    const parsed = new Map<number, Parsed>();
    const get = (l: number): Parsed => {
        if (!parsed.has(l)) parsed.set(l, parse(l));
        return parsed.get(l);
    };
    for (const ins of instructions) {
        const rules: string[] = [];
        let blanks = 0;
        for (let l = ins.start0 - 1; l > prevEnd0; l--) {
            const t = lines[l].trim();
            if (t === "") {
                if (++blanks > 1) break;
                continue;
            }
            blanks = 0;
            if (!t.startsWith("#")) break;
            const p = get(l);
            if (p?.kind === "local") {
                rules.unshift(...p.rules);
                used.add(l);
            }
        }
        if (rules.length > 0) out.push({ line: ins.line, rules: [...new Set(rules)] });
        prevEnd0 = Math.max(prevEnd0, ins.end0);
    }
    for (let l = 0; l < lines.length; l++) {
        if (inside.has(l) || !lines[l].trimStart().startsWith("#")) continue;
        const p = get(l);
        if (p === undefined) continue;
        if (p.kind === "bad") {
            notes.push(`${at(l + 1)}: ${p.why}`);
            continue;
        }
        if (p.unknownNote !== undefined) notes.push(p.unknownNote);
        if (p.kind === "global") {
            global.push(...p.rules);
            globalLine ??= l + 1;
        } else if (!used.has(l)) notes.push(`${at(l + 1)}: this ignore pragma reaches no instruction (it must come right before one, with at most one blank line between); to ignore a rule in the whole file write \`# sagemaker-rstudio global ignore=...\``);
    }
    if (global.length > 0) out.push({ line: globalLine as number, rules: [...new Set(global)], global: true });
    return { suppressions: out, notes };
}
