/**
 * ImageFacts and resources for the policy tests, built with the spec's own helpers (`known`, `emptyFacts`), so
 * they are independent of the Dockerfile analyser. `passingFacts()` passes every rule; each test breaks one thing.
 */
import { emptyFacts, known, type ImageFacts } from "../../core";
import { TYPES } from "../../policies/props";
import { urnOf, type EngineResource } from "./harness";

export { TYPES };

export const FILE = "Dockerfile";

/** Facts of an image that passes every rule (Workbench 2026.08, a line SageMaker has not deprecated). */
export function passingFacts(): ImageFacts {
    const facts = emptyFacts("dockerfile");
    const at = (line: number, via?: string) => ({ file: FILE, line, ...(via !== undefined ? { via } : {}) });
    facts.file = FILE;
    facts.finalStageLine = 3;
    facts.baseImage = known("rstudio/r-session-complete:jammy-2026.08.2", "dockerfile", at(3, "FROM"));
    facts.workbenchVersion = known("2026.08.2+200.pro1", "dockerfile", at(2, "ARG RSW_VERSION"));
    facts.platform = known("linux/amd64", "dockerfile", at(3, "FROM --platform"));
    facts.systemPackages = known(
        [
            { name: "sudo", manager: "apt", file: FILE, line: 5 },
            { name: "openjdk-11-jdk", manager: "apt", file: FILE, line: 5 },
            { name: "libpng-dev", manager: "apt", file: FILE, line: 5 },
        ],
        "dockerfile",
        at(5),
    );
    facts.rPackages = known([{ name: "reticulate", via: "install.packages", file: FILE, line: 7 }], "dockerfile", at(7));
    facts.pythonPackages = known(
        [
            { name: "boto3", extras: [], specifier: "", file: FILE, line: 8 },
            { name: "awscli", extras: [], specifier: "", file: FILE, line: 8 },
            { name: "sagemaker", extras: ["local"], specifier: "<3", raw: "'sagemaker[local]<3'", file: FILE, line: 8 },
        ],
        "dockerfile",
        at(8),
    );
    facts.env = known(
        {
            RSTUDIO_CONNECT_URL: { value: "https://connect.example.com", file: FILE, line: 10 },
            RSTUDIO_PACKAGE_MANAGER_URL: { value: "https://packagemanager.posit.co", file: FILE, line: 11 },
            RSTUDIO_FORCE_NON_ZERO_EXIT_CODE: { value: "1", file: FILE, line: 12 },
        },
        "dockerfile",
        at(10),
    );
    facts.entrypoint = known({ file: FILE }, "dockerfile", at(3));
    facts.pathWrites = known([], "dockerfile");
    facts.commands = known([], "dockerfile");
    facts.files = known([], "image", { via: "filesystem" });
    facts.sizeBytes = known(8e9, "image");
    return facts;
}

/** `passingFacts()` with changes applied (a deep copy: fixtures never share state). */
export function factsWith(change: (f: ImageFacts) => void): ImageFacts {
    const f = JSON.parse(JSON.stringify(passingFacts())) as ImageFacts;
    change(f);
    return f;
}

export const ECR_REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/rstudio";
export const DIGEST = "sha256:" + "ab".repeat(32);
export const DOMAIN_ARN_2026_08 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2026.08-sagemaker-1.0";
export const DOMAIN_ARN_2025_05 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0";

/** An RStudioImage component as the engine sees it (its inputs/outputs carry `facts`, `imageName`, `gpu`, …). */
export function rstudioImage(name: string, props: Record<string, unknown> = {}): EngineResource {
    return {
        type: TYPES.rstudioImage,
        name,
        props: { imageName: name, gpu: false, dockerfile: FILE, facts: passingFacts(), findings: [], ...props },
    };
}

/** The children an RStudioImage registers that the pack looks at. */
export function rstudioImageChildren(component: EngineResource, opts: { platform?: unknown; baseImage?: unknown } = {}): EngineResource[] {
    const parent = urnOf(component.type, component.name);
    const imageName = component.props.imageName;
    return [
        {
            type: TYPES.dockerImage,
            name: `${component.name}-image`,
            parent,
            props: { imageName: `${ECR_REPO}:v1`, build: { context: ".", dockerfile: FILE, platform: opts.platform ?? "linux/amd64" } },
        },
        { type: TYPES.sagemakerImage, name: `${component.name}-sm-image`, parent, props: { imageName, roleArn: "arn:aws:iam::123456789012:role/sm" } },
        {
            type: TYPES.imageVersion,
            name: `${component.name}-version`,
            parent,
            props: { imageName, baseImage: opts.baseImage ?? `${ECR_REPO}@${DIGEST}`, processor: "CPU", programmingLang: "R" },
        },
    ];
}

export interface DomainOptions {
    images?: unknown[];
    arn?: unknown;
    rstudio?: Record<string, unknown> | null;
    type?: string;
}

/** A SageMaker domain with RStudio configured and custom images attached by name. */
export function domain(name: string, opts: DomainOptions = {}): EngineResource {
    const rstudio =
        opts.rstudio === null
            ? undefined
            : {
                  domainExecutionRoleArn: "arn:aws:iam::123456789012:role/rstudio-domain",
                  rStudioConnectUrl: "https://connect.example.com",
                  rStudioPackageManagerUrl: "https://packagemanager.posit.co",
                  defaultResourceSpec: { instanceType: "system", sagemakerImageArn: opts.arn ?? DOMAIN_ARN_2026_08 },
                  ...(opts.rstudio ?? {}),
              };
    const customImages = (opts.images ?? []).map((i) => (typeof i === "string" ? { imageName: i, appImageConfigName: `${i}-config`, imageVersionNumber: 1 } : i));
    return {
        type: opts.type ?? TYPES.domain,
        name,
        props: {
            domainName: name,
            authMode: "IAM",
            ...(rstudio !== undefined ? { domainSettings: { rStudioServerProDomainSettings: rstudio } } : {}),
            defaultUserSettings: {
                executionRole: "arn:aws:iam::123456789012:role/user",
                rSessionAppSettings: { customImages },
                rStudioServerProAppSettings: { accessStatus: "ENABLED", userGroup: "R_STUDIO_USER" },
            },
        },
    };
}

export function userProfile(name: string, images: unknown[]): EngineResource {
    return {
        type: TYPES.userProfile,
        name,
        props: {
            userProfileName: name,
            domainId: "d-123",
            userSettings: { rSessionAppSettings: { customImages: images.map((i) => (typeof i === "string" ? { imageName: i, appImageConfigName: `${i}-config` } : i)) } },
        },
    };
}
