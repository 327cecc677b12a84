/**
 * The lifecycle of a domain's shared RStudioServerPro app (`domain-shared` / `RStudioServerPro` / `default`), and the
 * wait for a SageMaker image version to register, through the AWS SDK for JavaScript v3 (SageMaker's own API).
 *
 * AWS's documented behaviour this follows (SageMaker developer guide, read 2026-11-30; see ../shared/FACTS.md):
 * - "Create a domain with RStudio" (rstudio-create-cli): the RStudioServerPro app is launched automatically when a
 *   domain is created with RStudioServerProDomainSettings, so the first `up` waits for that app instead of creating
 *   it (a CreateApp would collide). The domain execution role's `sagemaker:CreateApp` "allows SageMaker to
 *   automatically launch an RStudioServerPro app when the existing RStudioServerPro app is in a Deleted or Failed
 *   status": after a DeleteApp, SageMaker may bring the app back by itself.
 * - Attaching images (rstudio-byoi-attach): the RStudio Launcher only sees images attached before it started, so a
 *   change of the image set restarts the shared app (delete, then create).
 * - Upgrading the Workbench version (rstudio-version-upgrade): delete the shared app, update the domain's
 *   SageMakerImageArn (UpdateDomain), start the app again.
 * - Registering an image (rstudio-byoi-create): a version is usable once DescribeImageVersion says CREATED;
 *   CREATE_FAILED carries a FailureReason.
 *
 * Every wait is bounded (`timeoutMs`) and reports progress through `onProgress`. Errors are `SharedAppError`s with a
 * one-line message naming the app or image and SageMaker's FailureReason when it gave one.
 */
import {
    CreateAppCommand,
    DeleteAppCommand,
    DescribeAppCommand,
    DescribeDomainCommand,
    DescribeImageVersionCommand,
    SageMakerClient,
    UpdateDomainCommand,
    type RStudioServerProDomainSettingsForUpdate,
} from "@aws-sdk/client-sagemaker";

/** The shared RStudioServerPro app of a domain (AWS: it belongs to the special user profile `domain-shared`). */
export const SHARED_APP = { userProfileName: "domain-shared", appType: "RStudioServerPro", appName: "default" } as const;

/** The shared app's key in the API's member names. */
function appKey(domainId: string): { DomainId: string; UserProfileName: string; AppType: "RStudioServerPro"; AppName: string } {
    return { DomainId: domainId, UserProfileName: SHARED_APP.userProfileName, AppType: SHARED_APP.appType, AppName: SHARED_APP.appName };
}

export type AppStatus = "Pending" | "InService" | "Deleting" | "Deleted" | "Failed" | "NotFound";

/** What DescribeApp said about the shared app (`NotFound`: SageMaker answered ResourceNotFound). */
export interface AppState {
    status: AppStatus;
    arn?: string;
    failureReason?: string;
    creationTime?: Date;
}

/** Progress of a lifecycle step, for logs. */
export interface LifecycleProgress {
    /** `wait-launch`, `delete`, `wait-deleted`, `update-domain`, `wait-domain`, `create`, `wait-in-service`, `image-version`. */
    phase: string;
    status?: string;
    message: string;
    elapsedMs: number;
}

export interface LifecycleOptions {
    client: SageMakerClient;
    /** Longest wait for one state change (default 30 minutes). */
    timeoutMs?: number;
    /** Time between two Describe calls (default 15 s). */
    pollMs?: number;
    /** Called at each step and each observed status change. */
    onProgress?: (p: LifecycleProgress) => void;
    /** Stops the waits (a SharedAppError of kind `aborted`). */
    signal?: AbortSignal;
    /** How long to wait for SageMaker to launch the app itself after a domain creation before creating it (default 5 minutes). */
    launchGraceMs?: number;
}

export type SharedAppErrorKind = "failed" | "timeout" | "aborted" | "api";

/** A lifecycle failure; `message` is one line. */
export class SharedAppError extends Error {
    constructor(
        message: string,
        public readonly kind: SharedAppErrorKind,
        public readonly failureReason?: string,
    ) {
        super(message);
        this.name = "SharedAppError";
    }
}

/** `RStudioServerProDomainSettingsForUpdate`, in the API's member names. */
export interface RStudioDomainSettingsForUpdate {
    DomainExecutionRoleArn: string;
    DefaultResourceSpec?: { SageMakerImageArn?: string; SageMakerImageVersionArn?: string; InstanceType?: string; LifecycleConfigArn?: string };
    RStudioConnectUrl?: string;
    RStudioPackageManagerUrl?: string;
}

