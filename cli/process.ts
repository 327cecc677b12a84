import { main } from "./main";

/**
 * Wire `main` to the real process: stdout/stderr, Ctrl-C aborts work in progress so inspection containers are
 * removed before the process ends (exit 130). SIGTERM (how CI cancels a job) is left to the image inspection, which
 * removes its containers and then ends the process by the signal itself (inspect/image). A closed stdout
 * (`sagemaker-rstudio rules | head`) ends the output quietly.
 */
export function runFromProcess(): void {
    const abort = new AbortController();
    let interrupts = 0;
    process.on("SIGINT", () => {
        interrupts++;
        process.exitCode = 130;
        if (interrupts === 1) {
            process.stderr.write("sagemaker-rstudio: interrupted, cleaning up\n");
            abort.abort();
        } else if (interrupts === 2) {
            // A second Ctrl-C does not skip the clean-up (that would leave containers behind); a third one does.
            process.stderr.write("sagemaker-rstudio: still cleaning up (Ctrl-C again to quit now, leaving containers behind)\n");
        } else {
            process.exit(130);
        }
    });

    // The reader went away (`| head`): stop writing, no EPIPE stack trace. The exit code stays the check's.
    let stdoutClosed = false;
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") {
            stdoutClosed = true;
            return;
        }
        throw e;
    });
    process.stderr.on("error", () => {
        /* nowhere left to report it */
    });

    main(process.argv.slice(2), {
        stdout: (s) => {
            if (!stdoutClosed) process.stdout.write(s);
        },
        stderr: (s) => process.stderr.write(s),
        isTTY: Boolean(process.stdout.isTTY),
        signal: abort.signal,
    }).then(
        (code) => {
            if (process.exitCode === undefined) process.exitCode = code;
        },
        (e: unknown) => {
            if (abort.signal.aborted && (e as { code?: string })?.code === "aborted") return; // the signal's exit code stands
            // An internal error: still one line, and a hint where the details are.
            process.stderr.write(`sagemaker-rstudio: internal error: ${(e as Error)?.message ?? String(e)} (set SAGEMAKER_RSTUDIO_DEBUG=1 for details)\n`);
            if (process.env.SAGEMAKER_RSTUDIO_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
            process.exitCode = 2;
        },
    );
}
