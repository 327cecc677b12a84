/**
 * Errors that `inspect/` raises for bad input. They carry a one-line message meant for users (the CLI prints it
 * as is, without a stack trace) and, when known, the file and line it is about.
 */

/** The Dockerfile cannot be analysed at all: unreadable, empty, binary, no FROM, unknown `--target`. */
export class DockerfileError extends Error {
    file?: string;
    line?: number;

    constructor(message: string, where: { file?: string; line?: number } = {}) {
        const prefix = where.file !== undefined ? (where.line !== undefined ? `${where.file}:${where.line}: ` : `${where.file}: `) : where.line !== undefined ? `line ${where.line}: ` : "";
        super(prefix + message);
        this.name = "DockerfileError";
        if (where.file !== undefined) this.file = where.file;
        if (where.line !== undefined) this.line = where.line;
    }
}
