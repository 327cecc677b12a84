/**
 * The RStudioDomain's public shapes (args, settings blocks, enums) and the validation of its plain args.
 * Enum values are AWS's (botocore's SageMaker model, read 2026-11-30: AuthMode, AppNetworkAccessType,
 * RStudioServerProAccessStatus, RStudioServerProUserGroup).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { domainLine } from "../check";
import { rstudioUrlProblem, workbenchImageArn, WorkbenchTableError } from "../core";
import type { RStudioChecks, RStudioCustomImage } from "./image-args";
import { describe, DOMAIN_ID, DOMAIN_NAME, sagemakerName, userError } from "./util";

export const DOMAIN_COMPONENT = "RStudioDomain";

/** How users sign in to the domain. */
export const AuthMode = {
    /** IAM users and roles (the default). */
    IAM: "IAM",
    /** IAM Identity Center. */
    SSO: "SSO",
} as const;
export type AuthMode = (typeof AuthMode)[keyof typeof AuthMode];

/** How the domain's apps reach the internet. */
export const AppNetworkAccessType = {
    /** Through SageMaker's network (AWS's default). */
    PublicInternetOnly: "PublicInternetOnly",
    /** Only through the domain's VPC: SageMaker manages the apps' security group (`AppSecurityGroupManagement: Service`). */
    VpcOnly: "VpcOnly",
} as const;
export type AppNetworkAccessType = (typeof AppNetworkAccessType)[keyof typeof AppNetworkAccessType];

/** Whether users can open RStudio. */
export const RStudioAccessStatus = {
    ENABLED: "ENABLED",
    DISABLED: "DISABLED",
} as const;
export type RStudioAccessStatus = (typeof RStudioAccessStatus)[keyof typeof RStudioAccessStatus];

/** The users' RStudio group. */
export const RStudioUserGroup = {
    R_STUDIO_USER: "R_STUDIO_USER",
    R_STUDIO_ADMIN: "R_STUDIO_ADMIN",
} as const;
export type RStudioUserGroup = (typeof RStudioUserGroup)[keyof typeof RStudioUserGroup];

/** A custom image to attach: an RStudioImage's `customImage` output (plus its `workbenchVersion`), or your own entry. */
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
    /** The role SageMaker uses for the RStudio licence and logs. */
    domainExecutionRoleArn: string;
    /** RStudio Connect URL. */
    rStudioConnectUrl?: string;
    /** RStudio Package Manager URL. */
    rStudioPackageManagerUrl?: string;
    /** Default resource spec of the RStudioServerPro app. */
    defaultResourceSpec?: RStudioResourceSpec;
}

/** The `domainSettings` block of a SageMaker domain. */
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
    accessStatus: RStudioAccessStatus;
    /** `R_STUDIO_USER` or `R_STUDIO_ADMIN`. */
    userGroup: RStudioUserGroup;
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
     * outputs to put on the domain. The restart runs in this program's `up`: the program that owns the domain must
     * have attached the images (the `defaultUserSettings` output) before it.
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
    /** How users sign in: `IAM` (default) or `SSO`. */
    authMode?: AuthMode;
    /** `PublicInternetOnly` (AWS's default) or `VpcOnly` (SageMaker then manages the apps' security group). */
    appNetworkAccessType?: AppNetworkAccessType;
    /**
     * Security groups of the users' apps (`DefaultUserSettings.SecurityGroups`, at most 5): required with `VpcOnly`
     * (AWS's API model: "Required when … AppNetworkAccessType is VpcOnly"), optional otherwise.
     */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The users' default execution role. Default: a role trusted by SageMaker with AWS's managed
     * AmazonSageMakerFullAccess policy and ECR pull access, as AWS's domain prerequisites set it up.
     */
    executionRoleArn?: pulumi.Input<string>;
    /** The RStudio domain execution role (licence and logs). Default: created with the policy AWS documents for it. */
    domainExecutionRoleArn?: pulumi.Input<string>;
    /**
     * The domain's Workbench image ARN (`arn:aws:sagemaker:<region>:<account>:image/rstudio-workbench-…`, from AWS's
     * "RStudio versioning" page). Give this or `workbenchVersion`; with neither, SageMaker picks its default version.
     */
    workbenchImageArn?: string;
    /** The domain's Workbench version (`2025.05` or a full version): the image ARN comes from the component's table of AWS's published images. */
    workbenchVersion?: string;
    /** The domain's region, for `workbenchVersion`. Default: the AWS provider's region (`aws:region`). */
    region?: string;
    /** RStudio Connect URL (must match `^(https:|http:|www\.)\S*`). */
    rStudioConnectUrl?: string;
    /** RStudio Package Manager URL (must match `^(https:|http:|www\.)\S*`). */
    rStudioPackageManagerUrl?: string;
    /** Instance type of the shared RStudioServerPro app (domain default resource spec). */
    serverInstanceType?: string;
    /** The custom images to attach (at most 200): RStudioImages' `customImage` outputs, or entries of your own. */
    customImages?: pulumi.Input<RStudioDomainCustomImage>[];
    /** Users' RStudio access: `ENABLED` (default) or `DISABLED`. */
    accessStatus?: RStudioAccessStatus;
    /** Users' RStudio group: `R_STUDIO_USER` (default) or `R_STUDIO_ADMIN`. */
    userGroup?: RStudioUserGroup;
    /**
     * Manage the shared RStudioServerPro app: restart it when the image set changes, and apply changes of the
     * RStudio domain settings (Workbench version, URLs) in AWS's order. Default `true` (not in `settingsOnly` mode).
     */
    restartSharedApp?: boolean;
    /** Spec configuration for the Workbench version check (RSB013). */
    checks?: RStudioChecks;
    /** Tags for every AWS resource the component creates. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** CloudFormation's and the API model's limit on `RSessionAppSettings.CustomImages`. */
