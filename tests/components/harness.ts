/**
 * Test harness for the components: Pulumi mocks that record every registered resource and invoke, a program
 * runner that waits for the registrations to finish, and fixtures (Dockerfiles in temp dirs).
 *
 * Import this module before the components: it installs the mocks at load time. Each `runProgram` installs a
 * fresh recorder, so test files and tests do not see each other's resources even though modules are cached.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { checkRegistered, describeViolations } from "../contract/contract";

// Internal to the SDK (not in its .d.ts): resolves once every outstanding resource RPC has finished.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates?: Set<unknown> } };

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/** One registered resource as the engine would see it. */
export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
    custom: boolean;
}

/** One captured resource construction (through a transformation): type, name, props and resource options. */
export interface Constructed {
    type: string;
    name: string;
    props: Record<string, any>;
    opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
    resource: pulumi.Resource;
}

function sha(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** Unwrap a value the mock monitor received: secrets become `{secret: value}` markers for assertions. */
export function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

export function secretPayload(v: unknown): any {
    return isSecretValue(v) ? (v as Record<string, unknown>).value : v;
}

class Recorder implements pulumi.runtime.Mocks {
    registered: Registered[] = [];
    calls: pulumi.runtime.MockCallArgs[] = [];
    versionCounter = 0;

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = args.inputs as Record<string, any>;
        // The mock refuses what AWS would refuse: the request the provider would send for these inputs is validated
        // against AWS's API model (tests/contract). A refused resource is not recorded, as AWS would not create it.
        if (args.custom && !args.type.startsWith("sagemaker-rstudio:")) {
            let violations: ReturnType<typeof checkRegistered>["violations"] = [];
            try {
                violations = checkRegistered([{ type: args.type, name: args.name, inputs }]).violations;
            } catch (e) {
                // Every AWS resource must be known to the translator; the shared-app command is validated once it is.
                if (args.type.startsWith("aws:") || !/no mapping/.test((e as Error).message)) throw e;
            }
            if (violations.length > 0) throw new Error(`AWS would refuse ${args.type} ${args.name}:\n${describeViolations(violations)}`);
        }
        this.registered.push({ type: args.type, name: args.name, inputs, custom: args.custom ?? false });
        const state: Record<string, any> = { ...inputs };
        let id: string | undefined = `${args.name}-id`;
        switch (args.type) {
            case "aws:ecr/repository:Repository":
                state.arn = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${inputs.name}`;
                state.repositoryUrl = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${inputs.name}`;
                state.registryId = ACCOUNT;
                id = inputs.name;
                break;
            case "aws:iam/role:Role":
                state.name = `${args.name}-1234567`;
                state.arn = `arn:aws:iam::${ACCOUNT}:role/${state.name}`;
                id = state.name;
                break;
            case "docker:index/image:Image": {
                const imageName = String(inputs.imageName);
                state.repoDigest = `${imageName.replace(/:[^:/]+$/, "")}@sha256:${sha(imageName)}`;
                state.baseImageName = imageName;
                id = state.repoDigest;
                break;
            }
            case "aws:sagemaker/image:Image":
                state.arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:image/${inputs.imageName}`;
                id = inputs.imageName;
                break;
            case "aws:sagemaker/imageVersion:ImageVersion":
                this.versionCounter += 1;
                state.version = 1;
                state.arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:image-version/${inputs.imageName}/1`;
                break;
            case "aws:sagemaker/appImageConfig:AppImageConfig":
                state.arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:app-image-config/${inputs.appImageConfigName}`;
                id = inputs.appImageConfigName;
                break;
            case "aws:sagemaker/domain:Domain":
                id = "d-abcdefghijkl";
                state.arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:domain/${id}`;
                state.url = `https://${id}.studio.${REGION}.sagemaker.aws`;
                break;
            case "aws:sagemaker/app:App":
                state.arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:app/${inputs.domainId}/domain-shared/rstudioserverpro/default`;
                break;
            default:
                if (!args.custom) id = undefined;
        }
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.calls.push(args);
        switch (args.token) {
            case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
                return {
                    userName: "AWS",
                    password: "mock-ecr-password",
                    authorizationToken: Buffer.from("AWS:mock-ecr-password").toString("base64"),
                    proxyEndpoint: `https://${args.inputs.registryId ?? ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`,
                    expiresAt: "2030-01-01T00:00:00Z",
                    id: REGION,
                    region: REGION,
                };
            case "aws:ecr/getRepository:getRepository": {
                const registryId = args.inputs.registryId ?? ACCOUNT;
                return {
                    name: args.inputs.name,
                    registryId,
                    arn: `arn:aws:ecr:${REGION}:${registryId}:repository/${args.inputs.name}`,
                    repositoryUrl: `${registryId}.dkr.ecr.${REGION}.amazonaws.com/${args.inputs.name}`,
                    id: args.inputs.name,
                };
            }
            default:
                return {};
        }
    }
}

let current = new Recorder();
// Installed at import: components imported after this module see a mocked runtime.
void pulumi.runtime.setMocks(current, "project", "stack", false);

export interface ProgramResult<T> {
    value?: T;
    /** The error the program threw synchronously (construction), if any. */
    error?: Error;
    registered: Registered[];
    constructed: Constructed[];
    calls: pulumi.runtime.MockCallArgs[];
    /** Errors that surfaced asynchronously (a rejected input, a failed registration). */
    asyncErrors: unknown[];
}

