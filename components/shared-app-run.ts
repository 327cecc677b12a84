/**
 * The shared-app command's run (components/shared-app-step.ts): `node shared-app-run.js create|update|delete`.
 * Reads the target from its environment and the previous state from PULUMI_COMMAND_STDOUT, hands them to the
 * lifecycle (components/shared-app.ts), and prints the state reached, which the command provider keeps as stdout for
 * the next run. A failure prints one line on stderr (SageMaker's reason, the licence precondition) and exits 1.
 */
import { deleteSharedApp, reconcileSharedApp, sageMakerClient, type LifecycleOptions, type RStudioDomainSettingsForUpdate } from "./shared-app";
import { SHARED_APP_ENV } from "./shared-app-step";

/** The precondition AWS's "Create a domain with RStudio" page states (read 2026-11-30). */
export const LICENCE_PRECONDITION =
    "precondition: an RStudio (Posit Workbench) licence in AWS License Manager for this account and region, reachable by the domain execution role (docs/components.md, Preconditions)";

interface Recorded {
    imageSet: string;
    settings?: RStudioDomainSettingsForUpdate;
}

function parse<T>(text: string | undefined): T | undefined {
    if (text === undefined || text.trim() === "") return undefined;
    try {
        return JSON.parse(text) as T;
    } catch {
        return undefined;
    }
}

/** One run. Returns the text to print (the state reached). */
export async function run(phase: string, env: NodeJS.ProcessEnv, o: LifecycleOptions): Promise<string> {
    const domainId = env[SHARED_APP_ENV.domainId];
    const mode = env[SHARED_APP_ENV.mode];
    if (domainId === undefined || (mode !== "created" && mode !== "existing")) throw new Error(`${SHARED_APP_ENV.domainId} and ${SHARED_APP_ENV.mode} must be set`);
    const desired: Recorded = { imageSet: env[SHARED_APP_ENV.imageSet] ?? "" };
    const settings = parse<RStudioDomainSettingsForUpdate>(env[SHARED_APP_ENV.settings]);
    if (settings !== undefined) desired.settings = settings;
    if (phase === "delete") {
        // A domain the component created is deleted right after this: its app must be gone first. An existing domain keeps its app.
        if (mode === "created") await deleteSharedApp(domainId, o);
        return "";
    }
    if (phase !== "create" && phase !== "update") throw new Error(`unknown phase "${phase}" (create, update or delete)`);
    const previous = phase === "update" ? parse<Recorded>(env.PULUMI_COMMAND_STDOUT) : undefined;
    try {
        await reconcileSharedApp({ domainId, mode, desired, ...(previous !== undefined ? { previous } : {}) }, o);
    } catch (e) {
        const reason = (e as Error).message;
        throw new Error(/licen[cs]e/i.test(reason) || /failed/i.test(reason) ? `${reason}; ${LICENCE_PRECONDITION}` : reason);
    }
    return JSON.stringify(desired);
}

if (require.main === module) {
    // The SDK's default chain finds credentials (and AWS_ENDPOINT_URL_SAGEMAKER, when set) in the environment.
    const client = sageMakerClient({ region: process.env[SHARED_APP_ENV.region] });
    const pollMs = Number(process.env[SHARED_APP_ENV.pollMs]);
    const o: LifecycleOptions = { client, onProgress: (p) => process.stderr.write(`${p.message}\n`) };
    if (Number.isFinite(pollMs) && pollMs > 0) o.pollMs = pollMs;
    run(process.argv[2] ?? "", process.env, o).then(
        (out) => process.stdout.write(out),
        (e: unknown) => {
            process.stderr.write(`sagemaker-rstudio shared RStudioServerPro app: ${(e as Error).message}\n`);
            process.exitCode = 1;
        },
    );
}
