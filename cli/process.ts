import { main } from "./main";

/** Wire `main` to the real process: stdout/stderr, Ctrl-C aborts work in progress (containers are cleaned up). */
export function runFromProcess(): void {
    const abort = new AbortController();
    process.once("SIGINT", () => {
        process.stderr.write("sagemaker-rstudio: interrupted, cleaning up\n");
        abort.abort();
        process.exitCode = 130;
    });
    main(process.argv.slice(2), {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        isTTY: Boolean(process.stdout.isTTY),
        signal: abort.signal,
    }).then(
        (code) => {
            if (process.exitCode === undefined) process.exitCode = code;
        },
        (e: unknown) => {
            // An internal error: still one line, and a hint where the details are.
            process.stderr.write(`sagemaker-rstudio: internal error: ${(e as Error)?.message ?? String(e)} (set SAGEMAKER_RSTUDIO_DEBUG=1 for details)\n`);
            if (process.env.SAGEMAKER_RSTUDIO_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
            process.exitCode = 2;
        },
    );
}
