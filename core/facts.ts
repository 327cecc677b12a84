/**
 * ImageFacts: everything the rules know about an image, as plain JSON-serialisable data.
 *
 * Facts are produced by adapters in `inspect/` (from Dockerfile text, or from a built image through the Docker
 * Engine API) and by the Pulumi components / CLI (the "context": declared processor, the domain's Workbench
 * version, the URI an ImageVersion points at). Every fact says where it came from, and a fact that could not be
 * determined is explicitly `unknown` with a reason: it is never silently absent.
 *
 * This module is pure: no I/O, no Docker, no Pulumi.
 */

/** Where a fact was determined. `context` = supplied by the adapter (CLI flags, component args, domain settings). */
export type FactSource = "dockerfile" | "image" | "context";

/** A fact whose value is known. `file`/`line` point at the instruction that decided it (Dockerfile facts). */
export interface KnownFact<T> {
    state: "known";
    value: T;
    source: FactSource;
    file?: string;
    line?: number;
    /** How the value was obtained, for messages, e.g. `FROM tag`, `ARG RSW_VERSION`, `/usr/lib/rstudio-server/VERSION`. */
    via?: string;
    /**
     * Set when the value lists what was seen but more may exist that the checker could not see; the reason, e.g.
     * "the base image rstudio/r-session-complete:jammy-2025.05.1 was not inspected" (`notInspectedReason`). A
     * Dockerfile's lists (packages, env, path writes, files) are partial unless its base was inspected or is
     * `scratch`. Absence from a partial list is not evidence of absence: rules mark such findings `unverified`.
     */
    partial?: string;
}

/** A fact that could not be determined, with the reason (shown to users, e.g. "base image is not an RStudio image"). */
export interface UnknownFact {
    state: "unknown";
    source: FactSource;
    reason: string;
}

export type Fact<T> = KnownFact<T> | UnknownFact;

/**
 * Posit's products that carry a version in places Posit's Dockerfiles use (ARG/ENV, tags):
 * - `workbench`: Posit Workbench / RStudio Workbench / RStudio Server Pro (1.x), the product SageMaker runs
 *   (`ImageFacts.workbenchVersion` holds only these versions);
 * - `rstudio-server`: open-source RStudio Server (e.g. rocker's `ENV RSTUDIO_VERSION=2026.06.0+242`, no `.proN`),
 *   which is not Workbench: SageMaker cannot run its sessions.
 */
export type RStudioProduct = "workbench" | "rstudio-server";

/**
 * The Workbench version is unknown, but something else was found where Posit puts it: open-source RStudio Server.
 * (An OS tag such as `amazonlinux:2023.5.20240624` is no version at all: plain unknown.)
 */
export interface NotWorkbenchFact {
    product: Exclude<RStudioProduct, "workbench">;
    /** The version as written, e.g. `2026.06.0+242`. */
    version: string;
    /** Where it was read, e.g. `ENV RSTUDIO_VERSION`. */
    via?: string;
    file?: string;
    line?: number;
}

/** `workbenchVersion` when unknown may say what was found instead (`otherProduct`). */
export interface WorkbenchVersionUnknown extends UnknownFact {
    otherProduct?: NotWorkbenchFact;
}

export type PackageManager = "apt" | "yum" | "dnf" | "microdnf" | "dpkg" | "rpm";

/** A system package installed by a RUN instruction (dockerfile) or found in the package database (image). */
export interface PackageFact {
    name: string;
    /** Version pin (`pkg=1.2`, `pkg-1.2`) or the installed version. */
    version?: string;
    manager: PackageManager;
    /** How the name was arrived at when it is not what the Dockerfile wrote, e.g. `default-jdk on Ubuntu 22.04 jammy`. */
    via?: string;
    file?: string;
    line?: number;
}

/** An R package installed by a RUN instruction, or found as `<lib>/<pkg>/DESCRIPTION` in the image. */
export interface RPackageFact {
    name: string;
    version?: string;
    /** `install.packages`, `install2.r`, `pak`, `remotes`, `DESCRIPTION`, ... */
    via: string;
    file?: string;
    line?: number;
}

/** A Python package requirement (dockerfile) or an installed distribution (image). */
export interface PythonPackageFact {
    /** Normalised name (PEP 503: lower case, runs of `-_.` become `-`). */
    name: string;
    extras: string[];
    /** The version specifier exactly as written, without spaces, e.g. `<3`, `>1.0<2.0`, `==2.232.0`; `""` when none. */
    specifier: string;
    /** Installed version (image facts). */
    version?: string;
    /** The requirement as written, e.g. `'sagemaker[local]<3'`. */
    raw?: string;
    file?: string;
    line?: number;
}

export interface EnvVarFact {
    value: string;
    file?: string;
    line?: number;
}

