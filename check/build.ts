/**
 * THE check flow (design decision 4): Dockerfile → undeclared build args rejected → base image (optional) →
 * built-image facts → context → evaluate → notes. The CLI, both components and the policy pack call this and never
 * re-assemble the steps.
 *
 * `checkBuildSync` is the same flow without Docker I/O (it reads the Dockerfile and build-context files only), for
 * the RStudioImage construction gate, which runs synchronously in a constructor. `checkBuild` adds what needs the
 * Docker daemon: inspecting a built image by reference and the base image (`base: "local" | "pull"`). Docker code is
 * loaded only when one of those is asked for.
 */
import { layerFacts, mergeFacts, notInspectedReason, type ImageFacts, type Rule, type SpecConfig } from "../core";
import { inspectDockerfile, inspectDockerfileFile, DockerfileError, type DockerfileInspection } from "../inspect/dockerfile";
import { checkFacts, type CheckContextInput, type CheckResult } from "./decide";
import { CheckInputError } from "./errors";

/** A Dockerfile by path (read from disk, context defaults to its folder), or its text and the name shown for it. */
export type DockerfileInput = { path: string } | { text: string; file: string };

/** How the base image (the final stage's FROM) is inspected: not at all, only if present in the daemon, or pulled. */
export type BaseMode = "none" | "local" | "pull";

/** Registry credentials for pulling (Docker Engine API auth config). */
export interface RegistryAuth {
    username: string;
    password: string;
    serveraddress?: string;
}

/** Reads facts from an image by reference (default: inspect/image through the Docker Engine API). */
export type ImageInspector = (
    ref: string,
    options: { pull?: boolean; auth?: RegistryAuth; signal?: AbortSignal; onProgress?: (message: string) => void; onNotice?: (message: string) => void },
) => Promise<ImageFacts>;

/** The outcome of a base-image inspection (inspect/image's inspectBaseImage): facts, or why there are none. */
export type BaseInspection = { ok: true; ref: string; facts: ImageFacts } | { ok: false; ref: string; reason: string };

/** Inspects a base image: `local` never pulls. Resolves `{ok: false}` for anything but an abort. */
export type BaseInspector = (
    ref: string,
    options: { mode: "local" | "pull"; signal?: AbortSignal; onProgress?: (message: string) => void; onNotice?: (message: string) => void },
) => Promise<BaseInspection>;

export interface CheckBuildSyncInput extends CheckContextInput {
    dockerfile?: DockerfileInput;
    /** `--build-arg`s: each must be declared by an ARG (else CheckInputError `build-args`, `__proto__` included). */
    buildArgs?: Readonly<Record<string, string>>;
    /** The build target stage; default the last. */
    target?: string;
    /** The build context directory (files read for `pip install -r`, R scripts, …); default the Dockerfile's folder. */
    context?: string;
    /** Facts of the built image, already read: merged over the Dockerfile's (the image wins where it knows). */
    image?: ImageFacts;
    /** Facts of the base image, already read: the Dockerfile's facts are layered on them. */
    base?: "none" | { facts: ImageFacts };
    config: SpecConfig;
    /** Evaluate only these rules. Default: the whole catalogue. */
    rules?: readonly Rule[];
}

export interface CheckBuildInput extends Omit<CheckBuildSyncInput, "image" | "base"> {
    /** The built image: its facts, or a reference to inspect through the Docker daemon. */
    image?: ImageFacts | { ref: string };
    /** Base-image inspection (decision 2). Default `none`. */
    base?: BaseMode | { facts: ImageFacts };
    /** Credentials for pulls (the built image's registry, and a base image's with `pull`). */
    auth?: RegistryAuth;
    /** Abort (Ctrl-C): inspections stop and remove their containers; the promise rejects with CheckInputError `aborted`. */
    signal?: AbortSignal;
    /** Progress lines of image inspections. */
    onProgress?: (message: string) => void;
    /** Lines to show whatever the outcome (e.g. stale inspection containers removed). */
    onNotice?: (message: string) => void;
    /** Replaces the image inspector (tests, custom Docker hosts). */
    inspector?: ImageInspector;
    /** Replaces the base-image inspector (tests). */
    baseInspector?: BaseInspector;
}

