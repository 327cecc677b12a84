/**
 * The Workbench version a Dockerfile builds on, from the places Posit's own Dockerfiles put it:
 *   1. an ARG/ENV in scope of the final stage named like core's WORKBENCH_VERSION_VARIABLES (RSW_VERSION,
 *      PWB_VERSION, RSP_VERSION, WORKBENCH_VERSION, RSTUDIO_VERSION) — first declared wins;
 *   2. a Workbench package download (`…/rstudio-workbench-rhel-2023.09.1-x86_64.rpm`,
 *      `…/rstudio-workbench-2025.05.1-513.pro3-amd64.deb`, `rstudio-server-pro-1.4.1717-3-amd64.deb`) in an ARG/ENV
 *      value or a RUN word of the target's stages;
 *   3. the base image tag (`rstudio/r-session-complete:jammy-2025.05.1`), unless the base is an operating system
 *      image (`amazonlinux:2023.5.20240624`, `ubuntu:jammy` carry OS versions, never Workbench);
 *   4. a global ARG (before the first FROM) that no stage redeclares: out of scope in the stage (Docker), so it only
 *      refines the tag's version (same release, with the build number) or stands in when nothing else gives one.
 * Open-source RStudio Server is not Workbench: `ENV RSTUDIO_VERSION=2026.06.0+242` (a build and no `.proN`, as
 * rocker writes it) or an `rstudio-server-<version>` download leave the version unknown, with `otherProduct` saying
 * what was found. RStudio Server Pro 1.x (`RSP_VERSION=1.4.1717-3`) is a (too old) Workbench version.
 */
import { known, unknown, type KnownFact, type NotWorkbenchFact, type WorkbenchVersionUnknown } from "../../core/facts";
import { looksLikeOpenSourceRStudioServer, parseWorkbenchVersion, WORKBENCH_VERSION_VARIABLES, type WorkbenchVersion } from "../../core/version";
import type { CommandFact } from "../../core/facts";
import type { StageInfo, VersionCandidate } from "./model";

/** ARG/ENV names that carry the Workbench version (core's list). */
const VERSION_VARIABLES: ReadonlySet<string> = new Set(WORKBENCH_VERSION_VARIABLES);
/** The one name rocker (open-source RStudio Server) shares with Posit: its values need the product check. */
const SHARED_NAME = "RSTUDIO_VERSION";

/**
 * A Posit package file name: product, optional OS flavour, version, architecture. `rstudio-server-pro` (RSP 1.x)
 * and `rstudio-workbench` are Workbench; plain `rstudio-server` is the open-source server.
 */
const PACKAGE_FILE = /(rstudio-workbench|rstudio-server-pro|rstudio-server)(?:-(?:rhel|el\d+|centos\d*|rocky\d*|opensuse\d*|sles\d*))?-(\d[\w.+-]*?)-(?:x86_64|amd64|arm64|aarch64)\.(?:deb|rpm)\b/i;

/** Operating system images: their tags are OS versions (`amazonlinux:2023.5.20240624`), never Workbench versions. */
const OS_IMAGES = new Set(["amazonlinux", "ubuntu", "debian", "centos", "rockylinux", "almalinux", "fedora", "alpine", "ubi8", "ubi9", "ubi", "ubi-minimal", "oraclelinux", "opensuse", "leap", "sles", "busybox", "buildpack-deps", "photon", "clearlinux"]);

export function isVersionVariable(name: string): boolean {
    return VERSION_VARIABLES.has(name);
}

