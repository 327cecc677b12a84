/** Docker image references (`[host[:port]/]path[:tag][@digest]`, or an image ID), checked before any request. */
import { ImageInspectError, redactUserinfo } from "./errors";

export interface ImageReference {
    /** As given. */
    raw: string;
    /** Registry host (with port) when the reference names one (`127.0.0.1:5000`, `123.dkr.ecr.us-east-1.amazonaws.com`). */
    registry?: string;
    /** Repository path with the registry host, without tag/digest (what `fromImage` takes). */
    name: string;
    tag?: string;
    digest?: string;
    /** `sha256:<64 hex>` or 64 hex: an image ID, never pulled. */
    isId: boolean;
}

const ID = /^(sha256:)?[a-f0-9]{64}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:localhost|\[[0-9a-fA-F:]+\]|(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*)(?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** References are quoted in messages at most this long (a longer one is invalid anyway). */
const QUOTE_MAX = 300;

function invalid(ref: string, why: string): ImageInspectError {
    const shown = redactUserinfo(ref).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
    return new ImageInspectError("invalid-reference", `invalid image reference "${shown.length > QUOTE_MAX ? shown.slice(0, QUOTE_MAX) + "…" : shown}": ${why}`);
}

export function parseImageReference(ref: string): ImageReference {
    const raw = ref;
    if (ref.trim() === "" || ref !== ref.trim()) throw invalid(ref, "empty or surrounded by spaces");
    if (ID.test(ref)) return { raw, name: ref, isId: true };
    // `user:password@host/repo`: Docker has no such form, and the password would end up in logs. Checked first, so
    // that no later message quotes the part after `@` as a "digest".
    const at0 = ref.lastIndexOf("@");
    if (at0 >= 0 && (!DIGEST.test(ref.slice(at0 + 1)) || ref.indexOf("@") !== at0)) {
        // Not quoted: what precedes "@" may be a password.
        throw new ImageInspectError(
            "invalid-reference",
            `invalid image reference (not shown): "@" is followed by no digest; an image reference cannot carry credentials (a user name and password before "@"): log in with docker login, the check reads the Docker config file as docker pull does`,
        );
    }
    let rest = ref;
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest)) throw invalid(ref, `"${digest}" is not a digest (expected sha256:<hex>)`);
        if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) throw invalid(ref, "a sha256 digest has 64 lower-case hex digits");
    }
    let tag: string | undefined;
    const slash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) throw invalid(ref, `"${tag}" is not a valid tag`);
    }
    const parts = rest.split("/");
    let registry: string | undefined;
    if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost" || parts[0] !== parts[0].toLowerCase())) {
        registry = parts.shift();
        if (!DOMAIN.test(registry!)) throw invalid(ref, `"${registry}" is not a registry host`);
    }
    if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
        throw invalid(ref, "repository names are lower-case letters, digits and . _ - separators");
    }
    if (rest.length > 255) throw invalid(ref, "the repository name is longer than 255 characters");
    const out: ImageReference = { raw, name: rest, isId: false };
    if (registry !== undefined) out.registry = registry;
    if (tag !== undefined) out.tag = tag;
    if (digest !== undefined) out.digest = digest;
    return out;
}

/** Pulled by default: references that name a registry host or a digest (never an implicit Docker Hub pull). */
export function pullsByDefault(ref: ImageReference): boolean {
    return !ref.isId && (ref.registry !== undefined || ref.digest !== undefined);
}
