/**
 * The ONE table of Workbench versions SageMaker runs (design decision 3): version → domain image ARN name → per-region
 * publishing account, deprecation date, supported R versions, each with its source and the date it was read.
 * The domain's image ARN (components), RSB001/RSB013/RSB015 messages, the deprecation defaults of the config and the
 * ImageVersion's programmingLang R version all read from here. Pure data and functions: no I/O.
 *
 * Update it when AWS updates its "RStudio versioning" page: add the release, its image name and dates, and change
 * WORKBENCH_SOURCE.read. Tests pin the values below to the page as read on that date.
 */
import type { DeprecatedVersion } from "./types";
import { compareWorkbenchVersions, parseWorkbenchLine, parseWorkbenchVersion, workbenchLine } from "./version";

export interface TableSource {
    /** The page the values come from. */
    url: string;
    /** ISO date the page was read. */
    read: string;
}

/** AWS "RStudio versioning" (SageMaker developer guide), the source of every release below. */
export const WORKBENCH_SOURCE: TableSource = {
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-version.html",
    read: "2026-11-30",
};

/** AWS "Upgrade to the new version" (rstudio-version-upgrade): delete the shared app, update the domain's image ARN, start the app. */
export const WORKBENCH_UPGRADE_GUIDE: TableSource = {
    url: "https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-version-upgrade.html",
    read: "2026-11-30",
};

export interface WorkbenchRelease {
    /** The Workbench version SageMaker runs, as AWS writes it, e.g. `2025.05.1+513.pro3`. */
    version: string;
    /** `YYYY.MM`: custom images must be on the same line as the domain (RSB013). */
    line: string;
    /** The name in the domain's `SageMakerImageArn` (`…:image/<name>`), when AWS lists one. */
    imageName?: string;
    /** ISO date SageMaker deprecates (or deprecated) the version on, when AWS gives one. */
    deprecatedOn?: string;
    /** AWS lists the version as deprecated without a date. */
    deprecated?: true;
    /** R versions AWS lists as supported on this version, newest first, when it lists them. */
    rVersions?: string[];
    /** False when only one copy of AWS's page names the release (no image ARN, no date): never advised as a target. */
    confirmed: boolean;
    /** Anything the page says beside the figures. */
    note?: string;
}

/** Oldest first. Values from WORKBENCH_SOURCE (read 2026-11-30). */
export const WORKBENCH_RELEASES: readonly WorkbenchRelease[] = Object.freeze([
    { version: "2022.02.2-485.pro2", line: "2022.02", deprecated: true, confirmed: true },
    { version: "2023.03.2-547.pro5", line: "2023.03", deprecated: true, confirmed: true },
    { version: "2024.04.2+764.pro1", line: "2024.04", imageName: "rstudio-workbench-2024.04", deprecatedOn: "2026-04-30", confirmed: true },
    {
        version: "2025.05.1+513.pro3",
        line: "2025.05",
        imageName: "rstudio-workbench-2025.05-sagemaker-1.0",
        deprecatedOn: "2026-12-05",
        rVersions: ["4.5.1", "4.4.3", "4.4.0", "4.3.3", "4.2.3", "4.2.1", "4.1.3", "4.0.2"],
        confirmed: true,
        note: "new domains are created with it since 2025-10-31",
    },
    {
        version: "2026.08.2+200.pro1",
        line: "2026.08",
        confirmed: false,
        note: "unconfirmed: named by one copy of the page only, with no image ARN and no dates",
    },
] as WorkbenchRelease[]);

/**
 * The account that publishes the RStudio Workbench images in each region (WORKBENCH_SOURCE, read 2026-11-30). The
 * page gives one account per region for every version it lists.
 */
export const WORKBENCH_IMAGE_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({
    "us-east-1": "081325390199",
    "us-east-2": "429704687514",
    "us-west-1": "742091327244",
    "us-west-2": "236514542706",
    "af-south-1": "559312083959",
    "ap-east-1": "493642496378",
    "ap-south-1": "394103062818",
    "ap-northeast-1": "102112518831",
    "ap-northeast-2": "806072073708",
    "ap-southeast-1": "492261229750",
    "ap-southeast-2": "452832661640",
    "ca-central-1": "310906938811",
    "eu-central-1": "936697816551",
    "eu-west-1": "470317259841",
    "eu-west-2": "712779665605",
    "eu-west-3": "615547856133",
    "eu-north-1": "243637512696",
    "eu-south-1": "592751261982",
    "sa-east-1": "782484402741",
});

