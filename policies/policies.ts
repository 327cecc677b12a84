/**
 * The policies of the `sagemaker-rstudio` pack. One policy per rule of the catalogue (name = the rule's slug,
 * description = its summary, default level = its level), plus three that no rule covers alone:
 * `domain-rstudio-settings` (the domain's RStudio block), `custom-image-verified` (every attached image traces back
 * to checked facts) and `traced-docker-image` (docker images that a SageMaker ImageVersion uses, in stacks without
 * our components).
 *
 * Nothing here judges an image: props are translated into the check flow's input (check/decide.ts `checkFacts`,
 * the same call the components and the CLI end in), and its findings come back as violations.
 */
import { validateResourceOfType } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { FACT_KEYS, RULES, emptyFacts, findRule, rstudioUrlProblem, unknown as unknownFact, type ImageFacts, type Rule, type SpecConfig } from "../core";
import { DOMAIN_WORKBENCH_ARN_PATHS, IMAGE_PROPS } from "../check/contract";
import { checkFacts, type CheckContextInput } from "../check/decide";
import { CONFIG_SCHEMAS, settingsFor, type PolicySettings } from "./config";
import { TYPES, read, readEach, readString, urnTypeChain, type Read } from "./props";
import { findingViolation, invalidConfig, notVerifiedAtPreview, report, safeText, type Violation } from "./violations";

function rule(slug: string): Rule {
    const r = findRule(slug);
    if (r === undefined) throw new Error(`the rule catalogue has no rule "${slug}"`);
    return r;
}

const RSB012 = rule("platform");
const RSB013 = rule("workbench-version-match");
const RSB014 = rule("digest-pinned");

/** Rules checked across resources (a stack policy) rather than on one resource. */
const STACK_RULES = new Set([RSB013.id]);

// ---------------------------------------------------------------------------------------------------------------
// Props → the check flow's input

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether `v` has the shape of a Fact (the facts wire shape: `{state: "known"|"unknown", source, …}`). */
function isFact(v: unknown): boolean {
    return isObject(v) && (v.state === "known" || v.state === "unknown") && typeof v.source === "string";
}

/** Why a property is unknown at preview, as the reason of an unknown fact. */
function pendingReason(path: string, what: string): string {
    return `\`${path}\` is not known at preview: ${what}; it is checked again when \`pulumi up\` runs`;
}

const FACTS_PENDING = "it is only known once the image is built and pushed";

/** Bookkeeping fields of ImageFacts that travel with the facts (see core/facts.ts). */
const BOOKKEEPING = ["file", "imageRef", "baseInspected", "finalStageLine", "sources", "suppressions"] as const;

/**
 * ImageFacts as a component published them (check/contract.ts wire shape), read through the SDK's proxy. A fact
 * that is unknown at preview, or has an unknown value inside, becomes an `unknown` fact saying so; a fact missing
 * or malformed (a component older or newer than the pack) becomes unknown "not passed". Undefined when the value
 * is not ImageFacts at all.
 */
function factsFrom(raw: unknown): ImageFacts | undefined {
    const out: Record<string, unknown> = {};
    let present = 0;
    for (const k of FACT_KEYS) {
        const f = read(raw, [k]);
        if (f.state === "unknown") {
            out[k] = unknownFact("context", pendingReason(f.path, FACTS_PENDING));
            present++;
        } else if (f.state === "known" && isFact(f.value)) {
            out[k] = f.value;
            present++;
        } else {
            out[k] = unknownFact("context", "not passed by the RStudioImage component");
        }
    }
    if (present === 0) return undefined;
    for (const k of BOOKKEEPING) {
        const v = read(raw, [k]);
        if (v.state === "known") out[k] = v.value;
    }
    if (!Array.isArray(out.sources)) out.sources = [];
    if (!Array.isArray(out.suppressions)) out.suppressions = [];
    return out as unknown as ImageFacts;
}

/**
 * The facts of one request, translated once for all the image policies. The SDK calls each policy of an Analyze
 * request with its own copy of the props, one after the other in the same turn of the event loop (its handler
 * awaits each policy; ours are synchronous), and reading the facts through its proxy is most of the pack's work:
 * the translation is kept until that turn ends (cleared by setImmediate, before the next request's I/O is read),
 * keyed by the resource's URN (and the facts' key list, which costs no read through the proxy). The engine sends
 * one Analyze per resource registration, so within a turn a URN stands for one set of props.
 */
