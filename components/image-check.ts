/**
 * The RStudioImage's use of the one check flow (`check/`): the construction gate on the Dockerfile, the
 * base-aware check published at preview, and the gate on the built image. Plain values in, plain values out; the
 * decisions (facts, findings, which finding blocks) are check/'s and core's.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkBuild, checkBuildSync, CheckInputError, type CheckBuildResult, type ImageInspector, type RegistryAuth } from "../check";
import { blockingFindings, formatFinding, type Finding, type ImageFacts, type SpecConfig } from "../core";
import { IMAGE_COMPONENT, type ImageInputs, type RStudioFinding } from "./image-args";
import { userError } from "./util";

/** SageMaker runs RSessions on x86_64 only (RSB012): every build is for this platform. */
export const BUILD_PLATFORM = "linux/amd64";

/** The check flow's input for this image, without the built image. */
function flowInput(inputs: ImageInputs, config: SpecConfig) {
    return {
        dockerfile: { path: inputs.dockerfileArg },
        buildArgs: inputs.buildArgs,
        target: inputs.target,
        context: inputs.contextDir,
        gpu: inputs.gpu,
        platform: BUILD_PLATFORM,
        config,
    };
}

/** A check-flow input error in the component's words (`buildArgs`, not `--build-arg`). */
function inputError(name: string, e: unknown): Error {
    if (!(e instanceof CheckInputError)) return e as Error;
    if (e.code === "build-args") {
        const names = e.names;
        return userError(
            IMAGE_COMPONENT,
            name,
            `build arg${names.length === 1 ? "" : "s"} ${names.join(", ")} not declared by any ARG in ${e.file ?? "the Dockerfile"}. ` +
                `Fix: remove ${names.length === 1 ? "it" : "them"} from \`buildArgs\` or declare ARG ${names[0]} in the Dockerfile.`,
        );
    }
    return userError(IMAGE_COMPONENT, name, e.message);
}

/** The message of a gate: the blocking findings, one per line. */
export function gateMessage(name: string, findings: readonly Finding[], stage: string): string {
    const blocking = blockingFindings(findings);
    return (
        `${IMAGE_COMPONENT} "${name}": ${blocking.length} mandatory finding${blocking.length === 1 ? "" : "s"} ${stage}; ` +
        `no image version is registered.\n${blocking.map((f) => `  ${formatFinding(f)}`).join("\n")}`
    );
}

/**
 * Step "plan": the Dockerfile (and build-context files) through the check flow, synchronously. The construction
 * gate refuses only on blocking findings (mandatory and resting on evidence); an unverified one waits for the gate
 * on the built image.
 */
export function checkDockerfile(name: string, inputs: ImageInputs, config: SpecConfig): CheckBuildResult {
    let result: CheckBuildResult;
    try {
        result = checkBuildSync(flowInput(inputs, config));
    } catch (e) {
        throw inputError(name, e);
    }
    if (blockingFindings(result.findings).length > 0) throw new pulumi.RunError(gateMessage(name, result.findings, `in ${inputs.dockerfileArg}`));
    return result;
}

/**
 * The Dockerfile's facts layered on the inspected base image (`baseImage` option): what the component publishes
 * before a build. Falls back to the Dockerfile-only result when the base cannot be inspected.
 */
export async function checkWithBase(inputs: ImageInputs, config: SpecConfig, dockerfileOnly: CheckBuildResult, inspector?: ImageInspector): Promise<CheckBuildResult> {
    if (inputs.baseImage === "none") return dockerfileOnly;
    try {
        return await checkBuild({ ...flowInput(inputs, config), base: inputs.baseImage, inspector });
    } catch {
        return dockerfileOnly;
    }
}

/** What the gate on the built image decided. */
export interface BuiltCheck {
    imageUri: string;
    facts: ImageFacts;
    findings: Finding[];
}

