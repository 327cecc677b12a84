// The in-process half of tests/fuzz/fuzz.test.ts: a worker thread that runs the CLI's `main` (cli/main.ts, through
// ts-node like the other tests) on the cases it is sent. In a worker so that a case that never returns can be
// stopped (Worker.terminate) without taking the test process down with it.
"use strict";
const path = require("path");
const { parentPort } = require("worker_threads");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "..", "tsconfig.json") });
const { main } = require("../../cli/main");

parentPort.on("message", async ({ id, argv }) => {
    let stdoutBytes = 0;
    let stderr = "";
    const t0 = process.hrtime.bigint();
    let code;
    let thrown;
    try {
        code = await main(argv, {
            stdout: (s) => {
                stdoutBytes += s.length;
            },
            stderr: (s) => {
                stderr += s;
            },
            isTTY: false,
        });
    } catch (e) {
        thrown = e && e.stack ? e.stack : String(e);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    parentPort.postMessage({ id, code, stdoutBytes, stderr, ms, thrown, heapMB: process.memoryUsage().heapUsed / 1e6 });
});
parentPort.postMessage({ ready: true });
