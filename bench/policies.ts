/**
 * Policy pack speed, measured side by side with a bare @pulumi/policy pack (one trivial policy), both started the
 * way pulumi-language-nodejs starts a policy pack (tests/policies/harness.ts) from a temp folder whose
 * node_modules links to the repository's:
 *
 * - cold start: spawn → port printed on stdout, median of N alternating starts, and the ratio to the bare pack
 *   (target ≤ 1.15×: the pack runs a prebuilt bundle, no TypeScript is compiled at start);
 * - Analyze round trip over gRPC, per resource: each resource of a 1,000-resource stack in turn (what the engine
 *   sends during a preview), p50 ≤ 2 ms; and one RStudioImage with the reference CPU Dockerfile's facts (the
 *   heaviest resource: every image policy deserializes and checks it), next to a bare pack with one trivial policy
 *   and one with as many trivial policies as this pack has (the SDK's own per-policy cost);
 * - AnalyzeStack over 1,000 resources: ≤ 200 ms.
 *
 * Requests are encoded once before timing (the engine encodes in Go); the figures are the pack's work plus the
 * local gRPC round trip.
 *
 * Run alone: `npx ts-node --transpile-only bench/policies.ts` (or `npm run bench -- policies`).
 */
import * as fs from "fs";
import * as path from "path";
import {
    analyzeRequest,
    analyzeStackRequest,
    bareTrivialPack,
    buildPack,
    copyPackAlone,
    startPack,
    REPO_ROOT,
    type EngineResource,
    type RunningPack,
} from "../tests/policies/harness";
import { DOMAIN_ARN_2026_08, domain, passingFacts, rstudioImage, rstudioImageChildren } from "../tests/policies/fixtures";
import { POLICIES } from "../policies/policies";

export interface BenchResult {
    name: string;
    value: number;
    unit: string;
    target?: string;
}

const COLD_STARTS = Number(process.env.BENCH_POLICY_COLD_STARTS ?? 9);
const ANALYZE_CALLS = 1000;
const STACK_RUNS = 7;

function nowMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

function quantile(xs: number[], q: number): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const median = (xs: number[]) => quantile(xs, 0.5);
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** Facts of the reference CPU image, from the Dockerfile analyser when it is there (else the test fixture's). */
function referenceFacts(): unknown {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { inspectDockerfile } = require("../inspect/dockerfile") as { inspectDockerfile(text: string, opts: { file: string }): { facts: unknown } };
        const text = fs.readFileSync(path.join(REPO_ROOT, "dockerfiles", "cpu.Dockerfile"), "utf8");
        return inspectDockerfile(text, { file: "dockerfiles/cpu.Dockerfile" }).facts;
    } catch {
        return passingFacts();
    }
}

/** 1,000 resources: 50 RStudioImages with their 3 children each, 5 domains attaching 10 images each, the rest plain. */
export function thousandResources(facts: unknown): EngineResource[] {
    const out: EngineResource[] = [];
    for (let i = 0; i < 50; i++) {
        const img = rstudioImage(`rstudio-${i}`, { facts });
        out.push(img, ...rstudioImageChildren(img));
    }
    for (let d = 0; d < 5; d++) {
        out.push(domain(`studio-${d}`, { images: Array.from({ length: 10 }, (_, k) => `rstudio-${d * 10 + k}`), arn: DOMAIN_ARN_2026_08 }));
    }
    for (let i = out.length; i < 1000; i++) {
        out.push({
            type: i % 2 === 0 ? "aws:s3/bucket:Bucket" : "aws:iam/role:Role",
            name: `r-${i}`,
            props: {
                bucket: `bucket-${i}`,
                tags: { team: "data", env: "dev", index: String(i) },
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
            },
        });
    }
    return out;
}

async function coldStart(dir: string): Promise<number> {
    const pack = await startPack(dir);
    const ms = pack.startupMs;
    await pack.stop();
    return ms;
}

// Requests are encoded once, before timing: the engine (Go) encodes its own; what is measured is the round trip
// and the pack's work.

async function analyzeLatencies(pack: RunningPack, r: EngineResource, n: number): Promise<number[]> {
    const bytes = analyzeRequest(r).serializeBinary();
    for (let i = 0; i < 100; i++) await pack.sendEncoded("analyze", bytes);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
        const t0 = nowMs();
        await pack.sendEncoded("analyze", bytes);
        times.push(nowMs() - t0);
    }
    return times;
}

async function stackTimes(pack: RunningPack, resources: EngineResource[], runs: number): Promise<{ ms: number[]; diagnostics: number }> {
    const bytes = analyzeStackRequest(resources).serializeBinary();
    const diagnostics = (await pack.sendEncoded("analyzeStack", bytes)).getDiagnosticsList().length; // warm-up
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
        const t0 = nowMs();
        await pack.sendEncoded("analyzeStack", bytes);
        ms.push(nowMs() - t0);
    }
    return { ms, diagnostics };
}