export const DEFAULT_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_POLL_MS = 15_000;
export const DEFAULT_LAUNCH_GRACE_MS = 5 * 60_000;

/** A SageMaker client; `endpoint` (and `credentials`) point it elsewhere, e.g. at a local fake. */
export function sageMakerClient(o: { region?: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } } = {}): SageMakerClient {
    return new SageMakerClient({
        ...(o.region !== undefined ? { region: o.region } : {}),
        ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
        ...(o.credentials !== undefined ? { credentials: o.credentials } : {}),
    });
}

function appLabel(domainId: string): string {
    return `the shared RStudioServerPro app of domain ${domainId}`;
}

function errorName(e: unknown): string {
    return (e as { name?: string }).name ?? "";
}

function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

function apiError(what: string, e: unknown): SharedAppError {
    return new SharedAppError(`${what} failed: ${errorName(e) || "Error"}: ${oneLine((e as Error).message ?? String(e))}`, "api");
}

class Clock {
    readonly started = Date.now();
    constructor(private readonly o: LifecycleOptions) {}
    get elapsed(): number {
        return Date.now() - this.started;
    }
    progress(phase: string, message: string, status?: string): void {
        this.o.onProgress?.({ phase, status, message, elapsedMs: this.elapsed });
    }
    async sleep(): Promise<void> {
        const ms = this.o.pollMs ?? DEFAULT_POLL_MS;
        const signal = this.o.signal;
        if (signal?.aborted) throw new SharedAppError("stopped: the lifecycle wait was aborted", "aborted");
        await new Promise<void>((resolve, reject) => {
            const t = setTimeout(() => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
            }, ms);
            const onAbort = (): void => {
                clearTimeout(t);
                reject(new SharedAppError("stopped: the lifecycle wait was aborted", "aborted"));
            };
            signal?.addEventListener("abort", onAbort, { once: true });
        });
    }
}

/**
 * Poll `describe` until `done` says stop (returns its value), or the timeout passes. `what` names the wait in the
 * timeout message.
 */
async function poll<S, R>(
    o: LifecycleOptions,
    phase: string,
    what: string,
    describe: () => Promise<S>,
    statusOf: (s: S) => string,
    done: (s: S) => R | undefined,
): Promise<R> {
    const clock = new Clock(o);
    const timeout = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let last: string | undefined;
    for (;;) {
        const state = await describe();
        const status = statusOf(state);
        if (status !== last) {
            clock.progress(phase, `${what}: ${status}`, status);
            last = status;
        }
        const result = done(state);
        if (result !== undefined) return result;
        if (clock.elapsed >= timeout) {
            throw new SharedAppError(`timed out after ${Math.round(timeout / 1000)} s waiting for ${what} (last status: ${status})`, "timeout");
        }
        await clock.sleep();
    }
}

/** DescribeApp of the shared app. */
export async function describeSharedApp(domainId: string, o: Pick<LifecycleOptions, "client">): Promise<AppState> {
    try {
        const r = await o.client.send(new DescribeAppCommand(appKey(domainId)));
        const state: AppState = { status: (r.Status ?? "Pending") as AppStatus };
        if (r.AppArn !== undefined) state.arn = r.AppArn;
        if (r.FailureReason !== undefined && r.FailureReason !== "") state.failureReason = r.FailureReason;
        if (r.CreationTime !== undefined) state.creationTime = r.CreationTime;
        return state;
    } catch (e) {
        if (errorName(e) === "ResourceNotFound") return { status: "NotFound" };
        throw apiError(`DescribeApp of ${appLabel(domainId)}`, e);
    }
}

function failed(domainId: string, s: AppState): SharedAppError {
    return new SharedAppError(
        `${appLabel(domainId)} failed to start: ${s.failureReason !== undefined ? oneLine(s.failureReason) : "SageMaker gave no FailureReason"}`,
        "failed",
        s.failureReason,
    );
}

