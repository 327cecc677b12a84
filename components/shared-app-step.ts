/**
 * Step "shared app": the command that keeps the domain's shared RStudioServerPro app in step with its images and
 * RStudio settings, in AWS's documented order (the lifecycle is components/shared-app.ts, through the AWS SDK):
 * first `up` of a new domain → wait for the app SageMaker launches itself (no CreateApp collision); image set or
 * RStudio settings (Workbench image ARN, URLs) changed → delete the app, UpdateDomain, create the app, wait
 * InService (or fail with SageMaker's reason); component removed from a domain it created → delete the app.
 *
 * Why a `command:local:Command` and not a `pulumi.dynamic.Resource`: this component is also served to Python, Go and
 * YAML programs through the component provider, where a dynamic provider cannot load (pulumi/pulumi#5455: the
 * engine resolves it from the program's folder, which has no node_modules). @pulumi/command is an ordinary resource
 * plugin: on create/update/delete it runs `node components/shared-app-run.js <phase>` with the desired state in its
 * environment, and hands the previous run's stdout (the state reached last time) back in PULUMI_COMMAND_STDOUT.
 */
import * as path from "path";
import { local } from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { RStudioDomainSettingsForUpdate } from "./shared-app";

/** The environment the run reads (names also read by the contract tests, which validate the settings as UpdateDomain). */
export const SHARED_APP_ENV = {
    domainId: "SAGEMAKER_RSTUDIO_DOMAIN_ID",
    mode: "SAGEMAKER_RSTUDIO_MODE",
    imageSet: "SAGEMAKER_RSTUDIO_IMAGE_SET",
    settings: "SAGEMAKER_RSTUDIO_DOMAIN_SETTINGS",
    region: "AWS_REGION",
    profile: "AWS_PROFILE",
    /** Milliseconds between Describe calls (default the lifecycle's 15 s); set it in the environment `pulumi up` runs in. */
    pollMs: "SAGEMAKER_RSTUDIO_POLL_MS",
} as const;

/** What one run is to reach. */
export interface SharedAppTarget {
    /** `created`: the component created the domain and owns its RStudio settings; `existing`: a domain defined elsewhere. */
    mode: "created" | "existing";
    domainId: string;
    imageSet: string;
    settings?: RStudioDomainSettingsForUpdate;
}

/** The command line that runs shared-app-run with Node.js, from the sources (ts-node) or the compiled package. */
export function runCommand(phase: "create" | "update" | "delete"): string {
    const script = require.resolve("./shared-app-run");
    const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const loader = path.extname(script) === ".ts" ? ` -r ${quoted(require.resolve("ts-node/register/transpile-only"))}` : "";
    return `node${loader} ${quoted(script)} ${phase}`;
}

/** The command's environment for a target. */
export function sharedAppEnvironment(target: SharedAppTarget, region: string | undefined, profile: string | undefined): Record<string, string> {
    const env: Record<string, string> = {
        [SHARED_APP_ENV.domainId]: target.domainId,
        [SHARED_APP_ENV.mode]: target.mode,
        [SHARED_APP_ENV.imageSet]: target.imageSet,
    };
    if (target.settings !== undefined) env[SHARED_APP_ENV.settings] = JSON.stringify(target.settings);
    if (region !== undefined && region !== null) env[SHARED_APP_ENV.region] = region;
    if (profile !== undefined && profile !== null) env[SHARED_APP_ENV.profile] = profile;
    return env;
}

export function sharedAppStep(
    name: string,
    input: { target: pulumi.Output<SharedAppTarget>; region: pulumi.Input<string | undefined>; profile?: string },
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
): local.Command {
    const environment = pulumi.all([input.target, input.region]).apply(([target, region]) => sharedAppEnvironment(target, region, input.profile));
    return new local.Command(
        `${name}-rstudio-server`,
        { create: runCommand("create"), update: runCommand("update"), delete: runCommand("delete"), environment, addPreviousOutputInEnv: true, logging: "stderr" },
        { parent, dependsOn },
    );
}
