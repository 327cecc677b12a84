/**
 * A fake SageMaker endpoint: a real HTTP server on 127.0.0.1 speaking SageMaker's protocol (awsJson1_1: `POST /`,
 * `X-Amz-Target: SageMaker.<Operation>`, `Content-Type: application/x-amz-json-1.1`, SigV4-signed for the service
 * `sagemaker`), for the shared-app lifecycle (components/shared-app.ts) through the real AWS SDK v3 client.
 *
 * It is only as honest as the contract allows: every request is validated against AWS's API model (the trimmed
 * botocore copy, tests/fixtures/aws-model) and a violation is answered with a ValidationException as SageMaker
 * does; every response it sends is validated against the model's output shape too (`responseViolations`).
 *
 * State plays forward one step per Describe call (deterministic, independent of time): an app's `timeline` is the
 * list of states its next DescribeApp calls return (the last one stays). DeleteApp → Deleting… → Deleted;
 * CreateApp → Pending… → InService (or Failed with a reason, see `failNextCreate`); `relaunchAfterDelete` plays
 * SageMaker bringing the app back by itself after it was Deleted (AWS: the domain execution role's
 * sagemaker:CreateApp "allows SageMaker to automatically launch an RStudioServerPro app when the existing
 * RStudioServerPro app is in a Deleted or Failed status").
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { loadService, validate, Violation } from "../contract/aws-model";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: "fake-secret-key-for-the-local-endpoint" };
export const FAKE_REGION = "us-east-1";
export const FAKE_ACCOUNT = "123456789012";

export type FakeAppStatus = "Pending" | "InService" | "Deleting" | "Deleted" | "Failed";

interface TimelineEntry {
    status: string;
    failureReason?: string;
    /** When served: the app is (re)created (a new CreationTime: `bornAt`, else the time it is served). */
    born?: boolean;
    bornAt?: Date;
}

interface FakeApp {
    domainId: string;
    userProfileName: string;
    appType: string;
    appName: string;
    creationTime: Date;
    current: TimelineEntry;
    timeline: TimelineEntry[];
}

interface FakeDomain {
    id: string;
    name: string;
    current: TimelineEntry;
    timeline: TimelineEntry[];
    rstudioSettings?: Record<string, unknown>;
    lastModified: Date;
}

interface FakeImageVersion {
    imageName: string;
    version: number;
    baseImage: string;
    current: TimelineEntry;
    timeline: TimelineEntry[];
}

export interface RecordedCall {
    operation: string;
    request: Record<string, any>;
    /** The error the fake answered with, if any (`ResourceNotFound`, `ResourceInUse`, `ValidationException`…). */
    error?: string;
    /** The status of the domain's shared app when the call arrived (for calls that name a DomainId). */
    sharedAppStatus?: string;
}

class ApiError extends Error {
    constructor(
        readonly type: string,
        message: string,
    ) {
        super(message);
    }
}

export interface FakeSageMakerOptions {
    /** How many Describe calls each transitional state (Pending, Deleting, Updating, CREATING) lasts. Default 2. */
    steps?: number;
}

function appKey(domainId: string, userProfileName: string | undefined, appType: string, appName: string): string {
    return [domainId, userProfileName ?? "", appType, appName].join("/");
}

function epoch(d: Date): number {
    return d.getTime() / 1000;
}

