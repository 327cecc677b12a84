/**
 * Built image → ImageFacts, through the Docker Engine API (dockerode); no docker CLI, and the image's own code is
 * never run.
 *
 * - Config facts (size, platform, ENV, ENTRYPOINT/CMD) come from `GET /images/{name}/json`.
 * - Filesystem facts come from a container that is created from the image and never started: the archive
 *   endpoints stat paths and stream small files / selected directories out of it (see `image/scan.ts` for
 *   which, and docs/image-inspection.md for why). The container carries the label `sagemaker-rstudio.inspect=1`
 *   and is removed in every case: success, error, abort through `signal`, and SIGINT/SIGTERM when no signal is
 *   given.
 */
import { setMaxListeners } from "events";
import type Dockerode from "dockerode";
import type { EntrypointFact, EnvVarFact, ImageFacts } from "../core/facts";
import { emptyFacts, known, unknown } from "../core/facts";
import { daemonMessage, describeDocker, dockerFromEnv, isAbortError, isConnectionError, daemonUnavailable, pingDocker, statusCode } from "./docker";
import { ContainerFs } from "./image/archive";
import { ImageInspectAbortedError, ImageInspectError, ImageInspectErrorKind } from "./image/errors";
import { parseEnvList } from "./image/parsers";
import { ImageReference, parseImageReference, pullsByDefault } from "./image/reference";
import { ScanStats, scanFilesystem } from "./image/scan";

export { ImageInspectError, ImageInspectAbortedError } from "./image/errors";
export type { ImageInspectErrorKind } from "./image/errors";
export { parseImageReference } from "./image/reference";
export type { ImageReference } from "./image/reference";
export type { ScanStats } from "./image/scan";

/** Label on every container the inspection creates (tests and `docker ps -a --filter label=…` find leftovers). */
export const INSPECT_LABEL = "sagemaker-rstudio.inspect";

export interface RegistryAuth {
    username: string;
    password: string;
    /** Defaults to the reference's registry host. */
    serveraddress?: string;
}

export interface InspectImageOptions {
    /** Default: the daemon from DOCKER_HOST, else /var/run/docker.sock. */
    docker?: Dockerode;
    /** Pull when the image is not present locally. Default: true for references with a registry host or a digest. */
    pull?: boolean;
    auth?: RegistryAuth;
    /** Progress lines (phase, pull status, directory being listed); the CLI prints them when the scan takes > 1 s. */
    onProgress?: (message: string) => void;
    /** Abort (Ctrl-C): in-flight requests are cancelled, the container is removed, the promise rejects (name AbortError). */
    signal?: AbortSignal;
    /** Receives request counts and streamed bytes of the filesystem scan (benchmarks, debugging). */
    onStats?: (stats: ScanStats & { imageId: string; containerIds: string[] }) => void;
}

interface ImageInfo {
    Id: string;
    Size: number;
    Os: string;
    Architecture: string;
    Variant?: string;
    RepoDigests?: string[];
    Config?: { Env?: string[] | null; Entrypoint?: string[] | string | null; Cmd?: string[] | string | null } | null;
}

