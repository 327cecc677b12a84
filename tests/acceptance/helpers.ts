/**
 * Acceptance helpers: run `check` on a Dockerfile written to a temp build context, as a user would, and read the
 * JSON output. The checks are against issue 2's rule table and AWS's "Custom RStudio image specifications".
 */
import { strict as assert } from "assert";
import * as path from "path";
import { main } from "../../cli/main";
import { tempDir } from "../cli/helpers";

export interface Finding {
    rule: string;
    slug: string;
    level: "mandatory" | "advisory";
    message: string;
    fix: string;
    source: string;
    basis: string;
    unverified?: string;
    file?: string;
    line?: number;
}

export interface Checked {
    code: number;
    stdout: string;
    stderr: string;
    findings: Finding[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    facts: any;
}

/** Lines that satisfy every mandatory Dockerfile rule (RSB002-RSB005), to follow a FROM line. */
export const BODY = [
    "RUN apt-get update && apt-get install -y --no-install-recommends sudo openjdk-11-jdk libpng-dev",
    `RUN R -e "install.packages('reticulate')"`,
    "RUN pip install boto3 awscli 'sagemaker[local]<3'",
    'ENV RSTUDIO_CONNECT_URL="" RSTUDIO_PACKAGE_MANAGER_URL=""',
    "ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1",
];

export const FROM = "FROM rstudio/r-session-complete:jammy-2025.05.1";

/** BODY with the lines matching `drop` removed. */
export function bodyWithout(drop: RegExp): string[] {
    return BODY.filter((l) => !drop.test(l));
}

/** A temp build context with the given files (the CLI tests' helper). */
export const tempContext = tempDir;

/** Run the CLI in-process on `lines` (written as `Dockerfile` in a temp context with `files`), any output format. */
export async function run(lines: string[] | string, args: string[] = [], files: Record<string, string | Buffer> = {}): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
    const text = Array.isArray(lines) ? lines.join("\n") + "\n" : lines;
    const dir = tempContext({ ...files, Dockerfile: text });
    const file = path.join(dir, "Dockerfile");
    let stdout = "";
    let stderr = "";
    const code = await main(["check", file, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
    return { code, stdout, stderr, file };
}

/** `check --format json`; asserts stdout is exactly one JSON object {findings, facts} and stderr is empty. */
export async function check(lines: string[] | string, args: string[] = [], files: Record<string, string | Buffer> = {}): Promise<Checked> {
    const r = await run(lines, [...args, "--format", "json"], files);
    assert.equal(r.stderr, "", `unexpected stderr: ${r.stderr}`);
    const parsed = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(parsed).sort(), ["facts", "findings"]);
    for (const f of parsed.findings as Finding[]) {
        if (f.source === "dockerfile") assert.equal(typeof f.line, "number", `finding without a line: ${JSON.stringify(f)}`);
    }
    return { ...r, findings: parsed.findings, facts: parsed.facts };
}

export const of = (c: Checked, rule: string): Finding[] => c.findings.filter((f) => f.rule === rule);
export const mandatory = (c: Checked): Finding[] => c.findings.filter((f) => f.level === "mandatory");
export const mandatoryRules = (c: Checked): string[] => [...new Set(mandatory(c).map((f) => f.rule))].sort();

/** Mandatory findings that rest on evidence (decision 1: an `unverified` one does not fail the check). */
export const blocking = (c: Checked): Finding[] => mandatory(c).filter((f) => f.unverified === undefined);

/** Exactly these mandatory rules fired (and the exit code agrees: 1 only when one of them rests on evidence). */
export function expectMandatory(c: Checked, rules: string[]): void {
    assert.deepEqual(mandatoryRules(c), [...rules].sort(), JSON.stringify(c.findings, null, 1));
    assert.equal(c.code, blocking(c).length > 0 ? 1 : 0);
}

/** Exactly these rules have blocking findings (mandatory, not unverified), and the exit code is 1 iff any. */
export function expectBlocking(c: Checked, rules: string[]): void {
    assert.deepEqual([...new Set(blocking(c).map((f) => f.rule))].sort(), [...rules].sort(), JSON.stringify(c.findings, null, 1));
    assert.equal(c.code, rules.length > 0 ? 1 : 0);
}
