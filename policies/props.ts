/**
 * Reading resource properties as the policy SDK hands them over: plain JSON behind `unknownCheckingProxy`, which
 * throws `UnknownValueError` when a policy touches a value the engine marked unknown (preview, before the resource
 * it depends on exists). Every read here turns that into an explicit "unknown at <path>" instead of letting it
 * escape, so a policy can check what is known and say precisely what it could not check.
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

function unknownPath(e: Error & { props?: PropertyKey[] }, fallback: string[]): string {
    const props = Array.isArray(e.props) ? e.props.map(String) : fallback;
    return props.join(".");
}

/**
 * Read `path` from `root` (usually `args.props`). Objects and arrays come back as plain copies with no proxy left in
 * them, so the spec sees ordinary data; an unknown anywhere inside the value makes the whole read unknown.
 * `prefix` is the path of `root` itself, for messages when the SDK's error does not carry one.
 */
export function read<T = unknown>(root: unknown, path: readonly string[], prefix: readonly string[] = [], opts: { shallow?: boolean } = {}): Read<T> {
    let cur: unknown = root;
    const walked: string[] = [...prefix];
    try {
        for (const key of path) {
            if (cur === undefined || cur === null || typeof cur !== "object") return { state: "absent" };
            walked.push(key);
            cur = (cur as Record<string, unknown>)[key];
        }
        if (cur === undefined || cur === null) return { state: "absent" };
        // `shallow`: only say whether the value is there; nested unknowns are left for later reads.
        if (typeof cur === "object" && opts.shallow !== true) cur = JSON.parse(JSON.stringify(cur));
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
    let arr: unknown;
    try {
        arr = root;
        for (const key of path) {
            if (arr === undefined || arr === null || typeof arr !== "object") return { state: "absent" };
            arr = (arr as Record<string, unknown>)[key];
        }
    } catch (e) {
        if (isUnknownValueError(e)) return { state: "unknown", path: unknownPath(e, [...path]) };
        throw e;
    }
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
            items.push({ index, item: arr[index] });
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
