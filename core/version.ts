/**
 * Posit Workbench versions: `YYYY.MM.patch[+|-build][.proN]`, e.g. `2022.02.2-485.pro2`, `2025.05.1+513.pro3`,
 * `2023.12.1`. Posit's Docker tags write `+` as `-`; both mean the same.
 */

export interface WorkbenchVersion {
    year: number;
    month: number;
    patch: number;
    /** Build number, when given. */
    build?: number;
    /** `proN` suffix number, when given. */
    pro?: number;
    /** The text the version was parsed from. */
    raw: string;
}

const VERSION_RE = /(?<![\d.])(\d{4})\.(\d{1,2})\.(\d+)(?:[+-](\d+))?(?:\.pro(\d+))?(?![\d])/;

/** Parse the first Workbench version found in `text` (a tag, a file's content, an ARG value). */
export function parseWorkbenchVersion(text: string): WorkbenchVersion | undefined {
    const m = VERSION_RE.exec(text);
    if (!m) return undefined;
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (year < 2009 || month < 1 || month > 12) return undefined;
    const v: WorkbenchVersion = { year, month, patch: Number(m[3]), raw: m[0] };
    if (m[4] !== undefined) v.build = Number(m[4]);
    if (m[5] !== undefined) v.pro = Number(m[5]);
    return v;
}

/** Parse a version line `YYYY.MM` (as in a domain image ARN `rstudio-workbench-2025.05-sagemaker-1.0`) or a full version. */
export function parseWorkbenchLine(text: string): { year: number; month: number } | undefined {
    const full = parseWorkbenchVersion(text);
    if (full) return { year: full.year, month: full.month };
    const m = /(?<![\d.])(\d{4})\.(\d{1,2})(?![\d])/.exec(text);
    if (!m) return undefined;
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (year < 2009 || month < 1 || month > 12) return undefined;
    return { year, month };
}

/**
 * Compare two versions: year, month, patch, then build, then proN. A build or pro number that only one side gives
 * is not compared: Posit's current tags drop the build (`jammy-2023.12.1`), and such a tag names the release, whose
 * build is whatever Posit shipped for it. So `2022.02.2` equals `2022.02.2-485.pro2`, while `2022.02.2-484` is older.
 */
export function compareWorkbenchVersions(a: WorkbenchVersion, b: WorkbenchVersion): number {
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

/** `YYYY.MM` of a version. */
export function workbenchLine(v: { year: number; month: number }): string {
    return `${v.year}.${String(v.month).padStart(2, "0")}`;
}

/** Canonical text: `2025.05.1+513.pro3`. */
export function formatWorkbenchVersion(v: WorkbenchVersion): string {
    let s = `${workbenchLine(v)}.${v.patch}`;
    if (v.build !== undefined) s += `+${v.build}`;
    if (v.pro !== undefined) s += `.pro${v.pro}`;
    return s;
}
