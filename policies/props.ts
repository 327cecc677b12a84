/**
 * Reading resource properties as the policy SDK hands them over, with the SDK's public API only.
 *
 * What the engine sends and what a policy sees (pulumi/pulumi-policy sdk/nodejs/policy/server.ts, read 2026-11-30):
 * - the engine marshals properties with unknowns kept (preview: a value that depends on a resource not created yet)
 *   and secrets kept;
 * - for validations the SDK deserializes them with secrets *unwrapped* (`deserializeProperties(…, false)`): a
 *   policy gets the plain value and nothing says it was a secret (see policies/violations.ts for what the pack
 *   does about that);
 * - it wraps the result in `unknownCheckingProxy`: reading an unknown value throws `UnknownValueError`, whose
 *   `props` is the property path from the resource's root. @pulumi/policy 1.21.0 exports that class from its
 *   entry point ("so policy-pack test helpers can mirror real runtime semantics", its CHANGELOG); its typings
 *   omit it (marked @internal there), so its shape is declared here.
 *
 * Every read here catches that error and turns it into a state: `{state: "unknown", path}`. Nothing is read from
 * behind the proxy and no sentinel value is known to the pack.
 */
import * as policy from "@pulumi/policy";
import { TYPE_TOKENS } from "../check/contract";

/** The outcome of reading one property path. */
export type Read<T> =
    | { state: "known"; value: T }
    | { state: "absent" }
    | { state: "unknown"; path: string };

/** What the SDK throws when a policy reads a value the engine marked unknown. */
interface UnknownValueErrorShape extends Error {
    /** The property path from the resource's root, e.g. `["facts", "sizeBytes", "value"]`. */
    props: PropertyKey[];
}

const UnknownValueError = (policy as unknown as { UnknownValueError?: new (...args: never[]) => UnknownValueErrorShape }).UnknownValueError;
if (typeof UnknownValueError !== "function") {
    throw new Error("the sagemaker-rstudio policy pack needs @pulumi/policy >= 1.21.0 (it exports UnknownValueError)");
}

/** True for the error the SDK's proxy throws when a policy reads an unknown (preview) value. */
export function isUnknownValueError(e: unknown): e is UnknownValueErrorShape {
    return e instanceof UnknownValueError!;
}

function unknownAt(e: UnknownValueErrorShape): { state: "unknown"; path: string } {
    return { state: "unknown", path: (Array.isArray(e.props) ? e.props : []).map(String).join(".") };
}

/**
 * A plain copy of `v` (JSON data: objects, arrays, scalars), read through the SDK's proxy: the first unknown value
 * inside throws UnknownValueError with its path.
 */
function plain(v: unknown): unknown {
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) {
        const n = v.length;
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = plain(v[i]);
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = plain((v as Record<string, unknown>)[k]);
    return out;
}

/**
 * Read `path` from `root` (usually `args.props`, or an element handed out by readEach). Objects and arrays come
 * back as plain data with no proxy in them; an unknown anywhere inside the value makes the read unknown, with the
 * full path of the first unknown. `shallow`: only walk to the value (it stays behind the proxy, for further reads).
 */
export function read<T = unknown>(root: unknown, path: readonly string[], opts: { shallow?: boolean } = {}): Read<T> {
    try {
        let cur: unknown = root;
        for (const key of path) {
            if (cur === undefined || cur === null || typeof cur !== "object") return { state: "absent" };
            cur = (cur as Record<string, unknown>)[key];
        }
        if (cur === undefined || cur === null) return { state: "absent" };
        return { state: "known", value: (opts.shallow === true ? cur : plain(cur)) as T };
    } catch (e) {
        if (isUnknownValueError(e)) return unknownAt(e);
        throw e;
    }
}

/** A string property: a value of another type reads as absent (the provider rejects it anyway). */
export function readString(root: unknown, path: readonly string[]): Read<string> {
    const r = read(root, path);
    if (r.state === "known" && typeof r.value !== "string") return { state: "absent" };
    return r as Read<string>;
}

/**
 * Elements of an array property, each read on its own so that one unknown element does not hide the others. An
 * element that is an object stays behind the proxy (read its fields with read/readString).
 */
export function readEach(root: unknown, path: readonly string[]): Read<Read<unknown>[]> {
    const at = read<unknown>(root, path, { shallow: true });
    if (at.state !== "known") return at;
    const arr = at.value;
    if (!Array.isArray(arr)) return { state: "absent" };
    const items: Read<unknown>[] = [];
    for (let index = 0; index < arr.length; index++) {
        try {
            const item: unknown = arr[index];
            items.push(item === undefined || item === null ? { state: "absent" } : { state: "known", value: item });
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            items.push(unknownAt(e));
        }
    }
    return { state: "known", value: items };
}

/** The type tokens of a URN's parent chain and of the resource itself, outermost first. */
export function urnTypeChain(urn: string): string[] {
    // urn:pulumi:<stack>::<project>::<parent-type>$<parent-type>$<type>::<name>
    const parts = urn.split("::");
    if (parts.length < 4) return [];
    return parts[2].split("$");
}

/**
 * Type tokens the pack looks at: our component's from the contract module (check/contract.ts, shared with the
 * components), the providers' as the providers register them.
 */
export const TYPES = {
    rstudioImage: TYPE_TOKENS.rstudioImage,
    sagemakerImage: "aws:sagemaker/image:Image",
    imageVersion: "aws:sagemaker/imageVersion:ImageVersion",
    domain: "aws:sagemaker/domain:Domain",
    userProfile: "aws:sagemaker/userProfile:UserProfile",
    dockerImage: "docker:index/image:Image",
    dockerBuildImage: "docker-build:index:Image",
} as const;
