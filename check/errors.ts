/**
 * The input errors of the check flow: what the caller gave cannot be checked (an unreadable Dockerfile, a build
 * arg no ARG declares, an image that cannot be inspected). One line for users, no stack trace; `code` lets each
 * adapter phrase it in its own words (`--build-arg X` for the CLI, `buildArgs` for the components).
 */

export type CheckInputErrorCode =
    /** The Dockerfile cannot be read or is not a Dockerfile (message from inspect/, naming file and line). */
    | "dockerfile"
    /** Build args that no ARG declares (`names`). */
    | "build-args"
    /** A build arg that is not a string. */
    | "build-arg-value"
    /** The image (`image: {ref}`) cannot be inspected (message from inspect/image: daemon, registry, reference). */
    | "image"
    /** The image inspection was aborted through the signal. */
    | "aborted";

export class CheckInputError extends Error {
    readonly code: CheckInputErrorCode;
    /** The Dockerfile the error is about, as the caller named it. */
    readonly file?: string;
    readonly line?: number;
    /** `build-args`: the undeclared names, in the order given. */
    readonly names: readonly string[];

    constructor(code: CheckInputErrorCode, message: string, extra: { file?: string; line?: number; names?: readonly string[] } = {}) {
        super(message);
        this.name = "CheckInputError";
        this.code = code;
        if (extra.file !== undefined) this.file = extra.file;
        if (extra.line !== undefined) this.line = extra.line;
        this.names = extra.names ?? [];
    }
}