export const MAX_CUSTOM_IMAGES = 200;

export type DomainMode = "create" | "existing" | "settings";

/** The plain args, validated. */
export interface DomainInputs {
    mode: DomainMode;
    domainName: string;
    authMode: AuthMode;
    appNetworkAccessType?: AppNetworkAccessType;
    accessStatus: RStudioAccessStatus;
    userGroup: RStudioUserGroup;
    /** The domain's Workbench image ARN, when given or derived. */
    workbenchImageArn?: string;
    /** Its `YYYY.MM` line. */
    workbenchLine?: string;
    /** The region the ARN is for, when known. */
    region?: string;
}

function oneOf<T extends string>(name: string, key: string, value: unknown, allowed: Record<string, T>, fallback: T): T;
function oneOf<T extends string>(name: string, key: string, value: unknown, allowed: Record<string, T>): T | undefined;
function oneOf<T extends string>(name: string, key: string, value: unknown, allowed: Record<string, T>, fallback?: T): T | undefined {
    if (value === undefined || value === null) return fallback;
    const values = Object.values(allowed);
    if (typeof value !== "string" || !values.includes(value as T)) {
        throw userError(DOMAIN_COMPONENT, name, `\`${key}\` must be one of ${values.join(", ")}, got ${typeof value === "string" ? JSON.stringify(value) : describe(value)}`);
    }
    return value as T;
}

function checkUrl(name: string, key: string, value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") throw userError(DOMAIN_COMPONENT, name, `\`${key}\` must be a string, got ${describe(value)}`);
    const problem = rstudioUrlProblem(value, false);
    if (problem !== undefined) {
        throw userError(DOMAIN_COMPONENT, name, `${key} ${problem}. Fix: use the https:// URL of your RStudio ${key === "rStudioConnectUrl" ? "Connect" : "Package Manager"} server, without credentials.`);
    }
}

/** The domain's Workbench image ARN and line: given, or from the one table (core/workbench.ts) for version + region. */
function workbenchOf(name: string, args: RStudioDomainArgs): Pick<DomainInputs, "workbenchImageArn" | "workbenchLine" | "region"> {
    if (args.workbenchImageArn !== undefined && args.workbenchImageArn !== null) {
        if (typeof args.workbenchImageArn !== "string") throw userError(DOMAIN_COMPONENT, name, `\`workbenchImageArn\` must be a string, got ${describe(args.workbenchImageArn)}`);
        if (args.workbenchVersion !== undefined) throw userError(DOMAIN_COMPONENT, name, "give `workbenchImageArn` or `workbenchVersion`, not both");
        // check/'s domainLine is the one parse of a Workbench image ARN (it reads only the part after `:image/`).
        const line = args.workbenchImageArn.startsWith("arn:") ? domainLine(args.workbenchImageArn) : undefined;
        if (line === undefined) {
            throw userError(DOMAIN_COMPONENT, name, `workbenchImageArn ${args.workbenchImageArn} does not name a Workbench version (expected …:image/rstudio-workbench-YYYY.MM…)`);
        }
        return { workbenchImageArn: args.workbenchImageArn, workbenchLine: line };
    }
    if (args.workbenchVersion === undefined || args.workbenchVersion === null) return {};
    if (typeof args.workbenchVersion !== "string") throw userError(DOMAIN_COMPONENT, name, `\`workbenchVersion\` must be a string, got ${describe(args.workbenchVersion)}`);
    const line = domainLine(args.workbenchVersion);
    if (line === undefined) throw userError(DOMAIN_COMPONENT, name, `workbenchVersion "${args.workbenchVersion}" is not a Workbench version (YYYY.MM…)`);
    const region = args.region ?? aws.config.region;
    if (region === undefined) {
        throw userError(DOMAIN_COMPONENT, name, "`workbenchVersion` needs the domain's region: set `region` or the AWS provider's `aws:region`; or give `workbenchImageArn`");
    }
    try {
        return { workbenchImageArn: workbenchImageArn(args.workbenchVersion, region), workbenchLine: line, region };
    } catch (e) {
        if (e instanceof WorkbenchTableError) throw userError(DOMAIN_COMPONENT, name, `${e.message}. Fix: pick one of those, or give \`workbenchImageArn\` from AWS's page.`);
        throw e;
    }
}