export class FakeSageMaker {
    readonly calls: RecordedCall[] = [];
    /** Requests that broke AWS's model (each was answered with a ValidationException). */
    readonly requestViolations: Violation[] = [];
    /** Responses of this fake that broke AWS's model (a bug in the fake: tests assert none). */
    readonly responseViolations: Violation[] = [];
    /** Bugs of the fake itself (answered 500 InternalFailure): tests assert none. */
    readonly internalErrors: string[] = [];
    /** Requests whose protocol framing was wrong (target, content type, signature scope). */
    readonly protocolErrors: string[] = [];
    readonly apps = new Map<string, FakeApp>();
    readonly domains = new Map<string, FakeDomain>();
    readonly imageVersions: FakeImageVersion[] = [];
    /** SageMaker relaunches the app by itself after it reached Deleted (after this many Describe calls in Deleted). */
    relaunchAfterDelete: number | undefined;
    /**
     * When the relaunched app says it was created: `served` (when first seen, i.e. after whatever the caller did
     * meanwhile) or `deleted` (right after the DeleteApp, i.e. before the caller's domain update: stale settings).
     */
    relaunchCreated: "served" | "deleted" = "served";
    /** UpdateDomain is refused (ResourceInUse) while an app of the domain is Pending or InService. */
    rejectUpdateWhileAppRunning = false;
    /** The next UpdateDomain ends Update_Failed with this reason. */
    failNextUpdate: string | undefined;
    private readonly createFailures: string[] = [];
    private server: http.Server | undefined;
    private readonly steps: number;
    endpoint = "";

    constructor(options: FakeSageMakerOptions = {}) {
        this.steps = options.steps ?? 2;
    }

    async start(): Promise<this> {
        this.server = http.createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        return this;
    }

    async close(): Promise<void> {
        if (this.server === undefined) return;
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        this.server = undefined;
    }

    /** The operations called, in order (`DescribeApp` repeated as often as it was polled). */
    operations(): string[] {
        return this.calls.map((c) => c.operation);
    }

    /** The operations called, consecutive repeats collapsed: the order of the steps. */
    sequence(): string[] {
        return this.operations().filter((op, i, all) => i === 0 || all[i - 1] !== op);
    }

    private transitional(status: string, extra: Partial<TimelineEntry> = {}): TimelineEntry[] {
        return Array.from({ length: this.steps }, (_, i) => ({ status, ...(i === 0 ? extra : {}) }));
    }

    // -----------------------------------------------------------------------------------------------------------
    // Scenario setup

    /** A domain, with the states its next DescribeDomain calls return (default: InService). */
    addDomain(id: string, o: { name?: string; states?: string[]; rstudioSettings?: Record<string, unknown> } = {}): void {
        const states = (o.states ?? ["InService"]).map((status) => ({ status }));
        this.domains.set(id, { id, name: o.name ?? `domain-${id}`, current: states[0], timeline: states.slice(1), rstudioSettings: o.rstudioSettings, lastModified: new Date(Date.now() - 3_600_000) });
    }

    /** The shared app of a domain, with the states its next DescribeApp calls return (the last one stays). */
    setSharedApp(domainId: string, states: (FakeAppStatus | { status: FakeAppStatus; failureReason?: string })[], creationTime = new Date(Date.now() - 3_600_000)): void {
        const entries = states.map((s) => (typeof s === "string" ? { status: s } : { ...s }));
        this.apps.set(appKey(domainId, "domain-shared", "RStudioServerPro", "default"), {
            domainId,
            userProfileName: "domain-shared",
            appType: "RStudioServerPro",
            appName: "default",
            creationTime,
            current: entries[0],
            timeline: entries.slice(1),
        });
    }

    /** What SageMaker does when a domain is created with RStudio settings: it launches the shared app itself. */
    launchSharedApp(domainId: string, o: { appearsAfter?: number; failureReason?: string } = {}): void {
        const absent = Array.from({ length: o.appearsAfter ?? 0 }, () => ({ status: "NotFound" }));
        const end: TimelineEntry = o.failureReason !== undefined ? { status: "Failed", failureReason: o.failureReason } : { status: "InService" };
        const timeline = [...absent, ...this.transitional("Pending", { born: true }), end];
        this.apps.set(appKey(domainId, "domain-shared", "RStudioServerPro", "default"), {
            domainId,
            userProfileName: "domain-shared",
            appType: "RStudioServerPro",
            appName: "default",
            creationTime: new Date(),
            current: timeline[0],
            timeline: timeline.slice(1),
        });
    }

    /** The next CreateApp starts an app that ends Failed with this reason. */
    failNextCreate(reason: string): void {
        this.createFailures.push(reason);
    }

