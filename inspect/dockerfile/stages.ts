/**
 * Instructions → stage facts. Global ARGs are read first, then each FROM opens a stage whose instructions are walked
 * in order over a StageState (ARG/ENV values, WORKDIR, USER, SHELL, COPY mappings, ENTRYPOINT/CMD). Each
 * instruction's handler returns what it declares or contributes; the walk folds that into the stage's result.
 */
import { chargedLookup, expandWord, splitRawWords, ExpansionLimitError, type Lookup } from "../expand";
import { DockerfileError } from "../errors";
import { resolvePath, contextPath } from "./imagepath";
import { execForm, heredocs, leadingFlags, logicalText, type Ins } from "./source";
import {
    addCollected,
    at,
    emptyCollected,
    stageLookup,
    where,
    type Collected,
    type CopyMapping,
    type DockerfileArg,
    type Input,
    type StageInfo,
    type StageState,
    type VersionCandidate,
} from "./model";
import { runFacts } from "./run";
import { versionCandidates } from "./version";

/** What the walk over instructions declares besides image facts. */
export interface Declarations {
    args: DockerfileArg[];
    versionCandidates: VersionCandidate[];
}

/** `ARG A=1 B` → declarations with raw defaults. */
function argDeclarations(text: string, escape: string): { name: string; rawDefault?: string }[] {
    return splitRawWords(text, escape).flatMap((w) => {
        const eq = w.indexOf("=");
        const name = eq < 0 ? w : w.slice(0, eq);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
        return eq < 0 ? [{ name }] : [{ name, rawDefault: w.slice(eq + 1) }];
    });
}

/** The value an ARG has: a --build-arg wins, then the default, then (in a stage) the global ARG of that name. */
function argValue(input: Input, name: string, def: string | undefined, inherited: ReadonlyMap<string, string | undefined> | undefined): string | undefined {
    const given = input.buildArgs.get(name);
    if (given !== undefined) return given;
    if (def !== undefined) return def;
    return inherited?.get(name);
}

/** One ARG instruction: its declarations and the values they take. */
export function argInstruction(input: Input, ins: Ins, lookup: Lookup, stage: number | undefined, globals?: ReadonlyMap<string, string | undefined>): { declared: DockerfileArg[]; values: [string, string | undefined][] } {
    const declared: DockerfileArg[] = [];
    const values: [string, string | undefined][] = [];
    for (const d of argDeclarations(logicalText(input.src, ins), input.src.escape)) {
        const def = d.rawDefault !== undefined ? expandWord(d.rawDefault, lookup, input.src.escape) : undefined;
        const arg: DockerfileArg = { name: d.name, line: ins.line };
        if (def !== undefined) arg.default = def;
        if (stage !== undefined) arg.stage = stage;
        declared.push(arg);
        values.push([d.name, argValue(input, d.name, def, stage !== undefined ? globals : undefined)]);
    }
    return { declared, values };
}

/** Global ARGs (before the first FROM): their values, in scope for FROM lines. */
export function globalArgs(input: Input, instructions: readonly Ins[]): { globals: Map<string, string | undefined> } & Declarations {
    const globals = new Map<string, string | undefined>();
    const args: DockerfileArg[] = [];
    const candidates: VersionCandidate[] = [];
    const lookup: Lookup = chargedLookup((name) => globals.get(name), input.budget);
    for (const ins of instructions) {
        if (ins.kw === "FROM") break;
        if (ins.kw !== "ARG") continue; // Docker rejects other instructions before FROM; they have no effect here
        const r = limited(input, ins, () => argInstruction(input, ins, lookup, undefined));
        args.push(...r.declared);
        for (const [name, value] of r.values) {
            globals.set(name, value);
            candidates.push(...versionCandidates("ARG", name, value, ins.line, true));
        }
    }
    return { globals, args, versionCandidates: candidates };
}

/** A FROM line: image, stage name, platform (global ARGs substituted). */
export function stageInfo(input: Input, index: number, from: Ins, globals: ReadonlyMap<string, string | undefined>): StageInfo {
    return limited(input, from, () => fromLine(input, index, from, globals));
}

