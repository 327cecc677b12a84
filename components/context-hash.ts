/**
 * A content hash of a Docker build: the Dockerfile text, build args, target, platform and every file of the build
 * context that Docker would send (honouring `.dockerignore`). The RStudioImage component tags pushed images with it,
 * so an immutable ECR tag names exactly one build input and a rebuild of unchanged sources reuses the same tag.
 *
 * Files are read in fixed-size chunks (constant memory, whatever their size). `.git` and `node_modules` directories
 * are never hashed: changing them alone does not produce a new tag.
 */
import { createHash, Hash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Directories never hashed, at any depth. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set([".git", "node_modules"]);

const CHUNK_BYTES = 1 << 20;

/** One `.dockerignore` line, compiled. */
interface IgnoreRule {
    negate: boolean;
    regex: RegExp;
}

/** Translate one Docker ignore pattern (Go `filepath.Match` syntax plus `**`) into an anchored regular expression. */
function patternToRegex(pattern: string): RegExp {
    let re = "";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*") {
            if (pattern[i + 1] === "*") {
                // `**` matches any number of path segments, including none (`a/**/b` matches `a/b`).
                i++;
                if (pattern[i + 1] === "/") {
                    i++;
                    re += "(?:.*/)?";
                } else {
                    re += ".*";
                }
            } else {
                re += "[^/]*";
            }
        } else if (c === "?") {
            re += "[^/]";
        } else if (c === "[") {
            const end = pattern.indexOf("]", i + 1);
            if (end === -1) {
                re += "\\[";
            } else {
                let cls = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
                if (cls.startsWith("^") || cls.startsWith("!")) cls = "^" + cls.slice(1);
                re += `[${cls}]`;
                i = end;
            }
        } else if (c === "\\" && i + 1 < pattern.length) {
            i++;
            re += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        } else {
            re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        }
    }
    // A pattern that names a directory excludes everything below it.
    return new RegExp(`^${re}(?:/.*)?$`);
}

/** Parse `.dockerignore` text the way Docker does: comments, `!` exceptions, leading `/` and `./` ignored. */
export function parseDockerignore(text: string): IgnoreRule[] {
    const rules: IgnoreRule[] = [];
    for (const raw of text.split(/\r?\n/)) {
        let line = raw.trim();
        if (line === "" || line.startsWith("#")) continue;
        let negate = false;
        if (line.startsWith("!")) {
            negate = true;
            line = line.slice(1).trim();
        }
        line = path.posix.normalize(line.replace(/\\/g, "/")).replace(/^(\.\/)+/, "").replace(/^\/+/, "").replace(/\/+$/, "");
        if (line === "" || line === ".") continue;
        rules.push({ negate, regex: patternToRegex(line) });
    }
    return rules;
}

/** Whether a context-relative path (posix separators) is excluded: the last matching rule decides. */
export function isIgnored(rules: readonly IgnoreRule[], relPath: string): boolean {
    let ignored = false;
    for (const r of rules) {
        if (r.regex.test(relPath)) ignored = !r.negate;
    }
    return ignored;
}

/**
 * The ignore file Docker (BuildKit) uses: `<Dockerfile>.dockerignore` next to the Dockerfile wins over the
 * context's `.dockerignore`.
 */
export function readDockerignore(contextDir: string, dockerfilePath: string): { file?: string; rules: IgnoreRule[] } {
    for (const candidate of [`${dockerfilePath}.dockerignore`, path.join(contextDir, ".dockerignore")]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
            return { file: candidate, rules: parseDockerignore(fs.readFileSync(candidate, "utf8")) };
        }
    }
    return { rules: [] };
}

function hashFile(hash: Hash, file: string, buffer: Buffer): void {
    const fd = fs.openSync(file, "r");
    try {
        for (;;) {
            const n = fs.readSync(fd, buffer, 0, buffer.length, null);
            if (n === 0) break;
            hash.update(buffer.subarray(0, n));
        }
    } finally {
        fs.closeSync(fd);
    }
}

export interface BuildHashInput {
    /** Build context directory. */
    context: string;
    /** Dockerfile path (may lie outside the context). */
    dockerfile: string;
    buildArgs?: Record<string, string>;
    target?: string;
    platform: string;
}

export interface BuildHash {
    /** Hex sha256 of everything below. */
    digest: string;
    /** Number of context files hashed. */
    files: number;
    /** Bytes of file content hashed. */
    bytes: number;
    /** The ignore file used, if any. */
    ignoreFile?: string;
}

/**
 * Hash a build's inputs. Throws a plain Error naming the path when the context or a file in it cannot be read.
 */
export function hashBuild(input: BuildHashInput): BuildHash {
    const hash = createHash("sha256");
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    hash.update("sagemaker-rstudio build hash v1\0");
    hash.update(`platform=${input.platform}\0target=${input.target ?? ""}\0`);
    for (const key of Object.keys(input.buildArgs ?? {}).sort()) {
        hash.update(`arg ${key}=${(input.buildArgs ?? {})[key]}\0`);
    }
    hash.update("dockerfile\0");
    hashFile(hash, input.dockerfile, buffer);
    hash.update("\0context\0");

    const ignore = readDockerignore(input.context, input.dockerfile);
    const negations = ignore.rules.some((r) => r.negate);
    let files = 0;
    let bytes = 0;

    const walk = (relDir: string): void => {
        const absDir = relDir === "" ? input.context : path.join(input.context, relDir);
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(absDir, { withFileTypes: true });
        } catch (e) {
            throw new Error(`cannot read build context directory ${absDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
            const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
            const abs = path.join(absDir, entry.name);
            if (entry.isDirectory()) {
                if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
                // An excluded directory is skipped whole unless an exception pattern might re-include part of it.
                if (isIgnored(ignore.rules, rel) && !negations) continue;
                hash.update(`d ${rel}\0`);
                walk(rel);
                continue;
            }
            if (isIgnored(ignore.rules, rel)) continue;
            if (entry.isSymbolicLink()) {
                hash.update(`l ${rel}\0${fs.readlinkSync(abs)}\0`);
                files++;
                continue;
            }
            if (!entry.isFile()) continue; // sockets, fifos: Docker does not send them either
            let stat: fs.Stats;
            try {
                stat = fs.statSync(abs);
                hash.update(`f ${rel}\0${stat.mode & 0o111 ? "x" : "-"}\0${stat.size}\0`);
                hashFile(hash, abs, buffer);
            } catch (e) {
                throw new Error(`cannot read ${abs} in the build context: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
            }
            hash.update("\0");
            files++;
            bytes += stat.size;
        }
    };
    walk("");

    const out: BuildHash = { digest: hash.digest("hex"), files, bytes };
    if (ignore.file !== undefined) out.ignoreFile = ignore.file;
    return out;
}
