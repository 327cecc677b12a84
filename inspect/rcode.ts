/**
 * R package installs: `R -e` / `Rscript -e` expressions (install.packages, pak, remotes/devtools, BiocManager,
 * renv), littler's `install2.r` / `installGithub.r` / `installBioc.r`, r-hub's `installr`, and `R CMD INSTALL`.
 * The R expression is tokenised (strings, identifiers with `::`, punctuation), calls are found by name, and the
 * string literals of the call's package argument are read; named arguments such as `repos=` are ignored.
 */
import { parseArgs } from "./argv";
import { basename } from "./shell";

export interface RInstall {
    name: string;
    version?: string;
    /** The function or tool, as written: `install.packages`, `pak::pak`, `remotes::install_github`, `install2.r`. */
    via: string;
}

type Tok = { t: "str"; v: string } | { t: "id"; v: string } | { t: "op"; v: string };

const RAW_STRING = /^[rR](["'])(-*)([([{])/;
const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Tokenise R code; never throws (an unterminated string runs to the end). */
export function tokenizeR(code: string): Tok[] {
    const toks: Tok[] = [];
    const n = code.length;
    let i = 0;
    while (i < n) {
        const c = code[i];
        if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ";") {
            if (c === ";") toks.push({ t: "op", v: ";" });
            i++;
            continue;
        }
        if (c === "#") {
            while (i < n && code[i] !== "\n") i++;
            continue;
        }
        const raw = (c === "r" || c === "R") && RAW_STRING.exec(code.slice(i, i + 40));
        if (raw) {
            const close = CLOSE[raw[3]] + raw[2] + raw[1];
            const start = i + raw[0].length;
            const end = code.indexOf(close, start);
            toks.push({ t: "str", v: end < 0 ? code.slice(start) : code.slice(start, end) });
            i = end < 0 ? n : end + close.length;
            continue;
        }
        if (c === '"' || c === "'") {
            let v = "";
            i++;
            while (i < n && code[i] !== c) {
                if (code[i] === "\\" && i + 1 < n) {
                    const e = code[i + 1];
                    v += e === "n" ? "\n" : e === "t" ? "\t" : e;
                    i += 2;
                } else v += code[i++];
            }
            i++;
            toks.push({ t: "str", v });
            continue;
        }
        if (c === "`") {
            const end = code.indexOf("`", i + 1);
            toks.push({ t: "id", v: end < 0 ? code.slice(i + 1) : code.slice(i + 1, end) });
            i = end < 0 ? n : end + 1;
            continue;
        }
        if (/[A-Za-z.]/.test(c) && !(c === "." && /[0-9]/.test(code[i + 1] ?? ""))) {
            let j = i + 1;
            while (j < n && /[A-Za-z0-9._]/.test(code[j])) j++;
            // Qualified name: ns::name or ns:::name
            const qual = /^:::?([A-Za-z.][A-Za-z0-9._]*)/.exec(code.slice(j, j + 200));
            if (qual) j += qual[0].length;
            toks.push({ t: "id", v: code.slice(i, j) });
            i = j;
            continue;
        }
        if (/[0-9]/.test(c) || c === ".") {
            let j = i + 1;
            while (j < n && /[0-9.eELxXa-fA-F]/.test(code[j])) j++;
            toks.push({ t: "op", v: "num" });
            i = j;
            continue;
        }
        const two = code.slice(i, i + 2);
        if (two === "==" || two === "<-" || two === "<=" || two === ">=" || two === "!=" || two === "->" || two === "&&" || two === "||") {
            toks.push({ t: "op", v: two });
            i += 2;
            continue;
        }
        toks.push({ t: "op", v: c });
        i++;
    }
    return toks;
}

type Kind = "cran" | "version" | "github" | "ref";

interface Installer {
    kind: Kind;
    /** Name of the package argument. */
    arg: string;
}

/** Installer functions by unqualified name; `install` only counts as `BiocManager::install` / `renv::install`. */
const INSTALLERS: Record<string, Installer> = {
    "install.packages": { kind: "cran", arg: "pkgs" },
    install_cran: { kind: "cran", arg: "pkgs" },
    install_version: { kind: "version", arg: "package" },
    install_github: { kind: "github", arg: "repo" },
    install_gitlab: { kind: "github", arg: "repo" },
    install_bitbucket: { kind: "github", arg: "repo" },
    pak: { kind: "ref", arg: "pkg" },
    pkg_install: { kind: "ref", arg: "pkg" },
};
const QUALIFIED_INSTALLERS: Record<string, Installer> = {
    "BiocManager::install": { kind: "cran", arg: "pkgs" },
    "renv::install": { kind: "ref", arg: "packages" },
};

function installerFor(name: string): Installer | undefined {
    const q = QUALIFIED_INSTALLERS[name.replace(":::", "::")];
    if (q) return q;
    const short = name.includes("::") ? name.slice(name.lastIndexOf(":") + 1) : name;
    return Object.prototype.hasOwnProperty.call(INSTALLERS, short) ? INSTALLERS[short] : undefined;
}

const R_PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9.]*$/;
const R_ARCHIVE = /\.(tar\.gz|tgz|zip)$/i;

