/**
 * The policies of the `sagemaker-rstudio` pack. One policy per rule of the catalogue (name = the rule's slug,
 * description = its summary, default level = its level), plus two that no rule covers: `domain-rstudio-settings`
 * (the domain's RStudio block) and `custom-image-verified` (every attached image traces back to checked facts).
 *
 * Nothing here judges an image: props are translated into ImageFacts / context and handed to the spec's
 * `evaluateRule`; findings come back as violations.
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
import {
    FACT_KEYS,
    RULES,
    emptyFacts,
    evaluateRule,
    findRule,
    rstudioUrlProblem,
    unknown as unknownFact,
    withContext,
    type CheckContext,
    type ImageFacts,
    type Rule,
} from "../core";
import { CONFIG_SCHEMAS, settingsFor, type PolicySettings } from "./config";
import {
    PendingValue,
    TYPES,
    UNKNOWN_ITEM,
    guardUnknowns,
    isUnknownValue,
    isUnknownValueError,
    read,
    readEach,
    readString,
    unknownReadPath,
    urnTypeChain,
    type Read,
} from "./props";
import { findingViolation, invalidConfig, notVerifiedAtPreview, redact, report, type Violation } from "./violations";

function rule(slug: string): Rule {
    const r = findRule(slug);
    if (r === undefined) throw new Error(`the spec has no rule "${slug}"`);
    return r;
}

const RSB010 = rule("gpu-cuda-toolkit");
const RSB012 = rule("platform");
const RSB013 = rule("workbench-version-match");
const RSB014 = rule("digest-pinned");

/** Rules checked across resources (a stack policy) rather than on one resource. */
const STACK_RULES = new Set([RSB013.id]);

// ---------------------------------------------------------------------------------------------------------------
// Props → facts

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether `v` has the shape of a Fact. An unknown `state` or `source` (preview) makes the whole fact pending. */
function isFact(v: unknown): boolean {
    if (!isObject(v)) return false;
    const state = v.state;
    if (isUnknownValue(state)) throw new PendingValue("");
    if (state !== "known" && state !== "unknown") return false;
    const source = v.source;
    if (isUnknownValue(source)) throw new PendingValue("");
    return typeof source === "string";
}

const PENDING = new WeakSet<object>();

/** A fact that is itself unknown at preview: any read throws, so only the rules that read it are unverified. */
function pendingFact(path: string): never {
    const p = new Proxy({}, { get: () => { throw new PendingValue(path); } });
    PENDING.add(p);
    return p as never;
}

function isPending(v: unknown): boolean {
    return typeof v === "object" && v !== null && PENDING.has(v);
}

const FACT_KEY_SET = new Set<string>(FACT_KEYS);
const NO_PENDING: ReadonlyMap<string, string> = new Map();

/**
 * ImageFacts as a component passed them (JSON: the plain data behind the SDK's proxy, or the proxy itself). A fact
 * that is missing or malformed becomes unknown with a reason, so a component older or newer than the pack degrades
 * to "could not be determined" instead of a crash; a fact that is unknown at preview, or has an unknown value
 * inside, makes only the rules that read it "not verified at preview" (reads throw PendingValue naming the path).
 * Undefined when the value is not ImageFacts at all.
 */
function normalizeFacts(raw: unknown): ImageFacts | undefined {
    if (!isObject(raw)) return undefined;
    const out: Record<string, unknown> = {};
    let present = 0;
    for (const k of FACT_KEYS) {
        try {
            const f = raw[k];
            if (isUnknownValue(f)) {
                out[k] = pendingFact(`facts.${k}`);
                present++;
            } else if (isFact(f)) {
                out[k] = guardUnknowns(f, ["facts", k]);
                present++;
            } else {
                out[k] = unknownFact("context", "not passed by the RStudioImage component");
            }
        } catch (e) {
            if (unknownReadPath(e) === undefined) throw e;
            out[k] = pendingFact(`facts.${k}`);
            present++;
        }
    }
    if (present === 0) return undefined;
    for (const k of Object.keys(raw)) {
        if (FACT_KEY_SET.has(k)) continue; // bookkeeping: file, sources, suppressions, …
        try {
            const v = raw[k];
            if (!isUnknownValue(v)) out[k] = guardUnknowns(v, ["facts", k]);
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
        }
    }
    if (!Array.isArray(out.sources)) out.sources = [];
    if (!Array.isArray(out.suppressions)) out.suppressions = [];
    return out as unknown as ImageFacts;
}

