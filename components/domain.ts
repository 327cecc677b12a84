/**
 * RStudioDomain: a SageMaker domain with RStudio enabled and custom RStudio images attached, or the exact settings
 * blocks for a domain defined elsewhere; keeps the shared RStudioServerPro app in step (AWS's order: see
 * components/shared-app.ts).
 *
 * The constructor is a list of steps (components/domain-*.ts): validate → attach images (Workbench line check,
 * RSB013, through check/) → domain execution role → users' role → domain → shared app.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TYPE_TOKENS } from "../check/contract";
import { workbenchFromImageArn, WORKBENCH_SOURCE } from "../core";
import { DOMAIN_COMPONENT, domainIdProblem, validateDomainArgs, type RStudioDomainArgs, type RStudioDomainSettingsBlock, type RStudioUserSettingsBlock } from "./domain-args";
import { attachImagesStep, domainExecutionRoleStep, domainStep, imageSetHash, partition, usersExecutionRoleStep } from "./domain-steps";
import type { RStudioCustomImage } from "./image-args";
import type { RStudioDomainSettingsForUpdate } from "./shared-app";
import { sharedAppStep, type SharedAppTarget } from "./shared-app-step";
import { loadChecks, shownValue } from "./util";

export const RSTUDIO_DOMAIN_TYPE = TYPE_TOKENS.rstudioDomain;
export * from "./domain-args";
export { imageSetHash } from "./domain-steps";
export { DOMAIN_EXECUTION_POLICY } from "./iam";

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

/**
 * Attach custom RStudio images to a SageMaker domain with RStudio enabled (created here, or defined elsewhere).
 *
 * Creates (as children): the RStudio domain execution role (unless given), the users' execution role and the
 * `aws.sagemaker.Domain` (unless `existingDomainId`/`settingsOnly`), and the command that keeps the shared
 * RStudioServerPro app in step with the domain's images and Workbench version.
 */
export class RStudioDomain extends pulumi.ComponentResource {
    /** The domain id (created or existing; absent in `settingsOnly` mode). */
    public readonly domainId!: pulumi.Output<string | undefined>;
    /** The domain's URL (created domains only). */
    public readonly domainUrl!: pulumi.Output<string | undefined>;
    /** The Workbench version image ARN in the domain settings, when given or derived from `workbenchVersion`. */
    public readonly workbenchImageArn!: pulumi.Output<string | undefined>;
    /** The RStudio domain execution role ARN. */
    public readonly domainExecutionRoleArn!: pulumi.Output<string>;
    /** The attached custom images, as in `rSessionAppSettings.customImages`. */
    public readonly customImages!: pulumi.Output<RStudioCustomImage[]>;
    /** Hash of the attached image set: the shared app is restarted when it changes. */
    public readonly imageSetHash!: pulumi.Output<string>;
    /** The exact `domainSettings` block (for a domain defined elsewhere). */
    public readonly domainSettings!: pulumi.Output<RStudioDomainSettingsBlock>;
    /** The RStudio parts of `defaultUserSettings` (for a domain defined elsewhere). */
    public readonly defaultUserSettings!: pulumi.Output<RStudioUserSettingsBlock>;