/** `pkg_1.2.3.tar.gz` → {name, version}. */
function fromArchive(s: string): { name: string; version?: string } | undefined {
    const base = basename(s).replace(R_ARCHIVE, "");
    const [name, version] = base.split("_");
    if (!R_PACKAGE_NAME.test(name)) return undefined;
    return version ? { name, version } : { name };
}

/** `owner/repo[/subdir][@ref|#pr|@*release]` → the package name (repo or subdir). */
function fromRemote(s: string): { name: string } | undefined {
    const path = s.replace(/^[A-Za-z]+::/, "").split(/[@#|]/)[0].replace(/\.git$/, "");
    const parts = path.split("/").filter((p) => p !== "");
    if (parts.length < 2 || parts.some((p) => p.includes(":"))) return undefined;
    const name = parts[parts.length - 1];
    return R_PACKAGE_NAME.test(name) ? { name } : undefined;
}

/** A pak / renv package reference: `x`, `x@1.2`, `cran::x`, `bioc::x`, `owner/repo@ref`, `github::owner/repo`. */
export function fromPakRef(ref: string): { name: string; version?: string } | undefined {
    const typed = /^([A-Za-z]+)::(.*)$/.exec(ref);
    let s = ref;
    if (typed) {
        const type = typed[1].toLowerCase();
        if (type === "url" || type === "local" || type === "deps" || type === "installed" || type === "file") return undefined;
        s = typed[2];
    }
    if (s.includes("/")) return fromRemote(s);
    if (R_ARCHIVE.test(s)) return fromArchive(s);
    const at = s.indexOf("@");
    const name = at < 0 ? s : s.slice(0, at);
    if (!R_PACKAGE_NAME.test(name)) return undefined;
    const version = at < 0 ? undefined : s.slice(at + 1).replace(/^[<>=]+/, "");
    return version ? { name, version } : { name };
}

function fromCranString(s: string): { name: string; version?: string } | undefined {
    if (R_ARCHIVE.test(s)) return fromArchive(s);
    if (s.includes("/")) return fromRemote(s); // BiocManager::install("owner/repo") installs from GitHub
    return R_PACKAGE_NAME.test(s) ? { name: s } : undefined;
}

/** Split the argument tokens of a call starting after its `(` at `start`; returns args and the index after `)`. */
function callArguments(toks: Tok[], start: number): { args: Tok[][]; end: number } {
    const args: Tok[][] = [];
    let cur: Tok[] = [];
    let depth = 0;
    let k = start;
    for (; k < toks.length; k++) {
        const t = toks[k];
        if (t.t === "op" && (t.v === "(" || t.v === "[" || t.v === "{")) depth++;
        if (t.t === "op" && (t.v === ")" || t.v === "]" || t.v === "}")) {
            if (depth === 0) break;
            depth--;
        }
        if (depth === 0 && t.t === "op" && t.v === ",") {
            args.push(cur);
            cur = [];
            continue;
        }
        cur.push(t);
    }
    if (cur.length > 0) args.push(cur);
    return { args, end: k + 1 };
}

function strings(toks: Tok[]): string[] {
    return toks.filter((t): t is { t: "str"; v: string } => t.t === "str").map((t) => t.v);
}

/**
 * `pkgs <- c("a", "b")` / `pkgs = "a"` (not a named argument): a name bound to string literals, so that
 * `install.packages(pkgs)` can be read. Only a plain string or a `c(...)` of strings counts.
 */
function stringAssignments(toks: Tok[]): Map<string, string[]> {
    const vars = new Map<string, string[]>();
    const valueAt = (k: number): string[] | undefined => {
        const t = toks[k];
        if (t === undefined) return undefined;
        if (t.t === "str") return [t.v];
        if (t.t === "id" && t.v === "c" && toks[k + 1]?.t === "op" && toks[k + 1].v === "(") {
            const { args } = callArguments(toks, k + 2);
            if (args.every((a) => a.length === 1 && a[0].t === "str")) return args.map((a) => (a[0] as { v: string }).v);
        }
        return undefined;
    };
    for (let k = 0; k + 2 < toks.length; k++) {
        const t = toks[k];
        const op = toks[k + 1];
        const prev = k > 0 ? toks[k - 1] : undefined;
        const namedArgument = prev !== undefined && prev.t === "op" && (prev.v === "(" || prev.v === ",");
        if (t.t === "id" && op.t === "op" && (op.v === "<-" || (op.v === "=" && !namedArgument))) {
            const v = valueAt(k + 2);
            if (v) vars.set(t.v, v);
        }
    }
    return vars;
}

/** Package installs in an R expression. */
export function rInstallsFromCode(code: string): RInstall[] {
    const toks = tokenizeR(code);
    const out: RInstall[] = [];
    const vars = stringAssignments(toks);
    for (let k = 0; k < toks.length - 1; k++) {
        const t = toks[k];
        if (t.t !== "id") continue;
        const next = toks[k + 1];
        if (next.t !== "op" || next.v !== "(") continue;
        const inst = installerFor(t.v);
        if (!inst) continue;
        const { args } = callArguments(toks, k + 2);
        const positional: Tok[][] = [];
        const named = new Map<string, Tok[]>();
        for (const a of args) {
            if (a.length >= 2 && a[0].t === "id" && a[1].t === "op" && a[1].v === "=") named.set(a[0].v, a.slice(2));
            else positional.push(a);
        }
        const pkgArg = named.get(inst.arg) ?? positional[0];
        if (!pkgArg) continue;
        // `install.packages(readLines("f"))`: the strings are the reader's arguments, not packages (rPackageSources).
        if (readerCall(pkgArg, 0, pkgArg.length) !== undefined) continue;
        const bound = pkgArg.length === 1 && pkgArg[0].t === "id" ? vars.get(pkgArg[0].v) : undefined;
        for (const s of bound ?? strings(pkgArg)) {
            let found: { name: string; version?: string } | undefined;
            if (inst.kind === "cran") found = fromCranString(s);
            else if (inst.kind === "github") found = fromRemote(s);
            else if (inst.kind === "ref") found = fromPakRef(s);
            else {
                found = R_PACKAGE_NAME.test(s) ? { name: s } : undefined;
                const v = strings(named.get("version") ?? (named.has(inst.arg) ? positional[0] : positional[1]) ?? [])[0];
                if (found && v) found.version = v;
            }
            if (found) out.push({ ...found, via: t.v });
        }
        // Nested installer calls inside the arguments are still visited by the outer loop.
    }
    return out;
}

/** Package installs of one command: R/Rscript -e, install2.r, installGithub.r, installBioc.r, installr, R CMD INSTALL. */
export function rInstallsFromArgv(argv: readonly string[]): RInstall[] {
    if (argv.length < 2) return [];
    const prog = basename(argv[0]);
    if (prog === "R" || prog === "Rscript") {
        if (prog === "R" && argv[1] === "CMD" && argv[2] === "INSTALL") {
            const p = parseArgs(argv.slice(3), { shortValue: "l", longValue: ["--library"] });
            return p.operands.flatMap((o) => {
                const f = R_ARCHIVE.test(o) ? fromArchive(o) : undefined;
                return f ? [{ ...f, via: "R CMD INSTALL" }] : [];
            });
        }
        // Several -e expressions run as one script: `-e 'p <- "x"' -e 'install.packages(p)'`.
        const exprs: string[] = [];
        for (let i = 1; i < argv.length; i++) {
            if (argv[i] === "-e" && i + 1 < argv.length) exprs.push(argv[++i]);
            else if (argv[i].startsWith("--expr=")) exprs.push(argv[i].slice(7));
        }
        return exprs.length > 0 ? rInstallsFromCode(exprs.join("\n")) : [];
    }
    if (prog === "install2.r" || prog === "installBioc.r") {
        const p = parseArgs(argv.slice(1), { shortValue: "ldnrmt", longValue: ["--libloc", "--deps", "--ncpus", "--repos", "--method", "--type"] });
        return p.operands.flatMap((o) => {
            const f = fromCranString(o);
            return f ? [{ ...f, via: prog }] : [];
        });
    }
    if (prog === "installGithub.r") {
        const p = parseArgs(argv.slice(1), { shortValue: "ldr", longValue: ["--libloc", "--deps", "--repos", "--update"] });
        return p.operands.flatMap((o) => {
            const f = fromRemote(o);
            return f ? [{ ...f, via: prog }] : [];
        });
    }
    if (prog === "installr") {
        const p = parseArgs(argv.slice(1), { shortValue: "at" });
        return p.operands.flatMap((o) => {
            const f = fromPakRef(o);
            return f ? [{ ...f, via: prog }] : [];
        });
    }
    return [];
}

/**
 * Package installs in R code that `R`/`Rscript` reads on standard input: a here-string, a piped `echo`, a heredoc
 * (`R --no-save <<EOF`). Only when the command has no `-e` expression and no script file of its own.
 */
export function rInstallsFromStdin(argv: readonly string[], input: string): RInstall[] {
    if (argv.length === 0) return [];
    const prog = basename(argv[0]);
    if (prog !== "R" && prog !== "Rscript") return [];
    const args = argv.slice(1);
    if (args.some((a) => a === "-e" || a.startsWith("--expr=") || a === "CMD")) return [];
    const operands = args.filter((a) => !a.startsWith("-"));
    if (prog === "Rscript" ? operands.length > 0 && operands[0] !== "-" : operands.length > 0) return [];
    return rInstallsFromCode(input);
}

/**
 * The R script file a command runs, if any: `Rscript [options] FILE`, `R -f FILE` / `R --file=FILE`,
 * `R CMD BATCH FILE`, `R [options] < FILE`. Paths as written (the caller resolves them).
 */
export function rScriptFile(argv: readonly string[], stdinFile?: string): string | undefined {
    if (argv.length === 0) return undefined;
    const prog = basename(argv[0]);
    const args = argv.slice(1);
    if (prog === "Rscript") {
        if (args.some((a) => a === "-e" || a.startsWith("--expr="))) return undefined;
        const file = args.find((a) => !a.startsWith("-"));
        return file ?? stdinFile;
    }
    if (prog !== "R") return undefined;
    if (args[0] === "CMD") return args[1] === "BATCH" ? args.slice(2).find((a) => !a.startsWith("-")) : undefined;
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "-f" && i + 1 < args.length) return args[i + 1];
        if (args[i].startsWith("--file=")) return args[i].slice(7);
    }
    if (args.some((a) => a === "-e" || a.startsWith("--expr="))) return undefined;
    return stdinFile;
}

