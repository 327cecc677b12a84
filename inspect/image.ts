/**
 * Built image → ImageFacts, through the Docker Engine API (dockerode); no docker CLI, and the image's own code is
 * never run.
 *
 * - Config facts (size, platform, ENV, ENTRYPOINT/CMD) come from `GET /images/{name}/json`.
 * - Filesystem facts come from a container that is created from the image and never started: the archive
 *   endpoints stat paths and stream small files / selected directories out of it (see `image/scan.ts` for
 *   which, and docs/image-inspection.md for why). The containers carry the label `sagemaker-rstudio.inspect=1`
 *   (plus their owner and expiry) and are removed in every case: success, error, deadline, abort through
 *   `signal`, SIGINT/SIGTERM/SIGHUP (also twice in a row); a later run removes stale ones and says so.
 * - Every request has a timeout (a frozen daemon ends the check with one line naming it); see docs/security.md
 *   for every limit.
 */
import { setMaxListeners } from "events";
import { hostname } from "os";
import type Dockerode from "dockerode";
import type { EntrypointFact, EnvVarFact, ImageFacts } from "../core/facts";
import { emptyFacts, known, unknown } from "../core/facts";
import { MESSAGE_MAX, daemonMessage, daemonTimeout, describeDocker, formatDuration, dockerFromEnv, isAbortError, isConnectionError, daemonUnavailable, pingDocker, statusCode } from "./docker";
import { ContainerFs, type ContainerFsLimits } from "./image/archive";
import { findCredentials, redactSecrets, serverAddress, type FoundCredential, type RegistryAuthConfig } from "./image/credentials";
import { ImageInspectAbortedError, ImageInspectError, ImageInspectErrorKind } from "./image/errors";
import { parseEnvList } from "./image/parsers";
import { ImageReference, parseImageReference, pullsByDefault } from "./image/reference";
import { ScanStats, scanFilesystem } from "./image/scan";

export { ImageInspectError, ImageInspectAbortedError } from "./image/errors";
export type { ImageInspectErrorKind } from "./image/errors";
export { parseImageReference } from "./image/reference";
export type { ImageReference } from "./image/reference";
export type { ScanStats } from "./image/scan";
export type { ContainerFsLimits } from "./image/archive";
export { inspectBaseImage } from "./image/base";
export type { BaseImageResult, BaseInspectMode, BaseNotInspectedKind, InspectBaseImageOptions } from "./image/base";

/** Label on every container the inspection creates (tests and `docker ps -a --filter label=…` find leftovers). */
export const INSPECT_LABEL = "sagemaker-rstudio.inspect";
/** `<hostname> <pid>` of the process that created the container. */
export const OWNER_LABEL = `${INSPECT_LABEL}.owner`;
/** Epoch milliseconds after which the container is stale: its owner's deadline plus REMOVE_GRACE_MS. */
export const EXPIRES_LABEL = `${INSPECT_LABEL}.expires`;

/** Reading an image's files must finish within this (default; option `deadlineMs`, env SAGEMAKER_RSTUDIO_IMAGE_DEADLINE in seconds). */
export const DEFAULT_DEADLINE_MS = 300_000;
/** Each container removal is given this long; the daemon may be gone or frozen. */
export const REMOVE_TIMEOUT_MS = 10_000;
/** A labelled container whose owner's deadline passed this long ago is stale (its owner died without cleaning up). */
export const REMOVE_GRACE_MS = 30_000;
/** A labelled container without an `expires` label (older versions) is stale after this long. */
export const LEGACY_STALE_MS = 60 * 60_000;
/** One Engine API request outside the filesystem scan (inspect, create, list, info) must be answered within this. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A pull that reports no progress for this long is given up. */
export const PULL_IDLE_TIMEOUT_MS = 120_000;

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
    /**
     * Credentials for the pull. Default: what `docker pull` would use after `docker login` (the Docker config file's
     * credHelpers / credsStore / auths; see image/credentials.ts).
     */
    auth?: RegistryAuth;
    /** Progress lines (phase, pull status, directory being listed); the CLI prints them when the scan takes > 1 s. */
    onProgress?: (message: string) => void;
    /**
     * Lines a user should see even without progress: stale containers of an earlier run removed, containers this run
     * could not remove, a Docker config file that could not be read. Default: onProgress.
     */
    onNotice?: (message: string) => void;
    /** Abort (Ctrl-C): in-flight requests are cancelled, the containers are removed, the promise rejects (name AbortError). */
    signal?: AbortSignal;
    /** Reading the image (from container creation to the facts) must finish within this. Default DEFAULT_DEADLINE_MS. */
    deadlineMs?: number;
    /**
     * Each Engine API request must be answered within this (a tar stream may be silent twice as long). Default
     * REQUEST_TIMEOUT_MS; env SAGEMAKER_RSTUDIO_DOCKER_TIMEOUT in seconds.
     */
    requestTimeoutMs?: number;
    /** Per-request and size limits of the filesystem scan (tests, benchmarks). */
    limits?: Partial<ContainerFsLimits>;
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

