/** Child process for the SIGINT test in errors.test.ts: inspects argv[2] without a signal, printing progress. */
import { inspectImage } from "../../inspect/image";

inspectImage(process.argv[2], { onProgress: (m) => process.stdout.write(m + "\n") }).then(
    () => process.stdout.write("DONE\n"),
    (e: Error) => {
        process.stdout.write(`ERROR ${e.name}: ${e.message}\n`);
        process.exitCode = 3;
    },
);