/** Wait until the app is InService; Failed → error with the reason. `allowAbsent`: keep waiting while it is absent/deleted. */
async function waitInService(domainId: string, o: LifecycleOptions, phase: string, allowAbsent: boolean): Promise<AppState> {
    return poll(o, phase, appLabel(domainId), () => describeSharedApp(domainId, o), (s) => s.status, (s) => {
        if (s.status === "InService") return s;
        if (s.status === "Failed") throw failed(domainId, s);
        if (!allowAbsent && (s.status === "Deleted" || s.status === "NotFound" || s.status === "Deleting")) {
            throw new SharedAppError(`${appLabel(domainId)} went ${s.status} while starting`, "failed", s.failureReason);
        }
        return undefined;
    });
}

async function createApp(domainId: string, o: LifecycleOptions, clock: Clock): Promise<"created" | "in-use"> {
    clock.progress("create", `CreateApp ${SHARED_APP.appType}/${SHARED_APP.appName} for ${SHARED_APP.userProfileName} in domain ${domainId}`);
    try {
        await o.client.send(new CreateAppCommand(appKey(domainId)));
        return "created";
    } catch (e) {
        // SageMaker launched it meanwhile (its own relaunch): the app exists, so wait for it instead.
        if (errorName(e) === "ResourceInUse") {
            clock.progress("create", `CreateApp: the app already exists (SageMaker launched it): waiting for it`);
            return "in-use";
        }
        throw apiError(`CreateApp of ${appLabel(domainId)}`, e);
    }
}

/**
 * (a) After a domain is created with RStudio, SageMaker launches the shared app itself: wait until it is InService
 * (Failed → error with SageMaker's reason). Only if it has not appeared within `launchGraceMs` is it created here.
 */
export async function awaitLaunchedApp(domainId: string, o: LifecycleOptions): Promise<AppState> {
    const clock = new Clock(o);
    const grace = o.launchGraceMs ?? DEFAULT_LAUNCH_GRACE_MS;
    clock.progress("wait-launch", `waiting for SageMaker to launch ${appLabel(domainId)}`);
    const appeared = await poll({ ...o, timeoutMs: grace }, "wait-launch", appLabel(domainId), () => describeSharedApp(domainId, o), (s) => s.status, (s) =>
        s.status === "NotFound" || s.status === "Deleted" ? undefined : s,
    ).catch((e: unknown) => {
        if (e instanceof SharedAppError && e.kind === "timeout") return undefined;
        throw e;
    });
    if (appeared === undefined) {
        clock.progress("wait-launch", `SageMaker did not launch ${appLabel(domainId)} within ${Math.round(grace / 1000)} s: creating it`);
        await createApp(domainId, o, clock);
    } else if (appeared.status === "Failed") {
        throw failed(domainId, appeared);
    } else if (appeared.status === "Deleting") {
        // Someone is deleting it: wait until it is gone, then start it.
        await waitDeleted(domainId, o);
        return startSharedApp(domainId, o);
    }
    return waitInService(domainId, o, "wait-in-service", false);
}

async function waitDeleted(domainId: string, o: LifecycleOptions): Promise<AppState> {
    return poll(o, "wait-deleted", appLabel(domainId), () => describeSharedApp(domainId, o), (s) => s.status, (s) =>
        s.status === "Deleted" || s.status === "NotFound" ? s : undefined,
    );
}

/** Delete the shared app and wait until it is Deleted (an absent or already deleted app is fine). */
export async function stopSharedApp(domainId: string, o: LifecycleOptions): Promise<AppState> {
    const clock = new Clock(o);
    let now = await describeSharedApp(domainId, o);
    if (now.status === "Pending") {
        // DeleteApp needs a settled app: let it finish starting (or fail) first.
        now = await poll(o, "delete", appLabel(domainId), () => describeSharedApp(domainId, o), (s) => s.status, (s) => (s.status === "Pending" ? undefined : s));
    }
    if (now.status === "NotFound" || now.status === "Deleted") {
        clock.progress("delete", `${appLabel(domainId)} is ${now.status}: nothing to delete`, now.status);
        return now;
    }
    if (now.status !== "Deleting") {
        clock.progress("delete", `DeleteApp ${appLabel(domainId)}`);
        try {
            await o.client.send(new DeleteAppCommand(appKey(domainId)));
        } catch (e) {
            // Gone meanwhile, or already being deleted: either way, wait for Deleted below.
            if (errorName(e) !== "ResourceNotFound" && errorName(e) !== "ResourceInUse") throw apiError(`DeleteApp of ${appLabel(domainId)}`, e);
        }
    }
    return waitDeleted(domainId, o);
}