const turnCache = new Map<string, { keys: string; facts: ImageFacts | undefined }>();
let turnCacheClear: ReturnType<typeof setImmediate> | undefined;

function factsOnce(urn: string | undefined, raw: object): ImageFacts | undefined {
    if (urn === undefined) return factsFrom(raw);
    const keys = Object.keys(raw).join(",");
    const hit = turnCache.get(urn);
    if (hit !== undefined && hit.keys === keys) return hit.facts;
    const facts = factsFrom(raw);
    turnCache.set(urn, { keys, facts });
    turnCacheClear ??= setImmediate(() => {
        turnCache.clear();
        turnCacheClear = undefined;
    });
    return facts;
}

/** A copy of the cached facts for one policy: the fact objects are shared (never changed), the record is its own. */
function ownCopy(facts: ImageFacts): ImageFacts {
    return { ...facts };
}

/** What an RStudioImage's props give the check flow, or why there is nothing to check. */
type ImageInput =
    | { state: "unknown"; path: string }
    | { state: "none" }
    | { state: "facts"; facts: ImageFacts; context: CheckContextInput; hidden: string[] };

/** Translate an RStudioImage's props (inputs at Analyze, outputs at AnalyzeStack): facts, gpu and platform. */
function imageInput(props: unknown, urn?: string): ImageInput {
    const raw = read(props, [IMAGE_PROPS.facts], { shallow: true });
    if (raw.state === "unknown") return { state: "unknown", path: raw.path };
    const translated = raw.state === "known" && isObject(raw.value) ? factsOnce(urn, raw.value) : undefined;
    if (translated === undefined) return { state: "none" };
    const facts = ownCopy(translated);
    const context: CheckContextInput = {};
    const hidden: string[] = [];
    const gpu = read(props, [IMAGE_PROPS.gpu]);
    if (gpu.state === "known" && typeof gpu.value === "boolean") context.gpu = gpu.value;
    else if (gpu.state === "unknown") facts.processor = unknownFact("context", pendingReason(gpu.path, "the component's `gpu` input depends on another resource"));
    const platform = read(props, [IMAGE_PROPS.platform]);
    if (platform.state === "known" && typeof platform.value === "string") {
        context.platform = platform.value;
        hidden.push(platform.value);
    } else if (platform.state === "unknown" && facts.platform.state === "unknown") {
        facts.platform = unknownFact("context", pendingReason(platform.path, "the component's `platform` input depends on another resource"));
    }
    return { state: "facts", facts, context, hidden };
}

/** A component's props carry no facts: nothing was checked. */
function noFacts(r: Rule, urn?: string): Violation {
    const v: Violation = {
        message: `${r.id}: not verified: this RStudioImage passed no image facts to the engine. Fix: use a sagemaker-rstudio component that passes \`facts\` (its inputs and outputs carry them).`,
        enforcementLevel: "advisory",
    };
    if (urn !== undefined) v.urn = urn;
    return v;
}

/** Run `r` on an RStudioImage's translated props through the check flow. */
function checkImage(input: ImageInput, r: Rule, spec: SpecConfig, opts: { urn?: string; subject?: string; domain?: string } = {}): Violation[] {
    if (input.state === "unknown") return [notVerifiedAtPreview(r.id, `\`${input.path}\``, opts.urn)];
    if (input.state === "none") return [noFacts(r, opts.urn)];
    const out: Violation[] = [];
    const hidden = [...input.hidden];
    const context: CheckContextInput = { ...input.context };
    if (opts.domain !== undefined) {
        context.domain = opts.domain;
        hidden.push(opts.domain);
    }
    guarded(r.id, out, () => {
        const { findings } = checkFacts({ facts: input.facts, ...context, config: spec, rules: [r] });
        for (const f of findings) out.push(findingViolation(r, f, opts.urn, { subject: opts.subject, hidden }));
    }, opts.urn);
    return out;
}

/** Run `r` on facts that only carry context (a raw resource: only its platform or base image URI is known). */
function checkContextOnly(r: Rule, spec: SpecConfig, context: CheckContextInput, why: string, opts: { urn?: string; subject?: string; hidden: string[] }): Violation[] {
    const { findings } = checkFacts({ facts: emptyFacts("context", why), ...context, config: spec, rules: [r] });
    return findings.map((f) => findingViolation(r, f, opts.urn, { subject: opts.subject, hidden: opts.hidden }));
}

