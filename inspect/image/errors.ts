/** Errors of the built-image inspection: one line for users, and a kind the CLI and the components can branch on. */

export type ImageInspectErrorKind =
    | "daemon-unavailable"
    | "image-not-found"
    | "registry-auth"
    | "registry-unreachable"
    | "invalid-reference"
    | "scan-failed";

/**
 * The image could not be inspected. `message` is one line naming the cause (no stack trace needed), e.g.
 * `Docker daemon not reachable at /var/run/docker.sock: is dockerd running?`.
 */
export class ImageInspectError extends Error {
    readonly kind: ImageInspectErrorKind;

    constructor(kind: ImageInspectErrorKind, message: string) {
        super(message.replace(/\s*\n\s*/g, " ").trim());
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