/** A package list an install call reads from a file: `install.packages(readLines("r-packages.txt"))`. */
export interface RPackageListRef {
    /** The path as written in the R code (relative to the R process's working directory). */
    file: string;
    /** How the file is read: one name per line, or whitespace-separated words. */
    reader: "lines" | "words";
    /** The installer, e.g. `install.packages`, `pak::pak`. */
    via: string;
    kind: "cran" | "ref" | "github";
}

/** `renv::restore()`: the lockfile it reads (`renv.lock` of the project, the working directory by default). */
export interface RenvRestore {
    lockfile: string;
    via: string;
}

/** `remotes::install_deps()` and friends: the DESCRIPTION whose dependencies they install (`pkgdir`, default `.`). */
export interface InstallDeps {
    description: string;
    via: string;
    /** `dependencies = TRUE` (remotes/devtools) or `local_install_dev_deps`: Suggests are installed too. */
    suggests: boolean;
}

const INSTALL_DEPS = new Set(["remotes::install_deps", "devtools::install_deps", "install_deps", "pak::local_install_deps", "pak::local_install_dev_deps", "local_install_deps", "local_install_dev_deps"]);

const READERS: Record<string, "lines" | "words"> = { readLines: "lines", read_lines: "lines", scan: "words" };

/** The file a reader call reads: `readLines("f")`, `readLines(con = "f")`, `scan("f", what = "")`, `scan(file = "f")`. */
function readerCall(toks: Tok[], start: number, end: number): { file: string; reader: "lines" | "words" } | undefined {
    for (let k = start; k < end - 1; k++) {
        const t = toks[k];
        if (t.t !== "id") continue;
        const short = t.v.includes("::") ? t.v.slice(t.v.lastIndexOf(":") + 1) : t.v;
        const reader = Object.prototype.hasOwnProperty.call(READERS, short) ? READERS[short] : undefined;
        if (reader === undefined || toks[k + 1].t !== "op" || toks[k + 1].v !== "(") continue;
        const { args } = callArguments(toks, k + 2);
        let file: string | undefined;
        for (const a of args) {
            if (a.length >= 3 && a[0].t === "id" && a[1].t === "op" && a[1].v === "=") {
                if ((a[0].v === "file" || a[0].v === "con") && a[2].t === "str") file = a[2].v;
            } else if (file === undefined && a.length === 1 && a[0].t === "str") file = a[0].v;
        }
        if (file !== undefined) return { file, reader };
    }
    return undefined;
}

