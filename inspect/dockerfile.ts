/**
 * Dockerfile text → ImageFacts (source `dockerfile`), statically: no Docker needed.
 *
 * `dockerfile-ast` splits the file into instructions (continuations, heredocs, comments, parser directives, the
 * escape character). Arguments are then processed the way BuildKit does: continuation lines joined (comment and
 * blank lines inside a continuation dropped), words split and expanded with the stage's ARG/ENV values
 * (`./expand`), RUN text parsed as shell with `shell-quote` (`./shell`). Multi-stage builds follow the target
 * stage's `FROM <stage>` chain; `COPY --from` copies files, not facts.
 */
import * as fs from "fs";
import * as path from "path";
import { DockerfileParser, type Heredoc, type Instruction } from "dockerfile-ast";
import {
    emptyFacts,
    known,
    unknown,
    type CommandFact,
    type EntrypointFact,
    type EnvVarFact,
    type Fact,
    type ImageFacts,
    type PackageFact,
    type PathWriteFact,
    type PythonPackageFact,
    type RPackageFact,
    type Suppression,
} from "../core/facts";
import { parseWorkbenchVersion, type WorkbenchVersion } from "../core/version";
import { DockerfileError } from "./errors";
import { expandWord, splitRawWords, type Lookup } from "./expand";
import { execFormCommand, parseShell, basename, type ShellParse } from "./shell";
import { systemInstalls } from "./syspkg";
import { rInstallsFromArgv, rInstallsFromCode, rInstallsFromStdin, rScriptFile } from "./rcode";
import { parseRequirement, parseRequirementsText, pipInstall } from "./pip";
import { writesFromCommand } from "./paths";

export { DockerfileError } from "./errors";

export interface DockerfileArg {
    name: string;
    /** The declared default after quote removal and substitution (what the build uses without a `--build-arg`). */
    default?: string;
    line: number;
    /** Index of the stage (0-based, in FROM order); undefined for a global ARG (before the first FROM). */
    stage?: number;
}

export interface DockerfileInspection {
    /** Source `dockerfile`; `file` = opts.file. */
    facts: ImageFacts;
    /** Every ARG declared anywhere. */
    args: DockerfileArg[];
    /** Keys of opts.buildArgs that no ARG declares (Docker's predefined proxy args and `BUILDKIT_*` excepted). */
    unusedBuildArgs: string[];
    /** Things the analysis could not follow (an unreadable requirements file, a RUN that is not valid shell). */
    notes: string[];
}

export interface InspectDockerfileOptions {
    /** Path shown in messages (e.g. `dockerfiles/cpu.Dockerfile`). */
    file?: string;
    /** `--build-arg` overrides. */
    buildArgs?: Record<string, string>;
    /** Build target stage name; default: the last stage. */
    target?: string;
    /** Reads a file of the build context (path relative to the context root), for `pip install -r FILE`. */
    readContextFile?: (relPath: string) => string | undefined;
}

/** ARG/ENV names that carry the Workbench version, in priority order of declaration (the first one found wins). */
const VERSION_VARIABLES = new Set(["RSW_VERSION", "RSTUDIO_VERSION", "WORKBENCH_VERSION", "RSP_VERSION"]);
/** Build args Docker accepts without an ARG declaration. */
const PREDEFINED_ARGS = new Set(["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy"]);
/** Args BuildKit sets from the build platform: unknown statically. */
const AUTOMATIC_PLATFORM_ARGS = new Set(["BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"]);
const SHELL_PROGRAMS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);
const PRAGMA = /^\s*#\s*sagemaker-rstudio\s+ignore\s*=\s*(.*)$/i;

/** Heredoc ranges of a RUN/COPY, as dockerfile-ast reports them (0-based lines). */
interface HeredocRange {
    name: string;
    contentStart0?: number;
    contentEnd0?: number;
    delimiter0?: number;
}

/**
 * What the analysis needs from a dockerfile-ast instruction. The AST itself is dropped right after parsing: keeping
 * it alive makes every young-generation GC copy it, which made 10,000-line files cost more per line than small ones.
 */