export interface BaseImageOutcome {
    /** The base reference from the Dockerfile, when known. */
    ref?: string;
    /** Whether its facts were layered under the Dockerfile's. */
    inspected: boolean;
    /** Why not, when not. */
    reason?: string;
}

export interface CheckBuildResult extends CheckResult {
    /** What happened to the base image (present when a Dockerfile was given). */
    base?: BaseImageOutcome;
}

/** Build args as an object without a prototype, so that `__proto__` is a name like any other (and is rejected). */
function ownBuildArgs(input: Readonly<Record<string, string>> | undefined): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    if (input === undefined || input === null) return out;
    for (const k of Object.keys(input)) {
        const v = (input as Record<string, unknown>)[k];
        if (typeof v !== "string") throw new CheckInputError("build-arg-value", `build arg ${k} must be a string, got ${v === null ? "null" : Array.isArray(v) ? "a list" : typeof v}`, { names: [k] });
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

function inspectDockerfileInput(input: CheckBuildSyncInput | CheckBuildInput): DockerfileInspection & { file: string } {
    const df = input.dockerfile as DockerfileInput;
    const buildArgs = ownBuildArgs(input.buildArgs);
    const file = "path" in df ? df.path : df.file;
    let inspection: DockerfileInspection;
    try {
        if ("path" in df) {
            inspection = inspectDockerfileFile(df.path, { buildArgs, target: input.target, context: input.context });
        } else {
            // Text input reads the build context through the same guard as a Dockerfile by path (inspect/files.ts).
            inspection = inspectDockerfile(df.text, { file: df.file, buildArgs, target: input.target, context: input.context });
        }
    } catch (e) {
        if (e instanceof DockerfileError) throw new CheckInputError("dockerfile", e.message, { file: e.file ?? file, line: e.line });
        throw e;
    }
    if (inspection.unusedBuildArgs.length > 0) {
        const names = inspection.unusedBuildArgs;
        throw new CheckInputError(
            "build-args",
            `build arg${names.length === 1 ? "" : "s"} ${names.join(", ")} not declared by any ARG in ${file}. Fix: remove ${names.length === 1 ? "it" : "them"} or declare ARG ${names[0]} in the Dockerfile.`,
            { file, names },
        );
    }
    return { ...inspection, file };
}

/** The final stage's base reference when one can be inspected (not `scratch`, not unknown). */
function baseRef(facts: ImageFacts): { ref?: string; skip?: string } {
    const b = facts.baseImage;
    if (b.state !== "known") return { skip: `the base image is unknown (${b.reason})` };
    if (b.value === "scratch") return { ref: "scratch", skip: "the base is scratch (empty)" };
    return { ref: b.value };
}

/**
 * What can be decided about the base image without Docker: not asked for, nothing to inspect (unknown, `scratch`),
 * or facts given by the caller; otherwise the reference and mode to inspect.
 */
function baseWithoutDocker(
    facts: ImageFacts,
    mode: BaseMode | { facts: ImageFacts } | undefined,
): { base: BaseImageOutcome; baseFacts?: ImageFacts } | { inspect: { ref: string; mode: "local" | "pull" } } {
    const { ref, skip } = baseRef(facts);
    if (skip === undefined && typeof mode === "object" && mode !== null) return { base: { ref, inspected: true }, baseFacts: mode.facts };
    if (skip !== undefined || mode === undefined || mode === "none" || typeof mode === "object") {
        const base: BaseImageOutcome = { inspected: false, reason: skip ?? notInspectedReason(ref) };
        if (ref !== undefined) base.ref = ref;
        return { base };
    }
    return { inspect: { ref: ref as string, mode } };
}

/** An inspection error as CheckInputError `aborted` when it is an abort; undefined otherwise. */
function abortError(e: unknown, signal: AbortSignal | undefined): CheckInputError | undefined {
    return (e as Error)?.name === "AbortError" || signal?.aborted ? new CheckInputError("aborted", "image inspection aborted") : undefined;
}

function finish(
    input: CheckBuildSyncInput,
    dockerfile: (DockerfileInspection & { file: string }) | undefined,
    baseFacts: ImageFacts | undefined,
    base: BaseImageOutcome | undefined,
    image: ImageFacts | undefined,
): CheckBuildResult {
    const parts: ImageFacts[] = [];
    const notes: string[] = [];
    if (dockerfile !== undefined) {
        parts.push(baseFacts !== undefined ? layerFacts(baseFacts, dockerfile.facts, base?.ref) : dockerfile.facts);
        notes.push(...dockerfile.notes);
    }
    if (image !== undefined) parts.push(image);
    if (parts.length === 0) throw new CheckInputError("dockerfile", "nothing to check: give a Dockerfile, an image, or both");
    const result = checkFacts({ ...input, facts: parts.length === 1 ? parts[0] : mergeFacts(...parts) });
    // With a Dockerfile, inspect/'s notes are the whole story (pragmas naming no rule included: inspect/dockerfile/pragmas.ts);
    // checkFacts' own notes are for facts that come without them.
    const out: CheckBuildResult = { ...result, notes: dockerfile !== undefined ? notes : result.notes };
    if (base !== undefined) out.base = base;
    return out;
}

/** The check flow without Docker I/O: Dockerfile (and context files) only, plus facts the caller already has. */
export function checkBuildSync(input: CheckBuildSyncInput): CheckBuildResult {
    const dockerfile = input.dockerfile !== undefined ? inspectDockerfileInput(input) : undefined;
    const decided = dockerfile !== undefined ? baseWithoutDocker(dockerfile.facts, input.base) : undefined;
    // The synchronous input type admits no "local"/"pull": every decision is made without Docker.
    const given = decided !== undefined && "base" in decided ? decided : undefined;
    return finish(input, dockerfile, given?.baseFacts, given?.base, input.image);
}

function defaultInspector(): ImageInspector {
    // Loaded on first use: a Dockerfile-only check never loads the Docker client.
    return async (ref, options) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require("../inspect/image") as typeof import("../inspect/image");
        return mod.inspectImage(ref, options);
    };
}