    constructor(name: string, args: RStudioDomainArgs, opts: pulumi.ComponentResourceOptions = {}) {
        if (opts.urn) {
            super(RSTUDIO_DOMAIN_TYPE, name, {}, opts);
            return;
        }
        const inputs = validateDomainArgs(name, args);
        const config = loadChecks(DOMAIN_COMPONENT, name, args.checks);
        let self: pulumi.Resource | undefined;
        const images = attachImagesStep(name, args.customImages ?? [], inputs.workbenchLine, config, () => self);
        const setHash = images.checked.apply(imageSetHash);

        super(
            RSTUDIO_DOMAIN_TYPE,
            name,
            {
                existingDomainId: args.existingDomainId,
                settingsOnly: inputs.mode === "settings",
                domainName: inputs.mode === "create" ? inputs.domainName : undefined,
                vpcId: args.vpcId,
                subnetIds: args.subnetIds,
                authMode: inputs.authMode,
                appNetworkAccessType: inputs.appNetworkAccessType,
                securityGroupIds: args.securityGroupIds,
                executionRoleArn: args.executionRoleArn,
                domainExecutionRoleArn: args.domainExecutionRoleArn,
                workbenchImageArn: inputs.workbenchImageArn,
                domainWorkbenchVersion: inputs.workbenchLine,
                rStudioConnectUrl: args.rStudioConnectUrl,
                rStudioPackageManagerUrl: args.rStudioPackageManagerUrl,
                serverInstanceType: args.serverInstanceType,
                // The entries as given (the checked list may reject; the component's own registration must not).
                customImages: images.listed,
                accessStatus: inputs.accessStatus,
                userGroup: inputs.userGroup,
                restartSharedApp: args.restartSharedApp,
                checks: args.checks,
                tags: args.tags,
            },
            opts,
        );
        self = this;
        const listed = inputs.workbenchImageArn === undefined ? undefined : workbenchFromImageArn(inputs.workbenchImageArn);
        if (listed !== undefined && !listed.listed) {
            // Not an error: AWS may have published images after the table was read. An invented ARN fails at CreateDomain.
            pulumi.log.warn(
                `workbenchImageArn ${inputs.workbenchImageArn} is not an image ARN AWS's "RStudio versioning" page listed when the component's table was read (${WORKBENCH_SOURCE.read}); ` +
                    `if CreateDomain refuses it, use \`workbenchVersion\` or copy the ARN from ${WORKBENCH_SOURCE.url}`,
                this,
            );
        }

        const region = args.region ?? inputs.region ?? aws.config.region;
        const domainExecutionRoleArn = domainExecutionRoleStep(name, { roleArn: args.domainExecutionRoleArn, tags: args.tags }, this);
        const rStudioServerProDomainSettings = {
            domainExecutionRoleArn,
            rStudioConnectUrl: args.rStudioConnectUrl,
            rStudioPackageManagerUrl: args.rStudioPackageManagerUrl,
            defaultResourceSpec:
                inputs.workbenchImageArn !== undefined || args.serverInstanceType !== undefined
                    ? { sagemakerImageArn: inputs.workbenchImageArn, instanceType: args.serverInstanceType }
                    : undefined,
        };
        const executionRole = usersExecutionRoleStep(name, { roleArn: args.executionRoleArn, create: inputs.mode === "create", partition: partition(region), tags: args.tags }, this);

        let domainId: pulumi.Output<string | undefined> = pulumi.output(undefined);
        let domainUrl: pulumi.Output<string | undefined> = pulumi.output(undefined);
        const appDependsOn: pulumi.Resource[] = [];
        if (inputs.mode === "create") {
            const domain = domainStep(
                name,
                inputs,
                {
                    vpcId: args.vpcId as pulumi.Input<string>,
                    subnetIds: args.subnetIds as pulumi.Input<pulumi.Input<string>[]>,
                    rStudioServerProDomainSettings,
                    executionRole: executionRole as pulumi.Output<string>,
                    securityGroupIds: args.securityGroupIds,
                    customImages: images.checked,
                    tags: args.tags,
                },
                this,
            );
            appDependsOn.push(domain);
            domainId = domain.id;
            domainUrl = domain.url;
        } else if (inputs.mode === "existing") {
            const given = pulumi.output(args.existingDomainId as pulumi.Input<string>);
            // A plain id was checked at construction; one that arrives later is checked before the shared-app step.
            domainId = given.apply(async (id) => {
                const problem = domainIdProblem(id, await shownValue(given, JSON.stringify(id)));
                if (problem !== undefined) throw new pulumi.ResourceError(`${DOMAIN_COMPONENT} "${name}": ${problem}`, this, true);
                return id;
            });
        }

        if (inputs.mode !== "settings" && (args.restartSharedApp ?? true)) {
            const target: pulumi.Output<SharedAppTarget> = pulumi
                .all([domainId, setHash, pulumi.output(rStudioServerProDomainSettings)])
                .apply(([id, imageSet, s]) => {
                    const out: SharedAppTarget = { mode: inputs.mode === "create" ? "created" : "existing", domainId: id as string, imageSet };
                    if (inputs.mode === "create") out.settings = compact(apiSettings(s)) as RStudioDomainSettingsForUpdate;
                    return out;
                });
            sharedAppStep(name, { target, region, profile: aws.config.profile }, appDependsOn, this);
        }

        this.domainId = domainId;
        this.domainUrl = domainUrl;
        this.workbenchImageArn = pulumi.output(inputs.workbenchImageArn);
        this.domainExecutionRoleArn = domainExecutionRoleArn;
        this.customImages = images.checked;
        this.imageSetHash = setHash;
        this.domainSettings = pulumi.output({ rStudioServerProDomainSettings }).apply((b) => compact(b) as RStudioDomainSettingsBlock);
        this.defaultUserSettings = pulumi
            .output({ executionRole, rSessionAppSettings: { customImages: images.checked }, rStudioServerProAppSettings: { accessStatus: inputs.accessStatus, userGroup: inputs.userGroup } })
            .apply((b) => compact(b) as RStudioUserSettingsBlock);
        this.registerOutputs({
            domainId: this.domainId,
            domainUrl: this.domainUrl,
            workbenchImageArn: this.workbenchImageArn,
            domainExecutionRoleArn: this.domainExecutionRoleArn,
            customImages: this.customImages,
            imageSetHash: this.imageSetHash,
            domainSettings: this.domainSettings,
            defaultUserSettings: this.defaultUserSettings,
        });
    }
}

/** The RStudio domain settings in the API's member names (what UpdateDomain takes). */
function apiSettings(s: { domainExecutionRoleArn: string; rStudioConnectUrl?: string; rStudioPackageManagerUrl?: string; defaultResourceSpec?: { sagemakerImageArn?: string; instanceType?: string } }): RStudioDomainSettingsForUpdate {
    return {
        DomainExecutionRoleArn: s.domainExecutionRoleArn,
        RStudioConnectUrl: s.rStudioConnectUrl,
        RStudioPackageManagerUrl: s.rStudioPackageManagerUrl,
        DefaultResourceSpec: s.defaultResourceSpec === undefined ? undefined : { SageMakerImageArn: s.defaultResourceSpec.sagemakerImageArn, InstanceType: s.defaultResourceSpec.instanceType },
    };
}