const PROCESS_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * While an inspection runs, SIGINT/SIGTERM/SIGHUP abort it instead of ending the process, so that its containers
 * are removed first (a CI runner cancels a job with SIGTERM, often twice; `npx` passes it on). A repeated signal
 * does not cut the cleanup short: it is bounded by REMOVE_TIMEOUT_MS. Afterwards a caught signal nobody else
 * listens for is raised again, so the process ends as it would have.
 */
class SignalGuard {
    caught: NodeJS.Signals | undefined;
    private count = 0;
    private readonly handler = (sig: NodeJS.Signals) => {
        this.count++;
        this.caught ??= sig;
        if (this.count === 2) this.notice(`${sig} again: still removing the inspection containers (at most ${REMOVE_TIMEOUT_MS / 1000} s)`);
        this.abort();
    };

    constructor(
        private readonly abort: () => void,
        private readonly notice: (m: string) => void,
    ) {
        for (const s of PROCESS_SIGNALS) process.on(s, this.handler);
    }

    /** Stop listening; re-raise a caught signal when no other listener is left and the caller did not handle it. */
    release(callerHandled: boolean): void {
        for (const s of PROCESS_SIGNALS) process.removeListener(s, this.handler);
        if (this.caught !== undefined && !callerHandled && process.listenerCount(this.caught) === 0) process.kill(process.pid, this.caught);
    }
}

function secondsFromEnv(name: string): number | undefined {
    const raw = process.env[name];
    if (raw === undefined || raw.trim() === "") return undefined;
    const n = Number(raw);
    return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : undefined;
}

/** Run one Engine API call with the request timeout; a timeout becomes "daemon did not answer" naming it. */
async function request<T>(where: string, what: string, outer: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
    const timeout = AbortSignal.timeout(ms);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    try {
        return await fn(signal);
    } catch (e) {
        if (timeout.aborted && !outer?.aborted) throw daemonTimeout(where, what, ms);
        throw e;
    }
}

