/**
 * The reference stack: the CPU RStudio image of `dockerfiles/cpu.Dockerfile` (and, with `gpuImage: true`, the GPU
 * image), built, checked, pushed and registered, attached to a SageMaker domain with RStudio enabled.
 *
 *   pulumi config set aws:region us-east-1
 *   pulumi config set vpcId vpc-0123456789abcdef0
 *   pulumi config set --path 'subnetIds[0]' subnet-0123456789abcdef0
 *   pulumi config set workbenchVersion 2025.05          # optional: the image ARN comes from the component's table
 *   pulumi up
 *
 * Other modes: `existingDomainId d-…` (attach to a domain defined elsewhere) or `settingsOnly true` (only output the
 * settings blocks). Every config key is described in docs/components.md ("The reference stack").
 */
import * as pulumi from "@pulumi/pulumi";
import { AppNetworkAccessType, AuthMode, BaseImageInspection, RStudioChecks, RStudioDomain, RStudioImage, RStudioUserGroup } from "./components";

const config = new pulumi.Config();
const settingsOnly = config.getBoolean("settingsOnly") ?? false;
const existingDomainId = config.get("existingDomainId");
const createsDomain = !settingsOnly && existingDomainId === undefined;
if (createsDomain && (config.get("vpcId") === undefined || config.get("subnetIds") === undefined)) {
    // Before any image is built: a new domain needs its network; the other modes do not.
    throw new pulumi.RunError(
        "config: `vpcId` and `subnetIds` are required to create a domain (or set `existingDomainId` / `settingsOnly`); see docs/components.md, The reference stack",
    );
}

const common = {
    context: "dockerfiles",
    checks: config.getObject<RStudioChecks>("checks"),
    buildOnPreview: config.getBoolean("buildOnPreview") ?? false,
    inspectImage: config.getBoolean("inspectBuiltImage") ?? true,
    baseImage: config.get<BaseImageInspection>("baseImage"),
    repository: config.get("repository"),
    tags: config.getObject<Record<string, string>>("tags"),
};

const images = [
    new RStudioImage("rstudio-cpu", {
        ...common,
        dockerfile: "dockerfiles/cpu.Dockerfile",
        buildArgs: config.getObject<Record<string, string>>("cpuBuildArgs"),
        gpu: false,
        displayName: "RStudio (CPU)",
        description: "Reference CPU image for RStudio on SageMaker",
    }),
];
if (config.getBoolean("gpuImage") ?? false) {
    images.push(
        new RStudioImage("rstudio-gpu", {
            ...common,
            dockerfile: "dockerfiles/gpu.Dockerfile",
            buildArgs: config.getObject<Record<string, string>>("gpuBuildArgs"),
            gpu: true,
            displayName: "RStudio (GPU)",
            description: "Reference GPU image for RStudio on SageMaker",
        }),
    );
}

const domain = new RStudioDomain("rstudio", {
    settingsOnly,
    existingDomainId,
    domainName: config.get("domainName"),
    vpcId: createsDomain ? config.get("vpcId") : undefined,
    subnetIds: createsDomain ? config.getObject<string[]>("subnetIds") : undefined,
    authMode: config.get<AuthMode>("authMode"),
    executionRoleArn: config.get("executionRoleArn"),
    domainExecutionRoleArn: config.get("domainExecutionRoleArn"),
    workbenchImageArn: config.get("workbenchImageArn"),
    workbenchVersion: config.get("workbenchVersion"),
    region: config.get("region"),
    appNetworkAccessType: config.get<AppNetworkAccessType>("appNetworkAccessType"),
    securityGroupIds: config.getObject<string[]>("securityGroupIds"),
    rStudioConnectUrl: config.get("connectUrl"),
    rStudioPackageManagerUrl: config.get("packageManagerUrl"),
    userGroup: config.get<RStudioUserGroup>("userGroup"),
    customImages: images,
    tags: common.tags,
});

export const imageUris = images.map((i) => i.imageUri);
export const imageNames = images.map((i) => i.imageName);
export const customImages = domain.customImages;
export const findings = images.map((i) => i.findings);
export const domainId = domain.domainId;
export const domainUrl = domain.domainUrl;
export const domainSettings = domain.domainSettings;
export const defaultUserSettings = domain.defaultUserSettings;
