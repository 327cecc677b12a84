/**
 * Issue 11's table, the Dockerfile-side rows (1-5, 7, 9, 10), each checked through the real executable
 * (`node cli/bin.js check … --format json`, several Dockerfiles in one run to keep the suite fast), as a user
 * would: every row's Dockerfile is the whole file, in its own build-context folder.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BODY, type Finding } from "./helpers";

const BIN = path.join(__dirname, "..", "..", "cli", "bin.js");
const POSIT = "FROM rstudio/r-session-complete:jammy-2025.05.1";

interface Row {
    lines: string[];
    files?: Record<string, string>;
}

/** The body without the lines a row is about (BODY installs everything the mandatory rules want). */
const without = (re: RegExp) => BODY.filter((l) => !re.test(l));

const ROWS: Record<string, Row> = {
    r1: { lines: ["FROM public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240624"] },
    r2: { lines: ["FROM ubuntu:bionic", "ARG RSP_VERSION=1.4.1717-3", ...BODY] },
    r3: { lines: ["FROM ubuntu:noble", "ENV RSTUDIO_VERSION=2026.06.0+242", ...BODY] },
    r4: { lines: [POSIT, "RUN mamba install --yes r-reticulate boto3 awscli 'sagemaker<3'", ...without(/install\.packages|pip install/)] },
    r5: { lines: [POSIT, "COPY r-packages.txt .", `RUN R -e 'install.packages(readLines("r-packages.txt"))'`, ...without(/install\.packages/)], files: { "r-packages.txt": "reticulate\n" } },
    r5missing: { lines: [POSIT, "COPY r-packages.txt .", `RUN R -e 'install.packages(readLines("r-packages.txt"))'`, ...without(/install\.packages/)] },
    r7: { lines: ["FROM ubuntu:jammy", "ARG RSW_VERSION=2025.05.1+513.pro3", "RUN apt-get install -y sudo libpng-dev default-jdk", ...without(/apt-get/)] },
    r7bookworm: { lines: ["FROM debian:bookworm", "ARG RSW_VERSION=2025.05.1+513.pro3", "RUN apt-get install -y sudo libpng-dev default-jdk", ...without(/apt-get/)] },
    r9: { lines: ["# sagemaker-rstudio global ignore=RSB016", POSIT, ...without(/FORCE_NON_ZERO/)] },
    r9bad: { lines: ["# sagemaker-rstudio globally ignore=RSB016", POSIT, ...without(/FORCE_NON_ZERO/)] },
    r10arg: { lines: ["FROM ubuntu:jammy", "ARG RSW_VERSION=2025.05.1+513.pro3", ...BODY] },
    r10env: { lines: ["FROM ubuntu:jammy", "ARG PWB=2024.12.1+563.pro5", "ENV PWB_VERSION=${PWB}", ...BODY] },
    r10url: {
        lines: ["FROM rockylinux:9", "ARG RSW_DOWNLOAD_URL=https://download2.rstudio.org/server/rhel9/x86_64/rstudio-workbench-rhel-2023.09.1-x86_64.rpm", 'RUN curl -o w.rpm "${RSW_DOWNLOAD_URL}" && dnf install -y w.rpm', ...BODY],
    },
    r10deb: { lines: ["FROM ubuntu:jammy", "RUN curl -fsSLO https://download2.rstudio.org/server/jammy/amd64/rstudio-workbench-2025.05.1-513.pro3-amd64.deb", ...BODY] },
};

