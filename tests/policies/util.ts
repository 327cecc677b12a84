/**
 * Fast unit tests of the pack's policies: build the validation args the policy SDK would build (properties
 * deserialized by the SDK's own code and wrapped in its unknown-checking proxy), call a policy's
 * validateResource / validateStack, and collect what it reports with the level the engine would receive.
 */
import * as path from "path";
import * as policy from "@pulumi/policy";
import type { EnforcementLevel, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type * as structpbTypes from "google-protobuf/google/protobuf/struct_pb";
import { POLICIES } from "../../policies/policies";
import { STACK_URN, resourceUrn, type EngineResource } from "./harness";

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const structpb: typeof structpbTypes = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] }));

// Internal to @pulumi/policy (stripped from its typings); used so unit tests see props exactly as policies do.
const sdk = {
    deserializeProperties: (require("@pulumi/policy/deserialize") as { deserializeProperties(s: structpbTypes.Struct, proxySecrets: boolean): Record<string, unknown> })
        .deserializeProperties,
    unknownCheckingProxy: (policy as unknown as { unknownCheckingProxy<T>(x: T): T }).unknownCheckingProxy,
};

/** Properties as a policy receives them: secrets unwrapped, unknown sentinels behind the proxy. */
export function policyProps(props: Record<string, unknown>): Record<string, unknown> {
    const struct = structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
    return sdk.unknownCheckingProxy(sdk.deserializeProperties(struct, false));
}

const OPTIONS = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

/** The engine's props behind each `policyProps` result, so a request can give every policy its own copy. */
const ENGINE_PROPS = new WeakMap<object, Record<string, unknown>>();

export function resourceArgs(r: EngineResource, config: Record<string, unknown> = {}): ResourceValidationArgs {
    const props = policyProps(r.props);
    ENGINE_PROPS.set(props, r.props);
    return {
        type: r.type,
        props,
        urn: resourceUrn(r),
        name: r.name,
        opts: { ...OPTIONS, parent: r.parent ?? STACK_URN },
        stackTags: new Map(),
        // As the SDK's isTypeOf: a class's type token against the resource's type.
        isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === r.type,
        asType: () => undefined,
        getConfig: <T extends object>() => ({ ...config }) as T,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
}

/** What args.notApplicable throws; the SDK records the policy as not applicable to the resource. */
export class NotApplicable extends Error {}

export function stackArgs(resources: EngineResource[], config: Record<string, unknown> = {}): StackValidationArgs {
    const byUrn = new Map<string, PolicyResource>();
    const list = resources.map((r) => {
        const pr: PolicyResource = {
            type: r.type,
            props: policyProps(r.props),
            urn: resourceUrn(r),
            name: r.name,
            opts: { ...OPTIONS, parent: r.parent ?? STACK_URN },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byUrn.set(pr.urn, pr);
        return pr;
    });
    // As the SDK does: parent, dependencies and property dependencies point at the resource objects (unknown URNs dropped).
    const resolve = (urns: string[] | undefined) => (urns ?? []).map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
    resources.forEach((r, i) => {
        if (r.parent !== undefined) list[i].parent = byUrn.get(r.parent);
        list[i].dependencies = resolve(r.dependencies);
        list[i].propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [k, resolve(urns)]));
    });
    return {
        resources: list,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({ ...config }) as T,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
}

export interface Reported {
    policy: string;
    message: string;
    level: EnforcementLevel;
    urn?: string;
}

export function findPolicy(name: string): ResourceValidationPolicy | StackValidationPolicy {
    const p = POLICIES.find((x) => x.name === name);
    if (p === undefined) throw new Error(`no policy named ${name}`);
    return p;
}

/**
 * Run one policy; `level` is the level the engine configured for it (default: the policy's own). A report with its
 * own `enforcementLevel` keeps it, as the SDK's reportViolation does.
 */
export async function run(name: string, args: ResourceValidationArgs | StackValidationArgs, level?: EnforcementLevel, opts: { sameRequest?: boolean } = {}): Promise<Reported[]> {
    if (opts.sameRequest !== true) await nextRequest();
    const p = findPolicy(name);
    const configured = level ?? p.enforcementLevel ?? "advisory";
    const out: Reported[] = [];
    const reportViolation = ((m: string | { message: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => {
        if (typeof m === "string") out.push({ policy: name, message: `${p.description}\n${m}`, level: configured, ...(urn ? { urn } : {}) });
        else out.push({ policy: name, message: m.message, level: m.enforcementLevel ?? configured, ...(m.urn ? { urn: m.urn } : {}) });
    }) as policy.ReportViolation;
    if ("validateStack" in p) {
        if (!("resources" in args)) return [];
        await p.validateStack(args, reportViolation);
    } else {
        if ("resources" in args) return [];
        const validations = Array.isArray(p.validateResource) ? p.validateResource : p.validateResource ? [p.validateResource] : [];
        // The SDK skips a single validation tagged with another resource type without calling it.
        const tagged = validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : undefined;
        if (tagged !== undefined && tagged !== args.type) return [];
        for (const v of validations) {
            try {
                await v(args, reportViolation);
            } catch (e) {
                if (!(e instanceof NotApplicable)) throw e;
            }
        }
    }
    return out;
}

/** A new turn of the event loop: the SDK handles each gRPC request in its own (its policies run within it). */
export function nextRequest(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Run every policy of the pack on a resource (resource policies) or a stack (stack policies), as one request: in a
 * turn of its own, every policy with its own copy of the props (as the SDK deserializes them for each policy).
 */
export async function runAll(args: ResourceValidationArgs | StackValidationArgs, config: Record<string, Record<string, unknown>> = {}): Promise<Reported[]> {
    await nextRequest();
    const out: Reported[] = [];
    for (const p of POLICIES) {
        const withConfig = { ...args, getConfig: <T extends object>() => ({ ...(config[p.name] ?? {}) }) as T };
        const engineProps = "props" in args ? ENGINE_PROPS.get(args.props) : undefined;
        if (engineProps !== undefined) (withConfig as ResourceValidationArgs).props = policyProps(engineProps);
        out.push(...(await run(p.name, withConfig, undefined, { sameRequest: true })));
    }
    return out;
}
