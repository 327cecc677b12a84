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
}

/** A fact that could not be determined, with the reason (shown to users, e.g. "base image is not an RStudio image"). */
export interface UnknownFact {
    state: "unknown";
    source: FactSource;
    reason: string;
}

export type Fact<T> = KnownFact<T> | UnknownFact;

export type PackageManager = "apt" | "yum" | "dnf" | "microdnf" | "dpkg" | "rpm";

/** A system package installed by a RUN instruction (dockerfile) or found in the package database (image). */
export interface PackageFact {
    name: string;
    /** Version pin (`pkg=1.2`, `pkg-1.2`) or the installed version. */
    version?: string;
    manager: PackageManager;
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

    /** The final stage's base image reference (after ARG substitution, following `FROM <stage>` chains). */
    baseImage: Fact<string>;
    /** The Workbench version as written (e.g. `2022.02.2-485.pro2`, `2025.05.1+513.pro3`, `2023.12.1`). */
    workbenchVersion: Fact<string>;
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

export function known<T>(value: T, source: FactSource, where: { file?: string; line?: number; via?: string } = {}): KnownFact<T> {
    const fact: KnownFact<T> = { state: "known", value, source };
    if (where.file !== undefined) fact.file = where.file;
    if (where.line !== undefined) fact.line = where.line;
    if (where.via !== undefined) fact.via = where.via;
    return fact;
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
 * facts, context facts override both. An unknown never replaces a known fact.
 */
export function mergeFacts(...all: ImageFacts[]): ImageFacts {
    if (all.length === 0) throw new Error("mergeFacts needs at least one ImageFacts");
    const merged: ImageFacts = { ...all[0], sources: [...all[0].sources], suppressions: [...all[0].suppressions] };
    for (const next of all.slice(1)) {
        for (const s of next.sources) if (!merged.sources.includes(s)) merged.sources.push(s);
        if (next.file !== undefined) merged.file = next.file;
        if (next.imageRef !== undefined) merged.imageRef = next.imageRef;
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