/** Context props of an RStudioImage and the rules that read them (an unknown one leaves only that rule unverified). */
const CONTEXT_PROPS: readonly { prop: string; rule: string; apply(ctx: CheckContext, v: unknown): void }[] = [
    { prop: "gpu", rule: RSB010.id, apply: (ctx, v) => { if (typeof v === "boolean") ctx.gpu = v; } },
    { prop: "platform", rule: RSB012.id, apply: (ctx, v) => { if (typeof v === "string") ctx.platform = v; } },
];

// ---------------------------------------------------------------------------------------------------------------
// Validation plumbing

type Handler = (args: ResourceValidationArgs, rule: Rule, settings: PolicySettings, out: Violation[]) => void;

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
        const settings = settingsFor(args.getConfig<Record<string, unknown>>());
        if (settings.error !== undefined) {
            report(reportViolation, invalidConfig(label, name, settings.error));
            return;
        }
        const out: Violation[] = [];
        guarded(label, out, () => handler(args, r as Rule, settings, out));
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
        const path = unknownReadPath(e);
        if (path !== undefined) {
            out.push(notVerifiedAtPreview(label, path !== "" ? `\`${path}\`` : "a value this check reads", urn));
            return;
        }
        const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
        const v: Violation = { message: `${label}: could not be checked: ${why}. Fix: make sure the sagemaker-rstudio component and policy pack versions match.` };
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

// ---------------------------------------------------------------------------------------------------------------
// RStudioImage components

/** What an RStudioImage's props give the rules: its facts and context, or why there is nothing to check. */
type ImageInput =
    | { state: "unknown"; path: string }
    | { state: "none" }
    | { state: "facts"; facts: ImageFacts; ctx: CheckContext; pending: ReadonlyMap<string, string> };

/** Translate an RStudioImage's props (inputs at Analyze, outputs at AnalyzeStack): facts, gpu and platform. */
function imageInput(props: unknown): ImageInput {
    const raw = read(props, ["facts"], [], { shallow: true });
    if (raw.state === "unknown") return { state: "unknown", path: raw.path };
    const facts = raw.state === "known" ? normalizeFacts(raw.value) : undefined;
    if (facts === undefined) return { state: "none" };
    const ctx: CheckContext = {};
    const pending = new Map<string, string>(); // rule id → path of the context prop it reads that is unknown
    for (const c of CONTEXT_PROPS) {
        const v = read(props, [c.prop]);
        if (v.state === "known") c.apply(ctx, v.value);
        else if (v.state === "unknown") pending.set(c.rule, v.path);
    }
    // withContext reads the platform fact to decide whether the build platform stands in for it: when that fact is
    // unknown at preview, leave it to the rule that reads it (RSB012 then says so) instead of failing every rule.
    if (ctx.platform !== undefined && isPending(facts.platform)) delete ctx.platform;
    return { state: "facts", facts, ctx, pending };
}

/** Evaluate `rule` on an RStudioImage's translated props (`ctx` adds to the component's own context). */
function checkImage(input: ImageInput, r: Rule, settings: PolicySettings, urn?: string, subject?: string, ctx?: CheckContext): Violation[] {
    if (input.state === "unknown") return [notVerifiedAtPreview(r.id, `\`${input.path}\``, urn)];
    if (input.state === "none") {
        const v: Violation = {
            message: `${r.id}: not verified: this RStudioImage passed no image facts to the engine. Fix: use a sagemaker-rstudio component that passes \`facts\` (its inputs and outputs carry them).`,
            enforcementLevel: "advisory",
        };
        if (urn !== undefined) v.urn = urn;
        return [v];
    }
    const pendingPath = input.pending.get(r.id);
    if (pendingPath !== undefined) return [notVerifiedAtPreview(r.id, `\`${pendingPath}\``, urn)];
    const out: Violation[] = [];
    guarded(r.id, out, () => {
        const facts = withContext(input.facts, ctx === undefined ? input.ctx : { ...input.ctx, ...ctx });
        for (const f of evaluateRule(r, facts, settings.spec)) out.push(findingViolation(r, f, urn, subject));
    }, urn);
    return out;
}

const onRStudioImage: Handler = (args, r, settings, out) => {
    out.push(...checkImage(imageInput(args.props), r, settings));
};

// ---------------------------------------------------------------------------------------------------------------
// Raw resources

/** RSB012 on a docker image: only images built by an RStudioImage, unless `checkAllDockerImages`. */
function isRStudioDockerImage(args: ResourceValidationArgs, settings: PolicySettings): boolean {
    if (settings.checkAllDockerImages) return true;
    const chain = urnTypeChain(args.urn);
    return chain.slice(0, -1).includes(TYPES.rstudioImage);
}