export function imageTag(ref: string): string | undefined {
    const noDigest = ref.split("@")[0];
    const slash = noDigest.lastIndexOf("/");
    const colon = noDigest.lastIndexOf(":");
    return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/** The repository's last path component, lower case: `public.ecr.aws/amazonlinux/amazonlinux:2023` → `amazonlinux`. */
export function imageBaseName(ref: string): string {
    const noDigest = ref.split("@")[0];
    const slash = noDigest.lastIndexOf("/");
    const colon = noDigest.lastIndexOf(":");
    const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
    return repo.slice(repo.lastIndexOf("/") + 1).toLowerCase();
}

export function isOsImage(ref: string): boolean {
    return OS_IMAGES.has(imageBaseName(ref));
}

/** A Posit package file named in `text`: the product it installs and its version. */
export function packageDownload(text: string): { workbench: boolean; version: string; file: string } | undefined {
    if (!text.includes("rstudio-")) return undefined;
    const m = PACKAGE_FILE.exec(text);
    if (!m) return undefined;
    const v = parseWorkbenchVersion(m[2]);
    if (!v) return undefined;
    return { workbench: m[1].toLowerCase() !== "rstudio-server", version: v.raw, file: m[0] };
}

/** What an ARG/ENV declares for version detection: a version variable and/or a package download in its value. */
export function versionCandidates(kind: "ARG" | "ENV", name: string, value: string | undefined, line: number, global = false): VersionCandidate[] {
    if (value === undefined || value === "") return [];
    const out: VersionCandidate[] = [];
    const g = global ? { global } : {};
    if (isVersionVariable(name)) out.push({ via: `${kind} ${name}`, name, value, line, ...g });
    const dl = packageDownload(value);
    if (dl) out.push({ via: `${kind} ${name} (${dl.file})`, name, value: dl.version, line, download: dl.workbench ? "workbench" : "rstudio-server", ...g });
    return out;
}

/** A version candidate's product: Workbench, open-source RStudio Server, or (unparseable) nothing. */
function productOf(c: VersionCandidate, v: WorkbenchVersion): "workbench" | "rstudio-server" {
    if (c.download !== undefined) return c.download;
    if (c.name !== SHARED_NAME) return "workbench";
    // RSTUDIO_VERSION: Posit wrote Workbench versions there with .proN; rocker writes the open-source server's with a
    // build and no .proN (2026.06.0+242), and in the 1.x days without the -revision Pro packages carry.
    if (v.rsp !== undefined) return v.rsp.revision !== undefined ? "workbench" : "rstudio-server";
    return looksLikeOpenSourceRStudioServer(v) ? "rstudio-server" : "workbench";
}

export interface VersionInputs {
    root: StageInfo;
    /** From ARG/ENV in the order declared (globals first), see versionCandidates. */
    candidates: readonly VersionCandidate[];
    /** RUN commands of the target's stages (package downloads in curl/wget/dnf words). */
    commands: readonly CommandFact[];
    /** The FROM line does not resolve to an image. */
    broken: boolean;
    file: string | undefined;
}

export function workbenchVersionFact(inp: VersionInputs): KnownFact<string> | WorkbenchVersionUnknown {
    const { root, file, broken } = inp;
    const fileWhere = file !== undefined ? { file } : {};
    const image = root.image;
    const parsed = (c: VersionCandidate) => parseWorkbenchVersion(c.value);
    const fact = (c: VersionCandidate) => known((parsed(c) as WorkbenchVersion).raw, "dockerfile", { ...fileWhere, line: c.line, via: c.via });

    const runDownloads: VersionCandidate[] = [];
    for (const cmd of inp.commands) {
        for (const w of cmd.argv) {
            const dl = packageDownload(w);
            if (dl) {
                runDownloads.push({ via: `RUN download ${dl.file}`, name: "", value: dl.version, line: cmd.line ?? root.from.line, download: dl.workbench ? "workbench" : "rstudio-server" });
                break;
            }
        }
    }
    const all = [...inp.candidates, ...runDownloads].filter((c) => parsed(c) !== undefined);
    const workbench = all.filter((c) => productOf(c, parsed(c) as WorkbenchVersion) === "workbench");
    const openSource = all.filter((c) => productOf(c, parsed(c) as WorkbenchVersion) === "rstudio-server" && !c.global);

    const inScopeVar = workbench.find((c) => !c.global && c.download === undefined);
    if (inScopeVar) return fact(inScopeVar);
    const download = workbench.find((c) => !c.global && c.download !== undefined);
    if (download) return fact(download);
    const globals = workbench.filter((c) => c.global);
    const osImage = !broken && isOsImage(image);
    if (!broken && !osImage) {
        const tag = imageTag(image);
        const v = tag !== undefined ? parseWorkbenchVersion(tag) : undefined;
        if (v) {
            const refined = globals.find((c) => {
                const g = parsed(c) as WorkbenchVersion;
                return g.year === v.year && g.month === v.month && g.patch === v.patch && g.build !== undefined && (v.build === undefined || g.build === v.build);
            });
            return refined ? fact(refined) : known(v.raw, "dockerfile", { ...fileWhere, line: root.from.line, via: "FROM tag" });
        }
    }
    if (globals.length > 0) return fact(globals[0]);

    const sources = "an ARG/ENV RSW_VERSION, PWB_VERSION, RSP_VERSION, WORKBENCH_VERSION or RSTUDIO_VERSION, or a rstudio-workbench package download";
    let reason: string;
    if (openSource.length > 0) {
        const o = openSource[0];
        reason = `${o.via} (line ${o.line}) gives open-source RStudio Server ${(parsed(o) as WorkbenchVersion).raw}, which is not Posit Workbench, and no Workbench version is set (${sources})`;
    } else if (broken) {
        reason = `the base image is not known and nothing gives a Workbench version (${sources})`;
    } else if (root.imageMissing.size > 0) {
        const missing = [...root.imageMissing];
        reason = `FROM ${root.rawImage} (line ${root.from.line}) resolves to ${image}: ${missing.map((m) => "$" + m).join(", ")} has no value (pass --build-arg ${missing[0]}=...)`;
    } else if (osImage) {
        reason = `FROM ${image} (line ${root.from.line}) is an operating system image, whose tag is no Workbench version, and nothing gives one (${sources})`;
    } else {
        reason = `base image ${image} has no Workbench version in its tag and nothing gives one (${sources})`;
    }
    const out: WorkbenchVersionUnknown = unknown("dockerfile", reason);
    if (openSource.length > 0) {
        const o = openSource[0];
        const other: NotWorkbenchFact = { product: "rstudio-server", version: (parsed(o) as WorkbenchVersion).raw, via: o.via, line: o.line, ...fileWhere };
        out.otherProduct = other;
    }
    return out;
}
