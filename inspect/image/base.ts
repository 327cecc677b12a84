/**
 * Base-image inspection for the check layer (DESIGN-DECISIONS 2): the facts of a Dockerfile's base image when the
 * daemon has it (`local`) or may pull it (`pull`), or why not, as a value. A base that cannot be inspected is a
 * normal outcome (no daemon on a laptop, an image never pulled): the caller marks what the base might settle as
 * partial/unknown with `reason`. Only an abort (Ctrl-C) rejects.
 */
import type Dockerode from "dockerode";
import type { ImageFacts } from "../../core/facts";
import { describeDocker, dockerFromEnv } from "../docker";
import { inspectImage } from "../image";
import { ImageInspectError } from "./errors";
import { parseImageReference } from "./reference";

export type BaseInspectMode = "local" | "pull";

export type BaseNotInspectedKind =
    | "daemon-unavailable"
    | "not-present"
    | "pull-refused"
    | "registry-auth"
    | "registry-unreachable"
    | "invalid-reference"
    | "deadline"
    | "scan-failed";

export interface InspectBaseImageOptions {
    /** `local`: only when present in the daemon, never pulls. `pull`: pull when absent (credentials as docker pull). */
    mode: BaseInspectMode;
    /** Abort (Ctrl-C): the promise rejects with ImageInspectAbortedError (name AbortError). */
    signal?: AbortSignal;
    onProgress?: (message: string) => void;
    /** Lines to show even without progress (stale containers removed, containers left behind). */
    onNotice?: (message: string) => void;
    /** Default: DOCKER_HOST, else /var/run/docker.sock. */
    docker?: Dockerode;
    /** Reading the base's files must finish within this. Default DEFAULT_BASE_DEADLINE_MS. */
    deadlineMs?: number;
}

export type BaseImageResult =
    | { ok: true; ref: string; facts: ImageFacts; pulled: boolean }
    | { ok: false; ref: string; kind: BaseNotInspectedKind; reason: string };

/** A base image is read within this by default (the built image gets DEFAULT_DEADLINE_MS). */
export const DEFAULT_BASE_DEADLINE_MS = 120_000;

/** Facts of base image `ref` (the resolved FROM reference; not `scratch`, not a stage name), or why not. */
export async function inspectBaseImage(ref: string, opts: InspectBaseImageOptions): Promise<BaseImageResult> {
    const docker = opts.docker ?? dockerFromEnv();
    const where = describeDocker(docker);
    const no = (kind: BaseNotInspectedKind, reason: string): BaseImageResult => ({ ok: false, ref, kind, reason });
    try {
        parseImageReference(ref);
    } catch (e) {
        return no("invalid-reference", `the base image reference is not valid: ${(e as Error).message}`);
    }
    let pulled = false;
    try {
        const facts = await inspectImage(ref, {
            docker,
            pull: opts.mode === "pull",
            signal: opts.signal,
            deadlineMs: opts.deadlineMs ?? DEFAULT_BASE_DEADLINE_MS,
            onNotice: opts.onNotice,
            onProgress: (m) => {
                if (m.startsWith("pulling ")) pulled = true;
                opts.onProgress?.(m);
            },
        });
        return { ok: true, ref: facts.imageRef ?? ref, facts, pulled };
    } catch (e) {
        if (opts.signal?.aborted || (e as Error).name === "AbortError") throw e;
        if (!(e instanceof ImageInspectError)) return no("scan-failed", `the base image ${ref} could not be inspected: ${(e as Error).message}`);
        const shown = parseSafe(ref);
        switch (e.kind) {
            case "image-not-found":
                return opts.mode === "local"
                    ? no("not-present", `the base image ${shown} is not in the Docker daemon at ${where} (base inspection "local" never pulls; use "pull" to allow it)`)
                    : no("pull-refused", `the base image ${shown} could not be pulled: ${e.message}`);
            case "daemon-unavailable":
                return no("daemon-unavailable", `the base image ${shown} was not inspected: ${e.message}`);
            case "registry-auth":
            case "registry-unreachable":
            case "invalid-reference":
            case "deadline":
                return no(e.kind, `the base image ${shown} was not inspected: ${e.message}`);
            default:
                return no("scan-failed", `the base image ${shown} was not inspected: ${e.message}`);
        }
    }
}

/** The reference as it may be shown (parseImageReference already refused credentials in it). */
function parseSafe(ref: string): string {
    return ref.length > 300 ? `${ref.slice(0, 300)}…` : ref;
}
