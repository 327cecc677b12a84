/** Paths inside the image and inside the build context, as a Dockerfile writes them (POSIX, pure). */
import * as path from "path";

/** Normalise an absolute POSIX path: `..` resolved, no trailing slash. */
export function normalizeAbsolute(p: string): string {
    const n = path.posix.normalize(p);
    return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/** The home directory of a USER, when the name tells it. */
export function homeOf(user: string): string | undefined {
    if (user === "" || user === "root" || user === "0") return "/root";
    if (/^\d+$/.test(user)) return undefined;
    return `/home/${user}`;
}

/** Resolve a path as written in the Dockerfile or a RUN command against a working directory. */
export function resolvePath(p: string, cwd: string, home?: string): string {
    let q = p;
    if (home !== undefined && (q === "~" || q.startsWith("~/"))) q = home + q.slice(1);
    return normalizeAbsolute(q.startsWith("/") ? q : path.posix.join(cwd, q));
}

/** A COPY source or bind-mount source as a context-relative path; undefined when it leaves the context. */
export function contextPath(p: string): string | undefined {
    const n = path.posix.normalize(p.replace(/^\/+/, ""));
    if (n === ".." || n.startsWith("../")) return undefined;
    return n === "." ? "" : n.replace(/^\.\//, "").replace(/\/$/, "");
}

export function globToRegExp(glob: string): RegExp {
    let src = "";
    for (const ch of glob) {
        if (ch === "*") src += "[^/]*";
        else if (ch === "?") src += "[^/]";
        else src += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    return new RegExp("^" + src + "$");
}