function checkPlatform(r: Rule, settings: PolicySettings, platform: string, out: Violation[]): void {
    const facts = withContext(emptyFacts("context", "only the build platform is known to the policy pack"), { platform });
    out.push(...evaluateRule(r, facts, settings.spec).map((f) => findingViolation(r, f)));
}

const onDockerImage: Handler = (args, r, settings, out) => {
    if (!isRStudioDockerImage(args, settings)) return;
    const p = readString(args.props, ["build", "platform"]);
    if (p.state === "unknown") out.push(notVerifiedAtPreview(r.id, `\`${p.path}\``));
    else if (p.state === "known") checkPlatform(r, settings, p.value, out);
};

const onDockerBuildImage: Handler = (args, r, settings, out) => {
    if (!isRStudioDockerImage(args, settings)) return;
    const list = readEach(args.props, ["platforms"]);
    if (list.state === "unknown") {
        out.push(notVerifiedAtPreview(r.id, `\`${list.path}\``));
        return;
    }
    if (list.state === "absent") return;
    for (const { index, item } of list.value) {
        if (item === UNKNOWN_ITEM) out.push(notVerifiedAtPreview(r.id, `\`platforms.${index}\``));
        else if (typeof item === "string") checkPlatform(r, settings, item, out);
    }
};

const onImageVersion: Handler = (args, r, settings, out) => {
    const base = readString(args.props, ["baseImage"]);
    if (base.state === "unknown") {
        out.push(notVerifiedAtPreview(r.id, `\`${base.path}\``));
        return;
    }
    if (base.state === "absent") return;
    const facts = withContext(emptyFacts("context", "only the base image URI is known to the policy pack"), { imageUri: base.value });
    out.push(...evaluateRule(r, facts, settings.spec).map((f) => findingViolation(r, f)));
};

// ---------------------------------------------------------------------------------------------------------------
// Domain settings (no rule of the catalogue covers them)

export const DOMAIN_SETTINGS_POLICY = "domain-rstudio-settings";
const RSTUDIO_BLOCK = ["domainSettings", "rStudioServerProDomainSettings"];
const URL_FIX =
    "set it to the https:// URL of your server, or leave it out (AWS only lets you change it later by re-creating the domain)";

const onDomain: Handler = (args, _r, _settings, out) => {
    const label = DOMAIN_SETTINGS_POLICY;
    const block = read(args.props, RSTUDIO_BLOCK, [], { shallow: true });
    if (block.state === "absent") return;
    const at = RSTUDIO_BLOCK.join(".");
    if (block.state === "unknown") {
        out.push(notVerifiedAtPreview(label, `\`${block.path}\``));
        return;
    }
    // Unknown at preview is fine for the role: it is usually created in the same stack.
    const role = readString(args.props, [...RSTUDIO_BLOCK, "domainExecutionRoleArn"]);
    if (role.state === "absent" || (role.state === "known" && role.value.trim() === "")) {
        out.push({
            message: `${label}: ${at}.domainExecutionRoleArn is not set: RStudio on SageMaker needs a domain execution role. Fix: set it to the ARN of a role SageMaker can assume (RStudioDomain creates one).`,
        });
    }
    for (const key of ["rStudioConnectUrl", "rStudioPackageManagerUrl"]) {
        const url = readString(args.props, [...RSTUDIO_BLOCK, key]);
        if (url.state === "unknown") out.push(notVerifiedAtPreview(label, `\`${url.path}\``));
        if (url.state !== "known") continue;
        const problem = rstudioUrlProblem(url.value, false);
        if (problem !== undefined) out.push({ message: redact(`${label}: ${at}.${key} ${problem}. Fix: ${URL_FIX}.`) });
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Stack: what is attached where, and where each attached image comes from

/** An image attached to a domain or user profile (`…rSessionAppSettings.customImages[i]`). */
interface Attachment {
    owner: PolicyResource;
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
            unknown.push(notVerifiedAtPreview("custom-image-verified", `\`${items.path}\``, res.urn));
            continue;
        }
        if (items.state === "absent") continue;
        for (const { index, item } of items.value) {
            const where = `${path.join(".")}[${index}]`;
            const imageName: Read<string> =
                item === UNKNOWN_ITEM ? { state: "unknown", path: `${path.join(".")}.${index}` } : readString(item, ["imageName"], [...path, String(index)]);
            list.push({ owner: res, where, imageName });
        }
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
            const n = readString(res.props, ["imageName"]);
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
                out.push(notVerifiedAtPreview(label, `the image name of an RStudioImage that "${name}" (${a.where}) may come from`, a.owner.urn));
                continue;
            }
            out.push({
                urn: a.owner.urn,
                message: `${label}: unverified RStudio image "${name}" (${a.where}): no RStudioImage in this stack builds it, so its image was never checked against the AWS image spec. Fix: build and register it with RStudioImage, or check it with \`sagemaker-rstudio check\` where it is built and set this policy to advisory for this stack.`,
            });
            continue;
        }
        const facts = read(component.props, ["facts"], [], { shallow: true });
        if (facts.state === "absent") {
            out.push({
                urn: a.owner.urn,
                message: `${label}: unverified RStudio image "${name}" (${a.where}): its RStudioImage (${component.name}) passed no image facts, so no check saw them. Fix: use a sagemaker-rstudio component that passes \`facts\`.`,
            });
        }
        // Known facts were checked by the rule policies on the component; unknown ones are checked at update.
    }
}

