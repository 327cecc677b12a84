/**
 * The RStudioDomain's steps: attach images (with the Workbench line check through check/), the domain execution
 * role, the users' execution role, the domain, the shared app. Plain values in; Outputs of earlier steps passed on.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkFacts } from "../check";
import { blockingFindings, emptyFacts, formatFinding, known, RULES, type ImageFacts, type SpecConfig } from "../core";
import { DOMAIN_COMPONENT, type DomainInputs, type RStudioDomainCustomImage } from "./domain-args";
import { DOMAIN_EXECUTION_POLICY, partitionOf, SAGEMAKER_TRUST_POLICY, sagemakerFullAccessPolicyArn, USER_ECR_PULL_POLICY } from "./iam";
import type { RStudioCustomImage } from "./image-args";
import { RStudioImage } from "./image";
import { sha256Hex, shownValue, stableJson } from "./util";

type Tags = pulumi.Input<{ [key: string]: pulumi.Input<string> }> | undefined;

/** A stable hash of an image set: order-insensitive, every field that changes what users can launch. */
export function imageSetHash(images: readonly RStudioCustomImage[]): string {
    const entries = images
        .map((i) => ({ imageName: i.imageName, appImageConfigName: i.appImageConfigName, imageVersionNumber: i.imageVersionNumber ?? null }))
        .map((e) => stableJson(e))
        .sort();
    return sha256Hex(`[${entries.join(",")}]`).slice(0, 16);
}

const RSB013 = RULES.filter((r) => r.id === "RSB013");

/** RSB013 through the check flow: the blocking findings of an image's facts on the domain's line, formatted. */
function lineMismatches(facts: ImageFacts, line: string, config: SpecConfig): string[] {
    return blockingFindings(checkFacts({ facts, config, domain: line, rules: RSB013 }).findings).map(formatFinding);
}

/** Keep only the fields of a `customImages` entry (drops `workbenchVersion` and anything else). */
function entryOf(v: Record<string, unknown>): RStudioCustomImage {
    const out: RStudioCustomImage = { imageName: v.imageName as string, appImageConfigName: v.appImageConfigName as string };
    if (v.imageVersionNumber !== undefined && v.imageVersionNumber !== null) out.imageVersionNumber = v.imageVersionNumber as number;
    return out;
}

interface Entry {
    label: string;
    value: pulumi.Output<RStudioCustomImage>;
    /** The facts RSB013 reads: an RStudioImage's published facts, or a plain entry's Workbench version. */
    facts: pulumi.Output<ImageFacts | undefined>;
    /** Where the facts came from (to print `[secret]` for a secret one). */
    source: pulumi.Output<unknown>;
}

function entry(input: pulumi.Input<RStudioDomainCustomImage>, i: number): Entry {
    if (input instanceof RStudioImage) {
        // An RStudioImage: its public outputs (customImage, facts), nothing else.
        return { label: `customImages[${i}]`, value: input.customImage, facts: input.facts as pulumi.Output<ImageFacts>, source: input.facts };
    }
    const value = pulumi.output(input as pulumi.Input<RStudioDomainCustomImage>);
    const version = value.apply((v) => (v as { workbenchVersion?: string }).workbenchVersion);
    return {
        label: `customImages[${i}]`,
        value: value.apply((v) => entryOf(v as unknown as Record<string, unknown>)),
        facts: version.apply((v) => (typeof v === "string" && v !== "" ? { ...emptyFacts("context"), workbenchVersion: known(v, "image", { via: "custom image entry" }) } : undefined)),
        source: version,
    };
}

/**
 * Step "attach images": the `customImages` list, refused (an error on this list, so the domain is never updated)
 * when an image is on another Workbench line than the domain's (RSB013, decided by check/) or is attached twice.
 * Errors never print a value that came in as a secret.
 */
export function attachImagesStep(
    name: string,
    inputs: readonly pulumi.Input<RStudioDomainCustomImage>[],
    line: string | undefined,
    config: SpecConfig,
    component: () => pulumi.Resource | undefined,
): { listed: pulumi.Output<RStudioCustomImage[]>; checked: pulumi.Output<RStudioCustomImage[]> } {
    const entries = inputs.map(entry);
    const listed = pulumi.all(entries.map((e) => e.value));
    const problems = entries.map((e) =>
        pulumi.all([e.facts, e.value]).apply(async ([facts, value]) => {
            if (line === undefined || facts === undefined) return undefined;
            const found = lineMismatches(facts, line, config);
            if (found.length === 0) return undefined;
            let text = `  ${e.label} (${await shownValue(e.value, value.imageName)}): ${found.join("; ")}`;
            const version = facts.workbenchVersion.state === "known" ? facts.workbenchVersion.value : undefined;
            if (version !== undefined) text = text.split(version).join(await shownValue(e.source, version));
            return text;
        }),
    );
    const checked = pulumi.all([listed, pulumi.all(problems)]).apply(([images, found]) => {
        const mismatches = found.filter((p): p is string => p !== undefined);
        if (mismatches.length > 0) {
            throw new pulumi.ResourceError(
                `${DOMAIN_COMPONENT} "${name}": custom image Workbench version does not match the domain's ${line}; the domain is not updated. ` +
                    `Move the images and the domain together (same line), or attach only images of the domain's line:\n${mismatches.join("\n")}`,
                component(),
                true,
            );
        }
        const seen = new Set<string>();
        for (const img of images) {
            if (seen.has(img.imageName)) throw new pulumi.ResourceError(`${DOMAIN_COMPONENT} "${name}": image ${img.imageName} is attached twice; a domain lists each image once.`, component(), true);
            seen.add(img.imageName);
        }
        return images;
    });
    return { listed, checked };
}