/**
 * Posit's session images. `rstudio/r-session-complete` (the base AWS's examples use; Workbench session components
 * included) stops being published at the end of 2026, and Posit removes outdated tags from Docker Hub from time to
 * time. Its replacements live in github.com/posit-dev/images-workbench (READMEs read 2026-11-30):
 * - `posit/workbench-session` (tags `R<r>-python<py>-<os>`, e.g. `R4.4.3-python3.12.12-ubuntu-22.04`) does NOT carry
 *   the Workbench session components (on Kubernetes an init container supplies them), so for SageMaker the session
 *   components of the domain's Workbench version must be installed on top;
 * - `posit/workbench-session-complete` (tags `<workbench version>-<os>`, e.g. `2026.09.0-ubuntu-26.04`) carries them,
 *   like r-session-complete did, but is a rolling release (only the newest Workbench version is built) on Ubuntu 26.04.
 */
export const SESSION_IMAGES = Object.freeze({
    current: "rstudio/r-session-complete",
    currentEnds: "the end of 2026",
    successor: "posit/workbench-session",
    successorComplete: "posit/workbench-session-complete",
    source: {
        url: "https://github.com/posit-dev/images-workbench (workbench-session/README.md, workbench-session-complete/README.md)",
        read: "2026-11-30",
    } as TableSource,
});

/** One sentence on what to build on after r-session-complete, for messages and docs. */
export function sessionImageAdvice(): string {
    return (
        `Posit stops publishing ${SESSION_IMAGES.current} at ${SESSION_IMAGES.currentEnds}: for the next line build on ` +
        `${SESSION_IMAGES.successorComplete}:<workbench version>-<os> (Workbench session components included), or on ` +
        `${SESSION_IMAGES.successor} plus the session components of the domain's Workbench version, which it lacks.`
    );
}

export class WorkbenchTableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "WorkbenchTableError";
    }
}

/** The release of a version or line (`2025.05.1+513.pro3`, `2025.05.1`, `2025.05`), by its `YYYY.MM` line. */
export function findRelease(versionOrLine: string): WorkbenchRelease | undefined {
    const l = parseWorkbenchLine(versionOrLine);
    if (l === undefined) return undefined;
    const line = workbenchLine(l);
    return WORKBENCH_RELEASES.find((r) => r.line === line);
}

const releasesWithArn = () => WORKBENCH_RELEASES.filter((r) => r.imageName !== undefined);

/** `arn:aws:sagemaker:<region>:<account>:image/<name>` of the domain image for a Workbench version (or line) in a region. */
export function workbenchImageArn(versionOrLine: string, region: string): string {
    const listed = releasesWithArn()
        .map((r) => `${r.version} (${r.line})`)
        .join(", ");
    const release = findRelease(versionOrLine);
    if (release === undefined) {
        throw new WorkbenchTableError(
            `Workbench version "${versionOrLine}" is not in the table of SageMaker's RStudio versions (${WORKBENCH_SOURCE.url}, read ${WORKBENCH_SOURCE.read}); versions with a domain image: ${listed}`,
        );
    }
    if (release.imageName === undefined) {
        const why = release.confirmed ? "AWS lists no domain image for it any more (deprecated)" : `it is unconfirmed: ${release.note ?? "no image ARN listed"}`;
        throw new WorkbenchTableError(`Workbench ${release.version} has no domain image ARN: ${why}; versions with a domain image: ${listed}`);
    }
    const account = WORKBENCH_IMAGE_ACCOUNTS[region];
    if (account === undefined) {
        throw new WorkbenchTableError(
            `region "${region}" has no RStudio Workbench image account in the table (${WORKBENCH_SOURCE.url}, read ${WORKBENCH_SOURCE.read}); known regions: ${Object.keys(WORKBENCH_IMAGE_ACCOUNTS).join(", ")}`,
        );
    }
    return `arn:aws:sagemaker:${region}:${account}:image/${release.imageName}`;
}

