#!/usr/bin/env node
// `npm run bench [-- dockerfile|image|policies|cli|plugin ...]`: runs the benchmark suites and prints their figures next to
// their targets. Figures are measured on this machine in this run; nothing is asserted here (tests do that).
"use strict";
require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "tsconfig.json") });

const SUITES = {
    dockerfile: ["./dockerfile", "benchDockerfile"],
    policies: ["./policies", "benchPolicies"],
    image: ["./image", "benchImage"],
    cli: ["./cli", "benchCli"],
    plugin: ["./plugin", "benchPlugin"],
};

async function main() {
    const wanted = process.argv.slice(2);
    const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
    for (const n of names) {
        if (!SUITES[n]) {
            console.error(`bench: unknown suite "${n}" (expected: ${Object.keys(SUITES).join(", ")})`);
            process.exit(2);
        }
    }
    const rows = [];
    for (const n of names) {
        const [mod, fn] = SUITES[n];
        console.error(`bench: running ${n} …`);
        const t0 = Date.now();
        const results = await require(mod)[fn]();
        for (const r of results) rows.push({ suite: n, ...r });
        console.error(`bench: ${n} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    process.stdout.write(require("./table").formatTable(rows));
}

main().catch((e) => {
    console.error(`bench: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
});