/** Step "domain execution role": the RStudio role AWS documents (licence, logs, relaunching the app), or the given one. */
export function domainExecutionRoleStep(name: string, input: { roleArn?: pulumi.Input<string>; tags: Tags }, parent: pulumi.Resource): pulumi.Output<string> {
    if (input.roleArn !== undefined && input.roleArn !== null) return pulumi.output(input.roleArn);
    const role = new aws.iam.Role(`${name}-domain-execution`, { assumeRolePolicy: SAGEMAKER_TRUST_POLICY, description: "RStudio on SageMaker: licence, logs, shared app", tags: input.tags }, { parent });
    const policy = new aws.iam.RolePolicy(`${name}-domain-execution`, { role: role.id, policy: DOMAIN_EXECUTION_POLICY }, { parent });
    // The role is usable once its policy is attached: CreateDomain checks the RStudio licence through it.
    return pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
}

/** Step "users' execution role": SageMaker access (AWS's managed policy) and ECR pull, or the given role. */
export function usersExecutionRoleStep(
    name: string,
    input: { roleArn?: pulumi.Input<string>; create: boolean; partition: string; tags: Tags },
    parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
    if (input.roleArn !== undefined && input.roleArn !== null) return pulumi.output(input.roleArn);
    if (!input.create) return undefined;
    const role = new aws.iam.Role(`${name}-execution`, { assumeRolePolicy: SAGEMAKER_TRUST_POLICY, description: "RStudio on SageMaker: users' default execution role", tags: input.tags }, { parent });
    const managed = new aws.iam.RolePolicyAttachment(`${name}-execution-sagemaker`, { role: role.name, policyArn: sagemakerFullAccessPolicyArn(input.partition) }, { parent });
    const pull = new aws.iam.RolePolicy(`${name}-execution-ecr-pull`, { role: role.id, policy: USER_ECR_PULL_POLICY }, { parent });
    return pulumi.all([role.arn, managed.id, pull.id]).apply(([arn]) => arn);
}

/** The partition of the domain's region (default `aws`). */
export function partition(region: string | undefined): string {
    return region === undefined ? "aws" : partitionOf(region);
}

/**
 * Step "domain": CreateDomain with the RStudio settings. Later changes of the RStudio domain settings are applied
 * by the shared-app step (the app must be deleted before UpdateDomain changes them), so the provider ignores them
 * after creation. VpcOnly sets AppSecurityGroupManagement `Service`: AWS's API requires it with a VPCOnly network
 * and a DomainExecutionRoleArn (CreateDomain, botocore's SageMaker model), and AWS's RStudio guide passes `Service`.
 */
export function domainStep(
    name: string,
    inputs: DomainInputs,
    input: {
        vpcId: pulumi.Input<string>;
        subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        rStudioServerProDomainSettings: pulumi.Input<aws.types.input.sagemaker.DomainDomainSettingsRStudioServerProDomainSettings>;
        executionRole: pulumi.Input<string>;
        securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
        customImages: pulumi.Output<RStudioCustomImage[]>;
        tags: Tags;
    },
    parent: pulumi.Resource,
): aws.sagemaker.Domain {
    const vpcOnly = inputs.appNetworkAccessType === "VpcOnly";
    return new aws.sagemaker.Domain(
        `${name}-domain`,
        {
            domainName: inputs.domainName,
            authMode: inputs.authMode,
            vpcId: input.vpcId,
            subnetIds: input.subnetIds,
            appNetworkAccessType: inputs.appNetworkAccessType,
            appSecurityGroupManagement: vpcOnly ? "Service" : undefined,
            domainSettings: { rStudioServerProDomainSettings: input.rStudioServerProDomainSettings },
            defaultUserSettings: {
                executionRole: input.executionRole,
                securityGroups: input.securityGroupIds,
                rSessionAppSettings: { customImages: input.customImages },
                rStudioServerProAppSettings: { accessStatus: inputs.accessStatus, userGroup: inputs.userGroup },
            },
            tags: input.tags,
        },
        { parent, ignoreChanges: ["domainSettings"] },
    );
}
