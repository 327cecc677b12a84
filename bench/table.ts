/** What every benchmark suite returns, and the one table all of them print. */

export interface BenchResult {
    name: string;
    value: number;
    unit: string;
    /** The target as the issue states it, e.g. `<= 5 ms`. */
    target?: string;
}

export function formatTable(rows: readonly (BenchResult & { suite?: string })[]): string {
    const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
    const withSuite = rows.some((r) => r.suite !== undefined);
    const suiteW = withSuite ? Math.max(5, ...rows.map((r) => (r.suite ?? "").length)) + 2 : 0;
    const nameW = Math.max(7, ...rows.map((r) => r.name.length)) + 2;
    const head = `${withSuite ? "suite".padEnd(suiteW) : ""}${"measure".padEnd(nameW)}${"value".padStart(12)}  unit    target`;
    const lines = rows.map(
        (r) => `${withSuite ? (r.suite ?? "").padEnd(suiteW) : ""}${r.name.padEnd(nameW)}${fmt(r.value).padStart(12)}  ${r.unit.padEnd(7)} ${r.target ?? ""}`,
    );
    return [head, ...lines].join("\n") + "\n";
}

/** `npx ts-node bench/<suite>.ts`: run one suite alone and print its table; exit 1 on error. */
export function runStandalone(suite: () => Promise<BenchResult[]>): void {
    suite().then(
        (rows) => process.stdout.write(formatTable(rows)),
        (e: unknown) => {
            console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
            process.exitCode = 1;
        },
    );
}
