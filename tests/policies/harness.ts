/**
 * Plays the Pulumi engine for a policy pack, over the Analyzer gRPC protocol, with no Pulumi CLI:
 *
 * - start: as pulumi-language-nodejs `RunPlugin` does for kind=analyzer — `node <@pulumi/pulumi/cmd/run-policy-pack
 *   resolved from the pack folder> <engine address> <pack folder>`, working directory = the pack folder — and read
 *   the port the pack prints on stdout;
 * - call ConfigureStack, GetAnalyzerInfo, Configure (the config reconciled as pkg/resource/analyzer/config.go does:
 *   schema defaults, then `all`, then per policy), Analyze and AnalyzeStack;
 * - encode properties as the engine's MarshalProperties({KeepUnknowns, KeepSecrets}) does: unknowns as the unknown
 *   sentinel string, secrets as the secret signature object.
 *
 * Used by tests/policies/grpc.test.ts, bench/policies.ts and tests/policies/example.ts.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as structpbTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptypbTypes from "google-protobuf/google/protobuf/empty_pb";

// The protobuf runtime @pulumi/pulumi's generated code uses (it has its own copy of google-protobuf): messages
// built with another copy would not be the classes its serializers expect.
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const structpb: typeof structpbTypes = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] }));
const emptypb: typeof emptypbTypes = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PULUMI_DIR] }));

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const POLICIES_DIR = path.join(REPO_ROOT, "policies");

/** What the engine sends for a value that is not known during preview (sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret property value, as the engine marshals it with KeepSecrets. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export const STACK = "dev";
export const PROJECT = "rstudio";

/** A resource as the engine knows it. `parent` is the parent's URN; the URN's type chain includes the parent's. */
export interface EngineResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

