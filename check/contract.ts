/**
 * What the components publish and the policy pack reads: type tokens, property names and the wire shapes of facts
 * and findings. One module both sides import, so a rename cannot leave one of them behind.
 *
 * No Pulumi runtime import here (and nothing that reads files): the policy pack's bundle imports this module.
 */
import type { Finding, ImageFacts } from "../core/index";

/** Type tokens of the components (`<package>:index:<Component>`, what `componentProviderHost` registers). */
export const TYPE_TOKENS = {
    rstudioImage: "sagemaker-rstudio:index:RStudioImage",
    rstudioDomain: "sagemaker-rstudio:index:RStudioDomain",
} as const;

/**
 * Properties of an RStudioImage the pack reads: sent as the component's inputs (Analyze, at preview) and registered
 * as its outputs (AnalyzeStack). Values: `facts` FactsWire, `findings` FindingWire[], `gpu` boolean, `platform`
 * the build platform (`linux/amd64`), `imageName` the SageMaker image name, `workbenchVersion` string.
 */
export const IMAGE_PROPS = {
    facts: "facts",
    findings: "findings",
    imageName: "imageName",
    appImageConfigName: "appImageConfigName",
    gpu: "gpu",
    platform: "platform",
    imageUri: "imageUri",
    workbenchVersion: "workbenchVersion",
} as const;

/**
 * Where an `aws.sagemaker.Domain` names its Workbench version (the pack reads the first present; `domainLine` parses
 * it): `domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sagemakerImageArn`, or the version ARN.
 */
export const DOMAIN_WORKBENCH_ARN_PATHS: readonly (readonly string[])[] = [
    ["domainSettings", "rStudioServerProDomainSettings", "defaultResourceSpec", "sagemakerImageArn"],
    ["domainSettings", "rStudioServerProDomainSettings", "defaultResourceSpec", "sagemakerImageVersionArn"],
];

/**
 * The facts a component publishes: `ImageFacts` as plain JSON (no `undefined`, no prototype other than Object's).
 * The pack must accept an older or newer component's facts: a missing or malformed fact is "unknown", never a crash.
 */
export type FactsWire = ImageFacts;

/** A finding as a component publishes it (`findings` output): the core's Finding as plain JSON. */
export type FindingWire = Finding;

/** Plain JSON for the engine: undefined fields dropped (Pulumi would drop them anyway), nothing shared with `facts`. */
export function toFactsWire(facts: ImageFacts): FactsWire {
    return JSON.parse(JSON.stringify(facts)) as FactsWire;
}

export function toFindingsWire(findings: readonly Finding[]): FindingWire[] {
    return findings.map((f) => JSON.parse(JSON.stringify(f)) as FindingWire);
}