function defaultBaseInspector(): BaseInspector {
    return async (ref, options) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require("../inspect/image") as typeof import("../inspect/image");
        const r = await mod.inspectBaseImage(ref, options);
        return r.ok ? { ok: true, ref: r.ref, facts: r.facts } : { ok: false, ref: r.ref, reason: r.reason };
    };
}

async function inspectRef(inspector: ImageInspector, ref: string, options: Parameters<ImageInspector>[1]): Promise<ImageFacts> {
    try {
        return await inspector(ref, options);
    } catch (e) {
        throw abortError(e, options.signal) ?? ((e as Error)?.name === "ImageInspectError" ? new CheckInputError("image", (e as Error).message) : e);
    }
}

/** The whole check flow. Rejects with CheckInputError for input that cannot be checked. */
export async function checkBuild(input: CheckBuildInput): Promise<CheckBuildResult> {
    const dockerfile = input.dockerfile !== undefined ? inspectDockerfileInput(input) : undefined;
    const inspector = input.inspector ?? defaultInspector();
    const common = { auth: input.auth, signal: input.signal, onProgress: input.onProgress, onNotice: input.onNotice };

    let base: BaseImageOutcome | undefined;
    let baseFacts: ImageFacts | undefined;
    if (dockerfile !== undefined) {
        const decided = baseWithoutDocker(dockerfile.facts, input.base);
        if ("base" in decided) {
            ({ base, baseFacts } = decided);
        } else {
            const { ref, mode } = decided.inspect;
            const inspectBase = input.baseInspector ?? defaultBaseInspector();
            const outcome = await inspectBase(ref, { mode, signal: input.signal, onProgress: input.onProgress, onNotice: input.onNotice }).catch((e: unknown) => {
                throw abortError(e, input.signal) ?? e;
            });
            if (outcome.ok) {
                baseFacts = outcome.facts;
                base = { ref, inspected: true };
            } else {
                base = { ref, inspected: false, reason: outcome.reason };
            }
        }
    }

    let image: ImageFacts | undefined;
    if (input.image !== undefined) {
        image = "ref" in input.image && typeof input.image.ref === "string" && !("sources" in input.image) ? await inspectRef(inspector, input.image.ref, common) : (input.image as ImageFacts);
    }
    const result = finish(input as CheckBuildSyncInput, dockerfile, baseFacts, base, image);
    if (base !== undefined && !base.inspected && input.base !== undefined && input.base !== "none" && base.reason !== undefined && base.ref !== "scratch") {
        result.notes.push(`${dockerfile?.file ?? "Dockerfile"}: ${base.reason}; what the base image might settle stays unverified`);
    }
    return result;
}