    /** An image version with the states its next DescribeImageVersion calls return. */
    addImageVersion(imageName: string, version: number, states: (string | { status: string; failureReason?: string })[]): void {
        const entries = states.map((s) => (typeof s === "string" ? { status: s } : { ...s }));
        this.imageVersions.push({
            imageName,
            version,
            baseImage: `${FAKE_ACCOUNT}.dkr.ecr.${FAKE_REGION}.amazonaws.com/sagemaker-rstudio/${imageName}@sha256:${"0".repeat(64)}`,
            current: entries[0],
            timeline: entries.slice(1),
        });
    }

    sharedAppStatus(domainId: string): string {
        return this.apps.get(appKey(domainId, "domain-shared", "RStudioServerPro", "default"))?.current.status ?? "NotFound";
    }

    // -----------------------------------------------------------------------------------------------------------
    // Protocol

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const target = String(req.headers["x-amz-target"] ?? "");
        const operation = target.startsWith("SageMaker.") ? target.slice("SageMaker.".length) : "";
        const send = (status: number, body: unknown, errorType?: string): void => {
            const payload = JSON.stringify(body);
            const headers: Record<string, string | number> = { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(payload), "x-amzn-requestid": `fake-${this.calls.length}` };
            if (errorType !== undefined) headers["x-amzn-errortype"] = errorType;
            res.writeHead(status, headers);
            res.end(payload);
        };
        const framing: string[] = [];
        if (req.method !== "POST" || (req.url ?? "/") !== "/") framing.push(`${req.method} ${req.url} (expected POST /)`);
        if (operation === "") framing.push(`X-Amz-Target ${JSON.stringify(target)} (expected SageMaker.<Operation>)`);
        if (!String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.1")) framing.push(`Content-Type ${JSON.stringify(req.headers["content-type"])}`);
        const auth = String(req.headers.authorization ?? "");
        if (!new RegExp(`^AWS4-HMAC-SHA256 Credential=${FAKE_CREDENTIALS.accessKeyId}/\\d{8}/[a-z0-9-]+/sagemaker/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`).test(auth)) {
            framing.push(`Authorization ${JSON.stringify(auth.slice(0, 80))} (expected a SigV4 signature for the service sagemaker)`);
        }
        let request: Record<string, any> = {};
        try {
            request = text === "" ? {} : (JSON.parse(text) as Record<string, any>);
        } catch {
            framing.push("a body that is not JSON");
        }
        const call: RecordedCall = { operation: operation || target, request };
        if (typeof request.DomainId === "string") call.sharedAppStatus = this.sharedAppStatus(request.DomainId);
        this.calls.push(call);
        if (framing.length > 0) {
            this.protocolErrors.push(...framing);
            call.error = "SerializationException";
            return send(400, { __type: "com.amazon.coral.service#SerializationException", message: framing.join("; ") }, "SerializationException");
        }
        let violations: Violation[];
        try {
            violations = validate("sagemaker", operation, request, { resource: `fake SageMaker ${operation}` });
        } catch {
            call.error = "UnknownOperationException";
            return send(400, { __type: "com.amazon.coral.service#UnknownOperationException", message: `the fake does not serve ${operation}` }, "UnknownOperationException");
        }
        if (violations.length > 0) {
            this.requestViolations.push(...violations);
            call.error = "ValidationException";
            const message = `${violations.length} validation error${violations.length === 1 ? "" : "s"} detected: ${violations.map((v) => `Value ${JSON.stringify(v.value)} at '${v.member}' failed to satisfy constraint: ${v.rule}`).join("; ")}`;
            return send(400, { __type: "com.amazon.coral.validate#ValidationException", message }, "ValidationException");
        }
        try {
            const response = this.dispatch(operation, request);
            if (loadService("sagemaker").operations[operation].output !== undefined) {
                this.responseViolations.push(...validate("sagemaker", operation, response, { resource: `fake SageMaker ${operation} response` }, "output"));
            }
            send(200, response);
        } catch (e) {
            if (!(e instanceof ApiError)) {
                call.error = "InternalFailure";
                this.internalErrors.push(`${operation}: ${(e as Error).message}`);
                return send(500, { __type: "InternalFailure", message: (e as Error).message }, "InternalFailure");
            }
            call.error = e.type;
            send(400, { __type: `com.amazonaws.sagemaker#${e.type}`, Message: e.message }, e.type);
        }
    }

