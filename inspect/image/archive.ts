/**
 * Reading a created (never started) container's filesystem through the Engine API's archive endpoints:
 *
 * - `HEAD /containers/{id}/archive?path=P` stats one path (the `X-Docker-Container-Path-Stat` header);
 * - `GET  /containers/{id}/archive?path=P` streams P as a tar: one entry for a file, the whole subtree for a directory.
 *
 * Each request costs the daemon a mount of the container's root filesystem (≈ 2 ms here) plus, for GET, the bytes
 * of what it tars. So: stat what can be named, read single small files, and walk (tar) only directories whose
 * whole content is needed anyway; a walk keeps the bodies of the few files a visitor asks for and lets everything
 * else stream past.
 */
import { posix } from "path";
import type { Readable } from "stream";
import type Dockerode from "dockerode";
import * as tar from "tar-stream";
import { DEFAULT_DOCKER_SOCKET, daemonMessage, daemonTimeout, daemonUnavailable, isAbortError, isConnectionError, statusCode } from "../docker";
import { ImageInspectAbortedError, ImageInspectError } from "./errors";

/** What `HEAD .../archive` says about a path (Go's os.FileMode bits in `mode`). */
export interface PathStat {
    path: string;
    size: number;
    mode: number;
    /** For a symlink: the target, resolved by the daemon to an absolute path inside the container. */
    linkTarget: string;
    isDir: boolean;
    isSymlink: boolean;
    /**
     * The path is a symlink the daemon could not resolve (a loop such as `/opt/ml -> /opt/ml`: "too many links").
     * Something is there, but it is neither a file nor a directory one can read.
     */
    loop?: boolean;
}

/** Limits of one ContainerFs (see docs/security.md). */
export interface ContainerFsLimits {
    /** A stat, or the start of a read/walk (until the daemon sends the response headers). Default 30 s. */
    requestTimeoutMs: number;
    /** A read/walk whose tar stream sends nothing for this long is given up. Default 60 s. */
    idleTimeoutMs: number;
    /** Requests (stats + reads/walks) per image; a scan that needs more stops with an error. Default 10,000. */
    maxRequests: number;
    /** Symlinks followed per path. Default 16 (hops). */
    maxLinkHops: number;
}

export const DEFAULT_FS_LIMITS: ContainerFsLimits = { requestTimeoutMs: 30_000, idleTimeoutMs: 60_000, maxRequests: 10_000, maxLinkHops: 16 };

/** The daemon's error for a symlink it cannot resolve ("too many links", Go's ELOOP "too many levels of symbolic links"). */
const LOOP_MESSAGE = /too many (?:levels of symbolic )?links/i;

const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;

/** One tar entry of a walk, with its absolute path in the container. */
export interface WalkEntry {
    path: string;
    type: "file" | "directory" | "symlink" | "link" | "other";
    size: number;
    /** Symlink / hard link target as stored in the tar. */
    linkname?: string;
}

/**
 * A visitor's answer for one entry: `{ keep: N }` to receive the first N bytes of its body through `onBody`,
 * `"stop"` to end the walk now (the rest of the stream is not read), anything else to let it pass.
 */
export type WalkDecision = { keep: number } | "stop" | undefined | void;

export interface WalkStats {
    entries: number;
    /** Sum of the body sizes the daemon sent (kept or not). */
    bytes: number;
    stopped: boolean;
    ms: number;
}

export interface Walker {
    visit(entry: WalkEntry): WalkDecision;
    onBody?(entry: WalkEntry, body: Buffer, truncated: boolean): void;
}

/** A small semaphore: at most `n` requests to the daemon at once. */
export class Limiter {
    private active = 0;
    private readonly queue: (() => void)[] = [];

    constructor(private readonly n: number) {}

    async run<T>(fn: () => Promise<T>): Promise<T> {
        if (this.active >= this.n) await new Promise<void>((resolve) => this.queue.push(resolve));
        this.active++;
        try {
            return await fn();
        } finally {
            this.active--;
            this.queue.shift()?.();
        }
    }
}