function validateVersionMatch(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const settings = settingsFor(args.getConfig<Record<string, unknown>>());
    if (settings.error !== undefined) {
        report(reportViolation, invalidConfig(RSB013.id, RSB013.slug, settings.error));
        return;
    }
    const out: Violation[] = [];
    guarded(RSB013.id, out, () => checkVersionMatch(args.resources, settings, out));
    const seen = new Set<string>();
    for (const v of out) {
        const key = `${v.urn ?? ""}\n${v.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report(reportViolation, v);
    }
}

function checkVersionMatch(resources: readonly PolicyResource[], settings: PolicySettings, out: Violation[]): void {
    const r = RSB013;

    // Domains that pin a Workbench version (through the image ARN of their RStudio default resource spec).
    const domainVersion = new Map<PolicyResource, Read<string>>();
    for (const res of resources) {
        if (res.type !== TYPES.domain) continue;
        const spec = [...RSTUDIO_BLOCK, "defaultResourceSpec"];
        let v = readString(res.props, [...spec, "sagemakerImageArn"]);
        if (v.state === "absent") v = readString(res.props, [...spec, "sagemakerImageVersionArn"]);
        domainVersion.set(res, v);
    }

    const { list } = attachments(resources);
    const index = new ImageIndex(resources);
    for (const a of list) {
        const version = domainVersion.get(a.owner);
        if (version === undefined || version.state === "absent") continue;
        if (version.state === "unknown") {
            out.push(notVerifiedAtPreview(r.id, `\`${version.path}\` (the domain's Workbench version)`, a.owner.urn));
            continue;
        }
        if (a.imageName.state === "unknown") {
            out.push(notVerifiedAtPreview(r.id, `\`${a.imageName.path}\``, a.owner.urn));
            continue;
        }
        if (a.imageName.state !== "known") continue;
        const component = index.component(a.imageName.value);
        if (component === undefined) continue; // custom-image-verified reports it
        const input = imageInput(component.props);
        if (input.state === "unknown") {
            out.push(notVerifiedAtPreview(r.id, `\`${input.path}\` of the RStudioImage behind "${a.imageName.value}"`, a.owner.urn));
            continue;
        }
        if (input.state === "none") continue; // custom-image-verified reports images without facts
        // The image's facts with the domain's version; not the component's gpu / platform (RSB013 reads neither).
        const facts: ImageInput = { state: "facts", facts: input.facts, ctx: {}, pending: NO_PENDING };
        const subject = `custom image "${a.imageName.value}"`;
        for (const v of checkImage(facts, r, settings, a.owner.urn, subject, { domainWorkbenchVersion: version.value })) out.push(v);
    }

    // Components that were given their domain's version directly (facts.domainWorkbenchVersion known).
    for (const res of resources) {
        if (res.type !== TYPES.rstudioImage) continue;
        const dv = read<{ state?: string }>(res.props, ["facts", "domainWorkbenchVersion"]);
        if (dv.state !== "known" || dv.value.state !== "known") continue;
        for (const v of checkImage(imageInput(res.props), r, settings, res.urn)) out.push(v);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The pack

function rulePolicy(r: Rule): ResourceValidationPolicy {
    const handlers: Record<string, Handler> = { [TYPES.rstudioImage]: onRStudioImage };
    if (r.id === RSB012.id) {
        handlers[TYPES.dockerImage] = onDockerImage;
        handlers[TYPES.dockerBuildImage] = onDockerBuildImage;
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

/** Every policy of the pack, in catalogue order, then the two pack-level policies. */
export const POLICIES: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    ...RULES.map((r) => (STACK_RULES.has(r.id) ? versionMatchPolicy : rulePolicy(r))),
    domainSettingsPolicy,
    customImagePolicy,
];

export const PACK_NAME = "sagemaker-rstudio";