    private dispatch(operation: string, r: Record<string, any>): Record<string, unknown> {
        switch (operation) {
            case "DescribeApp":
                return this.describeApp(r);
            case "CreateApp":
                return this.createApp(r);
            case "DeleteApp":
                return this.deleteApp(r);
            case "UpdateDomain":
                return this.updateDomain(r);
            case "DescribeDomain":
                return this.describeDomain(r);
            case "DescribeImageVersion":
                return this.describeImageVersion(r);
            default:
                throw new ApiError("UnknownOperationException", `the fake does not serve ${operation}`);
        }
    }

    /** Serve the current state, then advance the timeline one step. */
    private advance<T extends { current: TimelineEntry; timeline: TimelineEntry[] }>(x: T, onBorn?: (at: Date) => void): TimelineEntry {
        const served = x.current;
        if (served.born) {
            onBorn?.(served.bornAt ?? new Date());
            served.born = false;
        }
        if (x.timeline.length > 0) x.current = x.timeline.shift()!;
        return served;
    }

    private app(r: Record<string, any>): FakeApp | undefined {
        return this.apps.get(appKey(r.DomainId, r.UserProfileName ?? r.SpaceName, r.AppType, r.AppName));
    }

    private arnOf(a: FakeApp): string {
        return `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:app/${a.domainId}/${a.userProfileName}/${a.appType.toLowerCase()}/${a.appName}`;
    }

    private describeApp(r: Record<string, any>): Record<string, unknown> {
        const a = this.app(r);
        if (a === undefined) throw new ApiError("ResourceNotFound", `App ${r.AppName} of type ${r.AppType} does not exist`);
        const served = this.advance(a, (at) => (a.creationTime = at));
        if (served.status === "NotFound") throw new ApiError("ResourceNotFound", `App ${r.AppName} of type ${r.AppType} does not exist`);
        const out: Record<string, unknown> = {
            AppArn: this.arnOf(a),
            AppType: a.appType,
            AppName: a.appName,
            DomainId: a.domainId,
            UserProfileName: a.userProfileName,
            Status: served.status,
            CreationTime: epoch(a.creationTime),
        };
        if (served.failureReason !== undefined) out.FailureReason = served.failureReason;
        return out;
    }

    private createApp(r: Record<string, any>): Record<string, unknown> {
        if (!this.domains.has(r.DomainId)) throw new ApiError("ResourceNotFound", `Domain ${r.DomainId} does not exist`);
        const existing = this.app(r);
        if (existing !== undefined && !["Deleted", "NotFound"].includes(existing.current.status)) {
            throw new ApiError("ResourceInUse", `App ${r.AppName} of type ${r.AppType} already exists (${existing.current.status})`);
        }
        const failure = this.createFailures.shift();
        const end: TimelineEntry = failure !== undefined ? { status: "Failed", failureReason: failure } : { status: "InService" };
        const timeline = [...this.transitional("Pending"), end];
        const a: FakeApp = {
            domainId: r.DomainId,
            userProfileName: r.UserProfileName ?? r.SpaceName,
            appType: r.AppType,
            appName: r.AppName,
            creationTime: new Date(),
            current: timeline[0],
            timeline: timeline.slice(1),
        };
        this.apps.set(appKey(r.DomainId, r.UserProfileName ?? r.SpaceName, r.AppType, r.AppName), a);
        return { AppArn: this.arnOf(a) };
    }