// ---------------------------------------------------------------------------------------------------------------
// Validation plumbing

type Handler = (args: ResourceValidationArgs, rule: Rule, spec: SpecConfig, settings: PolicySettings, out: Violation[]) => void;

/**
 * A resource policy with one handler per resource type. With a single type, the validation carries that type so
 * the SDK skips the policy for other resources without deserializing their properties (as validateResourceOfType
 * does for SDK resource classes).
 */
function resourcePolicy(name: string, r: Rule | undefined, base: Omit<ResourceValidationPolicy, "name" | "validateResource">, handlers: Record<string, Handler>): ResourceValidationPolicy {
    const label = r?.id ?? name;
    const validate = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const handler = handlers[args.type];
        if (handler === undefined) return;
        const settings = settingsFor(args.getConfig<Record<string, unknown>>(), r?.id);
        if (settings.error !== undefined || settings.spec === undefined) {
            report(reportViolation, invalidConfig(label, name, settings.error ?? "no settings"));
            return;
        }
        const spec = settings.spec;
        const out: Violation[] = [];
        guarded(label, out, () => handler(args, r as Rule, spec, settings, out));
        for (const v of out) report(reportViolation, v);
    };
    const types = Object.keys(handlers);
    const validateResource = types.length === 1 ? validateResourceOfType(typeToken(types[0]), (_props, args, rv) => validate(args, rv)) : validate;
    return { name, ...base, validateResource };
}

/** A stand-in for an SDK resource class: all validateResourceOfType reads from one is its type token. */
function typeToken(type: string): new (name: string, args: Record<string, unknown>) => Resource {
    return { __pulumiType: type } as unknown as new (name: string, args: Record<string, unknown>) => Resource;
}

/**
 * Run a check; an exception (facts of an unexpected shape from a newer or older component) becomes a violation
 * at the policy's configured level instead of an RPC error that would abort the whole preview with a stack trace.
 */
function guarded(label: string, out: Violation[], fn: () => void, urn?: string): void {
    try {
        fn();
    } catch (e) {
        const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
        const v: Violation = { message: safeText(`${label}: could not be checked: ${why}. Fix: make sure the sagemaker-rstudio component and policy pack versions match.`) };
        if (urn !== undefined) v.urn = urn;
        out.push(v);
    }
}

function ruleBase(r: Rule): Omit<ResourceValidationPolicy, "name" | "validateResource"> {
    const base: Omit<ResourceValidationPolicy, "name" | "validateResource"> = {
        description: r.summary,
        displayName: `${r.id} ${r.slug}`,
        enforcementLevel: r.level,
        remediationSteps: r.fix,
        tags: ["sagemaker", "rstudio", r.id],
    };
    const schema = CONFIG_SCHEMAS[r.id];
    if (schema !== undefined) base.configSchema = schema;
    return base;
}

/** Settings of a stack policy, or the invalid-config violation. */
function stackSettings(args: StackValidationArgs, label: string, name: string, reportViolation: ReportViolation, ruleId?: string): SpecConfig | undefined {
    const settings = settingsFor(args.getConfig<Record<string, unknown>>(), ruleId);
    if (settings.error !== undefined || settings.spec === undefined) {
        report(reportViolation, invalidConfig(label, name, settings.error ?? "no settings"));
        return undefined;
    }
    return settings.spec;
}

