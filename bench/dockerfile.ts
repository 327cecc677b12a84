/**
 * Dockerfile analysis speed: `inspectDockerfile` on a realistic 200-line and 10,000-line Dockerfile (ARG, ENV,
 * COPY, WORKDIR, RUN with continuations installing apt/R/pip packages). Reports the median time, and the
 * 10k/200 ratio as a linear-growth check (50 = exactly linear in lines).
 *
 * Run alone: `npx ts-node --transpile-only bench/dockerfile.ts`
 */
import { inspectDockerfile } from "../inspect/dockerfile";
import { runStandalone, type BenchResult } from "./table";


/** A Dockerfile of exactly `lines` lines, shaped like the ones this project checks. */
export function generateDockerfile(lines: number): string {
    const out: string[] = [
        "# syntax=docker/dockerfile:1",
        "ARG RSW_VERSION=2025.05.1+513.pro3",
        "ARG BASE=rstudio/r-session-complete:ubuntu2204-2025.05.1",
        "FROM --platform=linux/amd64 ${BASE}",
        "ARG R_VERSION=4.4.1",
        "ARG PYTHON_VERSION=3.11.9",
        "ENV RSTUDIO_CONNECT_URL=\"\" RSTUDIO_PACKAGE_MANAGER_URL=\"https://packagemanager.posit.co/cran/latest\"",
    ];
    let i = 0;
    while (out.length < lines) {
        i++;
        out.push(
            `# step ${i}: tools and libraries`,
            `ARG TOOL_${i}_VERSION=1.${i}.0`,
            `ENV TOOL_${i}_HOME=/opt/tool${i} PATH="/opt/tool${i}/bin:$PATH"`,
            `COPY files/tool${i}.conf /etc/tool${i}/tool.conf`,
            `RUN apt-get update && \\`,
            `    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\`,
            `        libtool${i}-dev=\${TOOL_${i}_VERSION}* \\`,
            `        curl ca-certificates && \\`,
            `    /opt/R/\${R_VERSION}/bin/R -e "install.packages(c('pkg${i}', 'dep${i}'), repos='https://packagemanager.posit.co/cran/latest')" && \\`,
            `    /opt/python/\${PYTHON_VERSION}/bin/pip install --no-cache-dir 'lib${i}>=1.0,<2' "tool${i}[extra]==1.${i}" && \\`,
            `    mkdir -p /opt/tool${i}/bin && echo "tool ${i}" > /opt/tool${i}/VERSION && \\`,
            `    rm -rf /var/lib/apt/lists/*`,
            `WORKDIR /opt/tool${i}`,
        );
    }
    out.length = lines;
    // A trailing continuation would swallow the end of file; the generator never cuts inside a RUN's last line.
    while (out[out.length - 1].endsWith("\\")) out[out.length - 1] = out[out.length - 1].slice(0, -1);
    return out.join("\n") + "\n";
}

function nowMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

/** Median wall time of `fn` in ms, after `warmup` runs, over at least `minRuns` runs and `minMs` total. */
function measure(fn: () => unknown, warmup: number, minRuns: number, minMs: number): number {
    for (let i = 0; i < warmup; i++) fn();
    const times: number[] = [];
    const start = nowMs();
    while (times.length < minRuns || nowMs() - start < minMs) {
        const t0 = nowMs();
        fn();
        times.push(nowMs() - t0);
        if (times.length > 100000) break;
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}

/**
 * Mean process CPU time of `fn` in ms over a batch (user + system, all threads). Less sensitive than wall time to
 * other processes competing for the cores, which is common on shared CI machines.
 */
function measureCpu(fn: () => unknown, runs: number): number {
    fn();
    const before = process.cpuUsage();
    for (let i = 0; i < runs; i++) fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / runs;
}

function round(n: number, digits = 3): number {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
}

type Evaluate = (facts: unknown) => unknown[];

/** `evaluate` from core/, when the rule catalogue is there. */
function loadEvaluate(): Evaluate | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const spec = require("../core") as { evaluate?: Evaluate; RULES?: unknown[] };
        if (typeof spec.evaluate !== "function" || !Array.isArray(spec.RULES) || spec.RULES.length === 0) return undefined;
        return spec.evaluate;
    } catch {
        return undefined;
    }
}

export async function benchDockerfile(): Promise<BenchResult[]> {
    const small = generateDockerfile(200);
    const large = generateDockerfile(10000);
    const opts = { file: "bench.Dockerfile" };

    const tSmall = measure(() => inspectDockerfile(small, opts), 50, 200, 1000);
    const tLarge = measure(() => inspectDockerfile(large, opts), 3, 15, 2000);
    const cSmall = measureCpu(() => inspectDockerfile(small, opts), 300);
    const cLarge = measureCpu(() => inspectDockerfile(large, opts), 8);
    const results: BenchResult[] = [
        { name: "inspectDockerfile 200 lines (median wall)", value: round(tSmall), unit: "ms", target: "<= 5 ms" },
        { name: "inspectDockerfile 10,000 lines (median wall)", value: round(tLarge), unit: "ms" },
        { name: "growth 10,000/200 lines, wall (50 = linear)", value: round(tLarge / tSmall, 1), unit: "x", target: "~50 (linear)" },
        { name: "inspectDockerfile per line, 200 lines (wall)", value: round((tSmall / 200) * 1000, 2), unit: "us/line" },
        { name: "inspectDockerfile per line, 10,000 lines (wall)", value: round((tLarge / 10000) * 1000, 2), unit: "us/line" },
        { name: "inspectDockerfile 200 lines (mean CPU)", value: round(cSmall), unit: "ms", target: "<= 5 ms" },
        { name: "inspectDockerfile 10,000 lines (mean CPU)", value: round(cLarge), unit: "ms" },
        { name: "growth 10,000/200 lines, CPU (50 = linear)", value: round(cLarge / cSmall, 1), unit: "x", target: "~50 (linear)" },
    ];

    const evaluate = loadEvaluate();
    if (evaluate) {
        const tEval = measure(() => evaluate(inspectDockerfile(small, opts).facts), 50, 200, 1000);
        const tEvalLarge = measure(() => evaluate(inspectDockerfile(large, opts).facts), 2, 10, 2000);
        results.push(
            { name: "inspectDockerfile + evaluate, 200 lines (median)", value: round(tEval), unit: "ms", target: "<= 5 ms" },
            { name: "inspectDockerfile + evaluate, 10,000 lines (median)", value: round(tEvalLarge), unit: "ms" },
        );
    }
    return results;
}

if (require.main === module) runStandalone(benchDockerfile);
