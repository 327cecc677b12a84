/** Errors of the built-image inspection: one line for users, and a kind the CLI and the components can branch on. */

export type ImageInspectErrorKind =
    | "daemon-unavailable"
    | "image-not-found"
    | "registry-auth"
    | "registry-unreachable"
    | "invalid-reference"
    | "deadline"
    | "scan-failed";

/**
 * `user:password@` at the start of a reference-like token (`user:pw@host/repo:tag`, `https://user:pw@host/…`):
 * replaced by `[credentials]@` in every message, whatever produced it. A `repo:tag@sha256:…` is not matched (the
 * part after `@` must contain a `/`).
 */
const USERINFO = /(^|[\s"'(=])((?:[a-z][a-z0-9+.-]*:\/\/)?)[^\s/@"']+:[^\s/@"']*@(?=[^\s/@"':]+(?::\d+)?(?:\/|[\s"')]|$))/gi;

export function redactUserinfo(text: string): string {
    return text.replace(USERINFO, "$1$2[credentials]@");
}

/**
 * The image could not be inspected. `message` is one line naming the cause (no stack trace needed), e.g.
 * `Docker daemon not reachable at /var/run/docker.sock: is dockerd running?`.
 */
export class ImageInspectError extends Error {
    readonly kind: ImageInspectErrorKind;

    constructor(kind: ImageInspectErrorKind, message: string) {
        super(redactUserinfo(message.replace(/\s*\n\s*/g, " ").trim()));
        this.name = "ImageInspectError";
        this.kind = kind;
    }
}

/** The inspection was aborted through its AbortSignal (Ctrl-C). */
export class ImageInspectAbortedError extends ImageInspectError {
    constructor(what = "image inspection") {
        super("scan-failed", `${what} aborted`);
        this.name = "AbortError";
    }
}