/** Something written (or declared) under a path at build time. */
export interface PathWriteFact {
    path: string;
    /** `COPY`, `ADD`, `WORKDIR`, `VOLUME`, `RUN mkdir`, `RUN >` ... or `filesystem` for a path present in a built image. */
    via: string;
    file?: string;
    line?: number;
}

/** One simple command from a RUN instruction, split into words by a shell parser (`&&`, `;`, `||`, pipes split). */
export interface CommandFact {
    argv: string[];
    file?: string;
    line?: number;
}

export interface EntrypointFact {
    entrypoint?: string[];
    cmd?: string[];
    file?: string;
    /** Line of the ENTRYPOINT instruction, if any. */
    entrypointLine?: number;
    /** Line of the CMD instruction, if any. */
    cmdLine?: number;
}

/** An inline suppression: `# sagemaker-rstudio ignore=RSB006,RSB008` before the instruction starting at `line`. */
export interface Suppression {
    line: number;
    /** Rule ids or slugs. */
    rules: string[];
    /**
     * `# sagemaker-rstudio global ignore=RSB016` (anywhere in the Dockerfile, like hadolint's global ignore): the
     * rules are ignored for every finding of this check, whatever its line; `line` is the pragma's own line.
     */
    global?: boolean;
}

export interface ImageFacts {
    /** Which adapters contributed (`dockerfile`, `image`, `context`). */
    sources: FactSource[];
    /** The Dockerfile path used in messages, when facts come from a Dockerfile. */
    file?: string;
    /** The image reference that was inspected, when facts come from a built image. */
    imageRef?: string;
    /** The base image reference whose inspected facts the Dockerfile's facts are layered on (`layerFacts`). */
    baseInspected?: string;

    /** The final stage's base image reference (after ARG substitution, following `FROM <stage>` chains). */
    baseImage: Fact<string>;
    /**
     * The Posit Workbench / RStudio Workbench / RStudio Server Pro version as written (e.g. `2022.02.2-485.pro2`,
     * `2025.05.1+513.pro3`, `2023.12.1`, RSP `1.4.1717-3`). Never an OS tag nor an open-source RStudio Server
     * version: for those it is unknown (with `otherProduct` for open-source RStudio Server).
     */
    workbenchVersion: KnownFact<string> | WorkbenchVersionUnknown;
    /** `os/arch`, e.g. `linux/amd64`. */
    platform: Fact<string>;
    systemPackages: Fact<PackageFact[]>;
    rPackages: Fact<RPackageFact[]>;
    pythonPackages: Fact<PythonPackageFact[]>;
    /** The environment of the final image (name → value). */
    env: Fact<Record<string, EnvVarFact>>;
    entrypoint: Fact<EntrypointFact>;
    pathWrites: Fact<PathWriteFact[]>;
    /** Simple commands of every RUN instruction that reaches the final image. */
    commands: Fact<CommandFact[]>;
    /** Notable files found in the built image (NVIDIA driver libraries, CUDA toolkit files); see `core/gpu.ts`. */
    files: Fact<string[]>;
    /** Image size in bytes, as `docker image ls` counts it. */
    sizeBytes: Fact<number>;
    /** The processor the image is declared for (context: `--gpu`, the component's `gpu` arg). */
    processor: Fact<"CPU" | "GPU">;
    /** The Workbench version of the SageMaker domain the image is attached to (context). */
    domainWorkbenchVersion: Fact<string>;
    /** The URI an ImageVersion uses as its base image (context). */
    imageUri: Fact<string>;
    /** Inline suppressions, by instruction start line. */
    suppressions: Suppression[];
    /**
     * Line of the final stage's FROM (Dockerfile facts): where a finding about something *missing* points, and where
     * an ignore pragma for such a finding goes.
     */
    finalStageLine?: number;
}

export function known<T>(value: T, source: FactSource, where: { file?: string; line?: number; via?: string; partial?: string } = {}): KnownFact<T> {
    const fact: KnownFact<T> = { state: "known", value, source };
    if (where.file !== undefined) fact.file = where.file;
    if (where.line !== undefined) fact.line = where.line;
    if (where.via !== undefined) fact.via = where.via;
    if (where.partial !== undefined) fact.partial = where.partial;
    return fact;
}

/** `notInspectedReason(...)` at the start of a `partial` reason, with the "; " that joins further reasons. */
const NOT_INSPECTED = /^the base image (\S+ )?was not inspected(; |$)/;

/** The standard `partial` reason of a Dockerfile's lists when its base image was not inspected. */
export function notInspectedReason(baseRef: string | undefined): string {
    return baseRef === undefined ? "the base image was not inspected" : `the base image ${baseRef} was not inspected`;
}

/** Why a fact may be incomplete or missing: the `partial` reason of a known fact, the reason of an unknown one. */
export function unseenReason(fact: Fact<unknown>): string | undefined {
    return fact.state === "known" ? fact.partial : fact.reason;
}

