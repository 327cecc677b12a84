/**
 * Policy pack speed, measured side by side with bare @pulumi/policy packs, all started the way
 * pulumi-language-nodejs starts a policy pack (tests/policies/harness.ts) from temp folders whose node_modules link
 * to the repository's:
 *
 * - cold start: spawn → port printed on stdout, median of N starts alternating with the bare pack (one trivial
 *   policy), and the ratio (target ≤ 1.15×: the pack runs a prebuilt bundle, no TypeScript is compiled at start);
 * - Analyze round trip over gRPC: each resource of a 1,000-resource stack in turn (what the engine sends during a
 *   preview), p50 ≤ 2 ms; and one RStudioImage with the reference CPU Dockerfile's facts (the heaviest resource:
 *   every image policy gets its own copy of the facts from the SDK and reads it through the SDK's proxy), ≤ 1.5×
 *   the same request to a bare pack of the same shape (issue 8: the pack uses the SDK's public API only);
 * - AnalyzeStack over 1,000 resources: ≤ 200 ms.
 *
 * The machine this runs on is often busy with other work, so the packs are measured interleaved, request by
 * request (the order rotating every round): a burst of load slows all of them alike, and the ratios to the bare
 * packs stay meaningful when the absolute figures move. Two baselines:
 * - "bare": one trivial resource policy (the baseline);
 * - "bare, same shape": a trivial policy for each policy of this pack, with the same type filters (16 resource
 *   policies, 2 stack policies). The SDK deserializes a resource's properties once per resource policy and every
 *   resource of the stack once per stack policy, before calling it: this is the floor for a pack of this shape, and
 *   the difference to it is the pack's own work.
 *
 * Requests are encoded once before timing (the engine encodes in Go); the figures are the pack's work plus the
 * local gRPC round trip. `BENCH_POLICY_COMPARE="label=<pack folder>,…"` adds other builds of the pack (say the
 * previous commit's, built with policies/build.js into a copy of policies/) to the same interleaved run.
 *
 * Run alone: `npx ts-node --transpile-only bench/policies.ts` (or `npm run bench -- policies`).
 */
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    analyzeRequest,
    analyzeStackRequest,
    bareTrivialPack,
    buildPack,
    copyPackAlone,
    startPack,
    REPO_ROOT,
    writeScratchPack,
    type EngineResource,
    type RunningPack,
} from "../tests/policies/harness";
import { DOMAIN_ARN_2026_08, domain, passingFacts, rstudioImage, rstudioImageChildren } from "../tests/policies/fixtures";
import { POLICIES } from "../policies/policies";
import { runStandalone, type BenchResult } from "./table";

const COLD_STARTS = Number(process.env.BENCH_POLICY_COLD_STARTS ?? 9);
const ANALYZE_ROUNDS = Number(process.env.BENCH_POLICY_ANALYZE_CALLS ?? 1500);
const MIX_ROUNDS = Number(process.env.BENCH_POLICY_MIX_ROUNDS ?? 2);
const STACK_RUNS = Number(process.env.BENCH_POLICY_STACK_RUNS ?? 41);
/** A loaded machine can take long to start a Node process: wait for the port longer than the tests do. */
const START = { timeoutMs: 180_000 };

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

/**
 * A bare pack with this pack's shape: for each of its policies a trivial one, with the same type filter (a single
 * validation tagged with a resource type is skipped by the SDK for other types, without deserializing anything).
 */
function bareSameShapePack(): string {
    const shape = POLICIES.map((p) => {
        if ("validateStack" in p) return { stack: true };
        const v = (p as ResourceValidationPolicy).validateResource;
        const type = !Array.isArray(v) ? (v as { __pulumiType?: string } | undefined)?.__pulumiType : undefined;
        return { stack: false, type };
    });
    return writeScratchPack("bare-shaped-pack", [
        'const { PolicyPack } = require("@pulumi/policy");',
        `const shape = ${JSON.stringify(shape)};`,
        "const policies = shape.map((s, i) => {",
        '    const p = { name: `trivial-${i}`, description: "Does nothing.", enforcementLevel: "advisory" };',
        "    if (s.stack) return { ...p, validateStack: () => {} };",
        "    const validate = () => {};",
        "    if (s.type) validate.__pulumiType = s.type;",
        "    return { ...p, validateResource: validate };",
        "});",
        'new PolicyPack("bare-shaped", { policies });',
    ]);
}

