/** The use-case layer: one check flow for the CLI, the components and the policy pack. */
export { checkBuild, checkBuildSync } from "./build";
export type { BaseImageOutcome, BaseInspection, BaseInspector, BaseMode, CheckBuildInput, CheckBuildResult, CheckBuildSyncInput, DockerfileInput, ImageInspector, RegistryAuth } from "./build";
export { checkFacts, factNotes, toCheckContext } from "./decide";
export type { CheckContextInput, CheckFactsInput, CheckResult } from "./decide";
export { domainLine } from "./domain";
export { CheckInputError } from "./errors";
export type { CheckInputErrorCode } from "./errors";
export { today } from "./today";
