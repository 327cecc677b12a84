/**
 * SARIF 2.1.0 output for GitHub code scanning (`check --format sarif`).
 *
 * What GitHub requires and this file guarantees (tests/package/sarif.test.ts validates every shape against the OASIS
 * SARIF 2.1.0 JSON schema):
 * - every result has a physical location: an artifact URI relative to `%SRCROOT%` (the working directory of the run,
 *   given as an absolute `file://` URI in `originalUriBaseIds`) and a region with a start line:
 *     · a finding with a Dockerfile line → that line;
 *     · a finding decided by the built image (`--image`) or without a line, when a Dockerfile was checked → the
 *       Dockerfile's FROM line (the base fact's line; else the last FROM; else line 1);
 *     · no Dockerfile at all (`--image` alone) → line 1 of the stated file `SarifOptions.imageLocation` (default
 *       `Dockerfile`, the file the image is normally built from) — the result's message names the image;
 * - `partialFingerprints` (rule, file, message with line numbers removed: an alert survives lines moving);
 * - `helpUri` per rule: its section of docs/rules.md (`#rsb001-base-version`), at the repository of package.json's
 *   `repository` when set, else in the published package on unpkg (docs/ ships in the package);
 * - the evidence of each finding (`basis`, `unverified`, `blocking`) as result properties. A mandatory finding that
 *   is unverified does not block (core `isBlocking`), so it is a `warning`, not an `error`.
 * Several Dockerfiles checked in one run are one SARIF run: one tool invocation, results of every file.
 */
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { createHash } from "crypto";
import { RULES, type Finding, type ImageFacts } from "../core";

const INFO_URI = "https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-byoi-specs.html";
const SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/** The base id of every artifact location: the directory the check ran in. */
export const SRCROOT = "%SRCROOT%";
/** The key of this tool's fingerprint in `partialFingerprints` (versioned: a new scheme gets a new key). */
export const FINGERPRINT_KEY = "sagemakerRstudioFinding/v1";

/** One checked target: a Dockerfile, an image, or both. */
export interface SarifCheck {
    /** The Dockerfile as given on the command line (relative to the working directory, or absolute). */
    dockerfile?: string;
    /** The image reference checked (`--image`). */
    image?: string;
    findings: readonly Finding[];
    /** The facts the findings were decided on (for the FROM line of image-decided findings). */
    facts?: ImageFacts;
    /** Notes of the check (unreadable context files, pragmas naming no rule, …). */
    notes?: readonly string[];
}

export interface SarifOptions {
    /** The directory relative URIs are relative to (`%SRCROOT%`); default: the working directory. */
    root?: string;
    /** The file results are placed in when no Dockerfile was checked (`--image` alone); default `Dockerfile`. */
    imageLocation?: string;
    /** The tool version; default: package.json's. */
    version?: string;
}

interface PackageInfo {
    version: string;
    repository?: string | { url?: string };
    name: string;
}

function packageInfo(): PackageInfo {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../package.json") as PackageInfo;
}

/** GitHub's anchor for a markdown heading: lower case, punctuation dropped, spaces → `-`. */
export function githubAnchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

