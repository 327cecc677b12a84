import type { Rule } from "../types";
import { baseVersion } from "./base-version";
import { systemPackages } from "./system-packages";
import { rPackages } from "./r-packages";
import { pythonPackages } from "./python-packages";
import { envDefaults } from "./env-defaults";
import { entrypointIgnored } from "./entrypoint-ignored";
import { reservedPaths } from "./reserved-paths";
import { homeShadowed } from "./home-shadowed";
import { gpuNoDriver } from "./gpu-no-driver";
import { gpuCudaToolkit } from "./gpu-cuda-toolkit";
import { imageSize } from "./image-size";
import { platform } from "./platform";
import { workbenchVersionMatch } from "./workbench-version-match";
import { digestPinned } from "./digest-pinned";
import { deprecatedVersion } from "./deprecated-version";
import { forceNonzeroExit } from "./force-nonzero-exit";

/** The rule catalogue, in id order. Ids and slugs are an interface: the CLI, components and policy pack use them. */
export const RULES: readonly Rule[] = Object.freeze([
    baseVersion,
    systemPackages,
    rPackages,
    pythonPackages,
    envDefaults,
    entrypointIgnored,
    reservedPaths,
    homeShadowed,
    gpuNoDriver,
    gpuCudaToolkit,
    imageSize,
    platform,
    workbenchVersionMatch,
    digestPinned,
    deprecatedVersion,
    forceNonzeroExit,
]);

export {
    baseVersion,
    systemPackages,
    rPackages,
    pythonPackages,
    envDefaults,
    entrypointIgnored,
    reservedPaths,
    homeShadowed,
    gpuNoDriver,
    gpuCudaToolkit,
    imageSize,
    platform,
    workbenchVersionMatch,
    digestPinned,
    deprecatedVersion,
    forceNonzeroExit,
};