/** Facts of the built image `ref` (a local tag or ID, or `registry/repo[:tag][@sha256:…]`). */
export async function inspectImage(ref: string, opts: InspectImageOptions = {}): Promise<ImageFacts> {
    const parsed = parseImageReference(ref);
    const docker = opts.docker ?? dockerFromEnv();
    const where = describeDocker(docker);
    const progress = opts.onProgress ?? (() => {});
    const notice = opts.onNotice ?? progress;
    const deadlineMs = opts.deadlineMs ?? secondsFromEnv("SAGEMAKER_RSTUDIO_IMAGE_DEADLINE") ?? DEFAULT_DEADLINE_MS;
    const requestMs = opts.requestTimeoutMs ?? secondsFromEnv("SAGEMAKER_RSTUDIO_DOCKER_TIMEOUT") ?? REQUEST_TIMEOUT_MS;
    if (opts.signal?.aborted) throw new ImageInspectAbortedError();

    // `stop` aborts everything (a process signal, the caller's signal, the deadline); requests listen on it.
    const stop = new AbortController();
    setMaxListeners(0, stop.signal);
    const onCallerAbort = () => stop.abort();
    opts.signal?.addEventListener("abort", onCallerAbort, { once: true });
    const guard = new SignalGuard(() => stop.abort(), notice);
    let deadlineTimer: NodeJS.Timeout | undefined;
    let deadlinePassed = false;
    const containers: Dockerode.Container[] = [];
    let failure: unknown;
    let leftBehind: string[] = [];
    /** Creates that failed without an answer (timeout, connection lost): the daemon may have made them anyway. */
    const unanswered = { count: 0 };
    try {
        progress(`connecting to the Docker daemon at ${where}`);
        await pingDocker(docker, { signal: stop.signal, timeoutMs: requestMs });
        // Independent requests run together: stale cleanup, the image lookup (or pull), the daemon's CPU count.
        const stale = removeStaleContainers(docker, where, stop.signal, notice, requestMs);
        const cpus = containerCount(docker, stop.signal, requestMs);
        stale.catch(() => undefined);
        cpus.catch(() => undefined);
        const info = await resolveImage(docker, parsed, opts, stop.signal, progress, notice, requestMs);
        const facts = configFacts(info, ref);
        await stale;
        const count = await cpus;

        deadlineTimer = setTimeout(() => {
            deadlinePassed = true;
            stop.abort();
        }, deadlineMs);
        progress(`creating containers from ${shortId(info.Id)} (${count}, never started) to read its files`);
        await createInspectContainers(docker, info.Id, ref, count, containers, Date.now() + deadlineMs + REMOVE_GRACE_MS, requestMs, unanswered);
        if (stop.signal.aborted) throw new ImageInspectAbortedError();
        const fs = new ContainerFs(containers, stop.signal, progress, { daemon: where, limits: { requestTimeoutMs: requestMs, idleTimeoutMs: 2 * requestMs, ...opts.limits } });
        const env = parseEnvList(info.Config?.Env);
        const { facts: fsFacts, stats } = await scanFilesystem(fs, env, progress);
        Object.assign(facts, fsFacts);
        opts.onStats?.({ ...stats, imageId: info.Id, containerIds: containers.map((c) => c.id) });
        return facts;
    } catch (e) {
        failure = e;
        throw e; // replaced in finally, once cleanup says what was left behind
    } finally {
        if (deadlineTimer) clearTimeout(deadlineTimer);
        opts.signal?.removeEventListener("abort", onCallerAbort);
        if (containers.length > 0) {
            progress(`removing container${containers.length > 1 ? "s" : ""} ${containers.map((c) => c.id.slice(0, 12)).join(", ")}`);
            const removed = await Promise.all(containers.map((c) => removeContainer(c)));
            leftBehind = containers.filter((_c, i) => !removed[i]).map((c) => c.id.slice(0, 12));
        }
        const callerHandled = opts.signal?.aborted === true;
        guard.release(callerHandled);
        if (failure !== undefined) {
            // eslint-disable-next-line no-unsafe-finally
            throw finalError(failure, { ref, where, deadlineMs, deadlinePassed, aborted: callerHandled || guard.caught !== undefined, leftBehind, unanswered: unanswered.count, docker });
        }
        if (leftBehind.length > 0) notice(leftBehindText(leftBehind));
    }
}

function leftBehindText(ids: string[]): string {
    return `inspection container${ids.length > 1 ? "s" : ""} ${ids.join(", ")} could not be removed (labelled ${INSPECT_LABEL}=1; the next check removes ${ids.length > 1 ? "them" : "it"}, or: docker rm -f ${ids.join(" ")})`;
}

/** One error for every way the inspection can end badly, with what was left behind. */
function finalError(
    e: unknown,
    c: { ref: string; where: string; deadlineMs: number; deadlinePassed: boolean; aborted: boolean; leftBehind: string[]; unanswered: number; docker: Dockerode },
): ImageInspectError {
    let err: ImageInspectError;
    if (c.aborted) err = new ImageInspectAbortedError();
    else if (c.deadlinePassed) {
        err = new ImageInspectError(
            "deadline",
            `reading ${c.ref} did not finish within ${formatDuration(c.deadlineMs)} (the deadline; raise it with SAGEMAKER_RSTUDIO_IMAGE_DEADLINE=<seconds> or the deadline option)`,
        );
    } else if (e instanceof ImageInspectError) err = e;
    else if (isConnectionError(e)) err = daemonUnavailable(c.docker, e);
    else if (isAbortError(e)) err = new ImageInspectAbortedError();
    else err = new ImageInspectError("scan-failed", `could not read the files of ${c.ref}: ${daemonMessage(e)}`);
    const left: string[] = [];
    if (c.leftBehind.length > 0) left.push(leftBehindText(c.leftBehind));
    if (c.unanswered > 0) {
        left.push(`${c.unanswered} container creation${c.unanswered > 1 ? "s were" : " was"} not answered: the daemon may have made ${c.unanswered > 1 ? "them" : "it"} anyway (labelled ${INSPECT_LABEL}=1; the next check removes such containers)`);
    }
    if (left.length === 0) return err;
    const out = new ImageInspectError(err.kind, `${err.message}; ${left.join("; ")}`);
    out.name = err.name;
    return out;
}