/** Delete the shared app (the component is removed; a domain cannot be deleted while it has apps). */
export async function deleteSharedApp(domainId: string, o: LifecycleOptions): Promise<void> {
    await stopSharedApp(domainId, o);
}

/**
 * Start the shared app and wait until it is InService (Failed → error with SageMaker's reason). When SageMaker
 * relaunched the app by itself: one created at or after `notBefore` (SageMaker's clock: the domain's
 * LastModifiedTime after the update) is taken as is, since it runs the current settings; one created before it
 * (stale settings) is deleted and started again.
 */
export async function startSharedApp(domainId: string, o: LifecycleOptions & { notBefore?: Date }): Promise<AppState> {
    const clock = new Clock(o);
    for (let attempt = 0; attempt < 3; attempt++) {
        let now = await describeSharedApp(domainId, o);
        if (now.status === "Deleting") now = await waitDeleted(domainId, o);
        if (now.status === "Failed") {
            // A failed app from before: delete it so a new one can start.
            now = await stopSharedApp(domainId, o);
        }
        if (now.status === "Pending" || now.status === "InService") {
            const stale = o.notBefore !== undefined && now.creationTime !== undefined && now.creationTime.getTime() < o.notBefore.getTime();
            if (!stale) {
                clock.progress("create", `${appLabel(domainId)} is already ${now.status} (launched by SageMaker): waiting for it`, now.status);
                return waitInService(domainId, o, "wait-in-service", false);
            }
            clock.progress("create", `${appLabel(domainId)} was relaunched by SageMaker before the domain update: restarting it`, now.status);
            await stopSharedApp(domainId, o);
            continue;
        }
        // "in-use": SageMaker launched it meanwhile; look again (it may be a relaunch from before the update).
        if ((await createApp(domainId, o, clock)) === "in-use") continue;
        return waitInService(domainId, o, "wait-in-service", false);
    }
    throw new SharedAppError(`${appLabel(domainId)} kept coming back with the old settings; restart it by hand once the domain update is done`, "failed");
}

/**
 * (b) Restart in AWS's order: DeleteApp → wait Deleted → `between()` (the caller's domain update; it may return
 * the domain's LastModifiedTime, which tells a stale relaunch from a current one) → CreateApp → wait InService, or
 * fail with SageMaker's FailureReason.
 */
export async function restartSharedApp(domainId: string, o: LifecycleOptions & { between?: () => Promise<Date | undefined | void> }): Promise<AppState> {
    await stopSharedApp(domainId, o);
    const updatedAt = o.between !== undefined ? await o.between() : undefined;
    return startSharedApp(domainId, updatedAt instanceof Date ? { ...o, notBefore: updatedAt } : o);
}

/**
 * UpdateDomain with new RStudio domain settings, then wait until the domain is InService again. Returns the
 * domain's LastModifiedTime (SageMaker's clock) once updated, when SageMaker gives it.
 */
export async function updateRStudioDomainSettings(domainId: string, settings: RStudioDomainSettingsForUpdate, o: LifecycleOptions): Promise<Date | undefined> {
    const clock = new Clock(o);
    // A domain still Updating (e.g. its custom images just changed) refuses another update: wait until it is InService.
    await waitDomainInService(domainId, o);
    clock.progress("update-domain", `UpdateDomain ${domainId}: RStudio domain settings`);
    for (let attempt = 0; ; attempt++) {
        try {
            await o.client.send(new UpdateDomainCommand({ DomainId: domainId, DomainSettingsForUpdate: { RStudioServerProDomainSettingsForUpdate: settings as RStudioServerProDomainSettingsForUpdate } }));
            break;
        } catch (e) {
            // The app came back (SageMaker's own relaunch) and the domain refuses the update while it runs: stop it again.
            if (errorName(e) === "ResourceInUse" && attempt < 2) {
                clock.progress("update-domain", `UpdateDomain ${domainId}: refused while the shared app runs (${oneLine((e as Error).message)}): deleting it again`);
                await stopSharedApp(domainId, o);
                continue;
            }
            throw apiError(`UpdateDomain of domain ${domainId}`, e);
        }
    }
    return waitDomainInService(domainId, o);
}

