/** Data shared by the Dockerfile analysis steps: the read-only analysis input, stage state, and what steps return. */
import type { CommandFact, EnvVarFact, PackageFact, PathWriteFact, PythonPackageFact, RPackageFact } from "../../core/facts";
import { chargedLookup, type Budget, type Lookup } from "../expand";
import type { Ins, Source } from "./source";

/** What a step may read from the build context: the text, or why not. */
export type ContextRead = { text: string } | { reason: string };

/** The analysis input every step reads (never written after setup). */
export interface Input {
    src: Source;
    /** Path shown in messages. */
    file?: string;
    /** `--build-arg` values (a Map: no prototype keys). */
    buildArgs: ReadonlyMap<string, string>;
    /** Reads a file of the build context by context-relative path; undefined when no context was given. */
    readContextFile?: (relPath: string) => ContextRead;
    /** Characters left for variable substitutions in this analysis (EXPANSION_LIMITS.totalChars at the start). */
    budget: Budget;
    /** Characters left for substitutions into RUN commands (EXPANSION_LIMITS.runChars at the start). */
    runBudget: Budget;
}

export function where(input: Input, line: number): { file?: string; line: number } {
    return input.file !== undefined ? { file: input.file, line } : { line };
}

export function at(input: Input, line: number): string {
    return input.file !== undefined ? `${input.file}:${line}` : `line ${line}`;
}

export interface DockerfileArg {
    name: string;
    /** The declared default after quote removal and substitution (what the build uses without a `--build-arg`). */
    default?: string;
    line: number;
    /** Index of the stage (0-based, in FROM order); undefined for a global ARG (before the first FROM). */
    stage?: number;
}

/** An ARG/ENV value where Posit's Dockerfiles put a Workbench version (resolved later, see ./version). */
export interface VersionCandidate {
    /** `ARG RSW_VERSION`, `ENV PWB_VERSION`, ... */
    via: string;
    name: string;
    value: string;
    line: number;
    /** A global ARG (before the first FROM): in scope for FROM lines only, unless a stage redeclares it. */
    global?: boolean;
    /** Set when the value is a version read from a Posit package download (file name): which product it installs. */
    download?: "workbench" | "rstudio-server";
}

export interface StageInfo {
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

export interface CopyMapping {
    /** Absolute destination inside the image. */
    dest: string;
    destIsDir: boolean;
    /** Context-relative sources. */
    sources: string[];
    /** Inline heredoc contents (`COPY <<EOF /dest`) when the destination is a file. */
    inline?: string;
    /** Line of the COPY/ADD or RUN --mount. */
    line?: number;
}

/** The build state of a stage while its instructions are walked. */
export interface StageState {
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

/** What instructions contribute to the image's facts. Steps return one; the caller concatenates. */
export interface Collected {
    systemPackages: PackageFact[];
    rPackages: RPackageFact[];
    pythonPackages: PythonPackageFact[];
    pathWrites: PathWriteFact[];
    commands: CommandFact[];
    /** Things the analysis could not follow. */
    notes: string[];
    /**
     * Package sources that were referenced but could not be read (a requirements file, an R package list): the
     * package lists are then `partial` with these reasons, never "complete without them".
     */
    unseen: { fact: "systemPackages" | "rPackages" | "pythonPackages"; reason: string }[];
}

export function emptyCollected(): Collected {
    return { systemPackages: [], rPackages: [], pythonPackages: [], pathWrites: [], commands: [], notes: [], unseen: [] };
}

/** Append `from` to `into` (in place; `into` is the caller's accumulator). */
export function addCollected(into: Collected, from: Partial<Collected>): void {
    for (const k of Object.keys(from) as (keyof Collected)[]) {
        const items = from[k] as unknown[] | undefined;
        if (items === undefined) continue;
        const target = into[k] as unknown[];
        for (const x of items) target.push(x); // no spread: lists may be long
    }
}

/** Variables Dockerfile instructions (not RUN) see in a stage: ENV first, then ARG (charged to the budget). */
export function stageLookup(input: Input, st: StageState): Lookup {
    return chargedLookup((name) => {
        const e = st.env.get(name);
        if (e !== undefined) return e.value;
        return st.args.get(name);
    }, input.budget);
}