export interface DomainImage {
    /** `YYYY.MM` line the ARN names. */
    line: string;
    /** The table's release of that line, when listed. */
    release?: WorkbenchRelease;
    region?: string;
    account?: string;
    /** The ARN's image name is the one the table lists for the line, published by the table's account for the region. */
    listed: boolean;
}

const DOMAIN_IMAGE_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):(\d{12}):image\/(rstudio-workbench-[^/\s]+)$/;

/** The Workbench line of a domain image ARN (`…:image/rstudio-workbench-2025.05-sagemaker-1.0` → `2025.05`), or undefined. */
export function workbenchFromImageArn(arn: string): DomainImage | undefined {
    const m = DOMAIN_IMAGE_ARN.exec(arn.trim());
    const name = m ? m[3] : /(?:^|\/)(rstudio-workbench-[^/\s]+)$/.exec(arn.trim())?.[1];
    if (name === undefined) return undefined;
    const l = /^rstudio-workbench-(\d{4}\.\d{2})(?:$|-)/.exec(name);
    if (!l) return undefined;
    const out: DomainImage = { line: l[1], listed: false };
    const release = WORKBENCH_RELEASES.find((r) => r.line === l[1]);
    if (release) out.release = release;
    if (m) {
        out.region = m[1];
        out.account = m[2];
    }
    out.listed = release?.imageName === name && m !== null && WORKBENCH_IMAGE_ACCOUNTS[m[1]] === m[2];
    return out;
}

/** The deprecation list (`SpecConfig.deprecatedVersions` default) derived from the table. */
export const WORKBENCH_DEPRECATIONS: readonly DeprecatedVersion[] = Object.freeze(
    WORKBENCH_RELEASES.filter((r) => r.confirmed && (r.deprecated === true || r.deprecatedOn !== undefined)).map((r) => {
        const d: DeprecatedVersion = { version: r.version };
        if (r.deprecatedOn !== undefined) d.deprecatedOn = r.deprecatedOn;
        return d;
    }),
);

export type DeprecationState = "supported" | "scheduled" | "deprecated" | "unlisted";

export interface DeprecationStatus {
    /**
     * `deprecated`: listed as deprecated, or its date is on/before `asOf` (or no `asOf` is given and a date is known);
     * `scheduled`: a date after `asOf`; `supported`: listed with no deprecation; `unlisted`: not a line SageMaker lists.
     */
    state: DeprecationState;
    /** The `YYYY.MM` line. */
    line?: string;
    deprecatedOn?: string;
    release?: WorkbenchRelease;
    /** The deprecation entry that decided (from `deprecations`). */
    entry?: DeprecatedVersion;
}

function entryFor(line: string, deprecations: readonly DeprecatedVersion[]): DeprecatedVersion | undefined {
    return deprecations.find((d) => {
        const l = parseWorkbenchLine(d.version);
        return l !== undefined && workbenchLine(l) === line;
    });
}

/**
 * Deprecation status of a version's line as of `asOf` (ISO date). `deprecations` defaults to the table's; pass the
 * config's `deprecatedVersions` so a user override counts. Without `asOf`, a known date counts as passed.
 */
export function deprecationStatus(versionOrLine: string, asOf?: string, deprecations: readonly DeprecatedVersion[] = WORKBENCH_DEPRECATIONS): DeprecationStatus {
    const l = parseWorkbenchLine(versionOrLine);
    if (l === undefined) return { state: "unlisted" };
    const line = workbenchLine(l);
    const release = WORKBENCH_RELEASES.find((r) => r.line === line);
    const entry = entryFor(line, deprecations);
    const out: DeprecationStatus = { state: "unlisted", line };
    if (release) out.release = release;
    if (entry) {
        out.entry = entry;
        if (entry.deprecatedOn === undefined) out.state = "deprecated";
        else {
            out.deprecatedOn = entry.deprecatedOn;
            out.state = asOf !== undefined && entry.deprecatedOn > asOf ? "scheduled" : "deprecated";
        }
        return out;
    }
    if (release) out.state = release.confirmed ? "supported" : "unlisted";
    return out;
}

