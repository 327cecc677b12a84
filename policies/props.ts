/**
 * Reading resource properties as the policy SDK hands them over: plain JSON behind `unknownCheckingProxy`, which
 * throws `UnknownValueError` when a policy touches a value the engine marked unknown (preview, before the resource
 * it depends on exists). Every read here turns an unknown into an explicit "unknown at <path>" instead of letting
 * it escape, so a policy can check what is known and say precisely what it could not check.
 */
import * as policy from "@pulumi/policy";

/** Type tokens the pack looks at. */
export const TYPES = {
    rstudioImage: "sagemaker-rstudio:index:RStudioImage",
    sagemakerImage: "aws:sagemaker/image:Image",
    imageVersion: "aws:sagemaker/imageVersion:ImageVersion",
    domain: "aws:sagemaker/domain:Domain",
    userProfile: "aws:sagemaker/userProfile:UserProfile",
    dockerImage: "docker:index/image:Image",
    dockerBuildImage: "docker-build:index:Image",
} as const;

/** The outcome of reading one property path. */
export type Read<T> =
    | { state: "known"; value: T }
    | { state: "absent" }
    | { state: "unknown"; path: string };

type UnknownErrorClass = new (...args: never[]) => Error & { props?: PropertyKey[] };

// @pulumi/policy ≥ 1.21 exports UnknownValueError at run time (its .d.ts strips it as internal).
const UnknownValueError = (policy as unknown as { UnknownValueError?: UnknownErrorClass }).UnknownValueError;

/** True for the error the SDK's proxy throws when an unknown (preview) value is read. */
export function isUnknownValueError(e: unknown): e is Error & { props?: PropertyKey[] } {
    if (UnknownValueError !== undefined && e instanceof UnknownValueError) return true;
    return e instanceof Error && / value at \.\S* can't be known during preview$/.test(e.message);
}

/** Thrown when a check reads a value that is not known at preview; `path` names it (`facts.sizeBytes`). */
export class PendingValue extends Error {
    constructor(readonly path: string) {
        super(`${path} is not known during preview`);
    }
}

/** The path of an unknown value a check tried to read (the SDK's error or ours), or undefined for other errors. */
export function unknownReadPath(e: unknown): string | undefined {
    if (e instanceof PendingValue) return e.path;
    if (isUnknownValueError(e)) return (e.props ?? []).map(String).join(".");
    return undefined;
}