function fromLine(input: Input, index: number, from: Ins, globals: ReadonlyMap<string, string | undefined>): StageInfo {
    const lookup: Lookup = chargedLookup((name) => globals.get(name), input.budget);
    const text = logicalText(input.src, from);
    const { flags, rest } = leadingFlags(text);
    const words = splitRawWords(rest, input.src.escape);
    const rawImage = words[0] ?? "";
    const imageMissing = new Set<string>();
    const image = expandWord(rawImage, lookup, input.src.escape, imageMissing).trim();
    const info: StageInfo = { index, from, instructions: [], rawImage, image, imageMissing, platformMissing: new Set<string>() };
    if (words.length >= 3 && words[1].toLowerCase() === "as") info.name = words[2].toLowerCase();
    const platform = flags.get("platform");
    if (platform !== undefined) {
        info.rawPlatform = platform[platform.length - 1];
        info.platform = expandWord(info.rawPlatform, lookup, input.src.escape, info.platformMissing).trim();
    }
    return info;
}

/** One ENV instruction → the variables it sets (BuildKit expands the key too: ENV "A"=b sets A). */
export function envInstruction(input: Input, ins: Ins, lookup: Lookup): [string, string][] {
    const text = logicalText(input.src, ins);
    const esc = input.src.escape;
    const words = splitRawWords(text, esc);
    if (words.length === 0) return [];
    if (!words[0].includes("=")) {
        // Legacy `ENV NAME value with spaces`
        const rawValue = text.slice(text.indexOf(words[0]) + words[0].length).trim();
        return [[words[0], expandWord(rawValue, lookup, esc)]];
    }
    const pairs: [string, string][] = [];
    for (const w of words) {
        const eq = w.indexOf("=");
        if (eq <= 0) continue;
        pairs.push([expandWord(w.slice(0, eq), lookup, esc), expandWord(w.slice(eq + 1), lookup, esc)]);
    }
    return pairs;
}

/** VOLUME → the declared paths. */
export function volumeInstruction(input: Input, ins: Ins, st: StageState): Collected["pathWrites"] {
    const text = logicalText(input.src, ins);
    const lookup = stageLookup(input, st);
    const raw = execForm(text) ?? splitRawWords(text, input.src.escape);
    const out: Collected["pathWrites"] = [];
    for (const w of raw) {
        const p = expandWord(w, lookup, input.src.escape);
        if (p !== "") out.push({ path: resolvePath(p, st.workdir), via: "VOLUME", ...where(input, ins.line) });
    }
    return out;
}

/** COPY/ADD → the destination written and, for build-context sources, the mapping (for reading files RUN uses). */
export function copyInstruction(input: Input, ins: Ins, st: StageState): { write?: Collected["pathWrites"][number]; mapping?: CopyMapping } {
    const { bodies, commandEnd0 } = heredocs(input.src, ins);
    const text = logicalText(input.src, ins, commandEnd0);
    const { flags, rest } = leadingFlags(text);
    const lookup = stageLookup(input, st);
    const raw = execForm(rest) ?? splitRawWords(rest, input.src.escape);
    const words = raw.map((w) => expandWord(w, lookup, input.src.escape)).filter((w) => w !== "");
    if (words.length < 2) return {};
    const dest = words[words.length - 1];
    const sources = words.slice(0, -1);
    const destAbs = resolvePath(dest, st.workdir);
    const write = { path: destAbs, via: ins.kw, ...where(input, ins.line) };
    if (flags.has("from")) return { write }; // files of another stage or image: not the build context
    const destIsDir = dest.endsWith("/") || dest === "." || dest.endsWith("/.") || sources.length > 1;
    const mapping: CopyMapping = { dest: destAbs, destIsDir, sources: [], line: ins.line };
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
    return mapping.sources.length > 0 || mapping.inline !== undefined ? { write, mapping } : { write };
}

/** The initial state of a stage: a copy of its parent stage's (or taken over), or a fresh one for an image. */
function initialState(info: StageInfo, parent: StageState | undefined, takeParent: boolean): StageState {
    if (!parent) return { args: new Map(), env: new Map(), workdir: "/", user: "root", shell: ["/bin/sh", "-c"], copies: [], root: info };
    if (takeParent) return parent;
    return {
        args: new Map(parent.args),
        env: new Map(parent.env),
        workdir: parent.workdir,
        user: parent.user,
        shell: parent.shell,
        entrypoint: parent.entrypoint,
        cmd: parent.cmd,
        copies: parent.copies.slice(),
        root: parent.root,
    };
}