/** Why a text is not a SageMaker domain id (AWS's DomainId: `d-(-*[a-z0-9]){1,61}`, at most 63 characters), or undefined. */
export function domainIdProblem(id: string, shown: string = JSON.stringify(id)): string | undefined {
    if (DOMAIN_ID.test(id) && id.length <= 63) return undefined;
    return `existingDomainId ${shown} is not a SageMaker domain id (AWS's pattern d-(-*[a-z0-9]){1,61}, at most 63 characters, e.g. d-abcdefghijkl)`;
}

/** Validate the plain args. Throws user errors (RunError). */
export function validateDomainArgs(name: string, args: RStudioDomainArgs): DomainInputs {
    if (args === undefined || args === null || typeof args !== "object") throw userError(DOMAIN_COMPONENT, name, "args are required");
    const settingsOnly = args.settingsOnly ?? false;
    const existing = args.existingDomainId !== undefined && args.existingDomainId !== null;
    if (settingsOnly && existing) throw userError(DOMAIN_COMPONENT, name, "give either `settingsOnly` or `existingDomainId`, not both");
    const mode: DomainMode = settingsOnly ? "settings" : existing ? "existing" : "create";
    if (typeof args.existingDomainId === "string") {
        const problem = domainIdProblem(args.existingDomainId);
        if (problem !== undefined) throw userError(DOMAIN_COMPONENT, name, problem);
    }
    if (mode === "create" && (args.vpcId === undefined || args.vpcId === null || args.subnetIds === undefined || args.subnetIds === null)) {
        throw userError(DOMAIN_COMPONENT, name, "`vpcId` and `subnetIds` are required to create a domain (or set `existingDomainId` / `settingsOnly`)");
    }
    checkUrl(name, "rStudioConnectUrl", args.rStudioConnectUrl);
    checkUrl(name, "rStudioPackageManagerUrl", args.rStudioPackageManagerUrl);
    const domainName = args.domainName ?? sagemakerName(name, pulumi.getStack());
    if (typeof domainName !== "string" || !DOMAIN_NAME.test(domainName)) {
        throw userError(DOMAIN_COMPONENT, name, `domainName ${JSON.stringify(domainName)} does not match SageMaker's pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`);
    }
    const inputs: DomainInputs = {
        mode,
        domainName,
        authMode: oneOf(name, "authMode", args.authMode, AuthMode, AuthMode.IAM),
        accessStatus: oneOf(name, "accessStatus", args.accessStatus, RStudioAccessStatus, RStudioAccessStatus.ENABLED),
        userGroup: oneOf(name, "userGroup", args.userGroup, RStudioUserGroup, RStudioUserGroup.R_STUDIO_USER),
        ...workbenchOf(name, args),
    };
    const access = oneOf(name, "appNetworkAccessType", args.appNetworkAccessType, AppNetworkAccessType);
    if (access !== undefined) inputs.appNetworkAccessType = access;
    if (mode === "create" && access === "VpcOnly" && (args.securityGroupIds === undefined || args.securityGroupIds === null)) {
        throw userError(
            DOMAIN_COMPONENT,
            name,
            "`securityGroupIds` is required with appNetworkAccessType VpcOnly (AWS's CreateDomain: DefaultUserSettings.SecurityGroups is required for VpcOnly). Fix: give the security groups of the users' apps, allowing traffic to SageMaker and License Manager endpoints.",
        );
    }
    const images = args.customImages ?? [];
    if (!Array.isArray(images)) throw userError(DOMAIN_COMPONENT, name, "`customImages` must be a list");
    if (images.length > MAX_CUSTOM_IMAGES) {
        throw userError(DOMAIN_COMPONENT, name, `${images.length} custom images; a domain takes at most ${MAX_CUSTOM_IMAGES} (RSessionAppSettings.CustomImages in AWS's API model)`);
    }
    return inputs;
}
