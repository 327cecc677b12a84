/**
 * CLI start-up, whole process, from the compiled package (dist/cli/bin.js, what `npx sagemaker-rstudio` runs):
 * - `check dockerfiles/cpu.Dockerfile` paired with `node -e 0`, alternating, ≥ 9 pairs: median wall time of each and
 *   the median of the per-pair ratios (target ≤ 2.0×). CPU time (user+sys of the child, from GNU time) is printed too:
 *   on a loaded machine it is the steadier figure.
 * - 20 Dockerfiles: one `check` process given all 20 vs 20 `check` processes one after the other.
 * The build must be current (`npm run build`); the suite builds when dist/ is missing.
 *
 * Run alone: `npx ts-node --transpile-only bench/cli.ts`
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runStandalone, type BenchResult } from "./table";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "dist", "cli", "bin.js");
const PAIRS = Number(process.env.BENCH_CLI_PAIRS ?? 11);

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const TIME = "/usr/bin/time";

/**
 * Wall (hrtime around the process) and CPU (user+sys of the child, from GNU time, 10 ms resolution; NaN without it)
 * of one child process. Both sides of a pair are wrapped the same way.
 */
function timed(args: string[], cwd = ROOT): Promise<{ wallMs: number; cpuMs: number; code: number | null }> {
    return new Promise((resolve, reject) => {
        const wrapped = fs.existsSync(TIME);
        const [cmd, argv] = wrapped ? [TIME, ["-f", "rsb-cpu %U %S", process.execPath, ...args]] : [process.execPath, args];
        const t0 = process.hrtime.bigint();
        const child = spawn(cmd, argv, { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
            if (code !== 0 && code !== 1) return reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
            const m = /rsb-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
            resolve({ wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, code });
        });
    });
}

/** 20 distinct Dockerfiles shaped like the reference one (one more package each). */
function twentyDockerfiles(): { dir: string; files: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-bench-cli-"));
    const base = fs.readFileSync(path.join(ROOT, "dockerfiles", "cpu.Dockerfile"), "utf8");
    const files: string[] = [];
    for (let i = 1; i <= 20; i++) {
        const f = path.join(dir, `app${i}.Dockerfile`);
        fs.writeFileSync(f, `${base}\nRUN apt-get update && apt-get install -y --no-install-recommends libtool${i}-dev\n`);
        files.push(f);
    }
    return { dir, files };
}

export async function benchCli(): Promise<BenchResult[]> {
    if (!fs.existsSync(BIN)) {
        const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "inherit" });
        if (r.status !== 0) throw new Error("npm run build failed");
    }
    const check = [BIN, "check", "dockerfiles/cpu.Dockerfile"];
    const bare = ["-e", "0"];
    await timed(check); // warm the file cache
    await timed(bare);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const checkWall: number[] = [];
    const bareWall: number[] = [];
    const checkCpu: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
        // Alternate which goes first, so a load change between the two halves favours neither.
        let bareRun: Awaited<ReturnType<typeof timed>>;
        let checkRun: Awaited<ReturnType<typeof timed>>;
        if (i % 2 === 0) {
            bareRun = await timed(bare);
            checkRun = await timed(check);
        } else {
            checkRun = await timed(check);
            bareRun = await timed(bare);
        }
        bareWall.push(bareRun.wallMs);
        checkWall.push(checkRun.wallMs);
        checkCpu.push(checkRun.cpuMs);
        ratios.push(checkRun.wallMs / bareRun.wallMs);
        cpuRatios.push(checkRun.cpuMs / bareRun.cpuMs);
    }

    const { dir, files } = twentyDockerfiles();
    let oneNote = "";
    spawnSync(process.execPath, [BIN, "check", ...files], { cwd: ROOT, encoding: "utf8" }); // warm
    const t0 = process.hrtime.bigint();
    const one = spawnSync(process.execPath, [BIN, "check", ...files], { cwd: ROOT, encoding: "utf8" });
    let oneMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (one.status !== 0 && one.status !== 1) {
        oneNote = ` (refused: exit ${one.status}: ${one.stderr.trim().split("\n")[0].slice(0, 60)})`;
        oneMs = NaN;
    }
    const t1 = process.hrtime.bigint();
    for (const f of files) {
        const r = spawnSync(process.execPath, [BIN, "check", f], { cwd: ROOT, encoding: "utf8" });
        if (r.status !== 0 && r.status !== 1) throw new Error(`check ${f} exited ${r.status}: ${r.stderr}`);
    }
    const twentyMs = Number(process.hrtime.bigint() - t1) / 1e6;
    fs.rmSync(dir, { recursive: true, force: true });

    return [
        { name: "node -e 0, wall (median)", value: median(bareWall), unit: "ms" },
        { name: "check cpu.Dockerfile, wall (median)", value: median(checkWall), unit: "ms" },
        { name: `check / node -e 0, wall (median of ${PAIRS} alternating pairs)`, value: median(ratios), unit: "x", target: "<= 2.0" },
        { name: "check cpu.Dockerfile, CPU user+sys (median)", value: median(checkCpu), unit: "ms" },
        { name: "check / node -e 0, CPU (median of pairs)", value: median(cpuRatios), unit: "x" },
        { name: `check of 20 Dockerfiles, one process${oneNote}`, value: oneMs, unit: "ms", target: "print" },
        { name: "check of 20 Dockerfiles, 20 processes", value: twentyMs, unit: "ms", target: "print" },
    ];
}

if (require.main === module) runStandalone(benchCli);
