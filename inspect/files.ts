/**
 * Reading files an untrusted pull request controls (the Dockerfile, build-context files, a config file): regular
 * files only (never a device, FIFO or socket: `/dev/zero` behind a symlink would never end), each with a size cap,
 * and build-context reads that never leave the context (symlinks are resolved and checked).
 */
import * as fs from "fs";
import * as path from "path";

/** Limits on what is read (bytes). See docs/security.md. */
export const FILE_LIMITS = Object.freeze({
    /** A Dockerfile: 4 MiB (a 10,000-line Dockerfile is about 0.5 MiB). */
    dockerfileBytes: 4 * 1024 * 1024,
    /** One build-context file a RUN reads (requirements.txt, an R script, renv.lock, environment.yml): 8 MiB. */
    contextFileBytes: 8 * 1024 * 1024,
    /** A config file: 1 MiB. */
    configBytes: 1024 * 1024,
});

export type ReadResult = { ok: true; text: string; bytes: Buffer } | { ok: false; reason: string; code: "not-found" | "not-regular" | "too-large" | "denied" | "outside" | "error" };

function kindOf(st: fs.Stats): string {
    if (st.isDirectory()) return "a directory";
    if (st.isCharacterDevice()) return "a character device";
    if (st.isBlockDevice()) return "a block device";
    if (st.isFIFO()) return "a FIFO (named pipe)";
    if (st.isSocket()) return "a socket";
    return "not a regular file";
}

function errorResult(e: unknown): ReadResult {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, code: "not-found", reason: "no such file" };
    if (code === "EISDIR") return { ok: false, code: "not-regular", reason: "it is a directory" };
    if (code === "EACCES" || code === "EPERM") return { ok: false, code: "denied", reason: "permission denied" };
    if (code === "ELOOP") return { ok: false, code: "not-regular", reason: "a symbolic link loop" };
    return { ok: false, code: "error", reason: e instanceof Error ? e.message : String(e) };
}

function mib(n: number): string {
    return n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/**
 * Read a regular file (symlinks followed) of at most `maxBytes`. Opens without blocking (a FIFO does not wait for a
 * writer), checks the opened file (not the path: no swap between check and read), and reads at most maxBytes + 1.
 */
export function readRegularFile(file: string, maxBytes: number, opts: { noFollow?: boolean } = {}): ReadResult {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (opts.noFollow ? fs.constants.O_NOFOLLOW : 0));
    } catch (e) {
        return errorResult(e);
    }
    try {
        const st = fs.fstatSync(fd);
        if (st.isDirectory()) return { ok: false, code: "not-regular", reason: "it is a directory" };
        if (!st.isFile()) return { ok: false, code: "not-regular", reason: `${kindOf(st)}, not a regular file` };
        if (st.size > maxBytes) return { ok: false, code: "too-large", reason: `larger than the ${mib(maxBytes)} limit (${mib(st.size)})` };
        const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(st.size, 0) + 1));
        let n = 0;
        for (;;) {
            const r = fs.readSync(fd, buf, n, buf.length - n, null);
            if (r === 0) break;
            n += r;
            if (n >= buf.length) break;
        }
        if (n > maxBytes) return { ok: false, code: "too-large", reason: `larger than the ${mib(maxBytes)} limit` };
        const bytes = buf.subarray(0, n);
        return { ok: true, bytes, text: bytes.toString("utf8") };
    } catch (e) {
        return errorResult(e);
    } finally {
        fs.closeSync(fd);
    }
}

/** True when `child` is `parent` or inside it (both absolute, resolved). */
function within(parent: string, child: string): boolean {
    const rel = path.relative(parent, child);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * A reader of build-context files by context-relative path. Symlinks inside the context are followed only while
 * they stay inside it (the real path is checked); anything else is refused with a reason.
 */
export function contextFileReader(contextDir: string, maxBytes = FILE_LIMITS.contextFileBytes): (rel: string) => ReadResult {
    const root = path.resolve(contextDir);
    let realRoot: string | undefined;
    return (rel: string): ReadResult => {
        const abs = path.resolve(root, rel);
        if (!within(root, abs)) return { ok: false, code: "outside", reason: "the path leaves the build context" };
        try {
            realRoot ??= fs.realpathSync(root);
        } catch (e) {
            return errorResult(e);
        }
        let real: string;
        try {
            real = fs.realpathSync(abs);
        } catch (e) {
            return errorResult(e);
        }
        if (!within(realRoot, real)) return { ok: false, code: "outside", reason: "it is a symbolic link that leads out of the build context" };
        // The last component must not have become a link since realpath (O_NOFOLLOW).
        return readRegularFile(real, maxBytes, { noFollow: true });
    };
}