export function unknown(source: FactSource, reason: string): UnknownFact {
    return { state: "unknown", source, reason };
}

export function isKnown<T>(fact: Fact<T> | undefined): fact is KnownFact<T> {
    return fact !== undefined && fact.state === "known";
}

/** The fact keys of ImageFacts (everything except bookkeeping fields). */
export const FACT_KEYS = [
    "baseImage",
    "workbenchVersion",
    "platform",
    "systemPackages",
    "rPackages",
    "pythonPackages",
    "env",
    "entrypoint",
    "pathWrites",
    "commands",
    "files",
    "sizeBytes",
    "processor",
    "domainWorkbenchVersion",
    "imageUri",
] as const;

export type FactKey = (typeof FACT_KEYS)[number];

/** Facts where nothing is known yet; each adapter fills in what it can determine. */
export function emptyFacts(source: FactSource, reason = "not determined"): ImageFacts {
    const facts: Partial<ImageFacts> = { sources: [source], suppressions: [] };
    for (const key of FACT_KEYS) {
        (facts as Record<string, unknown>)[key] = unknown(source, reason);
    }
    facts.processor = unknown("context", "processor not declared");
    facts.domainWorkbenchVersion = unknown("context", "no domain given");
    facts.imageUri = unknown("context", "no image version given");
    return facts as ImageFacts;
}

/**
 * Merge facts from several sources. Later arguments win where they know a fact: image facts override Dockerfile
 * facts, context facts override both. An unknown never replaces a known fact. A fact's `partial` travels with it.
 * (To put a Dockerfile's changes on top of its inspected base image, use `layerFacts`.)
 */
export function mergeFacts(...all: ImageFacts[]): ImageFacts {
    if (all.length === 0) throw new Error("mergeFacts needs at least one ImageFacts");
    const merged: ImageFacts = { ...all[0], sources: [...all[0].sources], suppressions: [...all[0].suppressions] };
    for (const next of all.slice(1)) {
        for (const s of next.sources) if (!merged.sources.includes(s)) merged.sources.push(s);
        if (next.file !== undefined) merged.file = next.file;
        if (next.imageRef !== undefined) merged.imageRef = next.imageRef;
        if (next.baseInspected !== undefined) merged.baseInspected = next.baseInspected;
        if (next.finalStageLine !== undefined) merged.finalStageLine = next.finalStageLine;
        merged.suppressions.push(...next.suppressions);
        for (const key of FACT_KEYS) {
            const incoming = next[key] as Fact<unknown>;
            const current = merged[key] as Fact<unknown>;
            if (incoming.state === "known" || current.state === "unknown") {
                (merged as unknown as Record<string, Fact<unknown>>)[key] = incoming;
            }
        }
    }
    return merged;
}

/** Lists a Dockerfile adds to (its base's entries plus its own), keyed for replacement by name where it has one. */
const LIST_KEYS = ["systemPackages", "rPackages", "pythonPackages", "pathWrites", "commands", "files"] as const;
/** Facts the Dockerfile decides when it sets them, else the base's value holds. */
const OVERRIDE_KEYS = ["workbenchVersion", "platform", "processor", "domainWorkbenchVersion", "imageUri"] as const;

function itemName(item: unknown): string | undefined {
    return typeof item === "object" && item !== null && typeof (item as { name?: unknown }).name === "string" ? (item as { name: string }).name : undefined;
}

/** `base` and `changes` are both known: the base's value with the Dockerfile's changes on top. */
function layerValue(key: (typeof LIST_KEYS)[number] | "env" | "entrypoint", base: unknown, changes: unknown): unknown {
    if (key === "env") return { ...(base as Record<string, EnvVarFact>), ...(changes as Record<string, EnvVarFact>) };
    if (key === "entrypoint") {
        const b = base as EntrypointFact;
        const c = changes as EntrypointFact;
        const out: EntrypointFact = { ...b, ...c };
        // Docker: an ENTRYPOINT set in the Dockerfile resets the CMD inherited from the base.
        if (c.entrypoint !== undefined && c.cmd === undefined) delete out.cmd;
        return out;
    }
    const own = changes as unknown[];
    // A package the Dockerfile installs replaces the base's entry of the same name (pip install --upgrade, apt-get install).
    const replaced = new Set(own.map(itemName).filter((n): n is string => n !== undefined));
    const kept = (base as unknown[]).filter((x) => {
        const n = itemName(x);
        return n === undefined || !replaced.has(n);
    });
    return key === "files" ? [...new Set([...(kept as string[]), ...(own as string[])])] : [...kept, ...own];
}