/** Where docs/rules.md is read: the repository (package.json `repository`) at this version's tag, else unpkg. */
export function rulesDocUrl(pkg: PackageInfo = packageInfo()): string {
    const repo = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
    const github = repo === undefined ? undefined : /github\.com[/:]([^/]+\/[^/#]+?)(?:\.git)?\/?$/.exec(repo);
    if (github) return `https://github.com/${github[1]}/blob/v${pkg.version}/docs/rules.md`;
    return `https://unpkg.com/${pkg.name}@${pkg.version}/docs/rules.md`;
}

/** A path as a relative URI reference under `root` (forward slashes, each segment percent-encoded). */
export function relativeUri(file: string, root: string): string {
    const rel = path.relative(root, path.resolve(root, file)) || path.basename(file);
    return rel
        .split(path.sep)
        .join("/")
        .split("/")
        .map((seg) => (seg === ".." || seg === "." ? seg : encodeURIComponent(seg)))
        .join("/");
}

/** The line of the FROM the image starts from: the base fact's line, else the last FROM in the file, else 1. */
export function fromLine(dockerfile: string, facts: ImageFacts | undefined, root: string): number {
    const base = facts?.baseImage;
    if (base !== undefined && base.state === "known" && base.line !== undefined && base.line > 0) return base.line;
    let text: string;
    try {
        const abs = path.resolve(root, dockerfile);
        const st = fs.statSync(abs);
        if (!st.isFile() || st.size > 1024 * 1024) return 1;
        text = fs.readFileSync(abs, "utf8");
    } catch {
        return 1;
    }
    let last = 0;
    text.split(/\r?\n/).forEach((l, i) => {
        if (/^\s*FROM\s/i.test(l)) last = i + 1;
    });
    return last > 0 ? last : 1;
}

function fingerprint(ruleId: string, uri: string, message: string): string {
    // Line numbers in the text ("line 12", "Dockerfile:12") would make an alert new each time lines move.
    const stable = message.replace(/\bline \d+/gi, "line").replace(/:\d+\b/g, ":");
    return createHash("sha256").update(`${ruleId}\0${uri}\0${stable}`).digest("hex").slice(0, 32);
}

function level(f: Finding): "error" | "warning" {
    return f.level === "mandatory" && f.unverified === undefined ? "error" : "warning";
}

function physicalLocation(uri: string, line: number): Record<string, unknown> {
    return { artifactLocation: { uri, uriBaseId: SRCROOT }, region: { startLine: Math.max(1, Math.floor(line)) } };
}

/** One SARIF log for one `check` run over any number of Dockerfiles/images. */
export function sarifReport(checks: readonly SarifCheck[], options: SarifOptions = {}): Record<string, unknown> {
    const root = path.resolve(options.root ?? process.cwd());
    const pkg = packageInfo();
    const docs = rulesDocUrl(pkg);
    const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
    const results: Record<string, unknown>[] = [];
    const notifications: Record<string, unknown>[] = [];
    for (const check of checks) {
        const home = check.dockerfile ?? options.imageLocation ?? "Dockerfile";
        const homeUri = relativeUri(home, root);
        const homeLine = check.dockerfile !== undefined ? fromLine(check.dockerfile, check.facts, root) : 1;
        for (const f of check.findings) {
            const onLine = f.line !== undefined && f.line > 0 && (f.file !== undefined || check.dockerfile !== undefined);
            const uri = f.file !== undefined && onLine ? relativeUri(f.file, root) : homeUri;
            const line = onLine ? f.line! : homeLine;
            const subject = check.dockerfile === undefined && check.image !== undefined ? `image ${check.image}: ` : "";
            const unverified = f.unverified !== undefined ? ` (unverified: ${f.unverified})` : "";
            const text = `${subject}${f.message}${unverified} Fix: ${f.fix}`;
            const properties: Record<string, unknown> = {
                slug: f.slug,
                source: f.source,
                basis: f.basis,
                blocking: level(f) === "error",
                configuredLevel: f.level,
            };
            if (f.unverified !== undefined) properties.unverified = f.unverified;
            if (check.image !== undefined) properties.image = check.image;
            const result: Record<string, unknown> = {
                ruleId: f.rule,
                level: level(f),
                message: { text },
                locations: [{ physicalLocation: physicalLocation(uri, line) }],
                partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.rule, uri, `${subject}${f.message}`) },
                properties,
            };
            const idx = ruleIndex.get(f.rule);
            if (idx !== undefined) result.ruleIndex = idx;
            results.push(result);
        }
        for (const n of check.notes ?? []) {
            notifications.push({ level: "note", message: { text: n }, locations: [{ physicalLocation: physicalLocation(homeUri, 1) }] });
        }
    }
    return {
        $schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "sagemaker-rstudio",
                        version: options.version ?? pkg.version,
                        semanticVersion: options.version ?? pkg.version,
                        informationUri: INFO_URI,
                        rules: RULES.map((r) => ({
                            id: r.id,
                            name: r.slug,
                            shortDescription: { text: r.summary },
                            fullDescription: { text: r.rationale },
                            help: { text: r.fix },
                            helpUri: `${docs}#${githubAnchor(`${r.id} ${r.slug}`)}`,
                            defaultConfiguration: { level: r.level === "mandatory" ? "error" : "warning" },
                        })),
                    },
                },
                originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root + path.sep).href } },
                results,
                invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
                columnKind: "utf16CodeUnits",
            },
        ],
    };
}

/** One Dockerfile (and/or image): the signature `check` has always called. */
export function toSarif(findings: readonly Finding[], dockerfile: string | undefined, notes: readonly string[] = [], extra: Partial<SarifCheck> = {}, options: SarifOptions = {}): object {
    return sarifReport([{ ...extra, findings, dockerfile, notes }], options);
}