/** Report each violation once (the same finding can be reached through two attachments). */
function reportOnce(reportViolation: ReportViolation, out: readonly Violation[]): void {
    const seen = new Set<string>();
    for (const v of out) {
        const key = `${v.urn ?? ""}\n${v.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report(reportViolation, v);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// RStudioImage components

const onRStudioImage: Handler = (args, r, spec, _settings, out) => {
    out.push(...checkImage(imageInput(args.props, args.urn), r, spec));
};

// ---------------------------------------------------------------------------------------------------------------
// Raw resources

const DOCKER_TYPES: ReadonlySet<string> = new Set([TYPES.dockerImage, TYPES.dockerBuildImage]);

/** Whether an RStudioImage component built this resource (its URN's parent chain has one). */
function builtByRStudioImage(urn: string): boolean {
    return urnTypeChain(urn).slice(0, -1).includes(TYPES.rstudioImage);
}

/** The platforms a docker image is built for: `build.platform` (docker.Image) or `platforms` (docker-build.Image). */
function dockerPlatforms(type: string, props: unknown): Read<Read<unknown>[]> {
    if (type === TYPES.dockerImage) {
        const p = read(props, ["build", "platform"]);
        return p.state === "known" ? { state: "known", value: [p] } : p;
    }
    return readEach(props, ["platforms"]);
}

/** RSB012 on each platform of a docker image; unknown ones are not verified at preview. */
function checkDockerPlatforms(type: string, props: unknown, spec: SpecConfig, out: Violation[], opts: { urn?: string; subject?: string } = {}): void {
    const list = dockerPlatforms(type, props);
    if (list.state === "unknown") {
        out.push(notVerifiedAtPreview(RSB012.id, `\`${list.path}\``, opts.urn));
        return;
    }
    if (list.state === "absent") return;
    for (const item of list.value) {
        if (item.state === "unknown") out.push(notVerifiedAtPreview(RSB012.id, `\`${item.path}\``, opts.urn));
        else if (item.state === "known" && typeof item.value === "string") {
            const platform = item.value;
            out.push(...checkContextOnly(RSB012, spec, { platform }, "only the build platform is known to the policy pack", { ...opts, hidden: [platform] }));
        }
    }
}

/** RSB012 on a docker image: only images built by an RStudioImage, unless `checkAllDockerImages`. */
const onDockerImage: Handler = (args, _r, spec, settings, out) => {
    if (!settings.checkAllDockerImages && !builtByRStudioImage(args.urn)) return;
    checkDockerPlatforms(args.type, args.props, spec, out);
};

const onImageVersion: Handler = (args, r, spec, _settings, out) => {
    const base = readString(args.props, ["baseImage"]);
    if (base.state === "unknown") {
        out.push(notVerifiedAtPreview(r.id, `\`${base.path}\``));
        return;
    }
    if (base.state === "absent") return;
    out.push(...checkContextOnly(r, spec, { imageUri: base.value }, "only the base image URI is known to the policy pack", { hidden: [base.value] }));
};

// ---------------------------------------------------------------------------------------------------------------
// Domain settings (no rule of the catalogue covers them)

export const DOMAIN_SETTINGS_POLICY = "domain-rstudio-settings";
const RSTUDIO_BLOCK = ["domainSettings", "rStudioServerProDomainSettings"];
const URL_FIX =
    "set it to the https:// URL of your server, or leave it out (AWS only lets you change it later by re-creating the domain)";