/**
 * Remove labelled containers that earlier runs left behind (a process killed with SIGKILL, a daemon that died in
 * the middle of a scan): those whose `expires` label has passed, those of a process on this host that no longer
 * exists, and unlabelled-age ones older than LEGACY_STALE_MS. Says what it removed. Never fails the inspection.
 */
export async function removeStaleContainers(docker: Dockerode, where: string, signal: AbortSignal, notice: (m: string) => void, requestMs = REQUEST_TIMEOUT_MS): Promise<string[]> {
    let list: Dockerode.ContainerInfo[];
    try {
        list = await request(where, "list containers", signal, (s) => docker.listContainers({ all: true, filters: { label: [`${INSPECT_LABEL}=1`] }, abortSignal: s } as Dockerode.ContainerListOptions), requestMs);
    } catch (e) {
        if (signal.aborted) throw new ImageInspectAbortedError();
        if (e instanceof ImageInspectError) throw e;
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        return [];
    }
    const now = Date.now();
    const host = hostname();
    const stale = list.filter((c) => {
        const labels = c.Labels ?? {};
        const expires = Number(labels[EXPIRES_LABEL]);
        if (Number.isFinite(expires) && expires > 0 && now > expires) return true;
        const [ownerHost, ownerPid] = (labels[OWNER_LABEL] ?? "").split(" ");
        if (ownerHost === host && /^\d+$/.test(ownerPid ?? "") && Number(ownerPid) !== process.pid && !processAlive(Number(ownerPid))) return true;
        return labels[EXPIRES_LABEL] === undefined && now - c.Created * 1000 > LEGACY_STALE_MS;
    });
    if (stale.length === 0) return [];
    const removed: string[] = [];
    await Promise.all(
        stale.map(async (c) => {
            if (await removeContainer(docker.getContainer(c.Id))) removed.push(c.Id.slice(0, 12));
        }),
    );
    if (removed.length > 0) {
        notice(`removed ${removed.length} stale inspection container${removed.length > 1 ? "s" : ""} left by an earlier check that did not finish (${removed.sort().join(", ")}; label ${INSPECT_LABEL}=1)`);
    }
    return removed;
}

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
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

async function inspectLocal(docker: Dockerode, name: string, signal: AbortSignal, requestMs: number): Promise<ImageInfo | undefined> {
    try {
        return (await request(describeDocker(docker), `inspect ${name}`, signal, (s) => docker.getImage(name).inspect({ abortSignal: s } as object), requestMs)) as unknown as ImageInfo;
    } catch (e) {
        if (signal.aborted) throw new ImageInspectAbortedError();
        if (e instanceof ImageInspectError) throw e;
        if (statusCode(e) === 404) return undefined;
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        if (statusCode(e) === 400) throw new ImageInspectError("invalid-reference", `invalid image reference "${name}": ${daemonMessage(e)}`);
        throw new ImageInspectError("scan-failed", `could not inspect ${name}: ${daemonMessage(e)}`);
    }
}