/**
 * A Dockerfile's facts layered on its inspected base image's facts (pure; decision 2 of the design):
 * - lists (system/R/Python packages, path writes, commands, files): the base's entries plus the Dockerfile's (an
 *   entry the Dockerfile installs replaces the base's of the same name); env: the Dockerfile wins per variable;
 *   entrypoint/cmd: the Dockerfile's when set;
 * - Workbench version, platform and context facts: the Dockerfile's when known, else the base's;
 * - base image reference, size, suppressions, file and lines: the Dockerfile's.
 * `partial`: a list layered over an inspected (known, complete) base is no longer partial for the base: the
 * `notInspectedReason(...)` at the start of the Dockerfile's `partial` is dropped, any further reasons (a context file
 * that could not be read) stay. The base's own `partial` reason stays too; when the Dockerfile's side is unknown, the base's value is kept, marked partial with that reason.
 * When the base's fact is unknown, the Dockerfile's fact is kept as it is.
 */
export function layerFacts(base: ImageFacts, changes: ImageFacts, baseRef?: string): ImageFacts {
    // `sources` stays the Dockerfile's: "image" there means a built image was checked; `baseInspected` records the base.
    const out: ImageFacts = { ...changes, sources: [...changes.sources], suppressions: [...changes.suppressions] };
    const ref = baseRef ?? base.imageRef ?? (changes.baseImage.state === "known" ? changes.baseImage.value : undefined);
    if (ref !== undefined) out.baseInspected = ref;
    const set = (key: FactKey, fact: Fact<unknown>) => ((out as unknown as Record<string, Fact<unknown>>)[key] = fact);
    for (const key of [...LIST_KEYS, "env", "entrypoint"] as const) {
        const b = base[key] as Fact<unknown>;
        const c = changes[key] as Fact<unknown>;
        if (b.state !== "known") continue;
        const via = ref !== undefined ? `the base image ${ref} and this Dockerfile` : "the base image and this Dockerfile";
        if (c.state === "known") {
            const layered: KnownFact<unknown> = { state: "known", value: layerValue(key, b.value, c.value), source: c.source, via };
            // The Dockerfile's partial said the base was not seen (now it is); what else it could not see stays.
            const rest = c.partial?.replace(NOT_INSPECTED, "").trim();
            const partial = [b.partial, rest].filter((x): x is string => x !== undefined && x !== "").join("; ");
            if (partial !== "") layered.partial = partial;
            set(key, layered);
        } else {
            set(key, { state: "known", value: b.value, source: b.source, via: ref !== undefined ? `the base image ${ref}` : "the base image", partial: `what this Dockerfile changes could not be determined: ${c.reason}` });
        }
    }
    for (const key of OVERRIDE_KEYS) {
        const b = base[key] as Fact<unknown>;
        const c = changes[key] as Fact<unknown>;
        if (c.state !== "known" && b.state === "known") {
            const inherited: KnownFact<unknown> = { ...b, via: `${b.via ?? "inspection"} in the base image${ref !== undefined ? ` ${ref}` : ""}` };
            set(key, inherited);
        }
    }
    // Open-source RStudio Server seen in the base, with no Workbench anywhere: keep what was seen.
    if (out.workbenchVersion.state === "unknown" && out.workbenchVersion.otherProduct === undefined && base.workbenchVersion.state === "unknown" && base.workbenchVersion.otherProduct !== undefined) {
        out.workbenchVersion = { ...out.workbenchVersion, otherProduct: base.workbenchVersion.otherProduct };
    }
    return out;
}

/** Context facts supplied by an adapter; each one given becomes a known `context` fact. */
export interface CheckContext {
    /** Declared processor: `gpu: true` → `GPU`. */
    gpu?: boolean;
    /** The domain's Workbench version (e.g. `2025.05.1+513.pro3`, or `2025.05` from the domain's image ARN). */
    domainWorkbenchVersion?: string;
    /** The ImageVersion base image URI. */
    imageUri?: string;
    /** The build platform (e.g. the component's `platform`), when the build sets one. */
    platform?: string;
}

/** Apply context to facts (pure). */
export function withContext(facts: ImageFacts, ctx: CheckContext): ImageFacts {
    const out: ImageFacts = { ...facts, sources: facts.sources.includes("context") ? [...facts.sources] : [...facts.sources, "context"] };
    if (ctx.gpu !== undefined) out.processor = known(ctx.gpu ? "GPU" : "CPU", "context", { via: "declared" });
    if (ctx.domainWorkbenchVersion !== undefined) out.domainWorkbenchVersion = known(ctx.domainWorkbenchVersion, "context", { via: "domain" });
    if (ctx.imageUri !== undefined) out.imageUri = known(ctx.imageUri, "context", { via: "image version" });
    if (ctx.platform !== undefined && out.platform.state !== "known") out.platform = known(ctx.platform, "context", { via: "build platform" });
    return out;
}