export function normalizeContainerPath(p: string): string {
    const n = posix.normalize("/" + p);
    return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/**
 * The filesystem of an image, read through the archive API of one or more containers created from it. The daemon
 * serialises archive requests per container (it holds the container's lock while it mounts, stats and tars), so
 * requests are spread over the containers: with one container per daemon CPU, walks run in parallel.
 */
export class ContainerFs {
    readonly requests = { stat: 0, get: 0 };
    private readonly containers: Dockerode.Container[];
    private readonly busy: number[];
    private readonly statLimit = new Limiter(6);
    /** Single-file reads and directory walks queue separately: a long walk must not hold up the small reads. */
    private readonly readLimit = new Limiter(4);
    private readonly walkLimit = new Limiter(3);
    private readonly statCache = new Map<string, Promise<PathStat | undefined>>();
    /** Paths that are symlink loops (found by a stat, a read or a resolve), for the facts. */
    readonly loops = new Set<string>();
    readonly limits: ContainerFsLimits;
    /** Where the daemon is (`/var/run/docker.sock`), for messages. */
    readonly daemon: string;

    constructor(
        containers: Dockerode.Container | Dockerode.Container[],
        private readonly signal: AbortSignal,
        private readonly onProgress: (message: string) => void = () => {},
        opts: { daemon?: string; limits?: Partial<ContainerFsLimits> } = {},
    ) {
        this.containers = Array.isArray(containers) ? containers : [containers];
        if (this.containers.length === 0) throw new Error("ContainerFs needs at least one container");
        this.busy = this.containers.map(() => 0);
        this.limits = { ...DEFAULT_FS_LIMITS, ...opts.limits };
        this.daemon = opts.daemon ?? DEFAULT_DOCKER_SOCKET;
    }

    /** Count a request against the budget (throws once it is spent). */
    private spend(): void {
        if (this.requests.stat + this.requests.get >= this.limits.maxRequests) {
            throw new ImageInspectError("scan-failed", `reading the image needs more than ${this.limits.maxRequests} requests to the Docker daemon; stopped there (a limit against images built to make the check slow)`);
        }
    }

    /** The signal for one request: the scan's signal, or the request timeout. */
    private requestSignal(): { signal: AbortSignal; timedOut: () => boolean } {
        const timeout = AbortSignal.timeout(this.limits.requestTimeoutMs);
        return { signal: AbortSignal.any([this.signal, timeout]), timedOut: () => timeout.aborted && !this.signal.aborted };
    }

    /** Run a request on the least busy container. */
    private async onContainer<T>(fn: (c: Dockerode.Container) => Promise<T>): Promise<T> {
        let i = 0;
        for (let j = 1; j < this.busy.length; j++) if (this.busy[j] < this.busy[i]) i = j;
        this.busy[i]++;
        try {
            return await fn(this.containers[i]);
        } finally {
            this.busy[i]--;
        }
    }

    private checkAbort(): void {
        if (this.signal.aborted) throw new ImageInspectAbortedError();
    }

    private failure(what: string, e: unknown, timedOut = false): Error {
        if (this.signal.aborted) return new ImageInspectAbortedError();
        if (timedOut) return daemonTimeout(this.daemon, what, this.limits.requestTimeoutMs);
        if (isAbortError(e)) return new ImageInspectAbortedError();
        if (e instanceof ImageInspectError) return e;
        // The daemon went away (killed, restarted) in the middle of the scan.
        if (isConnectionError(e)) return daemonUnavailable(this.daemon, e);
        return new ImageInspectError("scan-failed", `could not ${what}: ${daemonMessage(e)}`);
    }

    /**
     * A HEAD that failed with a server error carries no body: ask again with a GET to learn why (only the status
     * line and the JSON error are read). A symlink loop is a fact about the image, not an error.
     */
    private async isLoop(p: string): Promise<boolean> {
        const rs = this.requestSignal();
        try {
            this.requests.get++;
            const res = (await this.onContainer((c) => c.getArchive({ path: p, abortSignal: rs.signal } as object))) as unknown as Readable;
            res.destroy();
            return false;
        } catch (e) {
            if (rs.timedOut()) throw this.failure(`stat ${p} in the image`, e, true);
            return statusCode(e) !== undefined && LOOP_MESSAGE.test(daemonMessage(e));
        }
    }

    /** Stat one path; undefined when it does not exist. Results are cached per path. */
    stat(path: string): Promise<PathStat | undefined> {
        const p = normalizeContainerPath(path);
        let pending = this.statCache.get(p);
        if (pending === undefined) {
            pending = this.statLimit.run(() => this.statNow(p));
            this.statCache.set(p, pending);
        }
        return pending;
    }

    private async statNow(p: string): Promise<PathStat | undefined> {
        this.checkAbort();
        this.spend();
        this.requests.stat++;
        let res: { headers: Record<string, string | string[] | undefined>; resume?: () => void };
        const rs = this.requestSignal();
        try {
            res = await this.onContainer((c) => c.infoArchive({ path: p, abortSignal: rs.signal } as object) as Promise<typeof res>);
        } catch (e) {
            // 404: no such path (the container exists: we created it). 400: a path component is not a directory.
            if (!this.signal.aborted && !rs.timedOut() && (statusCode(e) === 404 || statusCode(e) === 400)) return undefined;
            if (!this.signal.aborted && !rs.timedOut() && statusCode(e) === 500 && (await this.isLoop(p))) {
                this.loops.add(p);
                return { path: p, size: 0, mode: GO_MODE_SYMLINK, linkTarget: "", isDir: false, isSymlink: true, loop: true };
            }
            throw this.failure(`stat ${p} in the image`, e, rs.timedOut());
        }
        res.resume?.();
        const raw = res.headers["x-docker-container-path-stat"];
        if (typeof raw !== "string") throw new ImageInspectError("scan-failed", `the Docker daemon sent no stat for ${p}`);
        let st: { size?: unknown; mode?: unknown; linkTarget?: unknown };
        try {
            st = JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as typeof st;
        } catch {
            throw new ImageInspectError("scan-failed", `the Docker daemon sent an unreadable stat for ${p}`);
        }
        const mode = typeof st.mode === "number" ? st.mode : 0;
        return {
            path: p,
            size: typeof st.size === "number" ? st.size : 0,
            mode,
            linkTarget: typeof st.linkTarget === "string" ? st.linkTarget : "",
            isDir: Math.floor(mode / GO_MODE_DIR) % 2 === 1,
            isSymlink: Math.floor(mode / GO_MODE_SYMLINK) % 2 === 1,
        };
    }

    /**
     * Follow symlinks (the daemon resolves each link's target inside the container): the real path, or undefined
     * when the path (or a link target) does not exist, or is a loop (then it is also in `loops`).
     */
    async resolve(path: string): Promise<PathStat | undefined> {
        let st = await this.stat(path);
        let hops = 0;
        for (; st?.isSymlink && !st.loop && hops < this.limits.maxLinkHops; hops++) {
            const target = st.linkTarget.startsWith("/") ? st.linkTarget : posix.join(posix.dirname(st.path), st.linkTarget);
            st = await this.stat(target);
        }
        if (st?.isSymlink && !st.loop && hops >= this.limits.maxLinkHops) this.loops.add(normalizeContainerPath(path));
        return st?.isSymlink ? undefined : st;
    }

    /**
     * Read a regular file (following symlinks), at most `maxBytes`; undefined when it does not exist or is not a
     * regular file.
     */
    async readFile(path: string, maxBytes: number): Promise<{ path: string; body: Buffer; truncated: boolean } | undefined> {
        const first = normalizeContainerPath(path);
        let p = first;
        for (let hops = 0; hops <= this.limits.maxLinkHops; hops++) {
            let found: { entry: WalkEntry; body?: Buffer; truncated: boolean } | undefined;
            const stats = await this.walkNow(p, {
                visit: (entry) => {
                    if (found !== undefined) return "stop";
                    found = { entry, truncated: false };
                    return entry.type === "file" ? { keep: maxBytes } : "stop";
                },
                onBody: (_entry, body, truncated) => {
                    if (found) {
                        found.body = body;
                        found.truncated = truncated;
                    }
                },
            }, false);
            if (stats === "loop") {
                this.loops.add(first);
                return undefined;
            }
            if (stats === undefined || found === undefined) return undefined;
            if (found.entry.type === "symlink" && found.entry.linkname) {
                const t = found.entry.linkname;
                p = normalizeContainerPath(t.startsWith("/") ? t : posix.join(posix.dirname(p), t));
                continue;
            }
            if (found.entry.type !== "file" || found.body === undefined) return undefined;
            return { path: p, body: found.body, truncated: found.truncated };
        }
        this.loops.add(first);
        return undefined;
    }

    /**
     * Tar-stream `root` (a directory; pass a resolved path, a symlink is not followed) and show every entry to the
     * walker. Undefined when `root` does not exist.
     */
    async walk(root: string, walker: Walker): Promise<WalkStats | undefined> {
        const r = normalizeContainerPath(root);
        const st = await this.walkNow(r, walker, true);
        if (st === "loop") {
            this.loops.add(r);
            return undefined;
        }
        return st;
    }

    private async walkNow(root: string, walker: Walker, report: boolean): Promise<WalkStats | "loop" | undefined> {
        return (report ? this.walkLimit : this.readLimit).run(() =>
            this.onContainer(async (container) => {
                this.checkAbort();
                this.spend();
                this.requests.get++;
                const started = Date.now();
                let res: Readable;
                const rs = this.requestSignal();
                try {
                    res = (await container.getArchive({ path: root, abortSignal: rs.signal } as object)) as unknown as Readable;
                } catch (e) {
                    if (!this.signal.aborted && !rs.timedOut() && (statusCode(e) === 404 || statusCode(e) === 400)) return undefined;
                    if (!this.signal.aborted && !rs.timedOut() && statusCode(e) !== undefined && LOOP_MESSAGE.test(daemonMessage(e))) return "loop";
                    throw this.failure(`read ${root} from the image`, e, rs.timedOut());
                }
                // The container stays busy until the tar stream is consumed.
                return await this.consume(root, res, walker, report, started);
            }),
        );
    }

    private consume(root: string, res: Readable, walker: Walker, report: boolean, started: number): Promise<WalkStats> {
        // Entry names are relative to the parent of `root`: `GET ?path=/usr/lib` yields `lib`, `lib/x`, ...
        const parent = posix.dirname(root);
        const stats: WalkStats = { entries: 0, bytes: 0, stopped: false, ms: 0 };
        let lastReport = Date.now();
        return new Promise<WalkStats>((resolve, reject) => {
            const extract = tar.extract();
            let settled = false;
            const onAbort = () => finish(new ImageInspectAbortedError());
            const finish = (err?: Error) => {
                if (settled) return;
                settled = true;
                if (idle) clearTimeout(idle);
                this.signal.removeEventListener("abort", onAbort);
                stats.ms = Date.now() - started;
                if (err !== undefined || stats.stopped) {
                    res.unpipe(extract);
                    res.destroy();
                    extract.destroy();
                }
                if (err) reject(err);
                else resolve(stats);
            };
            this.signal.addEventListener("abort", onAbort, { once: true });
            // A daemon that stops sending in the middle of a stream (frozen, overloaded) is given up after the idle timeout.
            let idle: NodeJS.Timeout | undefined;
            const idleMs = this.limits.idleTimeoutMs;
            const arm = () => {
                if (idle) clearTimeout(idle);
                idle = setTimeout(() => finish(daemonTimeout(this.daemon, `reading ${root} from the image`, idleMs)), idleMs);
            };
            arm();
            res.on("data", arm);
            extract.on("entry", (header: tar.Headers, body: Readable, next: (err?: unknown) => void) => {
                if (settled) return;
                const name = header.name.replace(/\/+$/, "");
                const entry: WalkEntry = {
                    path: normalizeContainerPath(posix.join(parent, name)),
                    type: header.type === "file" || header.type === "contiguous-file" ? "file" : header.type === "directory" || header.type === "symlink" || header.type === "link" ? header.type : "other",
                    size: header.size ?? 0,
                };
                if (header.linkname) entry.linkname = header.linkname;
                stats.entries++;
                stats.bytes += entry.size;
                if (report && Date.now() - lastReport > 500) {
                    lastReport = Date.now();
                    this.onProgress(`listing ${root}: ${stats.entries} entries, ${formatBytes(stats.bytes)} so far`);
                }
                let decision: WalkDecision;
                try {
                    decision = walker.visit(entry);
                } catch (e) {
                    finish(e as Error);
                    return;
                }
                if (decision === "stop") {
                    stats.stopped = true;
                    finish();
                    return;
                }
                if (decision && typeof decision === "object" && entry.type === "file") {
                    const limit = decision.keep;
                    const chunks: Buffer[] = [];
                    let kept = 0;
                    let truncated = false;
                    body.on("data", (chunk: Buffer) => {
                        if (kept < limit) {
                            const part = chunk.length > limit - kept ? chunk.subarray(0, limit - kept) : chunk;
                            chunks.push(part);
                            kept += part.length;
                        }
                        if (kept >= limit && entry.size > limit) truncated = true;
                    });
                    body.on("end", () => {
                        try {
                            walker.onBody?.(entry, Buffer.concat(chunks), truncated);
                        } catch (e) {
                            finish(e as Error);
                            return;
                        }
                        next();
                    });
                } else {
                    body.on("end", () => next());
                    body.resume();
                }
            });
            extract.on("finish", () => finish());
            extract.on("error", (e: Error) => finish(this.failure(`read ${root} from the image`, e)));
            res.on("error", (e: Error) => finish(this.failure(`read ${root} from the image`, e)));
            res.pipe(extract);
        });
    }
}

export function formatBytes(n: number): string {
    if (n < 1000) return `${n} B`;
    if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
    if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
    return `${(n / 1e9).toFixed(2)} GB`;
}