interface Contender {
    label: string;
    dir: string;
    pack?: RunningPack;
    image: number[];
    mix: number[];
    stack: number[];
    imageDiagnostics?: number;
    stackDiagnostics?: number;
}

function contender(label: string, dir: string): Contender {
    return { label, dir, image: [], mix: [], stack: [] };
}

/** Other builds to measure in the same run: BENCH_POLICY_COMPARE="label=dir,label=dir". */
function comparedBuilds(): Contender[] {
    const spec = process.env.BENCH_POLICY_COMPARE ?? "";
    return spec
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .map((s) => {
            const eq = s.indexOf("=");
            if (eq <= 0) throw new Error(`BENCH_POLICY_COMPARE: expected label=<pack folder>, got "${s}"`);
            const dir = path.resolve(s.slice(eq + 1));
            if (!fs.existsSync(path.join(dir, "package.json"))) throw new Error(`BENCH_POLICY_COMPARE: no package.json in ${dir}`);
            return contender(s.slice(0, eq), dir);
        });
}

async function coldStart(dir: string): Promise<number> {
    const pack = await startPack(dir, START);
    const ms = pack.startupMs;
    await pack.stop();
    return ms;
}

async function timed(pack: RunningPack, method: "analyze" | "analyzeStack", bytes: Uint8Array): Promise<number> {
    const t0 = nowMs();
    await pack.sendEncoded(method, bytes);
    return nowMs() - t0;
}

/** Each round sends one request to every contender, starting with a different one each round. */
async function interleaved(cs: Contender[], rounds: number, each: (c: Contender, round: number) => Promise<void>): Promise<void> {
    for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < cs.length; k++) await each(cs[(r + k) % cs.length], r);
    }
}