/**
 * The newest confirmed release with a domain image that is not deprecated as of `asOf` (scheduled counts: it still
 * runs), or undefined when none is known. Never a deprecated or unconfirmed release.
 */
export function newestSupportedRelease(asOf?: string, deprecations: readonly DeprecatedVersion[] = WORKBENCH_DEPRECATIONS): WorkbenchRelease | undefined {
    const candidates = WORKBENCH_RELEASES.filter((r) => r.confirmed && r.imageName !== undefined && deprecationStatus(r.version, asOf, deprecations).state !== "deprecated");
    return candidates.sort((a, b) => compareWorkbenchVersions(parseWorkbenchVersion(b.version)!, parseWorkbenchVersion(a.version)!))[0];
}

/** The newest supported release on a later line than `versionOrLine`, or undefined when none is known. */
export function newerSupportedRelease(versionOrLine: string, asOf?: string, deprecations: readonly DeprecatedVersion[] = WORKBENCH_DEPRECATIONS): WorkbenchRelease | undefined {
    const newest = newestSupportedRelease(asOf, deprecations);
    const l = parseWorkbenchLine(versionOrLine);
    if (newest === undefined || l === undefined) return newest;
    return newest.line > workbenchLine(l) ? newest : undefined;
}

/** Unconfirmed releases newer than the newest supported one, for "one copy names …" in messages. */
export function unconfirmedNewer(asOf?: string, deprecations: readonly DeprecatedVersion[] = WORKBENCH_DEPRECATIONS): WorkbenchRelease[] {
    const newest = newestSupportedRelease(asOf, deprecations);
    return WORKBENCH_RELEASES.filter((r) => !r.confirmed && (newest === undefined || r.line > newest.line));
}

/** R versions AWS lists as supported on the version's line (newest first), or undefined when it lists none. */
export function rVersionsFor(versionOrLine: string): readonly string[] | undefined {
    return findRelease(versionOrLine)?.rVersions;
}

/**
 * What to do next, in one or two sentences, from the table as of `asOf`: the newest supported line and whether it is
 * itself scheduled for deprecation, or plainly that none is known; plus what to build on. For RSB001/RSB015 fixes.
 */
export function upgradeAdvice(asOf?: string, deprecations: readonly DeprecatedVersion[] = WORKBENCH_DEPRECATIONS, currentLine?: string): string {
    // Without a date nothing tells whether a dated deprecation has passed: name the newest line with its date.
    const newest = asOf !== undefined ? newestSupportedRelease(asOf, deprecations) : newestSupportedRelease("0000-01-01", deprecations);
    const unconfirmed = unconfirmedNewer(asOf, deprecations);
    const rumour = unconfirmed.length > 0 ? ` (one copy of AWS's page names ${unconfirmed.map((r) => r.version).join(", ")}, unconfirmed: no image ARN or dates)` : "";
    const page = `AWS's RStudio versioning page (read ${WORKBENCH_SOURCE.read})`;
    let head: string;
    if (newest === undefined) {
        head = `No supported Workbench line is known: every version ${page} lists is deprecated${rumour}; watch the page for a new one.`;
    } else {
        const status = deprecationStatus(newest.version, asOf ?? "0000-01-01", deprecations);
        const onNewest = currentLine !== undefined && currentLine === newest.line;
        const kind = asOf !== undefined ? "supported line" : "line AWS lists";
        const target = onNewest ? `This is the newest ${kind}, ${newest.version}` : `The newest ${kind} is ${newest.line} (${newest.version}, domain image ${newest.imageName})`;
        const when = status.state !== "scheduled" ? "" : asOf !== undefined ? `, itself scheduled for deprecation on ${status.deprecatedOn}` : `, with deprecation on ${status.deprecatedOn}`;
        const after = status.state === "scheduled" ? `; ${page} lists no newer supported line${rumour}: watch it for the successor` : "";
        head = `${target}${when}${after}.`;
    }
    return `${head} ${sessionImageAdvice()}`;
}
