/**
 * Dockerfile text → ImageFacts (source `dockerfile`), statically: no Docker needed.
 *
 * The steps live in `./dockerfile/`, each a function that returns data:
 *   source.ts   text → instructions (dockerfile-ast), an instruction's text as BuildKit reads it;
 *   stages.ts   instructions → stage facts (ARG/ENV values, WORKDIR, USER, COPY mappings, ENTRYPOINT/CMD);
 *   run.ts      RUN → install facts (system/R/Python packages, path writes, commands);
 *   context.ts  files a RUN reads from the build context (requirements files, R scripts);
 *   version.ts  the Workbench version (ARG/ENV, FROM tag);
 *   pragmas.ts  `# sagemaker-rstudio [global] ignore=...` comments.
 * This module ties them together: global ARGs, stages and the target's FROM chain, then the facts. Multi-stage
 * builds follow the target stage's `FROM <stage>` chain; `COPY --from` copies files, not facts.
 */
import * as path from "path";
import { emptyFacts, known, notInspectedReason, unknown, type EntrypointFact, type ImageFacts } from "../core/facts";
import { RULE_KEYS } from "../core/engine";
import { DockerfileError } from "./errors";
import { EXPANSION_LIMITS } from "./expand";
import { contextFileReader, FILE_LIMITS, readRegularFile, type ReadResult } from "./files";
import { checkText, parseSource } from "./dockerfile/source";
import { addCollected, at, emptyCollected, type Collected, type ContextRead, type DockerfileArg, type Input, type StageInfo, type StageState, type VersionCandidate } from "./dockerfile/model";
import { globalArgs, stageInfo, walkStage } from "./dockerfile/stages";
import { PREDEFINED_ARGS } from "./dockerfile/run";
import { workbenchVersionFact } from "./dockerfile/version";
import { readPragmas } from "./dockerfile/pragmas";

export { DockerfileError } from "./errors";
export type { DockerfileArg } from "./dockerfile/model";

export interface DockerfileInspection {
    /** Source `dockerfile`; `file` = opts.file. */
    facts: ImageFacts;
    /** Every ARG declared anywhere. */
    args: DockerfileArg[];
    /** Keys of opts.buildArgs that no ARG declares (Docker's predefined proxy args and `BUILDKIT_*` excepted). */
    unusedBuildArgs: string[];
    /** Things the analysis could not follow (an unreadable requirements file, a RUN that is not valid shell, a pragma not understood). */
    notes: string[];
}

export interface InspectDockerfileOptions {
    /** Path shown in messages (e.g. `dockerfiles/cpu.Dockerfile`). */
    file?: string;
    /** `--build-arg` overrides. */
    buildArgs?: Record<string, string>;
    /** Build target stage name; default: the last stage. */
    target?: string;
    /**
     * The build context directory: files a RUN reads (`pip install -r`, R scripts, package lists) are read from it,
     * never outside it (see inspect/files.ts). Ignored when readContextFile is given.
     */
    context?: string;
    /** Reads a file of the build context (path relative to the context root); undefined = could not be read. */
    readContextFile?: (relPath: string) => string | undefined;
    /** Rule ids and slugs an ignore pragma may name; default: the catalogue's (`RULE_KEYS` of core/engine). */
    ruleKeys?: Iterable<string>;
}

/** Args BuildKit sets from the build platform: unknown statically. */
const AUTOMATIC_PLATFORM_ARGS = new Set(["BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"]);

/** Own keys of a plain record as a Map (a `__proto__` key is an ordinary name here, never the prototype). */
function recordToMap(rec: Record<string, string> | undefined): Map<string, string> {
    const m = new Map<string, string>();
    if (rec === undefined) return m;
    for (const k of Object.keys(rec)) m.set(k, rec[k]);
    return m;
}

/** Stages in FROM order; each knows its parent stage (`FROM <stage>`) and how many stages build on it. */
function linkStages(input: Input, globals: ReadonlyMap<string, string | undefined>): { stages: StageInfo[]; children: number[] } {
    const stages: StageInfo[] = [];
    for (const ins of input.src.instructions) {
        if (ins.kw === "FROM") stages.push(stageInfo(input, stages.length, ins, globals));
        else if (stages.length > 0) stages[stages.length - 1].instructions.push(ins);
    }
    if (stages.length === 0) throw new DockerfileError("no FROM instruction; a Dockerfile must start a build stage with FROM", { file: input.file });
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
    return { stages, children };
}

