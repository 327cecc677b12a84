/**
 * Posit Workbench versions: `YYYY.MM.patch[+|-build][.proN]`, e.g. `2022.02.2-485.pro2`, `2025.05.1+513.pro3`,
 * `2023.12.1`. Posit's Docker tags write `+` as `-`; both mean the same. Before the calendar scheme, RStudio Server
 * Pro used `1.minor.build[-revision]` (`1.4.1717-3`): those parse too and sort below every calendar version.
 *
 * What product a version belongs to is decided where it is found (inspect/): open-source RStudio Server uses the same
 * calendar scheme (`2026.06.0+242`, a build and no `.proN`), and is not Workbench (see `NotWorkbenchFact`).
 */

/**
 * The one list of variable names (ARG/ENV) Posit's Dockerfiles and AWS's samples put the Workbench version in:
 * RSW_VERSION (r-session-complete, AWS samples), PWB_VERSION (Posit's newer images), RSP_VERSION (RStudio Server Pro
 * era), WORKBENCH_VERSION; RSTUDIO_VERSION is also where rocker puts an open-source RStudio Server version, so a
 * value there needs the product check (`looksLikeOpenSourceRStudioServer`).
 */
export const WORKBENCH_VERSION_VARIABLES: readonly string[] = Object.freeze(["RSW_VERSION", "PWB_VERSION", "RSP_VERSION", "WORKBENCH_VERSION", "RSTUDIO_VERSION"]);

/** An RStudio Server Pro 1.x version: `1.4.1717-3` = major 1, minor 4, build 1717, revision 3. */
export interface RspVersion {
    major: number;
    minor: number;
    build: number;
    revision?: number;
}

export interface WorkbenchVersion {
    /** Calendar year; 0 for RStudio Server Pro 1.x (`rsp` set), so those sort below every calendar version. */
    year: number;
    /** Calendar month; 0 for RStudio Server Pro 1.x. */
    month: number;
    /** Patch; 0 for RStudio Server Pro 1.x. */
    patch: number;
    /** Build number, when given. */
    build?: number;
    /** `proN` suffix number, when given. */
    pro?: number;
    /** Set for an RStudio Server Pro 1.x version (then year/month/patch are 0). */
    rsp?: RspVersion;
    /** The text the version was parsed from. */
    raw: string;
}

// The patch is at most 3 digits: `2023.5.20240624` (an Amazon Linux tag) is not a Workbench version.
const VERSION_RE = /(?<![\d.])(\d{4})\.(\d{1,2})\.(\d{1,3})(?:[+-](\d+))?(?:\.pro(\d+))?(?![\d])/;
// RStudio Server Pro 1.0–1.4: 1.0.136, 1.1.463, 1.2.5042-1, 1.3.1093-1, 1.4.1717-3 (builds have 3+ digits).
const RSP_RE = /(?<![\d.])1\.([0-4])\.(\d{3,5})(?:-(\d+))?(?![\d.])/;

/** Parse the first Workbench version found in `text` (a tag, a file's content, an ARG value); RSP 1.x when no calendar version is found. */
export function parseWorkbenchVersion(text: string): WorkbenchVersion | undefined {
    const m = VERSION_RE.exec(text);
    if (m) {
        const year = Number(m[1]);
        const month = Number(m[2]);
        if (year >= 2009 && month >= 1 && month <= 12) {
            const v: WorkbenchVersion = { year, month, patch: Number(m[3]), raw: m[0] };
            if (m[4] !== undefined) v.build = Number(m[4]);
            if (m[5] !== undefined) v.pro = Number(m[5]);
            return v;
        }
    }
    const r = RSP_RE.exec(text);
    if (!r) return undefined;
    const rsp: RspVersion = { major: 1, minor: Number(r[1]), build: Number(r[2]) };
    if (r[3] !== undefined) rsp.revision = Number(r[3]);
    return { year: 0, month: 0, patch: 0, rsp, raw: r[0] };
}