/**
 * Step "check-built": the built image's facts (read through the inspector) over the Dockerfile's, with the digest
 * the version will point at. A blocking finding rejects the image: the error names it and nothing is registered.
 * When the built image cannot be inspected, the base image is inspected instead (per `baseImage`) and a warning says so.
 */
export async function checkBuilt(
    name: string,
    inputs: ImageInputs,
    config: SpecConfig,
    built: { localRef: string; digest: string; pinned: boolean; auth?: RegistryAuth },
    options: { inspectBuilt: boolean; inspector?: ImageInspector; warn: (message: string) => void },
): Promise<BuiltCheck> {
    const flow = { ...flowInput(inputs, config), inspector: options.inspector, ...(built.pinned ? { imageUri: built.digest } : {}) };
    let result: CheckBuildResult;
    try {
        // The built image contains its base: inspecting it settles what a base inspection would, so no base step then.
        result = options.inspectBuilt ? await checkBuild({ ...flow, image: { ref: built.localRef }, auth: built.auth }) : await checkBuild({ ...flow, base: inputs.baseImage });
    } catch (e) {
        // Any failure to read the built image (daemon gone, image not found) falls back; bad input does not.
        if (e instanceof CheckInputError && e.code !== "image") throw inputError(name, e);
        options.warn(`could not inspect the built image ${built.localRef}, so its Dockerfile (and base image, per \`baseImage\`) was checked instead: ${(e as Error).message}`);
        result = await checkBuild({ ...flow, base: inputs.baseImage });
    }
    if (blockingFindings(result.findings).length > 0) throw new Error(gateMessage(name, result.findings, `in the built image ${built.localRef}`));
    return { imageUri: built.digest, facts: result.facts, findings: result.findings };
}

/** Findings as the component's outputs. */
export function findingOutputs(findings: readonly Finding[]): RStudioFinding[] {
    return findings.map((f) => {
        const out: RStudioFinding = { rule: f.rule, slug: f.slug, level: f.level, message: f.message, fix: f.fix, basis: f.basis, source: f.source };
        if (f.unverified !== undefined) out.unverified = f.unverified;
        if (f.file !== undefined) out.file = f.file;
        if (f.line !== undefined) out.line = f.line;
        return out;
    });
}

/** `/opt/R/4.4.3/…` (Posit's layout), `R_HOME=/usr/lib/R` does not count: only a versioned install path. */
const R_PATH_VERSION = /(?:^|[\s:="'])\/opt\/R\/(\d+\.\d+(?:\.\d+)?)\//;

/**
 * `ImageVersion.ProgrammingLang` for the image: `R <version>` when the facts name exactly one R version (the
 * `R_VERSION` variable of the image's environment, or the `/opt/R/<version>/` install path its RUN commands and
 * environment use), else undefined (the field is optional; a bare `R` breaks AWS's pattern
 * `[a-zA-Z]+ ?\d+\.\d+(\.\d+)?`, CreateImageVersion.ProgrammingLang in botocore's SageMaker model).
 */
export function programmingLang(facts: ImageFacts): string | undefined {
    const seen = new Set<string>();
    const add = (text: string | undefined): void => {
        if (text === undefined) return;
        const m = R_PATH_VERSION.exec(text);
        if (m) seen.add(m[1]);
    };
    if (facts.env.state === "known") {
        const env = facts.env.value;
        const rv = Object.prototype.hasOwnProperty.call(env, "R_VERSION") ? env.R_VERSION.value.trim() : undefined;
        if (rv !== undefined && /^\d+\.\d+(\.\d+)?$/.test(rv)) seen.add(rv);
        for (const key of ["R_HOME", "PATH"]) if (Object.prototype.hasOwnProperty.call(env, key)) add(env[key].value);
    }
    if (facts.commands.state === "known") for (const c of facts.commands.value) add(c.argv[0] === undefined ? undefined : ` ${c.argv[0]}`);
    if (seen.size !== 1) return undefined;
    const value = `R ${[...seen][0]}`;
    return /^[a-zA-Z]+ ?\d+\.\d+(\.\d+)?$/.test(value) ? value : undefined;
}