/** Facts of the built image `ref` (a local tag or ID, or `registry/repo[:tag][@sha256:…]`). */
export async function inspectImage(ref: string, opts: InspectImageOptions = {}): Promise<ImageFacts> {
    const parsed = parseImageReference(ref);
    const docker = opts.docker ?? dockerFromEnv();
    const progress = opts.onProgress ?? (() => {});
    const controller = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
    // Every in-flight request listens on the signal; dozens run at once during a scan.
    setMaxListeners(0, signal);
    if (signal.aborted) throw new ImageInspectAbortedError();

    progress(`connecting to the Docker daemon at ${describeDocker(docker)}`);
    await pingDocker(docker, { signal });
    const info = await resolveImage(docker, parsed, opts, signal, progress);

    const facts = configFacts(info, ref);

    // Without a caller's signal, Ctrl-C / SIGTERM must still remove the container: catch them while it exists,
    // then re-raise once it is gone.
    let caught: NodeJS.Signals | undefined;
    const onSignal = (sig: NodeJS.Signals) => {
        caught = sig;
        controller.abort();
    };
    const watchSignals = opts.signal === undefined;
    if (watchSignals) {
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
    }
    const containers: Dockerode.Container[] = [];
    try {
        const count = await containerCount(docker);
        progress(`creating containers from ${shortId(info.Id)} (${count}, never started) to read its files`);
        await createInspectContainers(docker, info.Id, ref, count, containers);
        if (signal.aborted) throw new ImageInspectAbortedError();
        const fs = new ContainerFs(containers, signal, progress);
        const env = parseEnvList(info.Config?.Env);
        const { facts: fsFacts, stats } = await scanFilesystem(fs, env, progress);
        Object.assign(facts, fsFacts);
        opts.onStats?.({ ...stats, imageId: info.Id, containerIds: containers.map((c) => c.id) });
        return facts;
    } catch (e) {
        if (signal.aborted || isAbortError(e)) throw new ImageInspectAbortedError();
        if (e instanceof ImageInspectError) throw e;
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        throw new ImageInspectError("scan-failed", `could not read the files of ${ref}: ${daemonMessage(e)}`);
    } finally {
        if (containers.length > 0) {
            progress(`removing container${containers.length > 1 ? "s" : ""} ${containers.map((c) => c.id.slice(0, 12)).join(", ")}`);
            await Promise.all(containers.map((c) => removeContainer(c)));
        }
        if (watchSignals) {
            process.removeListener("SIGINT", onSignal);
            process.removeListener("SIGTERM", onSignal);
            if (caught !== undefined) process.kill(process.pid, caught);
        }
    }
}

/** Facts from the image config alone (no container needed). */
function configFacts(info: ImageInfo, ref: string): ImageFacts {
    const facts = emptyFacts("image", "not determined from the image");
    facts.imageRef = ref;
    facts.baseImage = unknown("image", "a built image does not record which base image reference it was built from");
    facts.commands = unknown("image", "a built image does not keep its RUN commands in a checkable form (check the Dockerfile as well)");
    facts.sizeBytes = known(info.Size, "image", { via: "image size (as docker image ls shows it)" });
    facts.platform = known(`${info.Os}/${info.Architecture}${info.Variant ? `/${info.Variant}` : ""}`, "image", { via: "image config" });
    const env: Record<string, EnvVarFact> = {};
    for (const [k, v] of parseEnvList(info.Config?.Env)) env[k] = { value: v };
    facts.env = known(env, "image", { via: "image config Env (including what base images set)" });
    const ep: EntrypointFact = {};
    const entrypoint = asArgv(info.Config?.Entrypoint);
    const cmd = asArgv(info.Config?.Cmd);
    if (entrypoint) ep.entrypoint = entrypoint;
    if (cmd) ep.cmd = cmd;
    facts.entrypoint = known(ep, "image", { via: "image config Entrypoint/Cmd" });
    return facts;
}

function asArgv(v: string[] | string | null | undefined): string[] | undefined {
    if (v === null || v === undefined) return undefined;
    return typeof v === "string" ? [v] : v.length > 0 ? [...v] : undefined;
}

function shortId(id: string): string {
    return id.replace(/^sha256:/, "").slice(0, 12);
}

async function inspectLocal(docker: Dockerode, name: string): Promise<ImageInfo | undefined> {
    try {
        return (await docker.getImage(name).inspect()) as unknown as ImageInfo;
    } catch (e) {
        if (statusCode(e) === 404) return undefined;
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        if (statusCode(e) === 400) throw new ImageInspectError("invalid-reference", `invalid image reference "${name}": ${daemonMessage(e)}`);
        throw new ImageInspectError("scan-failed", `could not inspect ${name}: ${daemonMessage(e)}`);
    }
}

