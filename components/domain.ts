/**
 * RStudioDomain: a SageMaker domain with RStudio enabled and custom RStudio images attached, or the exact settings
 * blocks for a domain defined elsewhere; restarts the shared RStudioServerPro app when the set of custom images
 * changes (AWS: the Launcher only sees images attached before it started).
 *
 * Checks at construction: the Connect / Package Manager URLs (the spec's URL rule) and RSB013 (each image's
 * Workbench version line equals the domain's) for every RStudioImage whose Workbench version is known; entries whose
 * version only becomes known later are checked when it does, before the domain is updated.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    emptyFacts,
    evaluate,
    findRule,
    formatFinding,
    hasMandatory,
    known,
    parseWorkbenchLine,
    rstudioUrlProblem,
    SpecConfig,
    withContext,
    workbenchLine,
} from "../core";
import { imageCheckState, RStudioChecks, RStudioCustomImage, SAGEMAKER_TRUST_POLICY } from "./image";
import { DOMAIN_NAME, sagemakerName, sha256Hex, stableJson, loadChecks, userError } from "./util";

export const RSTUDIO_DOMAIN_TYPE = "sagemaker-rstudio:index:RStudioDomain";

/** CloudFormation's limit on `RSessionAppSettings.CustomImages`. */
export const MAX_CUSTOM_IMAGES = 200;

/** The tag on the shared RStudioServerPro app that carries the hash of the attached image set. */
export const IMAGE_SET_TAG = "SageMakerRStudioImageSet";

const COMPONENT = "RStudioDomain";
const ACCESS_STATUSES = ["ENABLED", "DISABLED"];
const USER_GROUPS = ["R_STUDIO_USER", "R_STUDIO_ADMIN"];
const AUTH_MODES = ["IAM", "SSO"];

/**
 * A custom image to attach: an `RStudioImage` (TypeScript), its `customImage` output, or a plain entry.
 */
export interface RStudioDomainCustomImage {
    /** SageMaker image name. */
    imageName: pulumi.Input<string>;
    /** SageMaker app image config name. */
    appImageConfigName: pulumi.Input<string>;
    /** The image version to pin; without it SageMaker uses the latest version. */
    imageVersionNumber?: pulumi.Input<number>;
    /** The image's Workbench version (e.g. `2025.05.1+513.pro3`), checked against the domain's (RSB013) when given. */
    workbenchVersion?: pulumi.Input<string | undefined>;
}

/** `RStudioServerProDomainSettings.DefaultResourceSpec`. */
export interface RStudioResourceSpec {
    /** The Workbench version image ARN (selects the domain's RStudio version). */
    sagemakerImageArn?: string;
    /** Instance type of the RStudioServerPro app. */
    instanceType?: string;
}

/** `DomainSettings.RStudioServerProDomainSettings`. */
export interface RStudioServerProDomainSettingsBlock {
    /** The role SageMaker uses for the RStudio license and logs. */
    domainExecutionRoleArn: string;
    /** RStudio Connect URL. */
    rStudioConnectUrl?: string;
    /** RStudio Package Manager URL. */
    rStudioPackageManagerUrl?: string;
    /** Default resource spec of the RStudioServerPro app. */
    defaultResourceSpec?: RStudioResourceSpec;
}

/** The `domainSettings` block of an `aws.sagemaker.Domain`. */
export interface RStudioDomainSettingsBlock {
    /** RStudio settings. */
    rStudioServerProDomainSettings: RStudioServerProDomainSettingsBlock;
}

/** `DefaultUserSettings.RSessionAppSettings`. */
export interface RSessionAppSettingsBlock {
    /** The attached custom images. */
    customImages: RStudioCustomImage[];
}

/** `DefaultUserSettings.RStudioServerProAppSettings`. */
export interface RStudioServerProAppSettingsBlock {
    /** `ENABLED` or `DISABLED`. */
    accessStatus: string;
    /** `R_STUDIO_USER` or `R_STUDIO_ADMIN`. */
    userGroup: string;
}

/** The RStudio parts of a domain's `defaultUserSettings` block. */
export interface RStudioUserSettingsBlock {
    /** The users' execution role (absent for a domain defined elsewhere unless `executionRoleArn` is given). */
    executionRole?: string;
    /** RSession settings (custom images). */
    rSessionAppSettings: RSessionAppSettingsBlock;
    /** RStudioServerPro access settings. */
    rStudioServerProAppSettings: RStudioServerProAppSettingsBlock;
}

