/**
 * The component provider's start as the engine does it (tests/package/plugin-runner.ts): Pulumi's plugin runner on
 * this repository's compiled package (dist/, `npm run build`), start → port printed → GetSchema answered. Median of
 * 5 starts; target ≤ 2.5 s for GetSchema answered. Wall times: read them with the machine's load (printed).
 *
 * Run alone: `npx ts-node --transpile-only bench/plugin.ts`
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { getSchemaFromPlugin } from "../tests/package/plugin-runner";
import { runStandalone, type BenchResult } from "./table";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_PLUGIN_RUNS ?? 5);

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function benchPlugin(): Promise<BenchResult[]> {
    if (!fs.existsSync(path.join(ROOT, "dist", "schema.json"))) {
        const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "inherit" });
        if (r.status !== 0) throw new Error("npm run build failed");
    }
    const port: number[] = [];
    const schema: number[] = [];
    const cpu: number[] = [];
    await getSchemaFromPlugin(ROOT, ROOT); // warm the file cache
    for (let i = 0; i < RUNS; i++) {
        const r = await getSchemaFromPlugin(ROOT, ROOT);
        port.push(r.portMs);
        schema.push(r.schemaMs);
        cpu.push(r.cpuMs);
    }
    return [
        { name: "load average (1 min) at the end", value: os.loadavg()[0], unit: "" },
        { name: `plugin start → port printed (median of ${RUNS})`, value: median(port), unit: "ms" },
        { name: `plugin start → GetSchema answered (median of ${RUNS})`, value: median(schema), unit: "ms", target: "<= 2500" },
        { name: "plugin CPU user+sys until answered (median)", value: median(cpu), unit: "ms" },
    ];
}

if (require.main === module) runStandalone(benchPlugin);