const onDomain: Handler = (args, _r, _spec, _settings, out) => {
    const label = DOMAIN_SETTINGS_POLICY;
    const block = read(args.props, RSTUDIO_BLOCK, { shallow: true });
    if (block.state === "absent") return;
    const at = RSTUDIO_BLOCK.join(".");
    if (block.state === "unknown") {
        out.push(notVerifiedAtPreview(label, `\`${block.path}\``));
        return;
    }
    // Unknown at preview is fine for the role: it is usually created in the same stack.
    const role = readString(block.value, ["domainExecutionRoleArn"]);
    if (role.state === "absent" || (role.state === "known" && role.value.trim() === "")) {
        out.push({
            message: `${label}: ${at}.domainExecutionRoleArn is not set: RStudio on SageMaker needs a domain execution role. Basis: the domain's properties. Fix: set it to the ARN of a role SageMaker can assume (RStudioDomain creates one).`,
        });
    }
    for (const key of ["rStudioConnectUrl", "rStudioPackageManagerUrl"]) {
        const url = readString(block.value, [key]);
        if (url.state === "unknown") out.push(notVerifiedAtPreview(label, `\`${url.path}\``));
        if (url.state !== "known") continue;
        const problem = rstudioUrlProblem(url.value, false);
        if (problem !== undefined) {
            out.push({ message: safeText(`${label}: ${at}.${key} ${problem}. Basis: the domain's ${key} property. Fix: ${URL_FIX}.`, [url.value]) });
        }
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Stack: what is attached where, and where each attached image comes from

/** An image attached to a domain or user profile (`…rSessionAppSettings.customImages[i]`). */
interface Attachment {
    owner: PolicyResource;
    /** The property path of the attachment; named in messages instead of the image name (a property value). */
    where: string;
    imageName: Read<string>;
}

const ATTACH_PATHS: Record<string, string[]> = {
    [TYPES.domain]: ["defaultUserSettings", "rSessionAppSettings", "customImages"],
    [TYPES.userProfile]: ["userSettings", "rSessionAppSettings", "customImages"],
};

function attachments(resources: readonly PolicyResource[]): { list: Attachment[]; unknown: Violation[] } {
    const list: Attachment[] = [];
    const unknown: Violation[] = [];
    for (const res of resources) {
        const path = ATTACH_PATHS[res.type];
        if (path === undefined) continue;
        const items = readEach(res.props, path);
        if (items.state === "unknown") {
            unknown.push(notVerifiedAtPreview(CUSTOM_IMAGE_POLICY, `\`${items.path}\``, res.urn));
            continue;
        }
        if (items.state === "absent") continue;
        items.value.forEach((item, index) => {
            const where = `${path.join(".")}[${index}]`;
            const imageName: Read<string> = item.state === "known" ? readString(item.value, ["imageName"]) : item;
            list.push({ owner: res, where, imageName });
        });
    }
    return { list, unknown };
}

function ownerComponent(res: PolicyResource): PolicyResource | undefined {
    for (let p = res.parent; p !== undefined; p = p.parent) if (p.type === TYPES.rstudioImage) return p;
    return undefined;
}

/**
 * Where attached image names lead: an RStudioImage component with that `imageName`, or the SageMaker Image such a
 * component created. `pending`: some candidate's name is unknown (preview), so an unmatched name may still be one.
 */
class ImageIndex {
    private readonly byName = new Map<string, PolicyResource>();
    readonly pending: boolean;

    constructor(resources: readonly PolicyResource[]) {
        let pending = false;
        for (const res of resources) {
            if (res.type !== TYPES.rstudioImage && res.type !== TYPES.sagemakerImage) continue;
            const n = readString(res.props, [IMAGE_PROPS.imageName]);
            if (n.state === "unknown") pending = true;
            if (n.state !== "known" || this.byName.has(n.value)) continue;
            const component = res.type === TYPES.rstudioImage ? res : ownerComponent(res);
            if (component !== undefined) this.byName.set(n.value, component);
        }
        this.pending = pending;
    }

    component(name: string): PolicyResource | undefined {
        return this.byName.get(name);
    }
}

export const CUSTOM_IMAGE_POLICY = "custom-image-verified";

function validateCustomImages(args: StackValidationArgs, reportViolation: ReportViolation): void {
    // No settings of its own: the call reports a key given to it anyway (a typo, a setting meant for another policy).
    if (stackSettings(args, CUSTOM_IMAGE_POLICY, CUSTOM_IMAGE_POLICY, reportViolation) === undefined) return;
    const out: Violation[] = [];
    guarded(CUSTOM_IMAGE_POLICY, out, () => checkCustomImages(args.resources, out));
    for (const v of out) report(reportViolation, v);
}

function checkCustomImages(resources: readonly PolicyResource[], out: Violation[]): void {
    const { list, unknown } = attachments(resources);
    out.push(...unknown);
    const index = new ImageIndex(resources);
    const label = CUSTOM_IMAGE_POLICY;
    for (const a of list) {
        if (a.imageName.state === "unknown") {
            out.push(notVerifiedAtPreview(label, `\`${a.imageName.path}\``, a.owner.urn));
            continue;
        }
        if (a.imageName.state === "absent") continue;
        const name = a.imageName.value;
        const component = index.component(name);
        if (component === undefined) {
            if (index.pending) {
                out.push(notVerifiedAtPreview(label, `the image name of an RStudioImage that the image at ${a.where} may come from`, a.owner.urn));
                continue;
            }
            out.push({
                urn: a.owner.urn,
                message: `${label}: unverified RStudio image at ${a.where}: no RStudioImage in this stack builds it, so its image was never checked against the AWS image spec. Basis: no RStudioImage (or SageMaker Image one created) in this stack has that image name. Fix: build and register it with RStudioImage, or check it with \`sagemaker-rstudio check\` where it is built and set this policy to advisory for this stack.`,
            });
            continue;
        }
        const facts = read(component.props, [IMAGE_PROPS.facts], { shallow: true });
        if (facts.state === "absent") {
            out.push({
                urn: a.owner.urn,
                message: `${label}: unverified RStudio image at ${a.where}: its RStudioImage (${component.name}) passed no image facts, so no check saw them. Basis: the component's \`facts\` property is absent. Fix: use a sagemaker-rstudio component that passes \`facts\`.`,
            });
        }
        // Known facts were checked by the rule policies on the component; unknown ones are checked at update.
    }
}

function validateVersionMatch(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const spec = stackSettings(args, RSB013.id, RSB013.slug, reportViolation, RSB013.id);
    if (spec === undefined) return;
    const out: Violation[] = [];
    guarded(RSB013.id, out, () => checkVersionMatch(args.resources, spec, out));
    reportOnce(reportViolation, out);
}

/**
 * RSB013 through the check flow: the domain's image ARN goes to checkFacts as `domain` (check/ parses its Workbench
 * line with domainLine), the attached image's facts as they are; the rule decides.
 */
function checkVersionMatch(resources: readonly PolicyResource[], spec: SpecConfig, out: Violation[]): void {
    const r = RSB013;

    // Domains that pin a Workbench version (through the image ARN of their RStudio default resource spec).
    const domainArn = new Map<PolicyResource, Read<string>>();
    for (const res of resources) {
        if (res.type !== TYPES.domain) continue;
        let v: Read<string> = { state: "absent" };
        for (const path of DOMAIN_WORKBENCH_ARN_PATHS) {
            v = readString(res.props, path);
            if (v.state !== "absent") break;
        }
        domainArn.set(res, v);
    }

    const { list } = attachments(resources);
    const index = new ImageIndex(resources);
    for (const a of list) {
        const arn = domainArn.get(a.owner);
        if (arn === undefined || arn.state === "absent") continue;
        if (arn.state === "unknown") {
            out.push(notVerifiedAtPreview(r.id, `\`${arn.path}\` (the domain's Workbench version)`, a.owner.urn));
            continue;
        }
        if (a.imageName.state === "unknown") {
            out.push(notVerifiedAtPreview(r.id, `\`${a.imageName.path}\``, a.owner.urn));
            continue;
        }
        if (a.imageName.state !== "known") continue;
        const component = index.component(a.imageName.value);
        if (component === undefined) continue; // custom-image-verified reports it
        const input = imageInput(component.props, component.urn);
        if (input.state === "unknown") {
            out.push(notVerifiedAtPreview(r.id, `\`${input.path}\` of the RStudioImage ${component.name} (attached at ${a.where})`, a.owner.urn));
            continue;
        }
        if (input.state === "none") continue; // custom-image-verified reports images without facts
        // The image's facts with the domain's version; not the component's gpu / platform (RSB013 reads neither).
        const facts: ImageInput = { ...input, context: {} };
        const subject = `custom image of RStudioImage ${component.name} (${a.where})`;
        for (const v of checkImage(facts, r, spec, { urn: a.owner.urn, subject, domain: arn.value })) out.push(v);
    }

    // Components that were given their domain's version directly (facts.domainWorkbenchVersion known).
    for (const res of resources) {
        if (res.type !== TYPES.rstudioImage) continue;
        const dv = read<{ state?: string }>(res.props, [IMAGE_PROPS.facts, "domainWorkbenchVersion"]);
        if (dv.state !== "known" || dv.value.state !== "known") continue;
        for (const v of checkImage(imageInput(res.props, res.urn), r, spec, { urn: res.urn })) out.push(v);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Docker images behind SageMaker image versions (stacks without our components)

export const TRACED_IMAGE_POLICY = "traced-docker-image";

/** How far the trace follows components' children from an ImageVersion's baseImage dependencies. */
const TRACE_DEPTH = 4;

/**
 * Docker images whose output an `aws.sagemaker.ImageVersion`'s `baseImage` is made from: the resources its
 * `baseImage` property depends on (AnalyzeStack's property dependencies), and inside any component among them its
 * children, `TRACE_DEPTH` levels down. Each image maps to the ImageVersions it feeds.
 */
function tracedDockerImages(resources: readonly PolicyResource[]): Map<PolicyResource, PolicyResource[]> {
    const children = new Map<PolicyResource, PolicyResource[]>();
    for (const res of resources) {
        if (res.parent === undefined) continue;
        const list = children.get(res.parent) ?? [];
        list.push(res);
        children.set(res.parent, list);
    }
    const found = new Map<PolicyResource, PolicyResource[]>();
    for (const version of resources) {
        if (version.type !== TYPES.imageVersion) continue;
        const seen = new Set<PolicyResource>();
        const visit = (res: PolicyResource, depth: number) => {
            if (seen.has(res) || depth > TRACE_DEPTH) return;
            seen.add(res);
            if (DOCKER_TYPES.has(res.type)) {
                const feeds = found.get(res) ?? [];
                if (!feeds.includes(version)) feeds.push(version);
                found.set(res, feeds);
                return;
            }
            for (const child of children.get(res) ?? []) visit(child, depth + 1);
        };
        for (const dep of version.propertyDependencies?.baseImage ?? []) visit(dep, 0);
    }
    return found;
}

function validateTracedImages(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const spec = stackSettings(args, TRACED_IMAGE_POLICY, TRACED_IMAGE_POLICY, reportViolation);
    if (spec === undefined) return;
    const out: Violation[] = [];
    guarded(TRACED_IMAGE_POLICY, out, () => {
        for (const [image, versions] of tracedDockerImages(args.resources)) {
            // Images an RStudioImage built are checked by the rule policies at Analyze, with all their facts.
            if (builtByRStudioImage(image.urn)) continue;
            const subject = `docker image ${image.name} (the baseImage of ImageVersion ${versions.map((v) => v.name).join(", ")})`;
            checkDockerPlatforms(image.type, image.props, spec, out, { urn: image.urn, subject });
        }
    });
    reportOnce(reportViolation, out);
}

// ---------------------------------------------------------------------------------------------------------------
// The pack

function rulePolicy(r: Rule): ResourceValidationPolicy {
    const handlers: Record<string, Handler> = { [TYPES.rstudioImage]: onRStudioImage };
    if (r.id === RSB012.id) {
        handlers[TYPES.dockerImage] = onDockerImage;
        handlers[TYPES.dockerBuildImage] = onDockerImage;
    }
    if (r.id === RSB014.id) handlers[TYPES.imageVersion] = onImageVersion;
    return resourcePolicy(r.slug, r, ruleBase(r), handlers);
}

const versionMatchPolicy: StackValidationPolicy = {
    name: RSB013.slug,
    ...ruleBase(RSB013),
    validateStack: validateVersionMatch,
};

const domainSettingsPolicy: ResourceValidationPolicy = resourcePolicy(
    DOMAIN_SETTINGS_POLICY,
    undefined,
    {
        description:
            "A SageMaker domain with RStudio configured has a domain execution role, and its RStudio Connect / Package Manager URLs match ^(https:|http:|www\\.)\\S* without credentials or AWS's placeholders.",
        displayName: "SageMaker domain RStudio settings",
        enforcementLevel: "mandatory",
        remediationSteps: "Set domainSettings.rStudioServerProDomainSettings.domainExecutionRoleArn, and real https:// URLs (or none) for rStudioConnectUrl / rStudioPackageManagerUrl.",
        tags: ["sagemaker", "rstudio"],
    },
    { [TYPES.domain]: onDomain },
);

const customImagePolicy: StackValidationPolicy = {
    name: CUSTOM_IMAGE_POLICY,
    description:
        "Every custom image attached to a domain or user profile (rSessionAppSettings.customImages) comes from an RStudioImage in the stack, whose facts the rule policies checked.",
    displayName: "Attached RStudio images are verified",
    enforcementLevel: "mandatory",
    remediationSteps: "Build and register attached images with RStudioImage, or set this policy to advisory in stacks that attach images built elsewhere.",
    tags: ["sagemaker", "rstudio"],
    validateStack: validateCustomImages,
};

const tracedImagePolicy: StackValidationPolicy = {
    name: TRACED_IMAGE_POLICY,
    description:
        "A docker.Image or docker-build.Image that an aws.sagemaker.ImageVersion uses as its baseImage (traced through the stack's property dependencies) is an RStudio image: it is built for linux/amd64 (RSB012).",
    displayName: "Docker images behind SageMaker image versions",
    enforcementLevel: RSB012.level,
    remediationSteps: RSB012.fix,
    tags: ["sagemaker", "rstudio", RSB012.id],
    validateStack: validateTracedImages,
};

/** Every policy of the pack, in catalogue order, then the pack-level policies. */
export const POLICIES: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    ...RULES.map((r) => (STACK_RULES.has(r.id) ? versionMatchPolicy : rulePolicy(r))),
    domainSettingsPolicy,
    customImagePolicy,
    tracedImagePolicy,
];

export const PACK_NAME = "sagemaker-rstudio";