function targetStage(stages: StageInfo[], target: string | undefined, file: string | undefined): StageInfo {
    if (target === undefined) return stages[stages.length - 1];
    const wanted = target.toLowerCase();
    const found = stages.find((s) => s.name === wanted);
    if (found) return found;
    const names = stages.filter((s) => s.name !== undefined).map((s) => s.name);
    throw new DockerfileError(`build target "${target}" is not a stage of this Dockerfile (${names.length > 0 ? `stages: ${names.join(", ")}` : "it has no named stages"})`, { file });
}

function baseImageFact(root: StageInfo, file: string | undefined): { fact: ImageFacts["baseImage"]; broken: boolean } {
    const image = root.image;
    const broken = image === "" || /[:@/]$/.test(image) || image.startsWith(":");
    if (!broken) return { fact: known(image, "dockerfile", { ...(file !== undefined ? { file } : {}), line: root.from.line, via: "FROM" }), broken };
    const missing = [...root.imageMissing];
    return {
        broken,
        fact: unknown(
            "dockerfile",
            root.rawImage === ""
                ? `FROM at line ${root.from.line} names no image`
                : `FROM ${root.rawImage} (line ${root.from.line}) does not resolve to an image${missing.length > 0 ? `: ${missing.map((m) => "$" + m).join(", ")} has no value (pass --build-arg ${missing[0]}=...)` : ""}`,
        ),
    };
}

function platformFact(root: StageInfo, file: string | undefined): ImageFacts["platform"] {
    if (root.rawPlatform === undefined) return unknown("dockerfile", "not set in the Dockerfile; decided at build time");
    const auto = [...root.platformMissing].filter((m) => AUTOMATIC_PLATFORM_ARGS.has(m));
    const value = root.platform ?? "";
    if (auto.length > 0 || value === "") return unknown("dockerfile", `FROM --platform=${root.rawPlatform} (line ${root.from.line}) is decided at build time`);
    return known(value, "dockerfile", { ...(file !== undefined ? { file } : {}), line: root.from.line, via: "FROM --platform" });
}

function entrypointFact(final: StageState, file: string | undefined): ImageFacts["entrypoint"] {
    const fileWhere = file !== undefined ? { file } : {};
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
    return known(ep, "dockerfile", epLine !== undefined ? { ...fileWhere, line: epLine, via: ep.entrypointLine !== undefined ? "ENTRYPOINT" : "CMD" } : fileWhere);
}

function toContextRead(r: ReadResult): ContextRead {
    return r.ok ? { text: r.text } : { reason: r.reason };
}

/**
 * Why each list may hold less than the image will (decision 1): the base image was not inspected (unless it is
 * `scratch`), then what this Dockerfile references but could not be read. The base's reason comes first and is
 * exactly `notInspectedReason(ref)`, so a caller that layers the inspected base can strip it.
 */
function partialReasons(base: ImageFacts["baseImage"], collected: Collected): Map<string, string> {
    const out = new Map<string, string>();
    const scratch = base.state === "known" && base.value.toLowerCase() === "scratch";
    const baseReason = scratch ? undefined : notInspectedReason(base.state === "known" ? base.value : undefined);
    for (const key of ["systemPackages", "rPackages", "pythonPackages", "env", "pathWrites", "commands"]) {
        const own = [...new Set(collected.unseen.filter((u) => u.fact === key).map((u) => u.reason))];
        const all = baseReason !== undefined ? [baseReason, ...own] : own;
        if (all.length > 0) out.set(key, all.join("; "));
    }
    return out;
}