    private deleteApp(r: Record<string, any>): Record<string, unknown> {
        const a = this.app(r);
        if (a === undefined || ["Deleted", "NotFound"].includes(a.current.status)) throw new ApiError("ResourceNotFound", `App ${r.AppName} of type ${r.AppType} does not exist`);
        if (a.current.status === "Deleting" || a.current.status === "Pending") {
            throw new ApiError("ResourceInUse", `App ${r.AppName} of type ${r.AppType} is ${a.current.status}`);
        }
        const timeline: TimelineEntry[] = [...this.transitional("Deleting").slice(1), { status: "Deleted" }];
        if (this.relaunchAfterDelete !== undefined) {
            for (let i = 0; i < this.relaunchAfterDelete; i++) timeline.push({ status: "Deleted" });
            const bornAt = this.relaunchCreated === "deleted" ? new Date() : undefined;
            timeline.push(...this.transitional("Pending", { born: true, ...(bornAt !== undefined ? { bornAt } : {}) }), { status: "InService" });
        }
        a.current = { status: "Deleting" };
        a.timeline = timeline;
        return {};
    }

    private updateDomain(r: Record<string, any>): Record<string, unknown> {
        const d = this.domains.get(r.DomainId);
        if (d === undefined) throw new ApiError("ResourceNotFound", `Domain ${r.DomainId} does not exist`);
        if (d.current.status !== "InService") throw new ApiError("ResourceInUse", `Domain ${r.DomainId} is ${d.current.status}`);
        if (this.rejectUpdateWhileAppRunning) {
            for (const a of this.apps.values()) {
                if (a.domainId === r.DomainId && (a.current.status === "Pending" || a.current.status === "InService")) {
                    throw new ApiError("ResourceInUse", `Domain ${r.DomainId} has the app ${a.appType}/${a.appName} ${a.current.status}; delete it before updating the RStudio settings`);
                }
            }
        }
        const rs = r.DomainSettingsForUpdate?.RStudioServerProDomainSettingsForUpdate;
        if (rs !== undefined) d.rstudioSettings = rs;
        d.lastModified = new Date();
        const failure = this.failNextUpdate;
        this.failNextUpdate = undefined;
        const end: TimelineEntry = failure !== undefined ? { status: "Update_Failed", failureReason: failure } : { status: "InService" };
        const timeline = [...this.transitional("Updating"), end];
        d.current = timeline[0];
        d.timeline = timeline.slice(1);
        return { DomainArn: `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:domain/${d.id}` };
    }

    private describeDomain(r: Record<string, any>): Record<string, unknown> {
        const d = this.domains.get(r.DomainId);
        if (d === undefined) throw new ApiError("ResourceNotFound", `Domain ${r.DomainId} does not exist`);
        const served = this.advance(d);
        const out: Record<string, unknown> = {
            DomainArn: `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:domain/${d.id}`,
            DomainId: d.id,
            DomainName: d.name,
            Status: served.status,
            LastModifiedTime: epoch(d.lastModified),
        };
        if (served.failureReason !== undefined) out.FailureReason = served.failureReason;
        if (d.rstudioSettings !== undefined) out.DomainSettings = { RStudioServerProDomainSettings: d.rstudioSettings };
        return out;
    }

    private describeImageVersion(r: Record<string, any>): Record<string, unknown> {
        const versions = this.imageVersions.filter((v) => v.imageName === r.ImageName);
        const v = r.Version !== undefined ? versions.find((x) => x.version === r.Version) : versions.sort((a, b) => b.version - a.version)[0];
        if (v === undefined) throw new ApiError("ResourceNotFound", `Image version ${r.ImageName}${r.Version !== undefined ? `:${r.Version}` : ""} does not exist`);
        const served = this.advance(v);
        const out: Record<string, unknown> = {
            BaseImage: v.baseImage,
            ImageArn: `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:image/${v.imageName.toLowerCase()}`,
            ImageVersionArn: `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:image-version/${v.imageName.toLowerCase()}/${v.version}`,
            ImageVersionStatus: served.status,
            Version: v.version,
            CreationTime: epoch(new Date()),
            LastModifiedTime: epoch(new Date()),
        };
        if (served.failureReason !== undefined) out.FailureReason = served.failureReason;
        return out;
    }
}

/** Start a fake SageMaker on 127.0.0.1 (an ephemeral port). */
export async function startFakeSageMaker(options: FakeSageMakerOptions = {}): Promise<FakeSageMaker> {
    return new FakeSageMaker(options).start();
}