export interface StageResult extends Declarations {
    state: StageState;
    /** Facts of this stage's instructions (only collected for stages in the target's FROM chain). */
    collected: Collected;
}

/**
 * Walk a stage's instructions. `parent` is the state of the stage it is built FROM; with `takeParent` (the parent
 * has no other child) its maps are taken over instead of copied, which keeps long FROM chains linear. With
 * `collect` false (a stage outside the target's chain) only the state is followed.
 */
export function walkStage(input: Input, info: StageInfo, globals: ReadonlyMap<string, string | undefined>, parent: StageState | undefined, takeParent: boolean, collect: boolean): StageResult {
    const st = initialState(info, parent, takeParent);
    const collected = emptyCollected();
    const args: DockerfileArg[] = [];
    const candidates: VersionCandidate[] = [];
    const esc = input.src.escape;
    let cmdSet = false;
    for (const ins of info.instructions) {
        try {
            switch (ins.kw) {
                case "ARG": {
                    const r = argInstruction(input, ins, stageLookup(input, st), info.index, globals);
                    args.push(...r.declared);
                    for (const [name, value] of r.values) {
                        st.args.set(name, value);
                        if (collect) candidates.push(...versionCandidates("ARG", name, value, ins.line));
                    }
                    break;
                }
                case "ENV":
                    for (const [name, value] of envInstruction(input, ins, stageLookup(input, st))) {
                        st.env.set(name, { value, ...where(input, ins.line) });
                        if (collect) candidates.push(...versionCandidates("ENV", name, value, ins.line));
                    }
                    break;
                case "WORKDIR": {
                    const p = expandWord(logicalText(input.src, ins), stageLookup(input, st), esc);
                    if (p === "") break;
                    st.workdir = resolvePath(p, st.workdir);
                    if (collect) collected.pathWrites.push({ path: st.workdir, via: "WORKDIR", ...where(input, ins.line) });
                    break;
                }
                case "USER":
                    st.user = expandWord(logicalText(input.src, ins), stageLookup(input, st), esc).split(":")[0].trim();
                    break;
                case "SHELL": {
                    const s = execForm(logicalText(input.src, ins));
                    if (s && s.length > 0) st.shell = s;
                    break;
                }
                case "VOLUME":
                    if (collect) addCollected(collected, { pathWrites: volumeInstruction(input, ins, st) });
                    break;
                case "COPY":
                case "ADD": {
                    if (!collect) break;
                    const r = copyInstruction(input, ins, st);
                    if (r.write) collected.pathWrites.push(r.write);
                    if (r.mapping) st.copies.push(r.mapping);
                    break;
                }
                case "RUN":
                    if (collect) addCollected(collected, runFacts(input, ins, st));
                    break;
                case "ENTRYPOINT":
                case "CMD": {
                    const text = logicalText(input.src, ins);
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
            if (e instanceof ExpansionLimitError) throw limitError(input, ins, e);
            if (isFatal(e)) throw e;
            // Defensive: one odd instruction must not sink the whole analysis.
            collected.notes.push(`${at(input, ins.line)}: ${ins.kw} could not be analysed (${e instanceof Error ? e.message : String(e)})`);
        }
    }
    return { state: st, collected, args, versionCandidates: candidates };
}

/** Errors that end the analysis (a limit was hit) rather than one instruction. */
function isFatal(e: unknown): boolean {
    return e instanceof Error && e.name === "DockerfileError";
}

/** A limit hit while expanding an instruction: a user error naming the line (exit 2), not a crash or a lost heap. */
export function limitError(input: Input, ins: Ins, e: ExpansionLimitError): DockerfileError {
    return new DockerfileError(`${ins.kw}: ${e.message}; a variable that doubles itself (ARG A=\${A}\${A}) is not analysed`, where(input, ins.line));
}

function limited<T>(input: Input, ins: Ins, f: () => T): T {
    try {
        return f();
    } catch (e) {
        if (e instanceof ExpansionLimitError) throw limitError(input, ins, e);
        throw e;
    }
}