/** Analyse Dockerfile text. Throws DockerfileError for input that is not a usable Dockerfile. */
export function inspectDockerfile(text: string, opts: InspectDockerfileOptions = {}): DockerfileInspection {
    const file = opts.file;
    if (typeof text !== "string") throw new DockerfileError("not a text file; expected a Dockerfile", { file });
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    checkText(text, file);

    const input: Input = {
        src: parseSource(text),
        buildArgs: recordToMap(opts.buildArgs),
        budget: { left: EXPANSION_LIMITS.totalChars, limit: EXPANSION_LIMITS.totalChars, what: "in one Dockerfile" },
        runBudget: { left: EXPANSION_LIMITS.runChars, limit: EXPANSION_LIMITS.runChars, what: "into RUN commands" },
        ...(file !== undefined ? { file } : {}),
    };
    const readContextFile = opts.readContextFile;
    if (readContextFile !== undefined) {
        input.readContextFile = (rel: string): ContextRead => {
            const t = readContextFile(rel);
            return t !== undefined ? { text: t } : { reason: "no such file" };
        };
    } else if (opts.context !== undefined) {
        const reader = contextFileReader(opts.context);
        input.readContextFile = (rel: string): ContextRead => toContextRead(reader(rel));
    }

    const g = globalArgs(input, input.src.instructions);
    const { stages, children } = linkStages(input, g.globals);
    const target = targetStage(stages, opts.target, file);
    const chain = new Set<number>();
    for (let s: StageInfo | undefined = target; s !== undefined; s = s.parent !== undefined ? stages[s.parent] : undefined) chain.add(s.index);

    const collected = emptyCollected();
    const args: DockerfileArg[] = [...g.args];
    const candidates: VersionCandidate[] = [...g.versionCandidates];
    const states: StageState[] = [];
    for (const s of stages) {
        const parent = s.parent !== undefined ? states[s.parent] : undefined;
        const takeParent = s.parent !== undefined && children[s.parent] === 1 && s.parent !== target.index;
        const r = walkStage(input, s, g.globals, parent, takeParent, chain.has(s.index));
        states[s.index] = r.state;
        addCollected(collected, r.collected);
        args.push(...r.args);
        candidates.push(...r.versionCandidates);
    }
    const final = states[target.index];
    const root = final.root;

    const facts = emptyFacts("dockerfile");
    if (file !== undefined) facts.file = file;
    facts.finalStageLine = target.from.line;
    const fileWhere = file !== undefined ? { file } : {};

    const base = baseImageFact(root, file);
    facts.baseImage = base.fact;
    facts.workbenchVersion = workbenchVersionFact({ root, candidates, commands: collected.commands, broken: base.broken, file });
    facts.platform = platformFact(root, file);
    const partial = partialReasons(base.fact, collected);
    const listWhere = (key: string) => (partial.get(key) !== undefined ? { ...fileWhere, partial: partial.get(key) } : fileWhere);
    facts.systemPackages = known(collected.systemPackages, "dockerfile", listWhere("systemPackages"));
    facts.rPackages = known(collected.rPackages, "dockerfile", listWhere("rPackages"));
    facts.pythonPackages = known(collected.pythonPackages, "dockerfile", listWhere("pythonPackages"));
    facts.env = known(Object.fromEntries(final.env), "dockerfile", listWhere("env"));
    facts.entrypoint = entrypointFact(final, file);
    facts.pathWrites = known(collected.pathWrites, "dockerfile", listWhere("pathWrites"));
    facts.commands = known(collected.commands, "dockerfile", listWhere("commands"));
    facts.files = unknown("dockerfile", "only known from a built image");
    facts.sizeBytes = unknown("dockerfile", "measured on the built image");

    const pragmas = readPragmas(input.src.lines, input.src.instructions, opts.ruleKeys ?? RULE_KEYS, (line) => at(input, line));
    facts.suppressions = pragmas.suppressions;

    const declared = new Set(args.map((a) => a.name));
    const unusedBuildArgs = [...input.buildArgs.keys()].filter((k) => !declared.has(k) && !PREDEFINED_ARGS.has(k) && !k.startsWith("BUILDKIT_"));
    return { facts, args, unusedBuildArgs, notes: [...collected.notes, ...pragmas.notes] };
}

/**
 * Read and analyse a Dockerfile. It must be a regular file (a symlink to one is fine) of at most
 * FILE_LIMITS.dockerfileBytes. The build context defaults to the Dockerfile's directory; reads never leave it.
 * Throws DockerfileError (one line naming the file) when the file cannot be read or is not a Dockerfile.
 */
export function inspectDockerfileFile(file: string, opts: Omit<InspectDockerfileOptions, "file" | "readContextFile"> = {}): DockerfileInspection {
    const r = readRegularFile(file, FILE_LIMITS.dockerfileBytes);
    if (!r.ok) throw new DockerfileError(`cannot read the Dockerfile: ${r.reason}`, { file });
    if (r.bytes.includes(0)) throw new DockerfileError("not a text file (it contains NUL bytes); expected a Dockerfile", { file });
    return inspectDockerfile(r.text, { ...opts, file, context: path.resolve(opts.context ?? path.dirname(file)) });
}