interface Ins {
    kw: string;
    /** 1-based start line. */
    line: number;
    start0: number;
    end0: number;
    startChar: number;
    heredocs?: HeredocRange[];
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

interface StageInfo {
    index: number;
    name?: string;
    from: Ins;
    instructions: Ins[];
    rawImage: string;
    image: string;
    imageMissing: Set<string>;
    rawPlatform?: string;
    platform?: string;
    platformMissing: Set<string>;
    parent?: number;
}

interface CopyMapping {
    /** Absolute destination inside the image. */
    dest: string;
    destIsDir: boolean;
    /** Context-relative sources. */
    sources: string[];
    /** Inline heredoc contents (`COPY <<EOF /dest`) when the destination is a file. */
    inline?: string;
}

interface StageState {
    args: Map<string, string | undefined>;
    env: Map<string, EnvVarFact>;
    workdir: string;
    user: string;
    shell: string[];
    entrypoint?: { value: string[]; line: number };
    cmd?: { value: string[]; line: number };
    copies: CopyMapping[];
    root: StageInfo;
}

interface VersionCandidate {
    via: string;
    value: string;
    line: number;
    /** A global ARG (before the first FROM): in scope for FROM lines only, unless a stage redeclares it. */
    global?: boolean;
}

interface Collected {
    systemPackages: PackageFact[];
    rPackages: RPackageFact[];
    pythonPackages: PythonPackageFact[];
    pathWrites: PathWriteFact[];
    commands: CommandFact[];
}

/** Reject input that is not a Dockerfile's text. */
function checkText(text: string, file: string | undefined): void {
    if (text.includes("\u0000")) throw new DockerfileError("not a text file (it contains NUL bytes); expected a Dockerfile", { file });
    const bad = text.match(/[\u0001-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/g);
    if (bad !== null && bad.length * 100 > text.length) throw new DockerfileError("not a text file (binary data); expected a Dockerfile", { file });
    if (text.trim() === "") throw new DockerfileError("the Dockerfile is empty", { file });
}

/** Normalise an absolute POSIX path: `..` resolved, no trailing slash. */
function normalizeAbsolute(p: string): string {
    const n = path.posix.normalize(p);
    return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

function homeOf(user: string): string | undefined {
    if (user === "" || user === "root" || user === "0") return "/root";
    if (/^\d+$/.test(user)) return undefined;
    return `/home/${user}`;
}

/** Resolve a path as written in the Dockerfile or a RUN command against a working directory. */
function resolvePath(p: string, cwd: string, home?: string): string {
    let q = p;
    if (home !== undefined && (q === "~" || q.startsWith("~/"))) q = home + q.slice(1);
    return normalizeAbsolute(q.startsWith("/") ? q : path.posix.join(cwd, q));
}

/** A COPY source or bind-mount source as a context-relative path; undefined when it leaves the context. */
function contextPath(p: string): string | undefined {
    const n = path.posix.normalize(p.replace(/^\/+/, ""));
    if (n === ".." || n.startsWith("../")) return undefined;
    return n === "." ? "" : n.replace(/^\.\//, "").replace(/\/$/, "");
}

function globToRegExp(glob: string): RegExp {
    let src = "";
    for (const ch of glob) {
        if (ch === "*") src += "[^/]*";
        else if (ch === "?") src += "[^/]";
        else src += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    return new RegExp("^" + src + "$");
}

/** Exec form `["a", "b"]` → strings; undefined when the text is not a JSON array of strings (shell form). */
function execForm(text: string): string[] | undefined {
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
function leadingFlags(text: string): { flags: Map<string, string[]>; rest: string } {
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

class Analyzer {
    private readonly file?: string;
    private readonly buildArgs: Record<string, string>;
    private readonly readContextFile?: (relPath: string) => string | undefined;
    readonly lines: string[];
    private readonly escape: string;
    private readonly continuation: RegExp;
    readonly notes: string[] = [];
    readonly args: DockerfileArg[] = [];
    readonly declared = new Set<string>();
    readonly globals = new Map<string, string | undefined>();
    readonly versionCandidates: VersionCandidate[] = [];
    readonly collected: Collected = { systemPackages: [], rPackages: [], pythonPackages: [], pathWrites: [], commands: [] };

    constructor(text: string, escape: string, opts: InspectDockerfileOptions) {
        this.file = opts.file;
        this.buildArgs = opts.buildArgs ?? {};
        this.readContextFile = opts.readContextFile;
        this.lines = text.split(/\r\n|\r|\n/);
        this.escape = escape;
        this.continuation = new RegExp(escape.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "[ \\t]*$");
    }

    private where(line: number): { file?: string; line: number } {
        return this.file !== undefined ? { file: this.file, line } : { line };
    }

    private at(line: number): string {
        return this.file !== undefined ? `${this.file}:${line}` : `line ${line}`;
    }

    private hasBuildArg(name: string): boolean {
        return Object.prototype.hasOwnProperty.call(this.buildArgs, name);
    }

    /** The instruction's arguments as one logical line: continuations joined, comment/blank lines inside dropped. */
    logicalText(ins: Ins, lastLine0 = ins.end0): string {
        let out = "";
        for (let l = ins.start0; l <= lastLine0 && l < this.lines.length; l++) {
            const s = l === ins.start0 ? this.lines[l].slice(ins.startChar) : this.lines[l];
            if (l > ins.start0) {
                const t = s.trim();
                if (t === "" || t.startsWith("#")) continue;
            }
            const m = this.continuation.exec(s);
            if (m && l < lastLine0) {
                out += s.slice(0, m.index);
                continue;
            }
            out += m ? s.slice(0, m.index) : s;
            break;
        }
        return out.replace(/^\s*\S+\s*/, "").trim();
    }

    /** Heredoc bodies of a RUN/COPY, and the last line of the instruction's command part. */
    heredocs(ins: Ins): { bodies: { name: string; body: string }[]; commandEnd0: number } {
        const docs = ins.heredocs;
        if (docs === undefined || docs.length === 0) return { bodies: [], commandEnd0: ins.end0 };
        let commandEnd0 = ins.end0;
        const bodies: { name: string; body: string }[] = [];
        const strip = /<<-/.test(this.lines[ins.start0]);
        for (const d of docs) {
            const first = d.contentStart0 ?? d.delimiter0;
            if (first !== undefined) commandEnd0 = Math.min(commandEnd0, first - 1);
            let body = "";
            if (d.contentStart0 !== undefined && d.contentEnd0 !== undefined) {
                const bodyLines = this.lines.slice(d.contentStart0, d.contentEnd0 + 1);
                body = (strip ? bodyLines.map((l) => l.replace(/^\t+/, "")) : bodyLines).join("\n");
            }
            bodies.push({ name: d.name, body });
        }
        return { bodies, commandEnd0: Math.max(commandEnd0, ins.start0) };
    }

    globalLookup: Lookup = (name) => this.globals.get(name);

    stageLookup(st: StageState): Lookup {
        return (name) => {
            const e = st.env.get(name);
            if (e !== undefined) return e.value;
            return st.args.get(name);
        };
    }

    runLookup(st: StageState): Lookup {
        return (name) => {
            const e = st.env.get(name);
            if (e !== undefined) return e.value;
            const a = st.args.get(name);
            if (a !== undefined) return a;
            if (PREDEFINED_ARGS.has(name) && this.hasBuildArg(name)) return this.buildArgs[name];
            if (name === "HOME") return homeOf(st.user);
            return undefined;
        };
    }

    /** `ARG A=1 B` → declarations with raw defaults. */
    argDeclarations(text: string): { name: string; rawDefault?: string }[] {
        return splitRawWords(text, this.escape).flatMap((w) => {
            const eq = w.indexOf("=");
            const name = eq < 0 ? w : w.slice(0, eq);
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
            return eq < 0 ? [{ name }] : [{ name, rawDefault: w.slice(eq + 1) }];
        });
    }

    declareArg(name: string, def: string | undefined, line: number, stage: number | undefined): string | undefined {
        this.declared.add(name);
        const arg: DockerfileArg = { name, line };
        if (def !== undefined) arg.default = def;
        if (stage !== undefined) arg.stage = stage;
        this.args.push(arg);
        if (this.hasBuildArg(name)) return this.buildArgs[name];
        if (def !== undefined) return def;
        if (stage !== undefined && this.globals.has(name)) return this.globals.get(name);
        return undefined;
    }

    globalArg(ins: Ins): void {
        for (const d of this.argDeclarations(this.logicalText(ins))) {
            const def = d.rawDefault !== undefined ? expandWord(d.rawDefault, this.globalLookup, this.escape) : undefined;
            const value = this.declareArg(d.name, def, ins.line, undefined);
            this.globals.set(d.name, value);
            this.versionCandidate(`ARG ${d.name}`, d.name, value, ins.line, true);
        }
    }

    versionCandidate(via: string, name: string, value: string | undefined, line: number, global = false): void {
        if (VERSION_VARIABLES.has(name) && value !== undefined && value !== "") this.versionCandidates.push(global ? { via, value, line, global } : { via, value, line });
    }

    stageInfo(index: number, from: Ins): StageInfo {
        const text = this.logicalText(from);
        const { flags, rest } = leadingFlags(text);
        const words = splitRawWords(rest, this.escape);
        const rawImage = words[0] ?? "";
        const imageMissing = new Set<string>();
        const image = expandWord(rawImage, this.globalLookup, this.escape, imageMissing).trim();
        const info: StageInfo = { index, from, instructions: [], rawImage, image, imageMissing, platformMissing: new Set<string>() };
        if (words.length >= 3 && words[1].toLowerCase() === "as") info.name = words[2].toLowerCase();
        const platform = flags.get("platform");
        if (platform !== undefined) {
            info.rawPlatform = platform[platform.length - 1];
            info.platform = expandWord(info.rawPlatform, this.globalLookup, this.escape, info.platformMissing).trim();
        }
        return info;
    }

    /**
     * Run a stage's instructions. `parent` is the state of the stage it is built FROM; with `takeParent` (the parent
     * has no other child) its maps are taken over instead of copied, which keeps long FROM chains linear.
     */
    processStage(info: StageInfo, parent: StageState | undefined, takeParent: boolean, collect: boolean): StageState {
        const st: StageState = parent
            ? takeParent
                ? parent
                : {
                      args: new Map(parent.args),
                      env: new Map(parent.env),
                      workdir: parent.workdir,
                      user: parent.user,
                      shell: parent.shell,
                      entrypoint: parent.entrypoint,
                      cmd: parent.cmd,
                      copies: parent.copies.slice(),
                      root: parent.root,
                  }
            : { args: new Map(), env: new Map(), workdir: "/", user: "root", shell: ["/bin/sh", "-c"], copies: [], root: info };
        let cmdSet = false;
        for (const ins of info.instructions) {
            try {
                switch (ins.kw) {
                    case "ARG":
                        this.stageArg(ins, st, info.index, collect);
                        break;
                    case "ENV":
                        this.env(ins, st, collect);
                        break;
                    case "WORKDIR": {
                        const p = expandWord(this.logicalText(ins), this.stageLookup(st), this.escape);
                        if (p === "") break;
                        st.workdir = resolvePath(p, st.workdir);
                        if (collect) this.collected.pathWrites.push({ path: st.workdir, via: "WORKDIR", ...this.where(ins.line) });
                        break;
                    }
                    case "USER":
                        st.user = expandWord(this.logicalText(ins), this.stageLookup(st), this.escape).split(":")[0].trim();
                        break;
                    case "SHELL": {
                        const s = execForm(this.logicalText(ins));
                        if (s && s.length > 0) st.shell = s;
                        break;
                    }
                    case "VOLUME":
                        if (collect) this.volume(ins, st);
                        break;
                    case "COPY":
                    case "ADD":
                        this.copy(ins, st, collect);
                        break;
                    case "RUN":
                        if (collect) this.run(ins, st);
                        break;
                    case "ENTRYPOINT":
                    case "CMD": {
                        const text = this.logicalText(ins);
                        const value = execForm(text) ?? [...st.shell, text];
                        if (ins.kw === "CMD") {
                            st.cmd = { value, line: ins.line };
                            cmdSet = true;
                        } else {
                            st.entrypoint = { value, line: ins.line };
                            if (!cmdSet) st.cmd = undefined; // Docker: ENTRYPOINT resets an inherited CMD
                        }
                        break;
                    }
                    default:
                        break; // LABEL, EXPOSE, HEALTHCHECK, ONBUILD, STOPSIGNAL, MAINTAINER, unknown keywords
                }
            } catch (e) {
                // Defensive: one odd instruction must not sink the whole analysis.
                this.notes.push(`${this.at(ins.line)}: ${ins.kw} could not be analysed (${e instanceof Error ? e.message : String(e)})`);
            }
        }
        return st;
    }

    stageArg(ins: Ins, st: StageState, stage: number, collect: boolean): void {
        const lookup = this.stageLookup(st);
        for (const d of this.argDeclarations(this.logicalText(ins))) {
            const def = d.rawDefault !== undefined ? expandWord(d.rawDefault, lookup, this.escape) : undefined;
            const value = this.declareArg(d.name, def, ins.line, stage);
            st.args.set(d.name, value);
            if (collect) this.versionCandidate(`ARG ${d.name}`, d.name, value, ins.line);
        }
    }

    env(ins: Ins, st: StageState, collect: boolean): void {
        const text = this.logicalText(ins);
        const words = splitRawWords(text, this.escape);
        if (words.length === 0) return;
        const lookup = this.stageLookup(st);
        const pairs: [string, string][] = [];
        if (!words[0].includes("=")) {
            // Legacy `ENV NAME value with spaces`
            const rawValue = text.slice(text.indexOf(words[0]) + words[0].length).trim();
            pairs.push([words[0], expandWord(rawValue, lookup, this.escape)]);
        } else {
            for (const w of words) {
                const eq = w.indexOf("=");
                if (eq <= 0) continue;
                pairs.push([expandWord(w.slice(0, eq), lookup, this.escape), expandWord(w.slice(eq + 1), lookup, this.escape)]); // BuildKit expands the key too: ENV "A"=b sets A
            }
        }
        for (const [name, value] of pairs) {
            st.env.set(name, { value, ...this.where(ins.line) });
            if (collect) this.versionCandidate(`ENV ${name}`, name, value, ins.line);
        }
    }

    volume(ins: Ins, st: StageState): void {
        const text = this.logicalText(ins);
        const lookup = this.stageLookup(st);
        const raw = execForm(text) ?? splitRawWords(text, this.escape);
        for (const w of raw) {
            const p = expandWord(w, lookup, this.escape);
            if (p !== "") this.collected.pathWrites.push({ path: resolvePath(p, st.workdir), via: "VOLUME", ...this.where(ins.line) });
        }
    }

    copy(ins: Ins, st: StageState, collect: boolean): void {
        if (!collect) return;
        const { bodies, commandEnd0 } = this.heredocs(ins);
        const text = this.logicalText(ins, commandEnd0);
        const { flags, rest } = leadingFlags(text);
        const lookup = this.stageLookup(st);
        const raw = execForm(rest) ?? splitRawWords(rest, this.escape);
        const words = raw.map((w) => expandWord(w, lookup, this.escape)).filter((w) => w !== "");
        if (words.length < 2) return;
        const dest = words[words.length - 1];
        const sources = words.slice(0, -1);
        const destAbs = resolvePath(dest, st.workdir);
        this.collected.pathWrites.push({ path: destAbs, via: ins.kw, ...this.where(ins.line) });
        if (flags.has("from")) return; // files of another stage or image: not the build context
        const destIsDir = dest.endsWith("/") || dest === "." || dest.endsWith("/.") || sources.length > 1;
        const mapping: CopyMapping = { dest: destAbs, destIsDir, sources: [] };
        for (const s of sources) {
            const doc = /^<<-?["']?([^"']+)["']?$/.exec(s);
            if (doc) {
                const body = bodies.find((b) => b.name === doc[1]);
                if (body && sources.length === 1 && !mapping.destIsDir) mapping.inline = body.body;
                continue;
            }
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith("git@")) continue; // ADD <url>
            const c = contextPath(s);
            if (c !== undefined) mapping.sources.push(c);
        }
        if (mapping.sources.length > 0 || mapping.inline !== undefined) st.copies.push(mapping);
    }

    run(ins: Ins, st: StageState): void {
        const { bodies, commandEnd0 } = this.heredocs(ins);
        const text = this.logicalText(ins, commandEnd0);
        const { flags, rest } = leadingFlags(text);
        const lookup = this.runLookup(st);
        const mounts = this.bindMounts(flags.get("mount") ?? [], st);
        const parses: ShellParse[] = [];
        const exec = execForm(rest);
        if (exec !== undefined) {
            parses.push(execFormCommand(exec, lookup));
        } else {
            if (rest.trim() !== "") parses.push(parseShell(rest, lookup));
            if (bodies.length > 0) {
                // `RUN <<EOF` (the heredoc is the script) or `RUN <<EOF bash` / `RUN bash <<EOF` (a shell reads it).
                const command = rest.replace(/<<-?\s*["']?[A-Za-z0-9_.-]+["']?/g, " ").trim();
                const prog = command === "" ? "" : basename(command.split(/\s+/)[0]);
                if (command === "" || (SHELL_PROGRAMS.has(prog) && !/\s-[A-Za-z]*c\b/.test(command))) {
                    const script = bodies[0].body;
                    const shebang = /^#!(.*)/.exec(script);
                    if (!shebang || /\b(sh|bash|dash|ash|zsh|ksh)\b/.test(shebang[1])) parses.push(parseShell(script, lookup));
                }
            }
        }
        let cwd = st.workdir;
        const home = homeOf(st.user);
        const where = this.where(ins.line);
        for (const parsed of parses) {
            if (parsed.fallback) this.notes.push(`${this.at(ins.line)}: RUN is not valid shell (unterminated quote?); its words were split on whitespace`);
            for (const c of parsed.commands) {
                const argv = c.argv;
                if (argv.length > 0) this.collected.commands.push({ argv, ...where });
                if (argv[0] === "cd") {
                    const dir = argv[1];
                    cwd = dir === undefined || dir === "~" ? (home ?? cwd) : dir === "-" ? cwd : resolvePath(dir, cwd, home);
                    continue;
                }
                for (const s of systemInstalls(argv)) this.collected.systemPackages.push({ ...s, ...where });
                for (const r of rInstallsFromArgv(argv)) this.collected.rPackages.push({ ...r, ...where });
                const stdin = c.redirects.filter((r) => r.op === "<<<" || r.op === "<<").map((r) => r.target);
                if (c.pipedText !== undefined) stdin.push(c.pipedText);
                if (parsed === parses[0] && exec === undefined && bodies.length > 0 && /<<-?\s*["']?[A-Za-z0-9_.-]+["']?/.test(rest)) stdin.push(bodies[0].body);
                for (const text of stdin) {
                    for (const r of rInstallsFromStdin(argv, text)) this.collected.rPackages.push({ ...r, ...where });
                }
                const script = rScriptFile(argv, c.redirects.find((r) => r.op === "<")?.target);
                if (script !== undefined) this.rScript(script, cwd, home, st, mounts, ins.line);
                const pip = pipInstall(argv);
                if (pip) {
                    for (const word of pip.requirements) {
                        const req = parseRequirement(word);
                        if (req) this.collected.pythonPackages.push({ ...req, ...where });
                    }
                    for (const f of pip.requirementFiles) this.requirementsFile(f, cwd, home, st, mounts, ins.line, 0);
                    // `pip install sagemaker<3` unquoted: the shell reads `<3` as a redirection from a file named 3.
                    const lost = c.redirects.filter((r) => (r.op === "<" || r.op === ">") && /^=?[\d.*]+$/.test(r.target));
                    for (const r of lost) {
                        this.notes.push(`${this.at(ins.line)}: \`${r.op}${r.target}\` after pip install is a shell redirection, not a version constraint: quote the requirement ('${pip.requirements[pip.requirements.length - 1] ?? "pkg"}${r.op}${r.target}')`);
                    }
                }
                for (const w of writesFromCommand(argv, c.redirects)) {
                    this.collected.pathWrites.push({ path: resolvePath(w.path, cwd, home), via: w.via, ...where });
                }
            }
        }
    }

    /** `--mount=type=bind,source=x,target=/y` mounts of the build context. */
    bindMounts(specs: string[], st: StageState): CopyMapping[] {
        const out: CopyMapping[] = [];
        const lookup = this.stageLookup(st);
        for (const spec of specs) {
            const kv = new Map<string, string>();
            for (const part of expandWord(spec, lookup, this.escape).split(",")) {
                const eq = part.indexOf("=");
                kv.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? "" : part.slice(eq + 1).trim());
            }
            if ((kv.get("type") ?? "bind") !== "bind" || kv.has("from")) continue;
            const target = kv.get("target") ?? kv.get("dst") ?? kv.get("destination");
            if (target === undefined || target === "") continue;
            const source = contextPath(kv.get("source") ?? kv.get("src") ?? ".");
            if (source === undefined) continue;
            out.push({ dest: resolvePath(target, st.workdir), destIsDir: false, sources: [source] });
        }
        return out;
    }

    /** Find what a path inside the image was copied from; returns its content or why not. */
    locate(imagePath: string, st: StageState, mounts: CopyMapping[]): { content?: string; from?: string; reason?: string } {
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
            if (!this.readContextFile) return { reason: `copied from the build context (${cands[0]}) but no build context was given` };
            for (const c of cands) {
                const content = this.readContextFile(c);
                if (content !== undefined) return { content, from: c };
                tried.push(c);
            }
            return { reason: `could not read ${tried.join(" or ")} from the build context` };
        }
        return { reason: "it is not COPY'd or mounted from the build context" };
    }

    /** An R script from the build context (`COPY install.R /tmp/` + `RUN Rscript /tmp/install.R`): its package installs. */
    rScript(fileArg: string, cwd: string, home: string | undefined, st: StageState, mounts: CopyMapping[], line: number): void {
        const found = this.locate(resolvePath(fileArg, cwd, home), st, mounts);
        if (found.content === undefined) {
            // Scripts that come with the base image or are downloaded are not followed; only a context file is worth a note.
            if (!/not COPY'd or mounted/.test(found.reason ?? "")) this.notes.push(`${this.at(line)}: R script ${fileArg}: ${found.reason}; its package installs were not checked`);
            return;
        }
        for (const r of rInstallsFromCode(found.content)) this.collected.rPackages.push({ ...r, ...this.where(line) });
    }

    requirementsFile(fileArg: string, cwd: string, home: string | undefined, st: StageState, mounts: CopyMapping[], line: number, depth: number): void {
        const imagePath = resolvePath(fileArg, cwd, home);
        const found = this.locate(imagePath, st, mounts);
        if (found.content === undefined) {
            this.notes.push(`${this.at(line)}: pip install -r ${fileArg}: ${found.reason}; its requirements were not checked`);
            return;
        }
        const parsed = parseRequirementsText(found.content);
        for (const r of parsed.requirements) {
            const req = parseRequirement(r);
            if (req) this.collected.pythonPackages.push({ ...req, ...this.where(line) });
        }
        for (const n of parsed.nested) {
            if (depth >= 1) {
                this.notes.push(`${this.at(line)}: ${fileArg} includes -r ${n} two levels deep; not followed`);
                continue;
            }
            this.requirementsFile(n, path.posix.dirname(imagePath), home, st, mounts, line, depth + 1);
        }
    }

    /** Inline suppressions: a pragma comment applies to the next instruction (comments and single blank lines may sit between). */
    suppressions(instructions: Ins[]): Suppression[] {
        const out: Suppression[] = [];
        let prevEnd0 = -1;
        for (const ins of instructions) {
            const rules: string[] = [];
            let blanks = 0;
            for (let l = ins.start0 - 1; l > prevEnd0; l--) {
                const s = this.lines[l];
                const t = s.trim();
                if (t === "") {
                    if (++blanks > 1) break;
                    continue;
                }
                blanks = 0;
                if (!t.startsWith("#")) break;
                const m = PRAGMA.exec(s);
                if (m) {
                    const listed = m[1].split(/[\s,]+/).filter((r) => r !== "");
                    rules.unshift(...listed.map((r) => (/^rsb\d+$/i.test(r) ? r.toUpperCase() : r.toLowerCase())));
                }
            }
            if (rules.length > 0) out.push({ line: ins.line, rules: [...new Set(rules)] });
            prevEnd0 = Math.max(prevEnd0, ins.end0);
        }
        return out;
    }
}

function imageTag(ref: string): string | undefined {
    const noDigest = ref.split("@")[0];
    const slash = noDigest.lastIndexOf("/");
    const colon = noDigest.lastIndexOf(":");
    return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/** Parse with dockerfile-ast and keep only what the analysis needs (the AST becomes garbage on return). */
function parse(text: string, opts: InspectDockerfileOptions): { an: Analyzer; instructions: Ins[] } {
    const df = DockerfileParser.parse(text);
    const an = new Analyzer(text, df.getEscapeCharacter(), opts);
    const instructions = df.getInstructions().map((node) => toIns(node, an.lines));
    return { an, instructions };
}

/** Analyse Dockerfile text. Throws DockerfileError for input that is not a usable Dockerfile. */
export function inspectDockerfile(text: string, opts: InspectDockerfileOptions = {}): DockerfileInspection {
    const file = opts.file;
    if (typeof text !== "string") throw new DockerfileError("not a text file; expected a Dockerfile", { file });
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    checkText(text, file);

    const { an, instructions } = parse(text, opts);

    // Global ARGs, then stages.
    const stages: StageInfo[] = [];
    for (const ins of instructions) {
        if (ins.kw === "FROM") {
            stages.push(an.stageInfo(stages.length, ins));
            continue;
        }
        if (stages.length === 0) {
            if (ins.kw === "ARG") an.globalArg(ins);
            continue; // Docker rejects other instructions before FROM; they have no effect here
        }
        stages[stages.length - 1].instructions.push(ins);
    }
    if (stages.length === 0) throw new DockerfileError("no FROM instruction; a Dockerfile must start a build stage with FROM", { file });

    const stageByName = new Map<string, number>();
    const children: number[] = [];
    for (const s of stages) {
        const ref = s.image.toLowerCase();
        const byName = stageByName.get(ref);
        if (byName !== undefined) s.parent = byName;
        else if (/^\d+$/.test(ref) && Number(ref) < s.index) s.parent = Number(ref);
        if (s.parent !== undefined) children[s.parent] = (children[s.parent] ?? 0) + 1;
        if (s.name !== undefined && !stageByName.has(s.name)) stageByName.set(s.name, s.index);
    }

    let target = stages[stages.length - 1];
    if (opts.target !== undefined) {
        const wanted = opts.target.toLowerCase();
        const found = stages.find((s) => s.name === wanted);
        if (!found) {
            const names = stages.filter((s) => s.name !== undefined).map((s) => s.name);
            throw new DockerfileError(
                `build target "${opts.target}" is not a stage of this Dockerfile (${names.length > 0 ? `stages: ${names.join(", ")}` : "it has no named stages"})`,
                { file },
            );
        }
        target = found;
    }
    const chain = new Set<number>();
    for (let s: StageInfo | undefined = target; s !== undefined; s = s.parent !== undefined ? stages[s.parent] : undefined) chain.add(s.index);

    const states: StageState[] = [];
    for (const s of stages) {
        const parent = s.parent !== undefined ? states[s.parent] : undefined;
        states[s.index] = an.processStage(s, parent, s.parent !== undefined && children[s.parent] === 1 && s.parent !== target.index, chain.has(s.index));
    }
    const final = states[target.index];
    const root = final.root;

    const facts = emptyFacts("dockerfile");
    if (file !== undefined) facts.file = file;
    facts.finalStageLine = target.from.line;
    const fileWhere = file !== undefined ? { file } : {};
    const fromWhere = { ...fileWhere, line: root.from.line };

    // baseImage
    const image = root.image;
    const broken = image === "" || /[:@/]$/.test(image) || image.startsWith(":");
    if (broken) {
        const missing = [...root.imageMissing];
        facts.baseImage = unknown(
            "dockerfile",
            root.rawImage === ""
                ? `FROM at line ${root.from.line} names no image`
                : `FROM ${root.rawImage} (line ${root.from.line}) does not resolve to an image${missing.length > 0 ? `: ${missing.map((m) => "$" + m).join(", ")} has no value (pass --build-arg ${missing[0]}=...)` : ""}`,
        );
    } else {
        facts.baseImage = known(image, "dockerfile", { ...fromWhere, via: "FROM" });
    }

    // workbenchVersion: an ARG/ENV in scope of the final stage first, then the base image tag. A global ARG that no
    // stage redeclares is out of scope in the stage (Docker): it only refines the tag's version (same release, with
    // the build number) or stands in when the tag has none.
    let version: Fact<string> | undefined;
    const candidate = (c: VersionCandidate) => known(parseWorkbenchVersion(c.value)?.raw ?? c.value, "dockerfile", { ...fileWhere, line: c.line, via: c.via });
    const inScope = an.versionCandidates.find((c) => !c.global && parseWorkbenchVersion(c.value) !== undefined);
    const globals = an.versionCandidates.filter((c) => c.global && parseWorkbenchVersion(c.value) !== undefined);
    if (inScope) version = candidate(inScope);
    if (!version && !broken) {
        const tag = imageTag(image);
        const v = tag !== undefined ? parseWorkbenchVersion(tag) : undefined;
        if (v) {
            const refined = globals.find((c) => {
                const g = parseWorkbenchVersion(c.value) as WorkbenchVersion;
                return g.year === v.year && g.month === v.month && g.patch === v.patch && g.build !== undefined && (v.build === undefined || g.build === v.build);
            });
            version = refined ? candidate(refined) : known(v.raw, "dockerfile", { ...fromWhere, via: "FROM tag" });
        }
    }
    if (!version && globals.length > 0) version = candidate(globals[0]);
    facts.workbenchVersion =
        version ??
        unknown(
            "dockerfile",
            broken
                ? `the base image is not known and no RSW_VERSION ARG/ENV (or RSTUDIO_VERSION, WORKBENCH_VERSION, RSP_VERSION) gives one`
                : root.imageMissing.size > 0
                  ? `FROM ${root.rawImage} (line ${root.from.line}) resolves to ${image}: ${[...root.imageMissing].map((m) => "$" + m).join(", ")} has no value (pass --build-arg ${[...root.imageMissing][0]}=...)`
                  : `base image ${image} has no Workbench version in its tag and no RSW_VERSION ARG/ENV (or RSTUDIO_VERSION, WORKBENCH_VERSION, RSP_VERSION) gives one`,
        );

    // platform
    if (root.rawPlatform === undefined) {
        facts.platform = unknown("dockerfile", "not set in the Dockerfile; decided at build time");
    } else {
        const auto = [...root.platformMissing].filter((m) => AUTOMATIC_PLATFORM_ARGS.has(m));
        const value = root.platform ?? "";
        if (auto.length > 0 || value === "") {
            facts.platform = unknown("dockerfile", `FROM --platform=${root.rawPlatform} (line ${root.from.line}) is decided at build time`);
        } else {
            facts.platform = known(value, "dockerfile", { ...fromWhere, via: "FROM --platform" });
        }
    }

    facts.systemPackages = known(an.collected.systemPackages, "dockerfile", fileWhere);
    facts.rPackages = known(an.collected.rPackages, "dockerfile", fileWhere);
    facts.pythonPackages = known(an.collected.pythonPackages, "dockerfile", fileWhere);
    facts.env = known(Object.fromEntries(final.env), "dockerfile", fileWhere);

    const ep: EntrypointFact = {};
    if (final.entrypoint) {
        ep.entrypoint = final.entrypoint.value;
        ep.entrypointLine = final.entrypoint.line;
    }
    if (final.cmd) {
        ep.cmd = final.cmd.value;
        ep.cmdLine = final.cmd.line;
    }
    if ((final.entrypoint || final.cmd) && file !== undefined) ep.file = file;
    const epLine = ep.entrypointLine ?? ep.cmdLine;
    facts.entrypoint = known(ep, "dockerfile", epLine !== undefined ? { ...fileWhere, line: epLine, via: ep.entrypointLine !== undefined ? "ENTRYPOINT" : "CMD" } : fileWhere);

    facts.pathWrites = known(an.collected.pathWrites, "dockerfile", fileWhere);
    facts.commands = known(an.collected.commands, "dockerfile", fileWhere);
    facts.files = unknown("dockerfile", "only known from a built image");
    facts.sizeBytes = unknown("dockerfile", "measured on the built image");
    facts.suppressions = an.suppressions(instructions);

    const unusedBuildArgs = Object.keys(opts.buildArgs ?? {}).filter((k) => !an.declared.has(k) && !PREDEFINED_ARGS.has(k) && !k.startsWith("BUILDKIT_"));
    return { facts, args: an.args, unusedBuildArgs, notes: an.notes };
}

function readError(e: unknown): string {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") return "no such file";
    if (code === "EISDIR") return "it is a directory";
    if (code === "EACCES" || code === "EPERM") return "permission denied";
    return e instanceof Error ? e.message : String(e);
}

/**
 * Read and analyse a Dockerfile. The build context (for `pip install -r`) defaults to the Dockerfile's directory;
 * reads never leave it. Throws DockerfileError when the file cannot be read or is not a Dockerfile.
 */
export function inspectDockerfileFile(
    file: string,
    opts: Omit<InspectDockerfileOptions, "file" | "readContextFile"> & { context?: string } = {},
): DockerfileInspection {
    let buf: Buffer;
    try {
        buf = fs.readFileSync(file);
    } catch (e) {
        throw new DockerfileError(`cannot read the Dockerfile: ${readError(e)}`, { file });
    }
    if (buf.includes(0)) throw new DockerfileError("not a text file (it contains NUL bytes); expected a Dockerfile", { file });
    const contextDir = path.resolve(opts.context ?? path.dirname(file));
    const readContextFile = (rel: string): string | undefined => {
        const abs = path.resolve(contextDir, rel);
        const inside = path.relative(contextDir, abs);
        if (inside.startsWith("..") || path.isAbsolute(inside)) return undefined;
        try {
            return fs.readFileSync(abs, "utf8");
        } catch {
            return undefined;
        }
    };
    const { context: _context, ...rest } = opts;
    void _context;
    return inspectDockerfile(buf.toString("utf8"), { ...rest, file, readContextFile });
}