/** The arguments of an RStudioDomain. */
export interface RStudioDomainArgs {
    /**
     * Attach RStudio settings to this existing domain instead of creating one: no domain is created, the shared
     * RStudioServerPro app of this domain is restarted when the image set changes, and the settings blocks are
     * outputs to put on the domain.
     */
    existingDomainId?: pulumi.Input<string>;
    /** Create nothing but the domain execution role (unless given): only output the settings blocks. */
    settingsOnly?: boolean;
    /** The domain name. Default: derived from the resource and stack names. */
    domainName?: string;
    /** VPC of the domain (required when the domain is created). */
    vpcId?: pulumi.Input<string>;
    /** Subnets of the domain (required when the domain is created). */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** `IAM` (default) or `SSO`. */
    authMode?: string;
    /** `PublicInternetOnly` (AWS default) or `VpcOnly`. */
    appNetworkAccessType?: string;
    /** The users' default execution role. Default: a role trusted by SageMaker with no permissions (attach what your users need). */
    executionRoleArn?: pulumi.Input<string>;
    /** The RStudio domain execution role (license and logs). Default: created with the permissions AWS documents for it. */
    domainExecutionRoleArn?: pulumi.Input<string>;
    /**
     * The Workbench version image ARN of the domain, e.g.
     * `arn:aws:sagemaker:us-east-1:<account>:image/rstudio-workbench-2025.05-sagemaker-1.0` (see AWS "RStudio versioning").
     */
    workbenchImageArn?: string;
    /** Alternative to `workbenchImageArn`: the Workbench version (`2025.05` or a full version); needs `workbenchImageAccount`. */
    workbenchVersion?: string;
    /** The AWS account that publishes the RStudio Workbench images in the domain's region (from AWS's docs for that region). */
    workbenchImageAccount?: string;
    /** The domain's region, for building the Workbench image ARN. Default: the AWS provider's region. */
    region?: string;
    /** RStudio Connect URL (must match `^(https:|http:|www\.)\S*`). */
    rStudioConnectUrl?: string;
    /** RStudio Package Manager URL (must match `^(https:|http:|www\.)\S*`). */
    rStudioPackageManagerUrl?: string;
    /** Instance type of the shared RStudioServerPro app (domain default resource spec). */
    serverInstanceType?: string;
    /** The custom images to attach: RStudioImages, their `customImage` outputs or plain entries. At most 200. */
    customImages?: pulumi.Input<RStudioDomainCustomImage>[];
    /** Users' RStudio access: `ENABLED` (default) or `DISABLED`. */
    accessStatus?: string;
    /** Users' RStudio group: `R_STUDIO_USER` (default) or `R_STUDIO_ADMIN`. */
    userGroup?: string;
    /** Restart the shared RStudioServerPro app when the image set changes. Default `true` (not in `settingsOnly` mode). */
    restartSharedApp?: boolean;
    /** Spec configuration for RSB013 on plain entries (RStudioImages use their own `checks`). */
    checks?: RStudioChecks;
    /** Tags for every AWS resource the component creates. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Permissions AWS documents for the RStudio domain execution role: the RStudio license and RStudio logs. */
export const DOMAIN_EXECUTION_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "RStudioLicense",
            Effect: "Allow",
            Action: [
                "license-manager:ExtendLicenseConsumption",
                "license-manager:ListReceivedLicenses",
                "license-manager:CheckoutLicense",
                "license-manager:CheckInLicense",
            ],
            Resource: "*",
        },
        {
            Sid: "RStudioLogs",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DeleteLogDelivery",
                "logs:Describe*",
                "logs:GetLogDelivery",
                "logs:GetLogEvents",
                "logs:ListLogDeliveries",
                "logs:PutLogEvents",
                "logs:PutResourcePolicy",
                "logs:UpdateLogDelivery",
            ],
            Resource: "*",
        },
        { Sid: "RStudioSessions", Effect: "Allow", Action: "sagemaker:CreateApp", Resource: "*" },
    ],
});

/** A stable hash of an image set: order-insensitive, every field that changes what users can launch. */
export function imageSetHash(images: readonly RStudioCustomImage[]): string {
    const entries = images
        .map((i) => ({ imageName: i.imageName, appImageConfigName: i.appImageConfigName, imageVersionNumber: i.imageVersionNumber ?? null }))
        .map((e) => stableJson(e))
        .sort();
    return sha256Hex(`[${entries.join(",")}]`).slice(0, 16);
}