export function urnOf(type: string, name: string, parentUrn?: string): string {
    let qualified = type;
    if (parentUrn !== undefined) {
        const parentType = parentUrn.split("::")[2];
        if (!parentType.endsWith(":Stack")) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${STACK}::${PROJECT}::${qualified}::${name}`;
}

export const STACK_URN = urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);

export function resourceUrn(r: EngineResource): string {
    return urnOf(r.type, r.name, r.parent);
}

/** Drop `undefined` (the engine never sends it) so the value is valid protobuf Struct input. */
function toStruct(props: Record<string, unknown>): structpbTypes.Struct {
    return structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

function resourceOptions(r: EngineResource): analyzerpb.AnalyzerResourceOptions {
    const opts = new analyzerpb.AnalyzerResourceOptions();
    opts.setProtect(false);
    opts.setIgnorechangesList([]);
    opts.setDeletebeforereplace(false);
    opts.setDeletebeforereplacedefined(false);
    opts.setAdditionalsecretoutputsList([]);
    opts.setAliasesList([]);
    const timeouts = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
    opts.setCustomtimeouts(timeouts);
    opts.setParent(r.parent ?? STACK_URN);
    return opts;
}

/** The fields an AnalyzeRequest and an AnalyzerResource share, set as the engine sets them. */
function withResource<M extends analyzerpb.AnalyzeRequest | analyzerpb.AnalyzerResource>(msg: M, r: EngineResource): M {
    msg.setUrn(resourceUrn(r));
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setProperties(toStruct(r.props));
    msg.setOptions(resourceOptions(r));
    return msg;
}

export function analyzeRequest(r: EngineResource): analyzerpb.AnalyzeRequest {
    return withResource(new analyzerpb.AnalyzeRequest(), r);
}

export function analyzeStackRequest(resources: EngineResource[]): analyzerpb.AnalyzeStackRequest {
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const res = withResource(new analyzerpb.AnalyzerResource(), r);
            res.setParent(r.parent ?? STACK_URN);
            res.setDependenciesList(r.dependencies ?? []);
            const deps = res.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const d = new analyzerpb.AnalyzerPropertyDependencies();
                d.setUrnsList(urns);
                deps.set(k, d);
            }
            return res;
        }),
    );
    return req;
}

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";

const LEVEL_NAMES = new Map<number, Level>([
    [analyzerpb.EnforcementLevel.ADVISORY, "advisory"],
    [analyzerpb.EnforcementLevel.MANDATORY, "mandatory"],
    [analyzerpb.EnforcementLevel.REMEDIATE, "remediate"],
    [analyzerpb.EnforcementLevel.DISABLED, "disabled"],
]);
const LEVEL_VALUES = new Map<Level, analyzerpb.EnforcementLevel>([...LEVEL_NAMES].map(([k, v]) => [v, k as analyzerpb.EnforcementLevel]));

/** A diagnostic as the engine reads it from AnalyzeResponse. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: Level;
    urn: string;
}

function diagnostics(resp: analyzerpb.AnalyzeResponse): Diagnostic[] {
    return resp.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: LEVEL_NAMES.get(d.getEnforcementlevel()) ?? ("unknown" as Level),
        urn: d.getUrn(),
    }));
}

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: Level;
    type: "resource" | "stack" | "unknown";
    configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
    displayName: string;
    remediationSteps: string;
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
}

/** A policy pack config file as `--policy-pack-config` reads it: `{policy: level | {enforcementLevel?, ...props}}`. */
export type PackConfigFile = Record<string, Level | Record<string, unknown>>;

export interface PolicyConfig {
    enforcementLevel: Level;
    properties: Record<string, unknown>;
}

/**
 * What the engine sends to Configure: defaults from each policy's info (level, schema `default`s), then the
 * file's `all` level, then each policy's entry (pkg/resource/analyzer/config.go ReconcilePolicyPackConfig).
 * The engine's JSON-schema validation of the result is not repeated here.
 */
export function reconcileConfig(info: AnalyzerInfo, file: PackConfigFile = {}): Map<string, PolicyConfig> {
    const result = new Map<string, PolicyConfig>();
    for (const p of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if ("default" in schema) properties[k] = schema.default;
        }
        result.set(p.name, { enforcementLevel: p.enforcementLevel, properties });
    }
    const all = file.all;
    const allLevel = typeof all === "string" ? all : (all?.enforcementLevel as Level | undefined);
    if (allLevel !== undefined) for (const c of result.values()) c.enforcementLevel = allLevel;
    for (const [name, given] of Object.entries(file)) {
        if (name === "all") continue;
        const current = result.get(name) ?? { enforcementLevel: "advisory" as Level, properties: {} };
        if (typeof given === "string") current.enforcementLevel = given;
        else {
            const { enforcementLevel, ...props } = given;
            if (enforcementLevel !== undefined) current.enforcementLevel = enforcementLevel as Level;
            Object.assign(current.properties, props);
        }
        result.set(name, current);
    }
    return result;
}

function unary<Req, Resp>(call: (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown, req: Req): Promise<Resp> {
    return new Promise((resolve, reject) => {
        call(req, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
}

export interface StartOptions {
    env?: NodeJS.ProcessEnv;
    /** Give up when the port has not been printed within this time. */
    timeoutMs?: number;
}

/** A running policy pack and a client connected to it. */
export class RunningPack {
    readonly client: analyzerrpc.AnalyzerClient;
    private exited = false;

    constructor(
        readonly dir: string,
        readonly child: ChildProcess,
        readonly port: number,
        /** Spawn → port printed, in milliseconds. */
        readonly startupMs: number,
        private readonly stderr: () => string,
    ) {
        this.client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        child.once("exit", () => (this.exited = true));
    }

    /** What the pack wrote on stderr so far. */
    get errors(): string {
        return this.stderr();
    }

    configureStack(opts: { dryRun?: boolean } = {}): Promise<unknown> {
        const req = new analyzerpb.AnalyzerStackConfigureRequest();
        req.setStack(STACK);
        req.setProject(PROJECT);
        req.setOrganization("acme");
        req.setDryRun(opts.dryRun ?? true);
        return unary(this.client.configureStack.bind(this.client), req);
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await unary<emptypbTypes.Empty, analyzerpb.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new emptypb.Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                const out: PolicyInfo = {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVEL_NAMES.get(p.getEnforcementlevel()) ?? ("unknown" as Level),
                    type:
                        p.getPolicyType() === analyzerpb.PolicyType.POLICY_TYPE_RESOURCE
                            ? "resource"
                            : p.getPolicyType() === analyzerpb.PolicyType.POLICY_TYPE_STACK
                              ? "stack"
                              : "unknown",
                    displayName: p.getDisplayname(),
                    remediationSteps: p.getRemediationSteps(),
                };
                if (schema !== undefined) {
                    out.configSchema = {
                        properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
                        required: schema.getRequiredList(),
                    };
                }
                return out;
            }),
        };
    }

    configure(config: Map<string, PolicyConfig>): Promise<unknown> {
        const req = new analyzerpb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of config) {
            const pc = new analyzerpb.PolicyConfig();
            const level = LEVEL_VALUES.get(c.enforcementLevel);
            if (level === undefined) throw new Error(`invalid enforcement level "${c.enforcementLevel}" for ${name}`);
            pc.setEnforcementlevel(level);
            pc.setProperties(toStruct(c.properties));
            map.set(name, pc);
        }
        return unary(this.client.configure.bind(this.client), req);
    }

    /** GetAnalyzerInfo, then Configure with the file reconciled as the engine does. */
    async configureFromFile(file: PackConfigFile = {}): Promise<AnalyzerInfo> {
        const info = await this.getAnalyzerInfo();
        await this.configure(reconcileConfig(info, file));
        return info;
    }

    async analyze(r: EngineResource): Promise<Diagnostic[]> {
        return diagnostics(await unary(this.client.analyze.bind(this.client), analyzeRequest(r)));
    }

    async analyzeRaw(req: analyzerpb.AnalyzeRequest): Promise<analyzerpb.AnalyzeResponse> {
        return unary(this.client.analyze.bind(this.client), req);
    }

    async analyzeStack(resources: EngineResource[]): Promise<Diagnostic[]> {
        return diagnostics(await unary(this.client.analyzeStack.bind(this.client), analyzeStackRequest(resources)));
    }

    async analyzeStackRaw(req: analyzerpb.AnalyzeStackRequest): Promise<analyzerpb.AnalyzeResponse> {
        return unary(this.client.analyzeStack.bind(this.client), req);
    }

    /**
     * Send an already-encoded request (`req.serializeBinary()`), so a benchmark times the pack's work and the
     * round trip, not this client's protobuf encoding (the engine encodes in Go).
     */
    sendEncoded(method: "analyze" | "analyzeStack", bytes: Uint8Array): Promise<analyzerpb.AnalyzeResponse> {
        const def = analyzerrpc.AnalyzerService[method];
        return new Promise((resolve, reject) => {
            this.client.makeUnaryRequest<Uint8Array, analyzerpb.AnalyzeResponse>(
                def.path,
                (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
                (buf) => analyzerpb.AnalyzeResponse.deserializeBinary(new Uint8Array(buf)),
                bytes,
                (err, resp) => (err || resp === undefined ? reject(err ?? new Error("no response")) : resolve(resp)),
            );
        });
    }

    /** Close the client and kill the pack, as the engine does when the update ends. */
    async stop(): Promise<void> {
        this.client.close();
        if (this.exited) return;
        await new Promise<void>((resolve) => {
            this.child.once("exit", () => resolve());
            this.child.kill("SIGTERM");
        });
    }
}

/** The engine address the language host passes; the Node policy runtime does not dial it. */
const ENGINE_ADDRESS = "127.0.0.1:0";

/** Start the pack in `dir` as the Node language host does and wait for the port it prints. */
export function startPack(dir: string, opts: StartOptions = {}): Promise<RunningPack> {
    // pulumi-language-nodejs locates the runner from the pack's folder (node's resolution from there).
    const runPath = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [runPath, ENGINE_ADDRESS, dir], {
        cwd: dir,
        env: { ...process.env, ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => (stderr += d));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`policy pack in ${dir} printed no port within ${opts.timeoutMs ?? 30000} ms; stderr:\n${stderr}`));
        }, opts.timeoutMs ?? 30000);
        const onExit = (code: number | null) => {
            clearTimeout(timer);
            reject(new Error(`policy pack in ${dir} exited with code ${code} before printing a port; stderr:\n${stderr}`));
        };
        child.once("exit", onExit);
        child.stdout!.setEncoding("utf8");
        child.stdout!.on("data", function onData(d: string) {
            stdout += d;
            const nl = stdout.indexOf("\n");
            if (nl < 0) return;
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            clearTimeout(timer);
            child.off("exit", onExit);
            child.stdout!.off("data", onData);
            child.stdout!.resume();
            const line = stdout.slice(0, nl).trim();
            if (!/^\d+$/.test(line)) {
                child.kill("SIGKILL");
                reject(new Error(`policy pack printed "${line}" instead of a port; stderr:\n${stderr}`));
                return;
            }
            resolve(new RunningPack(dir, child, Number(line), ms, () => stderr));
        });
    });
}

/** Build policies/bin/index.js from the TypeScript (the root script `build:policies` runs the same function). */
export function buildPack(outfile?: string): string {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { buildPolicyPack } = require(path.join(POLICIES_DIR, "build.js")) as { buildPolicyPack(out?: string): string };
    return buildPolicyPack(outfile);
}

/**
 * A copy of the pack folder alone in a temp dir, as `pulumi policy publish` would ship it (package.json `files`),
 * with only `node_modules` linked to the repo's (standing in for the `npm install` Pulumi does after download).
 */
export function copyPackAlone(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-rstudio-pack-"));
    const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8")) as { files: string[] };
    for (const entry of ["package.json", ...pkg.files]) {
        const from = path.join(POLICIES_DIR, entry);
        if (!fs.existsSync(from)) continue;
        fs.cpSync(from, path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/**
 * A policy pack folder in a temp dir with the given `index.js` (PulumiPolicy.yaml, package.json, node_modules linked
 * to the repository's), for packs started next to ours: baselines in tests and in the benchmark.
 */
export function writeScratchPack(name: string, indexJs: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.1", main: "index.js" }, null, 4));
    fs.writeFileSync(path.join(dir, "index.js"), [...indexJs, ""].join("\n"));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/**
 * A bare @pulumi/policy pack with `count` trivial resource policies (the benchmark's baseline: one policy; and as
 * many as this pack has resource policies, to separate the SDK's per-policy cost from this pack's own).
 */
export function bareTrivialPack(count = 1): string {
    return writeScratchPack("bare-pack", [
        'const { PolicyPack } = require("@pulumi/policy");',
        `const policies = Array.from({ length: ${count} }, (_, i) => ({`,
        '    name: `trivial-${i}`,',
        '    description: "Does nothing.",',
        '    enforcementLevel: "advisory",',
        "    validateResource: () => {},",
        "}));",
        'new PolicyPack("bare", { policies });',
    ]);
}

/**
 * The violations section of `pulumi preview` for one local pack, laid out as the CLI prints it
 * (pkg/backend/display/progress.go printPolicies and diff.go renderDiffPolicyViolationEvent, colours off):
 * sorted by level, policy name, URN; the resource as `(<type display name>: <name>)`.
 */
export function renderPolicies(packName: string, version: string, localPath: string, diags: Diagnostic[]): string {
    const rank = (l: Level) => ({ remediate: 0, mandatory: 1, advisory: 2, disabled: 3 })[l] ?? 99;
    const sorted = [...diags].sort((a, b) => rank(a.enforcementLevel) - rank(b.enforcementLevel) || cmp(a.policyName, b.policyName) || cmp(a.urn, b.urn));
    const mark = sorted.some((d) => d.enforcementLevel === "mandatory") ? "❌" : sorted.length > 0 ? "⚠️" : "✅";
    const lines = ["Policies:", `    ${mark} ${packName}@v${version} (local: ${localPath})`];
    for (const d of sorted) {
        let head = `        - [${d.enforcementLevel}]  ${d.policyName}`;
        if (d.urn !== "") {
            const parts = d.urn.split("::");
            const type = parts[2].split("$").pop()!;
            head += `  (${displayType(type)}: ${parts.slice(3).join("::")})`;
        }
        lines.push(head);
        for (const l of d.message.replace(/\n$/, "").split("\n")) lines.push(`          ${l}`);
    }
    return lines.join("\n");
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** tokens.Type.DisplayName: `aws:sagemaker/domain:Domain` → `aws:sagemaker:Domain`. */
function displayType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    if (name === undefined || name === "") return type;
    const slash = mod.lastIndexOf("/");
    if (slash < 0) return type;
    const file = mod.slice(slash + 1);
    if (file !== name.charAt(0).toLowerCase() + name.slice(1)) return type;
    return `${pkg}:${mod.slice(0, slash)}:${name}`;
}