/**
 * Package lists read from files, and renv restores, in R code. The caller reads the files from the build context
 * (a list the checker cannot read leaves the R package fact partial, never "not installed").
 */
export function rPackageSources(code: string): { lists: RPackageListRef[]; renv: RenvRestore[]; deps: InstallDeps[] } {
    // Most R code reads no list: skip the second tokenisation unless a reader, renv::restore or install_deps is named.
    if (!/readLines|read_lines|scan|restore|install_deps|install_dev_deps/.test(code)) return { lists: [], renv: [], deps: [] };
    const toks = tokenizeR(code);
    const lists: RPackageListRef[] = [];
    const renv: RenvRestore[] = [];
    const deps: InstallDeps[] = [];
    // `pkgs <- readLines("f")`: a name bound to a reader call.
    const bound = new Map<string, { file: string; reader: "lines" | "words" }>();
    for (let k = 0; k + 2 < toks.length; k++) {
        const t = toks[k];
        const op = toks[k + 1];
        if (t.t === "id" && op.t === "op" && (op.v === "<-" || op.v === "=")) {
            let end = k + 2;
            while (end < toks.length && !(toks[end].t === "op" && (toks[end].v === ";" || toks[end].v === "<-"))) end++;
            const r = readerCall(toks, k + 2, Math.min(end, k + 40));
            if (r) bound.set(t.v, r);
        }
    }
    for (let k = 0; k < toks.length - 1; k++) {
        const t = toks[k];
        if (t.t !== "id" || toks[k + 1].t !== "op" || toks[k + 1].v !== "(") continue;
        if (INSTALL_DEPS.has(t.v.replace(":::", "::"))) {
            const { args } = callArguments(toks, k + 2);
            let dir = ".";
            let suggests = /dev_deps$/.test(t.v);
            for (const a of args) {
                const isNamed = a.length >= 3 && a[0].t === "id" && a[1].t === "op" && a[1].v === "=";
                if (isNamed && (a[0].v === "pkgdir" || a[0].v === "root") && a[2].t === "str") dir = a[2].v;
                else if (isNamed && a[0].v === "dependencies" && a[2].t === "id" && (a[2].v === "TRUE" || a[2].v === "T")) suggests = true;
                else if (a.length === 1 && a[0].t === "str" && dir === ".") dir = a[0].v;
            }
            deps.push({ description: `${dir.replace(/\/$/, "")}/DESCRIPTION`, via: t.v, suggests });
            continue;
        }
        if (t.v.replace(":::", "::") === "renv::restore") {
            const { args } = callArguments(toks, k + 2);
            let lockfile: string | undefined;
            let project: string | undefined;
            for (const a of args) {
                if (a.length >= 3 && a[0].t === "id" && a[1].t === "op" && a[1].v === "=" && a[2].t === "str") {
                    if (a[0].v === "lockfile") lockfile = a[2].v;
                    if (a[0].v === "project") project = a[2].v;
                } else if (project === undefined && a.length === 1 && a[0].t === "str") project = a[0].v;
            }
            renv.push({ lockfile: lockfile ?? (project !== undefined ? `${project.replace(/\/$/, "")}/renv.lock` : "renv.lock"), via: t.v });
            continue;
        }
        const inst = installerFor(t.v);
        if (!inst || inst.kind === "version") continue;
        const { args, end } = callArguments(toks, k + 2);
        const named = args.find((a) => a.length >= 2 && a[0].t === "id" && a[0].v === inst.arg && a[1].t === "op" && a[1].v === "=");
        const positional = args.find((a) => !(a.length >= 2 && a[0].t === "id" && a[1].t === "op" && a[1].v === "="));
        const pkgArg = named ? named.slice(2) : positional;
        if (!pkgArg) continue;
        const direct = readerCall(pkgArg, 0, pkgArg.length);
        const viaVar = pkgArg.length === 1 && pkgArg[0].t === "id" ? bound.get(pkgArg[0].v) : undefined;
        const ref = direct ?? viaVar;
        if (ref) lists.push({ ...ref, via: t.v, kind: inst.kind });
        void end;
    }
    return { lists, renv, deps };
}