function unknownPath(e: Error & { props?: PropertyKey[] }, fallback: string[]): string {
    const props = Array.isArray(e.props) ? e.props.map(String) : fallback;
    return props.join(".");
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the deserialized properties directly
//
// Every property read through the SDK's proxy allocates a new proxy and a new path array, and the SDK builds one
// proxy tree per policy: reading an RStudioImage's facts through it cost more than everything else the pack does.
// So reads go to the plain object behind the proxy (the SDK's own `getSpecialProxyTarget` escape hatch) and check
// for the engine's unknown sentinels themselves, at exactly the reads where the proxy would have thrown, with the
// same property path. When the target is not reachable (another SDK version), the proxy is read as before.

/** The engine's unknown-value sentinels, as @pulumi/policy's proxy recognises them (Pulumi's RPC constants). */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (what the engine sends for any unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** True for a value the engine marked unknown (preview). */
export function isUnknownValue(v: unknown): boolean {
    return typeof v === "string" && v.length === 36 && UNKNOWN_SENTINELS.has(v);
}

// Keys @pulumi/policy's unknownCheckingProxy answers itself (proxy.ts isSpecialProxy / getSpecialProxyTarget).
const IS_SDK_PROXY = "__isSpecialProxy";
const SDK_PROXY_TARGET = "__getSpecialProxyTarget";

function isSdkProxy(v: object): boolean {
    return (v as Record<string, unknown>)[IS_SDK_PROXY] === true;
}

/** The plain value behind the SDK's unknown-checking proxy, or `v` itself when it is not one. */
export function unwrap(v: unknown): unknown {
    if (typeof v !== "object" || v === null || !isSdkProxy(v)) return v;
    const target = (v as Record<string, unknown>)[SDK_PROXY_TARGET];
    return typeof target === "object" && target !== null ? target : v;
}

/**
 * The path of the first unknown inside `v`, in the order JSON.stringify visits it (where a copy through the proxy
 * would have thrown), or undefined when there is none. `v` is plain data (no proxy).
 */
export function firstUnknown(v: unknown, at: readonly string[]): string | undefined {
    if (typeof v !== "object" || v === null) return isUnknownValue(v) ? at.join(".") : undefined;
    const keys: string[] = []; // filled on the way out, only once an unknown was found
    return hasUnknown(v, keys) ? [...at, ...keys.reverse()].join(".") : undefined;
}

function hasUnknown(x: object, keys: string[]): boolean {
    if (Array.isArray(x)) {
        for (let i = 0; i < x.length; i++) {
            const e: unknown = x[i];
            if (isUnknownValue(e) || (typeof e === "object" && e !== null && hasUnknown(e, keys))) {
                keys.push(String(i));
                return true;
            }
        }
        return false;
    }
    // for…in: the same order as Object.keys for JSON data (own keys; its prototype has no enumerable ones), without
    // allocating the key array.
    for (const k in x) {
        const e = (x as Record<string, unknown>)[k];
        if (isUnknownValue(e) || (typeof e === "object" && e !== null && hasUnknown(e, keys))) {
            keys.push(k);
            return true;
        }
    }
    return false;
}

/**
 * Plain data with the SDK proxy's behaviour where it matters: reading an unknown value inside throws (PendingValue
 * with the value's path). `v` itself is returned when nothing inside is unknown, which is the rule, and when it is
 * still behind the SDK's proxy (that throws by itself, with the same path).
 */
export function guardUnknowns<T>(v: T, at: readonly string[]): T {
    if (typeof v !== "object" || v === null) return v;
    try {
        if (firstUnknown(v, at) === undefined) return v;
    } catch (e) {
        if (isUnknownValueError(e)) return v;
        throw e;
    }
    return guard(v, at) as T;
}

function guard(target: object, at: readonly string[]): object {
    return new Proxy(target, {
        get(obj, prop) {
            const v: unknown = (obj as Record<PropertyKey, unknown>)[prop];
            if (typeof prop === "symbol") return v;
            if (isUnknownValue(v)) throw new PendingValue([...at, prop].join("."));
            return typeof v === "object" && v !== null ? guard(v, [...at, prop]) : v;
        },
    });
}

/**
 * Read `path` from `root` (usually `args.props`). Objects and arrays come back as plain data with no proxy in them,
 * so the spec sees ordinary data; an unknown anywhere inside the value makes the whole read unknown. `prefix` is the
 * path of `root` itself (for an element of a list read with readEach), so the path of an unknown is the full one.
 */
export function read<T = unknown>(root: unknown, path: readonly string[], prefix: readonly string[] = [], opts: { shallow?: boolean } = {}): Read<T> {
    let cur: unknown = unwrap(root);
    const walked: string[] = [...prefix];
    try {
        for (const key of path) {
            if (cur === undefined || cur === null || typeof cur !== "object") return { state: "absent" };
            walked.push(key);
            cur = (cur as Record<string, unknown>)[key];
            if (isUnknownValue(cur)) return { state: "unknown", path: walked.join(".") };
        }
        if (cur === undefined || cur === null) return { state: "absent" };
        // `shallow`: only say whether the value is there; nested unknowns are left for later reads.
        if (typeof cur === "object" && opts.shallow !== true) {
            if (isSdkProxy(cur)) {
                cur = JSON.parse(JSON.stringify(cur)); // the proxy was not unwrapped: copy through it (it throws)
            } else {
                const at = firstUnknown(cur, walked);
                if (at !== undefined) return { state: "unknown", path: at };
            }
        }
        return { state: "known", value: cur as T };
    } catch (e) {
        if (isUnknownValueError(e)) return { state: "unknown", path: unknownPath(e, walked) };
        throw e;
    }
}

/** A string property: a value of another type reads as absent (the provider rejects it anyway). */
export function readString(root: unknown, path: readonly string[], prefix: readonly string[] = []): Read<string> {
    const r = read(root, path, prefix);
    if (r.state === "known" && typeof r.value !== "string") return { state: "absent" };
    return r as Read<string>;
}

/** Elements of an array property, each read on its own so that one unknown element does not hide the others. */
export function readEach(root: unknown, path: readonly string[]): Read<{ index: number; item: unknown }[]> {
    // Walk to the array with read(), shallow: its elements are read one by one below.
    const at = read<unknown>(root, path, [], { shallow: true });
    if (at.state !== "known") return at;
    const arr = at.value;
    if (!Array.isArray(arr)) return { state: "absent" };
    let length: number;
    try {
        length = arr.length;
    } catch (e) {
        if (isUnknownValueError(e)) return { state: "unknown", path: path.join(".") };
        throw e;
    }
    const items: { index: number; item: unknown }[] = [];
    for (let index = 0; index < length; index++) {
        try {
            const item: unknown = arr[index];
            items.push({ index, item: isUnknownValue(item) ? UNKNOWN_ITEM : item });
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            items.push({ index, item: UNKNOWN_ITEM });
        }
    }
    return { state: "known", value: items };
}

/** Marks an array element that is itself unknown (see readEach). */
export const UNKNOWN_ITEM: unique symbol = Symbol("unknown array element");

/** The type tokens of a URN's parent chain and of the resource itself, outermost first. */
export function urnTypeChain(urn: string): string[] {
    // urn:pulumi:<stack>::<project>::<parent-type>$<parent-type>$<type>::<name>
    const parts = urn.split("::");
    if (parts.length < 4) return [];
    return parts[2].split("$");
}