export async function benchPolicies(): Promise<BenchResult[]> {
    buildPack();
    const ours = contender("pack", copyPackAlone());
    const bare = contender("bare", bareTrivialPack(1));
    const shaped = contender("bare, same shape", bareSameShapePack());
    const compared = comparedBuilds();
    const all = [ours, bare, shaped, ...compared];
    try {
        // Cold start, alternating so all see the same machine state; one discarded warm-up each.
        const starters = [ours, bare, ...compared];
        const starts = new Map<Contender, number[]>(starters.map((c) => [c, []]));
        for (const c of starters) await coldStart(c.dir);
        for (let i = 0; i < COLD_STARTS; i++) {
            for (let k = 0; k < starters.length; k++) {
                const c = starters[(i + k) % starters.length];
                starts.get(c)!.push(await coldStart(c.dir));
            }
        }

        const facts = referenceFacts();
        const imageBytes = analyzeRequest(rstudioImage("rstudio-cpu", { facts })).serializeBinary();
        const stack = thousandResources(facts);
        if (stack.length !== 1000) throw new Error(`expected 1000 resources, built ${stack.length}`);
        const mixBytes = stack.map((r) => analyzeRequest(r).serializeBinary());
        const stackBytes = analyzeStackRequest(stack).serializeBinary();

        for (const c of all) {
            c.pack = await startPack(c.dir, START);
            await c.pack.configureStack();
            await c.pack.configureFromFile({});
        }
        // Warm-up (JIT, gRPC channels), and the diagnostics each build reports.
        for (const c of all) {
            const p = c.pack!;
            for (let i = 0; i < 200; i++) await p.sendEncoded("analyze", imageBytes);
            for (const b of mixBytes.slice(0, 200)) await p.sendEncoded("analyze", b);
            c.imageDiagnostics = (await p.sendEncoded("analyze", imageBytes)).getDiagnosticsList().length;
            c.stackDiagnostics = (await p.sendEncoded("analyzeStack", stackBytes)).getDiagnosticsList().length;
        }

        await interleaved(all, ANALYZE_ROUNDS, async (c) => void c.image.push(await timed(c.pack!, "analyze", imageBytes)));
        for (let r = 0; r < MIX_ROUNDS; r++) {
            for (let i = 0; i < mixBytes.length; i++) {
                for (let k = 0; k < all.length; k++) {
                    const c = all[(i + k) % all.length];
                    c.mix.push(await timed(c.pack!, "analyze", mixBytes[i]));
                }
            }
        }
        await interleaved(all, STACK_RUNS, async (c) => void c.stack.push(await timed(c.pack!, "analyzeStack", stackBytes)));

        const ourStart = median(starts.get(ours)!);
        const bareStart = median(starts.get(bare)!);
        const rows: BenchResult[] = [
            { name: `cold start, sagemaker-rstudio pack (median of ${COLD_STARTS})`, value: round(ourStart, 1), unit: "ms" },
            { name: `cold start, bare pack, 1 trivial policy (median of ${COLD_STARTS})`, value: round(bareStart, 1), unit: "ms" },
            { name: "cold start ratio pack/bare", value: round(ourStart / bareStart, 3), unit: "x", target: "<= 1.15" },
        ];
        const nRes = POLICIES.filter((p) => "validateResource" in p).length;
        const nStack = POLICIES.length - nRes;
        const figure = (c: Contender, xs: number[], what: string): BenchResult[] => [
            { name: `${what}, ${c.label}, p50`, value: round(median(xs)), unit: "ms" },
        ];
        // Analyze, each resource of the stack in turn.
        rows.push(
            { name: `Analyze per resource of a 1,000-resource stack, p50 (${ours.mix.length} calls)`, value: round(median(ours.mix)), unit: "ms", target: "<= 2 ms" },
            { name: "Analyze per resource of a 1,000-resource stack, p95", value: round(quantile(ours.mix, 0.95)), unit: "ms" },
            ...figure(bare, bare.mix, "  same"),
            ...figure(shaped, shaped.mix, "  same"),
            { name: "  ratio pack/bare (p50)", value: round(median(ours.mix) / median(bare.mix)), unit: "x" },
        );
        // Analyze of one RStudioImage.
        rows.push(
            { name: `Analyze RStudioImage (reference CPU facts), p50 (${ours.image.length} calls)`, value: round(median(ours.image)), unit: "ms", target: "<= 2 ms" },
            { name: "Analyze RStudioImage (reference CPU facts), p95", value: round(quantile(ours.image, 0.95)), unit: "ms" },
            ...figure(bare, bare.image, "  same"),
            { name: `  same, bare pack with this pack's shape (${nRes} resource policies), p50`, value: round(median(shaped.image)), unit: "ms" },
            { name: "  ratio pack/bare (p50)", value: round(median(ours.image) / median(bare.image)), unit: "x" },
            { name: "  ratio pack/bare same shape (p50)", value: round(median(ours.image) / median(shaped.image)), unit: "x", target: "<= 1.5" },
            { name: "Analyze RStudioImage: diagnostics", value: ours.imageDiagnostics ?? 0, unit: "count" },
        );
        // AnalyzeStack.
        rows.push(
            { name: `AnalyzeStack 1,000 resources, median of ${STACK_RUNS}`, value: round(median(ours.stack), 1), unit: "ms", target: "<= 200 ms" },
            { name: "  same, bare pack (1 trivial resource policy)", value: round(median(bare.stack), 1), unit: "ms" },
            { name: `  same, bare pack with this pack's shape (${nStack} stack policies)`, value: round(median(shaped.stack), 1), unit: "ms" },
            { name: "  ratio pack/bare", value: round(median(ours.stack) / median(bare.stack)), unit: "x" },
            { name: "  ratio pack/bare same shape", value: round(median(ours.stack) / median(shaped.stack)), unit: "x" },
            { name: "AnalyzeStack 1,000 resources: diagnostics", value: ours.stackDiagnostics ?? 0, unit: "count" },
        );
        for (const c of compared) {
            rows.push(
                { name: `[${c.label}] cold start (median of ${COLD_STARTS})`, value: round(median(starts.get(c)!), 1), unit: "ms" },
                { name: `[${c.label}] Analyze per resource of the stack, p50`, value: round(median(c.mix)), unit: "ms" },
                { name: `[${c.label}] Analyze RStudioImage, p50`, value: round(median(c.image)), unit: "ms" },
                { name: `[${c.label}] Analyze RStudioImage, ratio to bare same shape (p50)`, value: round(median(c.image) / median(shaped.image)), unit: "x" },
                { name: `[${c.label}] AnalyzeStack 1,000 resources, median`, value: round(median(c.stack), 1), unit: "ms" },
                { name: `[${c.label}] Analyze RStudioImage: diagnostics`, value: c.imageDiagnostics ?? 0, unit: "count" },
                { name: `[${c.label}] AnalyzeStack 1,000 resources: diagnostics`, value: c.stackDiagnostics ?? 0, unit: "count" },
            );
        }
        return rows;
    } finally {
        for (const c of all) await c.pack?.stop();
        for (const c of [ours, bare, shaped]) fs.rmSync(c.dir, { recursive: true, force: true });
    }
}

if (require.main === module) runStandalone(benchPolicies);
