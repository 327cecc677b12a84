/**
 * Connecting to the Docker daemon, and turning what the Engine API (through dockerode) throws into one-line
 * `ImageInspectError`s.
 */
import Dockerode from "dockerode";
import { ImageInspectAbortedError, ImageInspectError } from "./image/errors";

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

/**
 * A client for the daemon named by `DOCKER_HOST` (`unix:///path`, `tcp://host:port`, with `DOCKER_TLS_VERIFY` /
 * `DOCKER_CERT_PATH` honoured by docker-modem), else `/var/run/docker.sock`.
 */
export function dockerFromEnv(env: NodeJS.ProcessEnv = process.env): Dockerode {
    const host = env.DOCKER_HOST;
    if (host === undefined || host === "") return new Dockerode({ socketPath: DEFAULT_DOCKER_SOCKET });
    if (host.startsWith("unix://")) return new Dockerode({ socketPath: host.slice("unix://".length) });
    // docker-modem parses tcp:// (and ssh://, TLS from DOCKER_CERT_PATH) from the environment itself.
    return new Dockerode();
}

/** A client on a given Unix socket (tests point one at a socket where nothing listens). */
export function dockerAtSocket(socketPath: string): Dockerode {
    return new Dockerode({ socketPath });
}

interface ModemLike {
    socketPath?: unknown;
    host?: string;
    port?: string | number;
    protocol?: string;
}

/** Where the client connects, for messages: a socket path, or `tcp://host:port`. */
export function describeDocker(docker: Dockerode): string {
    const modem = (docker as unknown as { modem?: ModemLike }).modem ?? {};
    if (typeof modem.socketPath === "string") return modem.socketPath;
    if (modem.host) {
        const scheme = modem.protocol === "https" ? "tcp+tls" : modem.protocol === "ssh" ? "ssh" : "tcp";
        return `${scheme}://${modem.host}${modem.port ? `:${modem.port}` : ""}`;
    }
    return DEFAULT_DOCKER_SOCKET;
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOENT", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "ENOTSOCK"]);

export function errorCode(e: unknown): string | undefined {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : undefined;
}

export function statusCode(e: unknown): number | undefined {
    const code = (e as { statusCode?: unknown } | null)?.statusCode;
    return typeof code === "number" ? code : undefined;
}

export function isAbortError(e: unknown): boolean {
    const err = e as { name?: unknown; code?: unknown } | null;
    return err?.name === "AbortError" || err?.code === "ABORT_ERR";
}

/** The connection to the daemon itself failed (as opposed to the daemon answering with an error). */
export function isConnectionError(e: unknown): boolean {
    const code = errorCode(e);
    return code !== undefined && (CONNECTION_CODES.has(code) || code === "EACCES");
}

/**
 * Host paths of the daemon's storage (`/var/lib/docker/overlay2/<id>/merged/opt/ml` → `/opt/ml`): the daemon puts
 * them in some errors (`evalSymlinksInScope: too many links in …`). They describe the CI host, not the image, and
 * are never shown. Any other path under a storage driver's directory becomes `<docker storage>`.
 */
const STORAGE_PATH = /(?:\/[^\s"'/]+)*\/(?:overlay2|overlay|fuse-overlayfs|aufs|btrfs|zfs|vfs|devicemapper|containerd|windowsfilter)\/[^\s"'/]+\/(?:merged|diff|rootfs|mnt|fs)(?=[\s"'/:]|$)/g;
const DATA_ROOT_PATH = /(?:\/var\/lib\/docker|\/var\/lib\/containerd|\/run\/containerd|\/run\/docker)(?:\/[^\s"':]*)?/g;

export function scrubHostPaths(text: string): string {
    return text
        .replace(STORAGE_PATH, (_m, offset: number, all: string) => (/^[\s"':]|^$/.test(all.slice(offset + _m.length, offset + _m.length + 1)) ? "/" : ""))
        .replace(DATA_ROOT_PATH, "<docker storage>");
}

/**
 * The daemon's own message from a dockerode error, without docker-modem's `(HTTP code 404) no such container - `
 * prefix, on one line, without host storage paths (scrubHostPaths).
 */
export function daemonMessage(e: unknown): string {
    const err = e as { json?: unknown; message?: unknown } | null;
    const json = err?.json as { message?: unknown } | string | Buffer | undefined | null;
    let text: string | undefined;
    if (json && typeof json === "object" && !Buffer.isBuffer(json) && typeof json.message === "string") text = json.message;
    else if (typeof json === "string" && json.trim() !== "") text = json;
    else if (Buffer.isBuffer(json) && json.length > 0) text = json.toString("utf8");
    if (text === undefined) {
        const msg = typeof err?.message === "string" ? err.message : String(e);
        text = msg.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, "");
    }
    return scrubHostPaths(text.replace(/\s+/g, " ").trim()).slice(0, MESSAGE_MAX);
}

/** Daemon text quoted in a message is cut here (a hostile registry or image cannot flood the terminal). */
export const MESSAGE_MAX = 300;

/** `1500` → `2 s`, `250` → `250 ms` (for messages). */
export function formatDuration(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

/** The daemon accepted the connection but did not answer a request in time (a frozen or overloaded dockerd). */
export function daemonTimeout(docker: Dockerode | string, what: string, ms: number): ImageInspectError {
    const where = typeof docker === "string" ? docker : describeDocker(docker);
    return new ImageInspectError("daemon-unavailable", `Docker daemon at ${where} did not answer within ${formatDuration(ms)} (${what}): is dockerd frozen or overloaded?`);
}

/** The error to throw when the connection to the daemon failed. */
export function daemonUnavailable(docker: Dockerode | string, e: unknown): ImageInspectError {
    const where = typeof docker === "string" ? docker : describeDocker(docker);
    const code = errorCode(e);
    if (code === "EACCES") {
        return new ImageInspectError("daemon-unavailable", `permission denied on the Docker socket ${where}: run as a user in the docker group (or root)`);
    }
    if (code === "ETIMEDOUT") return new ImageInspectError("daemon-unavailable", `Docker daemon at ${where} did not answer in time: is dockerd healthy?`);
    return new ImageInspectError("daemon-unavailable", `Docker daemon not reachable at ${where}: is dockerd running?`);
}

/**
 * Check that the daemon answers (`GET /_ping`). Throws `daemon-unavailable` with one line naming the socket.
 */
export async function pingDocker(docker: Dockerode, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    try {
        await (docker.ping as (opts: object) => Promise<unknown>).call(docker, { abortSignal: signal });
    } catch (e) {
        if (opts.signal?.aborted) throw new ImageInspectAbortedError();
        if (timeout.aborted) throw daemonTimeout(docker, "ping", opts.timeoutMs ?? 15_000);
        if (isConnectionError(e) || statusCode(e) === undefined) throw daemonUnavailable(docker, e);
        throw new ImageInspectError("daemon-unavailable", `Docker daemon at ${describeDocker(docker)} answered the ping with an error: ${daemonMessage(e)}`);
    }
}

/** Whether the daemon has an image under `ref` (404 → false; any other error is thrown). */
export async function imageExists(docker: Dockerode, ref: string): Promise<boolean> {
    try {
        await docker.getImage(ref).inspect();
        return true;
    } catch (e) {
        if (statusCode(e) === 404) return false;
        throw e;
    }
}
