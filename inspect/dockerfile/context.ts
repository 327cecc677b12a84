/**
 * Files a RUN reads from the build context: a path inside the image is traced back to the COPY/ADD or
 * `RUN --mount=type=bind` that put it there, and the context file is read (through Input.readContextFile, which
 * never leaves the context). Each function returns what it found or why it could not.
 */
import * as path from "path";
import { parseRequirement, parseRequirementsText } from "../pip";
import { rInstallsFromCode, rPackageSources, rPackagesFromDescription, rPackagesFromList, rPackagesFromRenvLock } from "../rcode";
import { condaSpec, environmentFile, specListFile } from "../conda";
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
    const out: Partial<Collected> = { rPackages: rInstallsFromCode(found.content).map((r) => ({ ...r, ...where(input, p.line) })) };
    return merge(out, rFileSources(input, found.content, p));
}

function merge(a: Partial<Collected>, b: Partial<Collected>): Partial<Collected> {
    const out: Partial<Collected> = { ...a };
    for (const k of Object.keys(b) as (keyof Collected)[]) (out as Record<string, unknown[]>)[k] = [...((a[k] as unknown[] | undefined) ?? []), ...((b[k] as unknown[] | undefined) ?? [])];
    return out;
}

/** Package lists and renv lockfiles that R code reads (`install.packages(readLines("r-packages.txt"))`, `renv::restore()`). */
export function rFileSources(input: Input, code: string, p: RunPlace): Partial<Collected> {
    const src = rPackageSources(code);
    const out: Collected = { systemPackages: [], rPackages: [], pythonPackages: [], pathWrites: [], commands: [], notes: [], unseen: [] };
    const w = where(input, p.line);
    const unread = (what: string, reason: string) => {
        out.notes.push(`${at(input, p.line)}: ${what}: ${reason}; its R packages were not checked`);
        out.unseen.push({ fact: "rPackages", reason: `${what} (${at(input, p.line)}): ${reason}` });
    };
    for (const ref of src.lists) {
        const found = locate(input, resolvePath(ref.file, p.cwd, p.home), p.st, p.mounts);
        if (!("content" in found)) unread(`${ref.via} reads ${ref.file}`, found.reason);
        else for (const r of rPackagesFromList(found.content, ref)) out.rPackages.push({ ...r, ...w });
    }
    for (const d of src.deps) {
        const found = locate(input, resolvePath(d.description, p.cwd, p.home), p.st, p.mounts);
        if (!("content" in found)) unread(`${d.via}() installs the dependencies in ${d.description}`, found.reason);
        else for (const pkg of rPackagesFromDescription(found.content, `${d.via} (${d.description})`, d.suggests)) out.rPackages.push({ ...pkg, ...w });
    }
    for (const r of src.renv) {
        const found = locate(input, resolvePath(r.lockfile, p.cwd, p.home), p.st, p.mounts);
        if (!("content" in found)) {
            unread(`${r.via}() restores ${r.lockfile}`, found.reason);
            continue;
        }
        try {
            for (const pkg of rPackagesFromRenvLock(found.content, `${r.via} (${r.lockfile})`)) out.rPackages.push({ ...pkg, ...w });
        } catch {
            unread(`${r.via}() restores ${r.lockfile}`, "it is not valid JSON");
        }
    }
    return out;
}

/** `conda install --file F` / `conda env create -f environment.yml`: the packages the file lists. */
export function condaFile(input: Input, fileArg: string, program: string, p: RunPlace): Partial<Collected> {
    const out: Collected = { systemPackages: [], rPackages: [], pythonPackages: [], pathWrites: [], commands: [], notes: [], unseen: [] };
    const found = locate(input, resolvePath(fileArg, p.cwd, p.home), p.st, p.mounts);
    const w = where(input, p.line);
    if (!("content" in found)) {
        out.notes.push(`${at(input, p.line)}: ${program} -f ${fileArg}: ${found.reason}; its packages were not checked`);
        for (const fact of ["rPackages", "pythonPackages"] as const) out.unseen.push({ fact, reason: `${program} -f ${fileArg} (${at(input, p.line)}): ${found.reason}` });
        return out;
    }
    let specs: string[];
    let pip: string[] = [];
    if (/\.ya?ml$/i.test(fileArg)) {
        try {
            const env = environmentFile(found.content);
            specs = env.conda;
            pip = env.pip;
        } catch (e) {
            const why = `${fileArg} is not valid YAML (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`;
            out.notes.push(`${at(input, p.line)}: ${program} -f ${fileArg}: ${why}; its packages were not checked`);
            for (const fact of ["rPackages", "pythonPackages"] as const) out.unseen.push({ fact, reason: `${program} -f ${fileArg} (${at(input, p.line)}): ${why}` });
            return out;
        }
    } else specs = specListFile(found.content);
    for (const spec of specs) {
        const s = condaSpec(spec, `${program} (${fileArg})`);
        if (s?.kind === "r") out.rPackages.push({ ...s.pkg, ...w });
        else if (s?.kind === "python") out.pythonPackages.push({ ...s.req, ...w });
    }
    for (const r of pip) {
        const req = parseRequirement(r);
        if (req) out.pythonPackages.push({ ...req, ...w });
    }
    return out;
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