async function resolveImage(docker: Dockerode, ref: ImageReference, opts: InspectImageOptions, signal: AbortSignal, progress: (m: string) => void): Promise<ImageInfo> {
    const local = await inspectLocal(docker, ref.raw);
    if (local) return local;
    const pull = opts.pull ?? pullsByDefault(ref);
    if (!pull) {
        const why = ref.isId
            ? "an image ID is never pulled"
            : opts.pull === false
              ? "pulling is disabled"
              : "the reference names no registry, and Docker Hub is not pulled from implicitly: build it, or give registry/repo:tag";
        throw new ImageInspectError("image-not-found", `image ${ref.raw} not found in the Docker daemon at ${describeDocker(docker)} (${why})`);
    }
    await pullImage(docker, ref, opts.auth, signal, progress);
    const pulled = await inspectLocal(docker, ref.raw);
    if (!pulled) throw new ImageInspectError("image-not-found", `image ${ref.raw} was pulled but the daemon does not find it under that reference`);
    return pulled;
}

/** Map a pull failure (the daemon relays the registry's answer as text) to a kind and one line. */
export function classifyPullError(ref: string, registry: string | undefined, message: string): ImageInspectError {
    const where = registry ?? "the registry";
    const m = message.replace(/\s+/g, " ").trim();
    let kind: ImageInspectErrorKind;
    let cause: string;
    if (/unauthorized|authentication required|no basic auth credentials|denied: requested access|\b401\b|incorrect username or password|403 forbidden/i.test(m)) {
        kind = "registry-auth";
        cause = `${where} refused the credentials (HTTP 401/403: missing or wrong; docker login credentials are not read, give them as auth)`;
    } else if (/manifest unknown|manifest for .* not found|not found: manifest|name unknown|repository .* not found|no such image|\b404\b/i.test(m)) {
        kind = "image-not-found";
        cause = `${where} has no such image`;
    } else if (/pull access denied/i.test(m)) {
        kind = "image-not-found";
        cause = `${where} has no such image, or it needs credentials`;
    } else if (/connection refused|no such host|i\/o timeout|dial tcp|network is unreachable|timeout|TLS handshake|server gave HTTP response to HTTPS client|x509|connection reset|EOF/i.test(m)) {
        kind = "registry-unreachable";
        cause = `${where} is not reachable`;
    } else {
        kind = "scan-failed";
        cause = "the pull failed";
    }
    return new ImageInspectError(kind, `cannot pull ${ref}: ${cause} (${m})`);
}

async function pullImage(docker: Dockerode, ref: ImageReference, auth: RegistryAuth | undefined, signal: AbortSignal, progress: (m: string) => void): Promise<void> {
    progress(`pulling ${ref.raw}`);
    const query: Record<string, unknown> = { fromImage: ref.name, tag: ref.digest ?? ref.tag ?? "latest", abortSignal: signal };
    const authconfig = auth ? { username: auth.username, password: auth.password, serveraddress: auth.serveraddress ?? ref.registry ?? "" } : undefined;
    let stream: NodeJS.ReadableStream;
    try {
        stream = (await (docker.createImage as (auth: unknown, opts: unknown) => Promise<NodeJS.ReadableStream>).call(docker, authconfig, query)) as NodeJS.ReadableStream;
    } catch (e) {
        if (signal.aborted || isAbortError(e)) throw new ImageInspectAbortedError();
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        throw classifyPullError(ref.raw, ref.registry, daemonMessage(e));
    }
    await new Promise<void>((resolve, reject) => {
        let buf = "";
        let failed: ImageInspectError | undefined;
        let last = 0;
        const onLine = (line: string) => {
            if (line.trim() === "") return;
            let msg: { status?: string; id?: string; progress?: string; error?: string; errorDetail?: { message?: string } };
            try {
                msg = JSON.parse(line);
            } catch {
                return;
            }
            if (msg.error || msg.errorDetail?.message) {
                failed ??= classifyPullError(ref.raw, ref.registry, msg.errorDetail?.message ?? msg.error ?? "");
                return;
            }
            const now = Date.now();
            if (msg.status && (now - last > 250 || !msg.progress)) {
                last = now;
                progress(`pulling ${ref.raw}: ${[msg.id, msg.status, msg.progress].filter(Boolean).join(" ")}`);
            }
        };
        stream.on("data", (chunk: Buffer) => {
            buf += chunk.toString("utf8");
            let nl: number;
            while ((nl = buf.indexOf("\n")) >= 0) {
                onLine(buf.slice(0, nl));
                buf = buf.slice(nl + 1);
            }
        });
        stream.on("error", (e: Error) => {
            if (signal.aborted || isAbortError(e)) reject(new ImageInspectAbortedError());
            else reject(failed ?? classifyPullError(ref.raw, ref.registry, e.message));
        });
        stream.on("end", () => {
            onLine(buf);
            if (failed) reject(failed);
            else resolve();
        });
    });
}

