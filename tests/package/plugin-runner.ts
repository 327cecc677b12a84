/**
 * Start the component provider the way the engine starts a source-based Node.js plugin (pulumi-language-nodejs
 * RunPlugin: `node <@pulumi/pulumi/cmd/run-plugin, resolved from the plugin folder> <plugin folder> <engine address>`,
 * working directory = the program's), read the port it prints, and ask GetSchema over gRPC.
 * Shared by tests/package/plugin.test.ts and bench/plugin.ts.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest, GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";

/** utime + stime of a live process, ms (USER_HZ = 100 on Linux). */
function processCpuMs(pid: number): number {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return NaN;
    }
}

export interface PluginRun {
    schema: string;
    /** Process start → port printed, ms. */
    portMs: number;
    /** Process start → GetSchema answered, ms. */
    schemaMs: number;
    /** CPU (user+sys) the plugin process had used when GetSchema was answered, ms (Linux /proc; NaN elsewhere). */
    cpuMs: number;
    /** Every line the plugin printed on stdout until it was stopped (the port, once). */
    stdoutLines: string[];
    stderr: string;
}

/**
 * @param pluginDir the plugin folder (package.json's main is the entry)
 * @param cwd the working directory (the engine uses the program's)
 * @param settleMs how long to keep watching stdout after GetSchema (a second server would print a second port)
 */
export async function getSchemaFromPlugin(pluginDir: string, cwd: string, settleMs = 0): Promise<PluginRun> {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [pluginDir] });
    const t0 = process.hrtime.bigint();
    const ms = (): number => Number(process.hrtime.bigint() - t0) / 1e6;
    // No engine is contacted until a resource is constructed: any address will do for GetSchema.
    const child = spawn(process.execPath, [runPlugin, pluginDir, "127.0.0.1:1"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
        const { port, portMs } = await new Promise<{ port: number; portMs: number }>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no port within 120 s: ${stderr}`)), 120_000);
            child.stdout.on("data", (d: Buffer) => {
                stdout += d.toString();
                const m = /^(\d+)\s*$/m.exec(stdout);
                if (m) {
                    clearTimeout(timer);
                    resolve({ port: Number(m[1]), portMs: ms() });
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`plugin exited with ${code} before printing its port: ${stderr}`));
            });
        });
        const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        let schema: string;
        try {
            const response = await new Promise<GetSchemaResponse>((resolve, reject) =>
                client.getSchema(new GetSchemaRequest(), (err, res) => (err ? reject(err) : resolve(res!))),
            );
            schema = response.getSchema();
        } finally {
            client.close();
        }
        const schemaMs = ms();
        const cpuMs = processCpuMs(child.pid!);
        if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
        return { schema, portMs, schemaMs, cpuMs, stdoutLines: stdout.split("\n").filter((l) => l.trim() !== ""), stderr };
    } finally {
        if (child.exitCode === null) {
            child.kill("SIGTERM");
            await new Promise((r) => child.once("exit", r));
        }
    }
}