interface Result {
    file: string;
    findings?: Finding[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    facts?: any;
    notes?: string[];
    error?: string;
}

function runCli(args: string[]): { status: number | null; results: Map<string, Result>; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, "check", ...args, "--format", "json"], { encoding: "utf8", timeout: 120_000, killSignal: "SIGKILL" });
    assert.equal(r.signal, null, "killed after 120 s");
    let parsed: { results?: Result[] } & Result;
    try {
        parsed = JSON.parse(r.stdout);
    } catch {
        throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 500)}`);
    }
    const results = new Map<string, Result>();
    // One Dockerfile: {findings, facts}; several: {results: [{file, findings, facts, notes}]}.
    if (parsed.results === undefined) results.set("only", parsed);
    else for (const x of parsed.results) results.set(path.basename(path.dirname(x.file)), x);
    return { status: r.status, results, stderr: r.stderr };
}

const of = (r: Result, rule: string) => (r.findings ?? []).filter((f) => f.rule === rule);
const blocking = (r: Result) => (r.findings ?? []).filter((f) => f.level === "mandatory" && f.unverified === undefined);

describe("acceptance: issue 11's real-world rows through node cli/bin.js", function () {
    this.timeout(240_000);
    let root: string;
    let out: ReturnType<typeof runCli>;

    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-rows-"));
        for (const [name, row] of Object.entries(ROWS)) {
            fs.mkdirSync(path.join(root, name));
            fs.writeFileSync(path.join(root, name, "Dockerfile"), row.lines.join("\n") + "\n");
            for (const [f, text] of Object.entries(row.files ?? {})) fs.writeFileSync(path.join(root, name, f), text);
        }
        out = runCli(Object.keys(ROWS).map((n) => path.join(root, n, "Dockerfile")));
        for (const [name, r] of out.results) assert.equal(r.error, undefined, `${name}: ${r.error}`);
    });

    const row = (name: string): Result => {
        const r = out.results.get(name);
        assert.ok(r, `no result for ${name}`);
        return r;
    };

    it("exit code 1: some rows have blocking findings (RSP 1.x, RStudio Server)", () => {
        assert.equal(out.status, 1, out.stderr);
    });

    it("row 1: an OS tag is not a Workbench version; RSB001 says none was found", () => {
        const r = row("r1");
        assert.equal(r.facts.workbenchVersion.state, "unknown");
        const f = of(r, "RSB001");
        assert.equal(f.length, 1);
        assert.match(f[0].message, /No Workbench version found: FROM public\.ecr\.aws\/amazonlinux\/amazonlinux:2023\.5\.20240624 \(line 1\) is an operating system image/);
    });

    it("row 2: RStudio Server Pro 1.x is older than any minimum: mandatory RSB001 on evidence", () => {
        const f = of(row("r2"), "RSB001");
        assert.equal(f.length, 1);
        assert.equal(f[0].level, "mandatory");
        assert.equal(f[0].unverified, undefined);
        assert.match(f[0].message, /RStudio Server Pro 1\.4\.1717-3 \(from ARG RSP_VERSION\)/);
        assert.equal(f[0].line, 2);
    });

    it("row 3: open-source RStudio Server is not Posit Workbench: mandatory RSB001 saying so", () => {
        const f = of(row("r3"), "RSB001");
        assert.equal(f.length, 1);
        assert.equal(f[0].level, "mandatory");
        assert.match(f[0].message, /open-source RStudio Server 2026\.06\.0\+242, not Posit Workbench/);
    });

    it("row 4: mamba installs count (r-reticulate is reticulate; boto3, awscli, sagemaker<3)", () => {
        const r = row("r4");
        assert.deepEqual([...of(r, "RSB003"), ...of(r, "RSB004")], []);
        assert.deepEqual(blocking(r), []);
    });

    it("row 5: an R package list is read from the build context; unreadable is unverified, not 'not installed'", () => {
        assert.deepEqual(of(row("r5"), "RSB003"), []);
        const missing = of(row("r5missing"), "RSB003");
        assert.equal(missing.length, 1);
        assert.ok(missing[0].unverified !== undefined && /r-packages\.txt/.test(missing[0].unverified), JSON.stringify(missing[0]));
        assert.ok((row("r5missing").notes ?? []).some((n) => /Dockerfile:3: install\.packages reads r-packages\.txt: could not read r-packages\.txt( or [^ ]+)? from the build context/.test(n)));
    });

    it("row 5 with --context: the list is read from the given context", () => {
        const ctx = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-ctx-"));
        fs.writeFileSync(path.join(ctx, "r-packages.txt"), "reticulate\n");
        const r = runCli([path.join(root, "r5missing", "Dockerfile"), "--context", ctx]);
        const only = r.results.get("only") as Result;
        assert.deepEqual(of(only, "RSB003"), []);
    });

    it("row 7: default-jdk is OpenJDK 11 on jammy (no RSB002 about the JDK), 17 on bookworm (advisory: newer JDK)", () => {
        assert.deepEqual(of(row("r7"), "RSB002"), []);
        const b = of(row("r7bookworm"), "RSB002");
        assert.equal(b.length, 1);
        assert.equal(b[0].level, "advisory");
        assert.match(b[0].message, /openjdk-17-jdk is installed instead of a JDK 11/);
    });

    it("row 9: a global pragma ignores the rule in the whole file; one it does not understand is noted", () => {
        assert.deepEqual(of(row("r9"), "RSB016"), []);
        assert.equal(of(row("r9bad"), "RSB016").length, 1);
        assert.ok((row("r9bad").notes ?? []).some((n) => /Dockerfile:1: `# sagemaker-rstudio globally ignore=RSB016` is not understood/.test(n)), JSON.stringify(row("r9bad").notes));
    });

    it("row 10: RSW_VERSION, PWB_VERSION (ARG→ENV) and versions inside download URLs are read", () => {
        const v = (n: string) => [row(n).facts.workbenchVersion.value, row(n).facts.workbenchVersion.via];
        assert.deepEqual(v("r10arg"), ["2025.05.1+513.pro3", "ARG RSW_VERSION"]);
        assert.deepEqual(v("r10env"), ["2024.12.1+563.pro5", "ENV PWB_VERSION"]);
        assert.deepEqual(v("r10url"), ["2023.09.1", "ARG RSW_DOWNLOAD_URL (rstudio-workbench-rhel-2023.09.1-x86_64.rpm)"]);
        assert.deepEqual(v("r10deb"), ["2025.05.1-513.pro3", "RUN download rstudio-workbench-2025.05.1-513.pro3-amd64.deb"]);
        for (const n of ["r10arg", "r10env", "r10url", "r10deb"]) assert.deepEqual(of(row(n), "RSB001"), [], n);
    });
});