async function resolveImage(docker: Dockerode, ref: ImageReference, opts: InspectImageOptions, signal: AbortSignal, progress: (m: string) => void, notice: (m: string) => void, requestMs: number): Promise<ImageInfo> {
    const local = await inspectLocal(docker, ref.raw, signal, requestMs);
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
    let cred: FoundCredential | undefined;
    if (opts.auth) cred = { auth: { username: opts.auth.username, password: opts.auth.password, serveraddress: opts.auth.serveraddress ?? serverAddress(ref.registry) }, source: "the auth option" };
    else cred = await findCredentials(ref.registry, { signal, notice });
    if (cred) progress(`credentials for ${cred.auth.serveraddress} from ${cred.source}`);
    await pullImage(docker, ref, cred, signal, progress);
    const pulled = await inspectLocal(docker, ref.raw, signal, requestMs);
    if (!pulled) throw new ImageInspectError("image-not-found", `image ${ref.raw} was pulled but the daemon does not find it under that reference`);
    return pulled;
}

/** Map a pull failure (the daemon relays the registry's answer as text) to a kind and one line. */
export function classifyPullError(ref: string, registry: string | undefined, message: string, credentialSource?: string): ImageInspectError {
    const where = registry ?? "the registry";
    const m = message.replace(/\s+/g, " ").trim().slice(0, MESSAGE_MAX);
    let kind: ImageInspectErrorKind;
    let cause: string;
    if (/unauthorized|authentication required|no basic auth credentials|denied: requested access|\b401\b|incorrect username or password|403 forbidden/i.test(m)) {
        kind = "registry-auth";
        cause =
            credentialSource !== undefined
                ? `${where} refused the credentials from ${credentialSource} (HTTP 401/403)`
                : `${where} refused the credentials (HTTP 401/403): none found for it in the Docker config file (docker login ${where})`;
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

async function pullImage(docker: Dockerode, ref: ImageReference, cred: FoundCredential | undefined, signal: AbortSignal, progress: (m: string) => void): Promise<void> {
    progress(`pulling ${ref.raw}`);
    // The pull stream may be silent for a while (a big layer); it is given up after PULL_IDLE_TIMEOUT_MS without a line.
    const idle = new AbortController();
    const pullSignal = AbortSignal.any([signal, idle.signal]);
    const query: Record<string, unknown> = { fromImage: ref.name, tag: ref.digest ?? ref.tag ?? "latest", abortSignal: pullSignal };
    const auth: RegistryAuthConfig | undefined = cred?.auth;
    // Whatever the registry or the daemon says is quoted without the secret (a registry could echo it back).
    const classify = (m: string) => classifyPullError(ref.raw, ref.registry, redactSecrets(m, auth), cred?.source);
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => idle.abort(), PULL_IDLE_TIMEOUT_MS);
    };
    arm();
    const idleError = () => daemonTimeout(docker, `pulling ${ref.raw}: no progress`, PULL_IDLE_TIMEOUT_MS);
    let stream: NodeJS.ReadableStream;
    try {
        stream = (await (docker.createImage as (auth: unknown, opts: unknown) => Promise<NodeJS.ReadableStream>).call(docker, auth, query)) as NodeJS.ReadableStream;
    } catch (e) {
        clearTimeout(timer);
        if (signal.aborted) throw new ImageInspectAbortedError();
        if (idle.signal.aborted) throw idleError();
        if (isAbortError(e)) throw new ImageInspectAbortedError();
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        throw classify(daemonMessage(e));
    }
    await new Promise<void>((resolve, reject) => {
        let buf = "";
        let failed: ImageInspectError | undefined;
        let last = 0;
        const onIdle = () => {
            (stream as unknown as { destroy?: () => void }).destroy?.();
            reject(signal.aborted ? new ImageInspectAbortedError() : idleError());
        };
        pullSignal.addEventListener("abort", onIdle, { once: true });
        const done = () => {
            clearTimeout(timer);
            pullSignal.removeEventListener("abort", onIdle);
        };
        const onLine = (line: string) => {
            if (line.trim() === "") return;
            let msg: { status?: string; id?: string; progress?: string; error?: string; errorDetail?: { message?: string } };
            try {
                msg = JSON.parse(line);
            } catch {
                return;
            }
            if (msg.error || msg.errorDetail?.message) {
                failed ??= classify(String(msg.errorDetail?.message ?? msg.error ?? ""));
                return;
            }
            const now = Date.now();
            if (msg.status && (now - last > 250 || !msg.progress)) {
                last = now;
                progress(`pulling ${ref.raw}: ${[msg.id, msg.status, msg.progress].filter(Boolean).join(" ")}`);
            }
        };
        stream.on("data", (chunk: Buffer) => {
            arm();
            buf += chunk.toString("utf8");
            // A registry that never ends a line cannot grow this without bound.
            if (buf.length > 1024 * 1024) buf = buf.slice(-64 * 1024);
            let nl: number;
            while ((nl = buf.indexOf("\n")) >= 0) {
                onLine(buf.slice(0, nl));
                buf = buf.slice(nl + 1);
            }
        });
        stream.on("error", (e: Error) => {
            done();
            if (signal.aborted || isAbortError(e)) reject(new ImageInspectAbortedError());
            else if (isConnectionError(e)) reject(daemonUnavailable(docker, e));
            else reject(failed ?? classify(e.message));
        });
        stream.on("end", () => {
            done();
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
async function containerCount(docker: Dockerode, signal: AbortSignal, requestMs: number): Promise<number> {
    try {
        const info = (await request(describeDocker(docker), "info", signal, (s) => (docker.info as (o: object) => Promise<unknown>).call(docker, { abortSignal: s }), requestMs)) as { NCPU?: number };
        return Math.max(1, Math.min(4, typeof info.NCPU === "number" ? info.NCPU : 1));
    } catch (e) {
        if (signal.aborted) throw new ImageInspectAbortedError();
        if (e instanceof ImageInspectError) throw e;
        if (isConnectionError(e)) throw daemonUnavailable(docker, e);
        return 1;
    }
}

/** Create `count` containers (pushed onto `out` as they are made, so the caller removes whatever exists). */
async function createInspectContainers(docker: Dockerode, imageId: string, ref: string, count: number, out: Dockerode.Container[], expires: number, requestMs: number, unanswered: { count: number }): Promise<void> {
    // Not cancelled by Ctrl-C (a create cancelled after the daemon made the container would leave it behind), but
    // bounded by the request timeout: a container a frozen daemon makes later carries an expiry, and a later run
    // removes it.
    const results = await Promise.allSettled(
        Array.from({ length: count }, async () => {
            const c = await request(describeDocker(docker), "create a container", undefined, (s) =>
                docker.createContainer({
                    Image: imageId,
                    // Never started; the entrypoint only satisfies images without ENTRYPOINT/CMD (FROM scratch).
                    Entrypoint: ["/.sagemaker-rstudio-inspect-never-started"],
                    Cmd: [],
                    Labels: { [INSPECT_LABEL]: "1", [`${INSPECT_LABEL}.image`]: ref.slice(0, 512), [OWNER_LABEL]: `${hostname()} ${process.pid}`, [EXPIRES_LABEL]: String(expires) },
                    NetworkDisabled: true,
                    HostConfig: { NetworkMode: "none" },
                    abortSignal: s,
                } as Dockerode.ContainerCreateOptions),
                requestMs,
            );
            out.push(c);
        }),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    unanswered.count += rejected.filter((r) => (r.reason instanceof ImageInspectError && r.reason.kind === "daemon-unavailable") || isConnectionError(r.reason)).length;
    const failed = rejected[0];
    if (failed) {
        if (failed.reason instanceof ImageInspectError) throw failed.reason;
        if (isConnectionError(failed.reason)) throw daemonUnavailable(docker, failed.reason);
        throw new ImageInspectError("scan-failed", `could not create a container from ${ref} to read its files: ${daemonMessage(failed.reason)}`);
    }
}

/** Remove a container (true), or give up (false): the daemon is gone, frozen (REMOVE_TIMEOUT_MS in all), or refuses. */
async function removeContainer(container: Dockerode.Container): Promise<boolean> {
    const until = Date.now() + REMOVE_TIMEOUT_MS;
    for (let attempt = 0; attempt < 3 && Date.now() < until; attempt++) {
        try {
            // v: anonymous volumes the image declares (VOLUME) were created with the container.
            await container.remove({ force: true, v: true, abortSignal: AbortSignal.timeout(Math.max(1, until - Date.now())) } as object);
            return true;
        } catch (e) {
            if (statusCode(e) === 404) return true;
            if (isConnectionError(e) || isAbortError(e)) return false; // the daemon is gone or does not answer
            await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
        }
    }
    return false;
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