function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** The Workbench `YYYY.MM` of a `rstudio-workbench-<version>-sagemaker-…` image ARN. */
export function workbenchLineOfArn(arn: string): string | undefined {
    const resource = arn.includes(":image/") ? arn.slice(arn.indexOf(":image/") + 7) : arn;
    const line = parseWorkbenchLine(resource);
    return line === undefined ? undefined : workbenchLine(line);
}

function urlError(name: string, key: string, value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") throw userError(COMPONENT, name, `\`${key}\` must be a string`);
    const problem = rstudioUrlProblem(value, false);
    if (problem !== undefined) {
        throw userError(COMPONENT, name, `${key} ${problem}. Fix: use the https:// URL of your RStudio ${key === "rStudioConnectUrl" ? "Connect" : "Package Manager"} server, without credentials.`);
    }
}

function oneOf(name: string, key: string, value: string | undefined, allowed: string[]): void {
    if (value !== undefined && !allowed.includes(value)) {
        throw userError(COMPONENT, name, `\`${key}\` must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
    }
}

/** RSB013 for one image: facts in, mandatory findings formatted (empty when they match). */
function workbenchMismatches(facts: Parameters<typeof withContext>[0], config: SpecConfig, domainLine: string): string[] {
    const rule = findRule("RSB013");
    if (rule === undefined) return [];
    const findings = evaluate(withContext(facts, { domainWorkbenchVersion: domainLine }), config, [rule]);
    return hasMandatory(findings) ? findings.filter((f) => f.level === "mandatory").map(formatFinding) : [];
}

interface NormalizedEntry {
    value: pulumi.Output<RStudioCustomImage>;
    /** Workbench version to check when it becomes known (entries not checked at construction). */
    lateVersion?: pulumi.Output<string | undefined>;
    label: string;
}

/**
 * Attach custom RStudio images to a SageMaker domain with RStudio enabled (created here, or defined elsewhere).
 *
 * Creates (as children): the RStudio domain execution role (unless given), the users' execution role and the
 * `aws.sagemaker.Domain` (unless `existingDomainId`/`settingsOnly`), and the shared `RStudioServerPro` app
 * (`domain-shared`/`default`), replaced when the set of attached images changes.
 */
export class RStudioDomain extends pulumi.ComponentResource {
    /** The domain id (created or existing; absent in `settingsOnly` mode). */
    public readonly domainId!: pulumi.Output<string | undefined>;
    /** The domain's URL (created domains only). */
    public readonly domainUrl!: pulumi.Output<string | undefined>;
    /** The Workbench version image ARN in the domain settings, when given. */
    public readonly workbenchImageArn!: pulumi.Output<string | undefined>;
    /** The RStudio domain execution role ARN. */
    public readonly domainExecutionRoleArn!: pulumi.Output<string>;
    /** The attached custom images, as in `rSessionAppSettings.customImages`. */
    public readonly customImages!: pulumi.Output<RStudioCustomImage[]>;
    /** Hash of the attached image set: the shared app is replaced when it changes. */
    public readonly imageSetHash!: pulumi.Output<string>;
    /** The exact `domainSettings` block (for a domain defined elsewhere). */
    public readonly domainSettings!: pulumi.Output<RStudioDomainSettingsBlock>;
    /** The RStudio parts of `defaultUserSettings` (for a domain defined elsewhere). */
    public readonly defaultUserSettings!: pulumi.Output<RStudioUserSettingsBlock>;
    /** The shared RStudioServerPro app's ARN, when the component manages it. */
    public readonly sharedAppArn!: pulumi.Output<string | undefined>;

    constructor(name: string, args: RStudioDomainArgs, opts: pulumi.ComponentResourceOptions = {}) {
        if (opts.urn) {
            super(RSTUDIO_DOMAIN_TYPE, name, {}, opts);
            return;
        }
        if (args === undefined || args === null || typeof args !== "object") throw userError(COMPONENT, name, "args are required");
        const settingsOnly = args.settingsOnly ?? false;
        const existing = args.existingDomainId !== undefined && args.existingDomainId !== null;
        const creating = !settingsOnly && !existing;
        if (settingsOnly && existing) throw userError(COMPONENT, name, "give either `settingsOnly` or `existingDomainId`, not both");
        if (creating && (args.vpcId === undefined || args.subnetIds === undefined)) {
            throw userError(COMPONENT, name, "`vpcId` and `subnetIds` are required to create a domain (or set `existingDomainId` / `settingsOnly`)");
        }
        oneOf(name, "accessStatus", args.accessStatus, ACCESS_STATUSES);
        oneOf(name, "userGroup", args.userGroup, USER_GROUPS);
        oneOf(name, "authMode", args.authMode, AUTH_MODES);
        urlError(name, "rStudioConnectUrl", args.rStudioConnectUrl);
        urlError(name, "rStudioPackageManagerUrl", args.rStudioPackageManagerUrl);
        const domainName = args.domainName ?? sagemakerName(name, pulumi.getStack());
        if (!DOMAIN_NAME.test(domainName)) throw userError(COMPONENT, name, `domainName "${domainName}" is not valid (letters, digits and single dashes, at most 63 characters)`);

        const config: SpecConfig = loadChecks(COMPONENT, name, args.checks);

        // The domain's Workbench version: from the image ARN, or built from a version + the publishing account.
        let workbenchImageArn = args.workbenchImageArn;
        let domainLine: string | undefined;
        if (workbenchImageArn !== undefined) {
            domainLine = workbenchLineOfArn(workbenchImageArn);
            if (domainLine === undefined) {
                throw userError(COMPONENT, name, `workbenchImageArn ${workbenchImageArn} does not name a Workbench version (expected …:image/rstudio-workbench-YYYY.MM-…)`);
            }
        } else if (args.workbenchVersion !== undefined) {
            const line = parseWorkbenchLine(args.workbenchVersion);
            if (line === undefined) throw userError(COMPONENT, name, `workbenchVersion "${args.workbenchVersion}" is not a Workbench version (YYYY.MM…)`);
            domainLine = workbenchLine(line);
            const region = args.region ?? aws.config.region;
            if (args.workbenchImageAccount === undefined || region === undefined) {
                throw userError(
                    COMPONENT,
                    name,
                    "`workbenchVersion` needs `workbenchImageAccount` (the AWS account publishing RStudio Workbench images in your region, from AWS's RStudio versioning page) and a region; or give `workbenchImageArn`",
                );
            }
            workbenchImageArn = `arn:${partitionOf(region)}:sagemaker:${region}:${args.workbenchImageAccount}:image/rstudio-workbench-${domainLine}-sagemaker-1.0`;
        }

        // Custom images: RStudioImage instances are checked now (their Dockerfile facts are known); other entries
        // when their Workbench version is known.
        const inputs = args.customImages ?? [];
        if (!Array.isArray(inputs)) throw userError(COMPONENT, name, "`customImages` must be a list");
        if (inputs.length > MAX_CUSTOM_IMAGES) {
            throw userError(COMPONENT, name, `${inputs.length} custom images; a domain takes at most ${MAX_CUSTOM_IMAGES} (CloudFormation's limit on RSessionAppSettings.CustomImages)`);
        }
        const mismatches: string[] = [];
        const entries: NormalizedEntry[] = inputs.map((input, i) => {
            const state = imageCheckState(input);
            const label = state?.label ?? `customImages[${i}]`;
            if (state !== undefined || pulumi.Resource.isInstance(input)) {
                const image = input as unknown as RStudioDomainCustomImage;
                const entry: NormalizedEntry = {
                    label,
                    value: pulumi
                        .all([image.imageName, image.appImageConfigName, image.imageVersionNumber])
                        .apply(([imageName, appImageConfigName, imageVersionNumber]) => pick({ imageName, appImageConfigName, imageVersionNumber })),
                };
                if (domainLine !== undefined) {
                    if (state !== undefined && state.facts.workbenchVersion.state === "known") {
                        for (const m of workbenchMismatches(state.facts, state.config, domainLine)) mismatches.push(`  ${label}: ${m}`);
                    } else if (image.workbenchVersion !== undefined) {
                        entry.lateVersion = pulumi.output(image.workbenchVersion);
                    }
                }
                return entry;
            }
            const value = pulumi.output(input as pulumi.Input<RStudioDomainCustomImage>);
            const entry: NormalizedEntry = {
                label,
                value: value.apply((v) => pick(v as unknown as Record<string, unknown>)),
            };
            if (domainLine !== undefined) entry.lateVersion = value.apply((v) => (v as { workbenchVersion?: string }).workbenchVersion);
            return entry;
        });
        if (mismatches.length > 0) {
            throw new pulumi.RunError(
                `${COMPONENT} "${name}": custom image Workbench version does not match the domain's ${domainLine} (${workbenchImageArn}):\n${mismatches.join("\n")}`,
            );
        }

        const lateChecks = entries.map((e) =>
            e.lateVersion === undefined || domainLine === undefined
                ? pulumi.output(undefined)
                : e.lateVersion.apply((v) => {
                      if (v === undefined || v === null || v === "") return undefined;
                      const facts = { ...emptyFacts("context"), workbenchVersion: known(v, "image", { via: "custom image entry" }) };
                      const found = workbenchMismatches(facts, config, domainLine);
                      return found.length > 0 ? `  ${e.label}: ${found.join("; ")}` : undefined;
                  }),
        );
        // Errors found later are attached to this component (assigned right after super()).
        let self: pulumi.Resource | undefined;
        const listed = pulumi.all(entries.map((e) => e.value));
        const customImages: pulumi.Output<RStudioCustomImage[]> = pulumi.all([listed, pulumi.all(lateChecks)]).apply(([images, late]) => {
            const problems = late.filter((p): p is string => p !== undefined);
            if (problems.length > 0) {
                throw new pulumi.ResourceError(
                    `${COMPONENT} "${name}": custom image Workbench version does not match the domain's ${domainLine}:\n${problems.join("\n")}`,
                    self,
                    true,
                );
            }
            const seen = new Set<string>();
            for (const img of images) {
                if (seen.has(img.imageName)) {
                    throw new pulumi.ResourceError(`${COMPONENT} "${name}": image ${img.imageName} is attached twice; a domain lists each image once.`, self, true);
                }
                seen.add(img.imageName);
            }
            return images;
        });
        const setHash = customImages.apply(imageSetHash);

        super(
            RSTUDIO_DOMAIN_TYPE,
            name,
            {
                existingDomainId: args.existingDomainId,
                settingsOnly,
                domainName: creating ? domainName : undefined,
                vpcId: args.vpcId,
                subnetIds: args.subnetIds,
                authMode: args.authMode,
                appNetworkAccessType: args.appNetworkAccessType,
                executionRoleArn: args.executionRoleArn,
                domainExecutionRoleArn: args.domainExecutionRoleArn,
                workbenchImageArn,
                domainWorkbenchVersion: domainLine,
                rStudioConnectUrl: args.rStudioConnectUrl,
                rStudioPackageManagerUrl: args.rStudioPackageManagerUrl,
                serverInstanceType: args.serverInstanceType,
                // The entries as given (the checked list may reject; the component's own registration must not).
                customImages: listed,
                accessStatus: args.accessStatus,
                userGroup: args.userGroup,
                restartSharedApp: args.restartSharedApp,
                checks: args.checks,
                tags: args.tags,
            },
            opts,
        );
        self = this;
        const parent: pulumi.CustomResourceOptions = { parent: this };

        // The RStudio domain execution role (license, logs, RSession apps).
        let domainExecutionRoleArn: pulumi.Output<string>;
        if (args.domainExecutionRoleArn === undefined || args.domainExecutionRoleArn === null) {
            const role = new aws.iam.Role(
                `${name}-domain-execution`,
                { assumeRolePolicy: SAGEMAKER_TRUST_POLICY, description: "RStudio on SageMaker: license and logs", tags: args.tags },
                parent,
            );
            new aws.iam.RolePolicy(`${name}-domain-execution`, { role: role.id, policy: DOMAIN_EXECUTION_POLICY }, parent);
            domainExecutionRoleArn = role.arn;
        } else {
            domainExecutionRoleArn = pulumi.output(args.domainExecutionRoleArn);
        }

        const rStudioServerProDomainSettings: pulumi.Input<aws.types.input.sagemaker.DomainDomainSettingsRStudioServerProDomainSettings> = {
            domainExecutionRoleArn,
            rStudioConnectUrl: args.rStudioConnectUrl,
            rStudioPackageManagerUrl: args.rStudioPackageManagerUrl,
            defaultResourceSpec:
                workbenchImageArn !== undefined || args.serverInstanceType !== undefined
                    ? { sagemakerImageArn: workbenchImageArn, instanceType: args.serverInstanceType }
                    : undefined,
        };
        const rStudioServerProAppSettings = { accessStatus: args.accessStatus ?? "ENABLED", userGroup: args.userGroup ?? "R_STUDIO_USER" };

        let executionRole: pulumi.Output<string> | undefined;
        if (args.executionRoleArn !== undefined && args.executionRoleArn !== null) {
            executionRole = pulumi.output(args.executionRoleArn);
        } else if (creating) {
            const users = new aws.iam.Role(
                `${name}-execution`,
                { assumeRolePolicy: SAGEMAKER_TRUST_POLICY, description: "RStudio on SageMaker: users' default execution role", tags: args.tags },
                parent,
            );
            executionRole = users.arn;
        }

        let domainId: pulumi.Output<string | undefined>;
        let domainUrl: pulumi.Output<string | undefined> = pulumi.output(undefined);
        const dependencies: pulumi.Resource[] = [];
        if (creating) {
            const domain = new aws.sagemaker.Domain(
                `${name}-domain`,
                {
                    domainName,
                    authMode: args.authMode ?? "IAM",
                    vpcId: args.vpcId as pulumi.Input<string>,
                    subnetIds: args.subnetIds as pulumi.Input<pulumi.Input<string>[]>,
                    appNetworkAccessType: args.appNetworkAccessType,
                    domainSettings: { rStudioServerProDomainSettings },
                    defaultUserSettings: {
                        executionRole: executionRole as pulumi.Output<string>,
                        rSessionAppSettings: { customImages },
                        rStudioServerProAppSettings,
                    },
                    tags: args.tags,
                },
                parent,
            );
            dependencies.push(domain);
            domainId = domain.id;
            domainUrl = domain.url;
        } else if (existing) {
            domainId = pulumi.output(args.existingDomainId as pulumi.Input<string>);
        } else {
            domainId = pulumi.output(undefined);
        }

        // Restart the shared RStudioServerPro app when (and only when) the image set changes: the tag carries the
        // set's hash and a change to it replaces the app (delete first: there is one app of this name per domain).
        let sharedAppArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (!settingsOnly && (args.restartSharedApp ?? true)) {
            const app = new aws.sagemaker.App(
                `${name}-rstudio-server`,
                {
                    domainId: domainId as pulumi.Output<string>,
                    userProfileName: "domain-shared",
                    appType: "RStudioServerPro",
                    appName: "default",
                    tags: pulumi.all([pulumi.output(args.tags ?? {}), setHash]).apply(([t, h]) => ({ ...(t as Record<string, string>), [IMAGE_SET_TAG]: h })),
                },
                { parent: this, dependsOn: dependencies, replaceOnChanges: [`tags.${IMAGE_SET_TAG}`], deleteBeforeReplace: true },
            );
            sharedAppArn = app.arn;
        }

        this.domainId = domainId;
        this.domainUrl = domainUrl;
        this.workbenchImageArn = pulumi.output(workbenchImageArn);
        this.domainExecutionRoleArn = domainExecutionRoleArn;
        this.customImages = customImages;
        this.imageSetHash = setHash;
        this.domainSettings = pulumi.output({ rStudioServerProDomainSettings }).apply((b) => compact(b) as RStudioDomainSettingsBlock);
        this.defaultUserSettings = pulumi
            .output({ executionRole, rSessionAppSettings: { customImages }, rStudioServerProAppSettings })
            .apply((b) => compact(b) as RStudioUserSettingsBlock);
        this.sharedAppArn = sharedAppArn;
        this.registerOutputs({
            domainId: this.domainId,
            domainUrl: this.domainUrl,
            workbenchImageArn: this.workbenchImageArn,
            domainExecutionRoleArn: this.domainExecutionRoleArn,
            customImages: this.customImages,
            imageSetHash: this.imageSetHash,
            domainSettings: this.domainSettings,
            defaultUserSettings: this.defaultUserSettings,
            sharedAppArn: this.sharedAppArn,
        });
    }
}

/** Keep only the fields of a `customImages` entry (drops `workbenchVersion` and anything else). */
function pick(v: Record<string, unknown>): RStudioCustomImage {
    const out: RStudioCustomImage = { imageName: v.imageName as string, appImageConfigName: v.appImageConfigName as string };
    if (v.imageVersionNumber !== undefined && v.imageVersionNumber !== null) out.imageVersionNumber = v.imageVersionNumber as number;
    return out;
}

/** The value without `undefined` members (at any depth): the blocks exactly as a domain's inputs take them. */
function compact(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(compact);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
        return out;
    }
    return value;
}
