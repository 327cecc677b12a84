/**
 * Files a RUN reads from the build context: a path inside the image is traced back to the COPY/ADD or
 * `RUN --mount=type=bind` that put it there, and the context file is read (through Input.readContextFile, which
 * never leaves the context). Each function returns what it found or why it could not.
 */
import * as path from "path";
import { parseRequirement, parseRequirementsText } from "../pip";
import { rInstallsFromCode } from "../rcode";
import { globToRegExp, resolvePath } from "./imagepath";
import { at, where, type Collected, type CopyMapping, type Input, type StageState } from "./model";

export type Located = { content: string; from: string } | { reason: string };

/** Find what a path inside the image was copied from; returns its content or why not. */
export function locate(input: Input, imagePath: string, st: StageState, mounts: readonly CopyMapping[]): Located {
    const tried: string[] = [];
    const candidates = (m: CopyMapping): string[] => {
        const out: string[] = [];
        const rel = imagePath === m.dest ? "" : m.dest === "/" ? imagePath.slice(1) : imagePath.startsWith(m.dest + "/") ? imagePath.slice(m.dest.length + 1) : undefined;
        if (rel === undefined) return out;
        for (const s of m.sources) {
            if (rel === "") {
                if (!m.destIsDir) out.push(s);
                continue;
            }
            const b = path.posix.basename(s);
            if (!rel.includes("/") && (/[*?]/.test(b) ? globToRegExp(b).test(rel) : b === rel)) {
                const dir = path.posix.dirname(s);
                out.push(dir === "." ? rel : `${dir}/${rel}`);
            }
            if (!/[*?]/.test(s)) out.push(s === "" ? rel : `${s}/${rel}`);
        }
        return [...new Set(out)];
    };
    const mappings = [...mounts, ...st.copies.slice().reverse()];
    for (const m of mappings) {
        if (m.inline !== undefined && imagePath === m.dest) return { content: m.inline, from: `heredoc copied to ${m.dest}` };
        const cands = candidates(m);
        if (cands.length === 0) continue;
        if (!input.readContextFile) return { reason: `copied from the build context (${cands[0]}) but no build context was given` };
        for (const c of cands) {
            const r = input.readContextFile(c);
            if ("text" in r) return { content: r.text, from: c };
            // A file that is there but refused (a device, a link out of the context, too large): say why.
            if (r.reason !== "no such file") return { reason: `could not read ${c} from the build context (${r.reason})` };
            tried.push(c);
        }
        return { reason: `could not read ${tried.join(" or ")} from the build context` };
    }
    return { reason: "it is not COPY'd or mounted from the build context" };
}

/** Where a file a RUN reads lives: a relative path is resolved against the RUN's working directory. */
export interface RunPlace {
    cwd: string;
    home: string | undefined;
    st: StageState;
    mounts: readonly CopyMapping[];
    line: number;
}

/** An R script from the build context (`COPY install.R /tmp/` + `RUN Rscript /tmp/install.R`): its package installs. */
export function rScript(input: Input, fileArg: string, p: RunPlace): Partial<Collected> {
    const found = locate(input, resolvePath(fileArg, p.cwd, p.home), p.st, p.mounts);
    if (!("content" in found)) {
        // Scripts that come with the base image or are downloaded are not followed; only a context file is worth a note.
        if (/not COPY'd or mounted/.test(found.reason)) return {};
        const note = `${at(input, p.line)}: R script ${fileArg}: ${found.reason}; its package installs were not checked`;
        return { notes: [note], unseen: [{ fact: "rPackages", reason: `R script ${fileArg} (${at(input, p.line)}) could not be read` }] };
    }
    return { rPackages: rInstallsFromCode(found.content).map((r) => ({ ...r, ...where(input, p.line) })) };
}

/** `pip install -r FILE`: the requirements (and one level of nested `-r`). */
export function requirementsFile(input: Input, fileArg: string, p: RunPlace, depth = 0): Partial<Collected> {
    const imagePath = resolvePath(fileArg, p.cwd, p.home);
    const found = locate(input, imagePath, p.st, p.mounts);
    if (!("content" in found)) {
        return {
            notes: [`${at(input, p.line)}: pip install -r ${fileArg}: ${found.reason}; its requirements were not checked`],
            unseen: [{ fact: "pythonPackages", reason: `pip install -r ${fileArg} (${at(input, p.line)}): ${found.reason}` }],
        };
    }
    const out: Collected = { systemPackages: [], rPackages: [], pythonPackages: [], pathWrites: [], commands: [], notes: [], unseen: [] };
    const parsed = parseRequirementsText(found.content);
    for (const r of parsed.requirements) {
        const req = parseRequirement(r);
        if (req) out.pythonPackages.push({ ...req, ...where(input, p.line) });
    }
    for (const n of parsed.nested) {
        if (depth >= 1) {
            out.notes.push(`${at(input, p.line)}: ${fileArg} includes -r ${n} two levels deep; not followed`);
            out.unseen.push({ fact: "pythonPackages", reason: `${n}, included two levels deep from ${fileArg} (${at(input, p.line)}), was not followed` });
            continue;
        }
        const nested = requirementsFile(input, n, { ...p, cwd: path.posix.dirname(imagePath) }, depth + 1);
        for (const k of ["pythonPackages", "notes", "unseen"] as const) for (const x of nested[k] ?? []) (out[k] as unknown[]).push(x);
    }
    return out;
}