/** Wait until the domain is InService (Update_Failed/Failed → error with SageMaker's reason); its LastModifiedTime. */
async function waitDomainInService(domainId: string, o: LifecycleOptions): Promise<Date | undefined> {
    return poll(o, "wait-domain", `domain ${domainId}`, async () => {
        try {
            return await o.client.send(new DescribeDomainCommand({ DomainId: domainId }));
        } catch (e) {
            throw apiError(`DescribeDomain of ${domainId}`, e);
        }
    }, (d) => d.Status ?? "unknown", (d) => {
        if (d.Status === "InService") return { at: d.LastModifiedTime };
        if (d.Status === "Update_Failed" || d.Status === "Failed") {
            throw new SharedAppError(`domain ${domainId} update failed (${d.Status}): ${d.FailureReason !== undefined ? oneLine(d.FailureReason) : "SageMaker gave no FailureReason"}`, "failed", d.FailureReason);
        }
        return undefined;
    }).then((r) => r.at);
}

function sameSettings(a: RStudioDomainSettingsForUpdate | undefined, b: RStudioDomainSettingsForUpdate | undefined): boolean {
    return stable(a) === stable(b);
}

function stable(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
    if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(",")}}`;
    }
    return JSON.stringify(v) ?? "undefined";
}

export interface SharedAppDesired {
    /** Hash of the attached image set. */
    imageSet: string;
    /** The RStudio domain settings to apply through UpdateDomain (absent: the domain's settings are not touched). */
    settings?: RStudioDomainSettingsForUpdate;
}

/**
 * The whole flow for one create/update of the component's shared-app resource.
 * - create, domain created by this stack: wait for the app SageMaker launched (no CreateApp collision).
 * - create on an existing domain, or a change of the image set or settings: AWS's order — delete the app, update the
 *   domain's RStudio settings (when given and changed), start the app, wait InService.
 * - nothing changed: nothing is done.
 */
export async function reconcileSharedApp(
    input: { domainId: string; mode: "created" | "existing"; previous?: SharedAppDesired; desired: SharedAppDesired },
    o: LifecycleOptions,
): Promise<{ action: "awaited-launch" | "restarted" | "none"; app: AppState }> {
    const { domainId, previous, desired } = input;
    if (previous === undefined && input.mode === "created") {
        return { action: "awaited-launch", app: await awaitLaunchedApp(domainId, o) };
    }
    const settingsChanged = desired.settings !== undefined && (previous === undefined || !sameSettings(previous.settings, desired.settings));
    const imagesChanged = previous === undefined || previous.imageSet !== desired.imageSet;
    if (!settingsChanged && !imagesChanged) return { action: "none", app: await describeSharedApp(domainId, o) };
    const between = settingsChanged ? () => updateRStudioDomainSettings(domainId, desired.settings!, o) : undefined;
    return { action: "restarted", app: await restartSharedApp(domainId, { ...o, between }) };
}

/**
 * Poll DescribeImageVersion until the version is CREATED (returns its ARN and number); CREATE_FAILED → an error with
 * SageMaker's FailureReason. Without `version`, the latest version of the image.
 */
export async function waitForImageVersion(q: { imageName: string; version?: number }, o: LifecycleOptions): Promise<{ arn: string; version: number }> {
    const label = `SageMaker image version ${q.imageName}${q.version !== undefined ? `:${q.version}` : ""}`;
    return poll(o, "image-version", label, async () => {
        try {
            return await o.client.send(new DescribeImageVersionCommand({ ImageName: q.imageName, ...(q.version !== undefined ? { Version: q.version } : {}) }));
        } catch (e) {
            throw apiError(`DescribeImageVersion of ${q.imageName}${q.version !== undefined ? `:${q.version}` : ""}`, e);
        }
    }, (r) => r.ImageVersionStatus ?? "unknown", (r) => {
        if (r.ImageVersionStatus === "CREATED") return { arn: r.ImageVersionArn ?? "", version: r.Version ?? q.version ?? 0 };
        if (r.ImageVersionStatus === "CREATE_FAILED") {
            const v = r.Version ?? q.version;
            throw new SharedAppError(
                `SageMaker image version ${q.imageName}${v !== undefined ? `:${v}` : ""} failed to register (CREATE_FAILED): ${r.FailureReason !== undefined && r.FailureReason !== "" ? oneLine(r.FailureReason) : "SageMaker gave no FailureReason"}`,
                "failed",
                r.FailureReason,
            );
        }
        return undefined;
    });
}