/** Whether `text` contains a Workbench (or RStudio Server Pro 1.x) version. */
export function isWorkbenchVersion(text: string): boolean {
    return parseWorkbenchVersion(text) !== undefined;
}

/**
 * A calendar version with a build number and no `.proN` (`2026.06.0+242`) is how open-source RStudio Server writes
 * its versions; Workbench versions with a build carry `.proN`. Use it only on values from places both products use
 * (ENV RSTUDIO_VERSION, a download URL), not on tags, which drop the build.
 */
export function looksLikeOpenSourceRStudioServer(v: WorkbenchVersion): boolean {
    return v.rsp === undefined && v.build !== undefined && v.pro === undefined;
}

/** What Posit called the product at that version: RStudio Server Pro (1.x), RStudio Workbench (2021.09–2022.07), Posit Workbench (2022.10 on). */
export function workbenchProductName(v: WorkbenchVersion): string {
    if (v.rsp !== undefined) return "RStudio Server Pro";
    if (v.year < 2021 || (v.year === 2021 && v.month < 9)) return "RStudio Server Pro";
    if (v.year < 2022 || (v.year === 2022 && v.month < 10)) return "RStudio Workbench";
    return "Posit Workbench";
}

/** Parse a version line `YYYY.MM` (as in a domain image ARN `rstudio-workbench-2025.05-sagemaker-1.0`) or a full calendar version. */
export function parseWorkbenchLine(text: string): { year: number; month: number } | undefined {
    const full = parseWorkbenchVersion(text);
    if (full && full.rsp === undefined) return { year: full.year, month: full.month };
    const m = /(?<![\d.])(\d{4})\.(\d{1,2})(?![\d])/.exec(text);
    if (!m) return undefined;
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (year < 2009 || month < 1 || month > 12) return undefined;
    return { year, month };
}

/**
 * Compare two versions: RStudio Server Pro 1.x below every calendar version; calendar: year, month, patch, then build,
 * then proN; 1.x: minor, build, revision. A build, pro or revision number that only one side gives is not compared:
 * Posit's current tags drop the build (`jammy-2023.12.1`), and such a tag names the release, whose build is whatever
 * Posit shipped for it. So `2022.02.2` equals `2022.02.2-485.pro2`, while `2022.02.2-484` is older.
 */
export function compareWorkbenchVersions(a: WorkbenchVersion, b: WorkbenchVersion): number {
    if (a.rsp !== undefined || b.rsp !== undefined) {
        if (a.rsp === undefined) return 1;
        if (b.rsp === undefined) return -1;
        for (const k of ["major", "minor", "build", "revision"] as const) {
            const x = a.rsp[k];
            const y = b.rsp[k];
            if (x === undefined || y === undefined) return 0;
            if (x !== y) return x < y ? -1 : 1;
        }
        return 0;
    }
    const keys: (keyof WorkbenchVersion)[] = ["year", "month", "patch", "build", "pro"];
    for (const k of keys) {
        const x = a[k] as number | undefined;
        const y = b[k] as number | undefined;
        // Only build and pro can be missing; from there on the two are the same release as far as both say.
        if (x === undefined || y === undefined) return 0;
        if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
}

/** `YYYY.MM` of a version (`1.4` for RStudio Server Pro 1.x). */
export function workbenchLine(v: { year: number; month: number; rsp?: RspVersion }): string {
    if (v.rsp !== undefined) return `${v.rsp.major}.${v.rsp.minor}`;
    return `${v.year}.${String(v.month).padStart(2, "0")}`;
}

/** Canonical text: `2025.05.1+513.pro3`; RStudio Server Pro: `1.4.1717-3`. */
export function formatWorkbenchVersion(v: WorkbenchVersion): string {
    if (v.rsp !== undefined) return `${v.rsp.major}.${v.rsp.minor}.${v.rsp.build}${v.rsp.revision !== undefined ? `-${v.rsp.revision}` : ""}`;
    let s = `${workbenchLine(v)}.${v.patch}`;
    if (v.build !== undefined) s += `+${v.build}`;
    if (v.pro !== undefined) s += `.pro${v.pro}`;
    return s;
}