/** The packages a DESCRIPTION depends on (Depends, Imports, LinkingTo, and Suggests when asked; R itself dropped). */
export function rPackagesFromDescription(text: string, via: string, suggests = false): RInstall[] {
    const fields = new Map<string, string>();
    let current: string | undefined;
    for (const line of text.split(/\r?\n/)) {
        const m = /^([A-Za-z][A-Za-z0-9/@._-]*):\s*(.*)$/.exec(line);
        if (m) {
            current = m[1];
            fields.set(current, m[2]);
        } else if (current !== undefined && /^\s/.test(line)) fields.set(current, `${fields.get(current)} ${line.trim()}`);
    }
    const out: RInstall[] = [];
    for (const f of suggests ? ["Depends", "Imports", "LinkingTo", "Suggests"] : ["Depends", "Imports", "LinkingTo"]) {
        for (const item of (fields.get(f) ?? "").split(",")) {
            const name = item.replace(/\(.*?\)/g, "").trim();
            if (name !== "" && name !== "R" && R_PACKAGE_NAME.test(name)) out.push({ name, via });
        }
    }
    return out;
}

/** The packages of a list file, read the way the R code reads it. */
export function rPackagesFromList(text: string, ref: RPackageListRef): RInstall[] {
    const items = ref.reader === "lines" ? text.split(/\r?\n/).map((l) => l.replace(/#.*$/, "").trim()) : text.replace(/#[^\n]*/g, "").split(/[\s,]+/);
    const out: RInstall[] = [];
    for (const raw of items) {
        const s = raw.replace(/^["']|["']$/g, "").trim();
        if (s === "") continue;
        const found = ref.kind === "ref" ? fromPakRef(s) : ref.kind === "github" ? fromRemote(s) : fromCranString(s);
        if (found) out.push({ ...found, via: `${ref.via} (${ref.file})` });
    }
    return out;
}

/** The packages an renv.lock pins (its `Packages` object); throws on text that is not JSON. */
export function rPackagesFromRenvLock(text: string, via: string): RInstall[] {
    const doc: unknown = JSON.parse(text);
    const pkgs = doc !== null && typeof doc === "object" ? (doc as { Packages?: unknown }).Packages : undefined;
    if (pkgs === null || typeof pkgs !== "object") return [];
    const out: RInstall[] = [];
    for (const [key, rec] of Object.entries(pkgs as Record<string, unknown>)) {
        const r = (rec ?? {}) as { Package?: unknown; Version?: unknown };
        const name = typeof r.Package === "string" ? r.Package : key;
        if (!R_PACKAGE_NAME.test(name)) continue;
        const p: RInstall = { name, via };
        if (typeof r.Version === "string") p.version = r.Version;
        out.push(p);
    }
    return out;
}

/** The R code a command runs inline: its `-e` expressions, or what it reads on standard input (`stdin`). */
export function rCodeOfCommand(argv: readonly string[], stdin: readonly string[]): string[] {
    if (argv.length === 0) return [];
    const prog = basename(argv[0]);
    if (prog !== "R" && prog !== "Rscript") return [];
    const exprs: string[] = [];
    for (let i = 1; i < argv.length; i++) {
        if (argv[i] === "-e" && i + 1 < argv.length) exprs.push(argv[++i]);
        else if (argv[i].startsWith("--expr=")) exprs.push(argv[i].slice(7));
    }
    if (exprs.length > 0) return [exprs.join("\n")];
    // No -e: R reads its script on standard input unless a script file is named (see rInstallsFromStdin).
    const operands = argv.slice(1).filter((a) => !a.startsWith("-"));
    const readsStdin = prog === "Rscript" ? operands.length === 0 || operands[0] === "-" : operands.length === 0;
    return readsStdin && !argv.includes("CMD") ? [...stdin] : [];
}
