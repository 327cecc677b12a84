/**
 * Pure parsers for the files read out of an image: dpkg's status database, Python distribution metadata, R
 * DESCRIPTION files, the dynamic linker's cache, the Workbench VERSION file. No I/O here.
 */
import type { PackageFact } from "../../core/facts";

/**
 * RFC 822-style fields (`Name: value`, continuation lines start with a space or tab), as used by dpkg status
 * paragraphs, Python METADATA/PKG-INFO headers and R DESCRIPTION files. Field names are lower-cased; the first
 * occurrence wins. Stops at the first blank line (a METADATA body follows it).
 */
export function parseFields(text: string): Map<string, string> {
    const fields = new Map<string, string>();
    let current: string | undefined;
    for (const rawLine of text.split("\n")) {
        const line = rawLine.replace(/\r$/, "");
        if (line.trim() === "") break;
        if ((line.startsWith(" ") || line.startsWith("\t")) && current !== undefined) {
            fields.set(current, `${fields.get(current) ?? ""}\n${line.trim()}`);
            continue;
        }
        const colon = line.indexOf(":");
        if (colon <= 0) {
            current = undefined;
            continue;
        }
        const name = line.slice(0, colon).trim().toLowerCase();
        if (fields.has(name)) {
            current = undefined;
            continue;
        }
        current = name;
        fields.set(name, line.slice(colon + 1).trim());
    }
    return fields;
}

/** dpkg status words that mean the package's files are on disk (`install ok installed`, `hold ok installed`, ...). */
const INSTALLED_STATES = new Set(["installed", "triggers-pending", "triggers-awaiting"]);

/**
 * Installed packages from `/var/lib/dpkg/status` (or one file of distroless `status.d/`): paragraphs whose
 * `Status` third word is `installed` (or has only triggers pending); `deinstall`/`purge` selections still on disk
 * count, `config-files` and half-installed ones do not.
 */
export function parseDpkgStatus(text: string): PackageFact[] {
    const out: PackageFact[] = [];
    for (const para of text.split(/\r?\n[ \t]*\r?\n/)) {
        if (para.trim() === "") continue;
        const f = parseFields(para.replace(/^\s*\n/, ""));
        const name = f.get("package");
        if (!name) continue;
        const status = f.get("status");
        // status.d files (distroless) carry no Status field: everything listed there is installed.
        if (status !== undefined) {
            const words = status.split(/\s+/);
            if (!INSTALLED_STATES.has(words[2] ?? "")) continue;
        }
        const pkg: PackageFact = { name, manager: "dpkg" };
        const version = f.get("version");
        if (version) pkg.version = version;
        out.push(pkg);
    }
    return out;
}

/** `foo_bar-1.2.3.dist-info` / `foo-1.0-py3.11.egg-info` → name and version from the directory name. */
export function distNameFromDir(dirName: string): { name: string; version?: string } | undefined {
    const base = dirName.replace(/\.(dist-info|egg-info)$/, "");
    if (base === dirName) return undefined;
    const m = /^(.+?)-(\d[^-]*)(?:-py\d[\d.]*)?(?:-.*)?$/.exec(base);
    if (m) return { name: m[1], version: m[2] };
    return { name: base };
}

/** Name and Version of a Python distribution from its METADATA / PKG-INFO text (headers only). */
export function parsePythonMetadata(text: string): { name?: string; version?: string } {
    const f = parseFields(text);
    const out: { name?: string; version?: string } = {};
    const name = f.get("name");
    const version = f.get("version");
    if (name) out.name = name;
    if (version) out.version = version;
    return out;
}

/** Package and Version of an R package from its DESCRIPTION (DCF). */
export function parseRDescription(text: string): { name?: string; version?: string } {
    const f = parseFields(text);
    const out: { name?: string; version?: string } = {};
    const name = f.get("package");
    const version = f.get("version");
    if (name) out.name = name;
    if (version) out.version = version.replace(/\s+/g, "");
    return out;
}

/** The Workbench VERSION file: its first non-empty line, trimmed. */
export function parseWorkbenchVersionFile(text: string): string | undefined {
    const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "");
    if (line === undefined || line.length > 100 || /[\u0000-\u001f]/.test(line)) return undefined;
    return line;
}

/**
 * Library paths listed in `/etc/ld.so.cache` (both the old `ld.so-1.7.0` and the `glibc-ld.so.cache1.1` formats
 * keep every path as a NUL-terminated string): the shared libraries the dynamic linker knows, wherever
 * `ldconfig` found them.
 */
export function ldCachePaths(buf: Buffer): string[] {
    const head = buf.subarray(0, 20).toString("latin1");
    if (!head.startsWith("ld.so-1.7.0") && !head.startsWith("glibc-ld.so.cache")) return [];
    const out = new Set<string>();
    let start = -1;
    for (let i = 0; i < buf.length; i++) {
        const c = buf[i];
        if (c === 0) {
            if (start >= 0 && i - start > 1 && buf[start] === 0x2f) out.add(buf.subarray(start, i).toString("utf8"));
            start = -1;
        } else if (c < 0x20 || c > 0x7e) {
            start = -2; // not a printable path: skip to the next NUL
        } else if (start === -1) {
            start = i;
        }
    }
    return [...out].filter((p) => /^\/[\x21-\x7e]+$/.test(p) && /\.so(\.|$)/.test(p));
}

/** `K=V` strings of an image config → name → value (the last one wins, as Docker does). */
export function parseEnvList(env: readonly string[] | null | undefined): Map<string, string> {
    const out = new Map<string, string>();
    for (const kv of env ?? []) {
        const eq = kv.indexOf("=");
        if (eq <= 0) out.set(kv, "");
        else out.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
    return out;
}