/**
 * How many containers to read through: the daemon serialises archive requests per container, so one per daemon
 * CPU (at most 4) lets directory walks run in parallel. Creating one costs a few milliseconds, whatever the size.
 */
async function containerCount(docker: Dockerode): Promise<number> {
    try {
        const info = (await docker.info()) as { NCPU?: number };
        return Math.max(1, Math.min(4, info.NCPU ?? 1));
    } catch {
        return 1;
    }
}

/** Create `count` containers (pushed onto `out` as they are made, so the caller removes whatever exists). */
async function createInspectContainers(docker: Dockerode, imageId: string, ref: string, count: number, out: Dockerode.Container[]): Promise<void> {
    // No abort signal here: a create cancelled after the daemon made the container would leave it behind.
    const results = await Promise.allSettled(
        Array.from({ length: count }, async () => {
            const c = await docker.createContainer({
                Image: imageId,
                // Never started; the entrypoint only satisfies images without ENTRYPOINT/CMD (FROM scratch).
                Entrypoint: ["/.sagemaker-rstudio-inspect-never-started"],
                Cmd: [],
                Labels: { [INSPECT_LABEL]: "1", [`${INSPECT_LABEL}.image`]: ref },
                NetworkDisabled: true,
                HostConfig: { NetworkMode: "none" },
            });
            out.push(c);
        }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
        if (isConnectionError(failed.reason)) throw daemonUnavailable(docker, failed.reason);
        throw new ImageInspectError("scan-failed", `could not create a container from ${ref} to read its files: ${daemonMessage(failed.reason)}`);
    }
}

async function removeContainer(container: Dockerode.Container): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
        try {
            // v: anonymous volumes the image declares (VOLUME) were created with the container.
            await container.remove({ force: true, v: true });
            return;
        } catch (e) {
            if (statusCode(e) === 404) return;
            if (isConnectionError(e)) return; // the daemon is gone; nothing to clean up through it
            await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
        }
    }
}

/**
 * For CLIs: hold progress lines back until `delayMs` has passed (a fast scan prints nothing), then pass each one
 * to `write`, at most every `intervalMs` (the latest line wins).
 */
export function delayedProgress(write: (line: string) => void, delayMs = 1000, intervalMs = 200): { onProgress: (m: string) => void; done: () => void } {
    const start = Date.now();
    let last = 0;
    let pending: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
        timer = undefined;
        if (pending !== undefined) {
            write(pending);
            last = Date.now();
            pending = undefined;
        }
    };
    return {
        onProgress(m: string) {
            pending = m;
            const now = Date.now();
            if (now - start < delayMs) {
                timer ??= setTimeout(flush, delayMs - (now - start));
                timer.unref?.();
                return;
            }
            if (now - last >= intervalMs) {
                if (timer) clearTimeout(timer);
                flush();
            } else {
                timer ??= setTimeout(flush, intervalMs - (now - last));
                timer.unref?.();
            }
        },
        done() {
            if (timer) clearTimeout(timer);
            timer = undefined;
            pending = undefined;
        },
    };
}