/**
 * Run `program` against fresh mocks and wait until every registration has finished.
 * `program` gets a transformation to put on the components it creates; it records every resource constructed
 * under them (type, name, props, options).
 */
export async function runProgram<T>(
    program: (capture: pulumi.ResourceTransformation) => T,
    options: { preview?: boolean } = {},
): Promise<ProgramResult<T>> {
    current = new Recorder();
    await pulumi.runtime.setMocks(current, "project", "stack", options.preview ?? false);
    const constructed: Constructed[] = [];
    const capture: pulumi.ResourceTransformation = (args) => {
        constructed.push({ type: args.type, name: args.name, props: args.props, opts: args.opts, resource: args.resource });
        return undefined;
    };
    const asyncErrors: unknown[] = [];
    const onRejection = (reason: unknown): void => {
        asyncErrors.push(reason);
    };
    // Mocha listens for unhandled rejections too; while a program runs, this listener takes them instead.
    const previous = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", onRejection);
    const result: ProgramResult<T> = { registered: current.registered, constructed, calls: current.calls, asyncErrors };
    try {
        try {
            result.value = program(capture);
        } catch (e) {
            result.error = e as Error;
        }
        await settle(current, asyncErrors);
        // Let rejections raised during the last RPCs reach the listener.
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
        process.removeListener("unhandledRejection", onRejection);
        for (const l of previous) process.on("unhandledRejection", l as (...args: unknown[]) => void);
    }
    return result;
}

/**
 * Wait until every registration has finished. When a registration failed (a rejected input), resources that wait
 * on it never finish (a real `pulumi up` exits on the error instead): then settle once nothing new has been
 * registered for a while.
 */
async function settle(recorder: Recorder, asyncErrors: unknown[]): Promise<void> {
    let done = false;
    void waitForRPCs().then(() => {
        done = true;
    });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let lastCount = -1;
    let quietSince = Date.now();
    const deadline = Date.now() + 15_000;
    while (!done && Date.now() < deadline) {
        await sleep(10);
        if (recorder.registered.length !== lastCount) {
            lastCount = recorder.registered.length;
            quietSince = Date.now();
        } else if (asyncErrors.length > 0 && Date.now() - quietSince > 300) {
            // The abandoned registrations' promises would be reported as leaks when mocha exits (and fail the
            // run): a real program exits on the error instead, so forget them.
            getStore().leakCandidates?.clear();
            return;
        }
    }
    if (!done) throw new Error("the program's registrations did not finish within 15 s");
}

/** The value of an Output (rejects when it does; `undefined` when unknown). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return (o as unknown as { promise(): Promise<T> }).promise();
}


export function byType(list: Registered[], type: string): Registered[] {
    return list.filter((r) => r.type === type);
}

export function oneOfType(list: Registered[], type: string): Registered {
    const found = byType(list, type);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}: ${list.map((r) => r.type).join(", ")}`);
    return found[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A compliant CPU Dockerfile: the lead's reference one when present, else an equivalent written here. */
export function compliantCpuDockerfile(): string {
    const reference = path.join(REPO_ROOT, "dockerfiles", "cpu.Dockerfile");
    if (fs.existsSync(reference)) return fs.readFileSync(reference, "utf8");
    return [
        "ARG RSW_VERSION=2025.05.1",
        "FROM --platform=linux/amd64 rstudio/r-session-complete:jammy-${RSW_VERSION}",
        "ARG R_VERSION=4.4.3",
        "ARG PYTHON_VERSION=3.12.10",
        "RUN apt-get update && apt-get install -y --no-install-recommends sudo openjdk-11-jdk libpng-dev && rm -rf /var/lib/apt/lists/*",
        "RUN /opt/R/${R_VERSION}/bin/R -e \"install.packages('reticulate', repos='https://packagemanager.posit.co/cran/__linux__/jammy/latest')\"",
        "RUN /opt/python/${PYTHON_VERSION}/bin/pip install --no-cache-dir 'boto3>=1.34,<2' 'awscli>=1.32,<2' 'sagemaker[local]<3'",
        'ENV RSTUDIO_CONNECT_URL="" RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co" RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1',
        "",
    ].join("\n");
}

/** A compliant GPU Dockerfile: the lead's reference one when present. */
export function compliantGpuDockerfile(): string {
    const reference = path.join(REPO_ROOT, "dockerfiles", "gpu.Dockerfile");
    if (fs.existsSync(reference)) return fs.readFileSync(reference, "utf8");
    return compliantCpuDockerfile().replace(
        "libpng-dev &&",
        "libpng-dev cuda-toolkit-12-4 &&",
    );
}

const tempDirs: string[] = [];

/** A temp build context with the given files (name → content); returns its path. */
export function makeContext(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rstudio-image-"));
    tempDirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
        const file = path.join(dir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
    }
    return dir;
}

export function removeTempDirs(): void {
    for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** An inspector that returns fixed facts and records the refs it was asked about. */
export function fakeInspector(facts: (ref: string) => any): { inspector: (ref: string, o: { auth?: unknown }) => Promise<any>; refs: string[]; auths: unknown[] } {
    const refs: string[] = [];
    const auths: unknown[] = [];
    return {
        refs,
        auths,
        inspector: async (ref: string, o: { auth?: unknown }) => {
            refs.push(ref);
            auths.push(o.auth);
            return facts(ref);
        },
    };
}