/** p50/p95 of one Analyze round trip for each resource of `resources`, in order, `rounds` times. */
async function perResourceLatencies(pack: RunningPack, resources: EngineResource[], rounds: number): Promise<number[]> {
    const encoded = resources.map((r) => analyzeRequest(r).serializeBinary());
    for (const b of encoded.slice(0, 100)) await pack.sendEncoded("analyze", b);
    const times: number[] = [];
    for (let k = 0; k < rounds; k++) {
        for (const b of encoded) {
            const t0 = nowMs();
            await pack.sendEncoded("analyze", b);
            times.push(nowMs() - t0);
        }
    }
    return times;
}

interface PackFigures {
    stackMix: number[];
    image: number[];
    stack: { ms: number[]; diagnostics: number };
}

async function measurePack(dir: string, image: EngineResource, stack: EngineResource[]): Promise<PackFigures> {
    const pack = await startPack(dir);
    try {
        await pack.configureStack();
        await pack.configureFromFile({});
        const stackMix = await perResourceLatencies(pack, stack, 2);
        const image_ = await analyzeLatencies(pack, image, ANALYZE_CALLS);
        const stackRun = await stackTimes(pack, stack, STACK_RUNS);
        return { stackMix, image: image_, stack: stackRun };
    } finally {
        await pack.stop();
    }
}

export async function benchPolicies(): Promise<BenchResult[]> {
    buildPack();
    const ours = copyPackAlone();
    const resourcePolicies = POLICIES.filter((p) => "validateResource" in p).length;
    const bare = bareTrivialPack(1);
    const bareN = bareTrivialPack(resourcePolicies);
    try {
        // Cold start, alternating so both see the same machine state; one discarded warm-up each.
        await coldStart(bare);
        await coldStart(ours);
        const bareStarts: number[] = [];
        const ourStarts: number[] = [];
        for (let i = 0; i < COLD_STARTS; i++) {
            bareStarts.push(await coldStart(bare));
            ourStarts.push(await coldStart(ours));
        }
        const bareStart = median(bareStarts);
        const ourStart = median(ourStarts);

        const facts = referenceFacts();
        const image = rstudioImage("rstudio-cpu", { facts });
        const stack = thousandResources(facts);
        if (stack.length !== 1000) throw new Error(`expected 1000 resources, built ${stack.length}`);

        const our = await measurePack(ours, image, stack);
        const base = await measurePack(bare, image, stack);
        const baseN = await measurePack(bareN, image, stack);

        return [
            { name: `cold start, sagemaker-rstudio pack (median of ${COLD_STARTS})`, value: round(ourStart, 1), unit: "ms" },
            { name: `cold start, bare pack, 1 trivial policy (median of ${COLD_STARTS})`, value: round(bareStart, 1), unit: "ms" },
            { name: "cold start ratio pack/bare", value: round(ourStart / bareStart, 3), unit: "x", target: "<= 1.15" },
            { name: "Analyze per resource of a 1,000-resource stack, p50", value: round(median(our.stackMix)), unit: "ms", target: "<= 2 ms" },
            { name: "Analyze per resource of a 1,000-resource stack, p95", value: round(quantile(our.stackMix, 0.95)), unit: "ms" },
            { name: "  same, bare pack (1 trivial policy), p50", value: round(median(base.stackMix)), unit: "ms" },
            { name: "Analyze RStudioImage (reference CPU facts), p50", value: round(median(our.image)), unit: "ms", target: "<= 2 ms" },
            { name: "Analyze RStudioImage (reference CPU facts), p95", value: round(quantile(our.image, 0.95)), unit: "ms" },
            { name: "  same, bare pack (1 trivial policy), p50", value: round(median(base.image)), unit: "ms" },
            { name: `  same, bare pack (${resourcePolicies} trivial policies), p50`, value: round(median(baseN.image)), unit: "ms" },
            { name: `AnalyzeStack 1,000 resources (median of ${STACK_RUNS})`, value: round(median(our.stack.ms), 1), unit: "ms", target: "<= 200 ms" },
            { name: "  same, bare pack (1 trivial policy)", value: round(median(base.stack.ms), 1), unit: "ms" },
            { name: "AnalyzeStack 1,000 resources: diagnostics", value: our.stack.diagnostics, unit: "count" },
        ];
    } finally {
        for (const d of [ours, bare, bareN]) fs.rmSync(d, { recursive: true, force: true });
    }
}

if (require.main === module) {
    benchPolicies().then(
        (rows) => {
            const w = Math.max(...rows.map((r) => r.name.length));
            console.log(`${"benchmark".padEnd(w)}  ${"value".padStart(10)}  unit     target`);
            for (const r of rows) console.log(`${r.name.padEnd(w)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(7)}  ${r.target ?? ""}`);
        },
        (e: unknown) => {
            console.error(e instanceof Error ? e.message : String(e));
            process.exitCode = 1;
        },
    );
}
