import { main } from "./main";

/** Exit codes of a process ended by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Wire `main` to the real process: stdout/stderr, Ctrl-C and SIGTERM (how CI cancels a job) abort work in progress
 * so inspection containers are removed before the process ends. A closed stdout (`sagemaker-rstudio rules | head`)
 * ends the output quietly.
 */
export function runFromProcess(): void {
    const abort = new AbortController();
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = SIGNAL_EXIT[signal] ?? 130;
        if (signals === 1) {
            process.stderr.write(`sagemaker-rstudio: ${signal === "SIGINT" ? "interrupted" : "terminated"}, cleaning up\n`);
            abort.abort();
        } else if (signals === 2) {
            // A second signal does not skip the clean-up (that would leave containers behind); a third one does.
            process.stderr.write("sagemaker-rstudio: still cleaning up (signal again to quit now, leaving containers behind)\n");
        } else {
            process.exit(process.exitCode);
        }
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);

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
