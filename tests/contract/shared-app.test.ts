import * as assert from "assert";
import { DescribeAppCommand } from "@aws-sdk/client-sagemaker";
import {
    awaitLaunchedApp,
    LifecycleProgress,
    reconcileSharedApp,
    RStudioDomainSettingsForUpdate,
    sageMakerClient,
    SharedAppError,
    stopSharedApp,
    updateRStudioDomainSettings,
    waitForImageVersion,
} from "../../components/shared-app";
import { FAKE_CREDENTIALS, FAKE_REGION, FakeSageMaker, startFakeSageMaker } from "../support/fake-sagemaker";

// The SDK warns on Node 20 that releases after January 2027 need Node 22 (a fact for package.json's engines, not test output).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const DOMAIN = "d-abcdefghijkl";
const ROLE = "arn:aws:iam::123456789012:role/rstudio-domain-execution-abcdef0";
const ARN_2024 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2024.04";
const ARN_2025 = "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0";
const SETTINGS_2024: RStudioDomainSettingsForUpdate = { DomainExecutionRoleArn: ROLE, DefaultResourceSpec: { SageMakerImageArn: ARN_2024 } };
const SETTINGS_2025: RStudioDomainSettingsForUpdate = { DomainExecutionRoleArn: ROLE, DefaultResourceSpec: { SageMakerImageArn: ARN_2025 }, RStudioPackageManagerUrl: "https://packagemanager.posit.co" };

describe("shared app lifecycle (components/shared-app.ts) against a fake SageMaker endpoint", function () {
    this.timeout(30_000);
    let fake: FakeSageMaker;
    let progress: LifecycleProgress[];

    beforeEach(async () => {
        fake = await startFakeSageMaker();
        fake.addDomain(DOMAIN, { rstudioSettings: { ...SETTINGS_2024 } });
        progress = [];
    });

    afterEach(async () => {
        // The fake is only trusted while it speaks AWS's contract: the client's requests and its own responses.
        assert.deepStrictEqual(fake.protocolErrors, []);
        assert.deepStrictEqual(fake.responseViolations, []);
        assert.deepStrictEqual(fake.internalErrors, []);
        await fake.close();
    });

    function options(extra: Record<string, unknown> = {}) {
        const client = sageMakerClient({ region: FAKE_REGION, endpoint: fake.endpoint, credentials: FAKE_CREDENTIALS });
        return { client, pollMs: 5, timeoutMs: 5_000, onProgress: (p: LifecycleProgress) => progress.push(p), ...extra };
    }

    it("first up of a new domain: waits for the app SageMaker launches itself, with no CreateApp", async () => {
        fake.launchSharedApp(DOMAIN, { appearsAfter: 2 });
        const r = await reconcileSharedApp({ domainId: DOMAIN, mode: "created", desired: { imageSet: "a", settings: SETTINGS_2024 } }, options());
        assert.strictEqual(r.action, "awaited-launch");
        assert.strictEqual(r.app.status, "InService");
        assert.deepStrictEqual(fake.sequence(), ["DescribeApp"]);
        assert.ok(!fake.operations().includes("CreateApp"));
        assert.deepStrictEqual(fake.requestViolations, []);
        // Progress named the app and each status seen.
        assert.ok(progress.some((p) => p.status === "Pending" && /shared RStudioServerPro app of domain d-abcdefghijkl/.test(p.message)));
        assert.ok(progress.some((p) => p.status === "InService"));
    });

    it("first up: the app SageMaker launched fails (e.g. no RStudio licence): the wait ends with SageMaker's reason, not a stuck create", async () => {
        fake.launchSharedApp(DOMAIN, { failureReason: "No RStudio license found in AWS License Manager for this account" });
        await assert.rejects(
            reconcileSharedApp({ domainId: DOMAIN, mode: "created", desired: { imageSet: "a" } }, options()),
            (e: SharedAppError) =>
                e.kind === "failed" &&
                e.message === "the shared RStudioServerPro app of domain d-abcdefghijkl failed to start: No RStudio license found in AWS License Manager for this account",
        );
        assert.ok(!fake.operations().includes("CreateApp"));
    });

    it("first up: an app SageMaker never launched is created after the grace period; a ResourceInUse on that CreateApp means it appeared", async () => {
        const r = await awaitLaunchedApp(DOMAIN, options({ launchGraceMs: 30 }));
        assert.strictEqual(r.status, "InService");
        assert.strictEqual(fake.operations().filter((o) => o === "CreateApp").length, 1);
        assert.deepStrictEqual(fake.calls.find((c) => c.operation === "CreateApp")!.request, {
            DomainId: DOMAIN,
            UserProfileName: "domain-shared",
            AppType: "RStudioServerPro",
            AppName: "default",
        });
    });

    it("a new image set restarts the app: DeleteApp → Deleted → CreateApp → InService (no domain update)", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        const r = await reconcileSharedApp(
            { domainId: DOMAIN, mode: "created", previous: { imageSet: "a", settings: SETTINGS_2024 }, desired: { imageSet: "b", settings: SETTINGS_2024 } },
            options(),
        );
        assert.strictEqual(r.action, "restarted");
        assert.strictEqual(r.app.status, "InService");
        assert.deepStrictEqual(fake.sequence(), ["DescribeApp", "DeleteApp", "DescribeApp", "CreateApp", "DescribeApp"]);
        const create = fake.calls.find((c) => c.operation === "CreateApp")!;
        assert.strictEqual(create.sharedAppStatus, "Deleted");
        assert.deepStrictEqual(fake.requestViolations, []);
    });

    it("the same image set and settings: nothing is restarted", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        const r = await reconcileSharedApp(
            { domainId: DOMAIN, mode: "created", previous: { imageSet: "a", settings: SETTINGS_2024 }, desired: { imageSet: "a", settings: { ...SETTINGS_2024 } } },
            options(),
        );
        assert.strictEqual(r.action, "none");
        assert.deepStrictEqual(fake.sequence(), ["DescribeApp"]);
    });

    it("a Workbench version upgrade follows AWS's order: delete the app, UpdateDomain while it is Deleted, create it, wait InService", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        const r = await reconcileSharedApp(
            { domainId: DOMAIN, mode: "created", previous: { imageSet: "a", settings: SETTINGS_2024 }, desired: { imageSet: "b", settings: SETTINGS_2025 } },
            options(),
        );
        assert.strictEqual(r.app.status, "InService");
        assert.deepStrictEqual(fake.sequence(), ["DescribeApp", "DeleteApp", "DescribeApp", "DescribeDomain", "UpdateDomain", "DescribeDomain", "DescribeApp", "CreateApp", "DescribeApp"]);
        const update = fake.calls.find((c) => c.operation === "UpdateDomain")!;
        assert.strictEqual(update.sharedAppStatus, "Deleted");
        assert.deepStrictEqual(update.request, { DomainId: DOMAIN, DomainSettingsForUpdate: { RStudioServerProDomainSettingsForUpdate: SETTINGS_2025 } });
        assert.deepStrictEqual(fake.domains.get(DOMAIN)!.rstudioSettings, SETTINGS_2025);
        assert.deepStrictEqual(fake.requestViolations, []);
    });

    it("a domain still Updating (its image list just changed) is waited for before UpdateDomain, not refused", async () => {
        fake.addDomain(DOMAIN, { states: ["Updating", "Updating", "InService"], rstudioSettings: { ...SETTINGS_2024 } });
        fake.setSharedApp(DOMAIN, ["InService"]);
        await reconcileSharedApp({ domainId: DOMAIN, mode: "created", previous: { imageSet: "a", settings: SETTINGS_2024 }, desired: { imageSet: "b", settings: SETTINGS_2025 } }, options());
        const updates = fake.calls.filter((c) => c.operation === "UpdateDomain");
        assert.deepStrictEqual(updates.map((c) => c.error ?? "ok"), ["ok"]);
        assert.ok(progress.some((p) => p.message === `domain ${DOMAIN}: Updating`));
    });

    it("an existing domain: the first up applies the settings in the same order", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        const r = await reconcileSharedApp({ domainId: DOMAIN, mode: "existing", desired: { imageSet: "a", settings: SETTINGS_2025 } }, options());
        assert.strictEqual(r.action, "restarted");
        assert.deepStrictEqual(fake.sequence(), ["DescribeApp", "DeleteApp", "DescribeApp", "DescribeDomain", "UpdateDomain", "DescribeDomain", "DescribeApp", "CreateApp", "DescribeApp"]);
    });

    it("a failed app: the restart fails with SageMaker's FailureReason, in one line", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        fake.failNextCreate("No valid RStudio license found for the account.\nCheck AWS License Manager.");
        const err = await reconcileSharedApp(
            { domainId: DOMAIN, mode: "created", previous: { imageSet: "a" }, desired: { imageSet: "b" } },
            options(),
        ).then(
            () => undefined,
            (e: unknown) => e as SharedAppError,
        );
        assert.ok(err instanceof SharedAppError, String(err));
        assert.strictEqual(err.kind, "failed");
        assert.strictEqual(err.failureReason, "No valid RStudio license found for the account.\nCheck AWS License Manager.");
        assert.strictEqual(
            err.message,
            "the shared RStudioServerPro app of domain d-abcdefghijkl failed to start: No valid RStudio license found for the account. Check AWS License Manager.",
        );
    });

    it("a failed domain update stops the restart with the domain's FailureReason (the app is not started on stale settings)", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        fake.failNextUpdate = "RStudio license check failed";
        await assert.rejects(
            reconcileSharedApp({ domainId: DOMAIN, mode: "created", previous: { imageSet: "a", settings: SETTINGS_2024 }, desired: { imageSet: "a", settings: SETTINGS_2025 } }, options()),
            (e: SharedAppError) => e.kind === "failed" && e.message === `domain ${DOMAIN} update failed (Update_Failed): RStudio license check failed`,
        );
        assert.ok(!fake.operations().includes("CreateApp"));
    });

    it("SageMaker relaunching the app by itself after the delete: the relaunched app is awaited, not collided with", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        fake.relaunchAfterDelete = 0;
        const r = await reconcileSharedApp({ domainId: DOMAIN, mode: "created", previous: { imageSet: "a" }, desired: { imageSet: "b" } }, options());
        assert.strictEqual(r.app.status, "InService");
        assert.ok(!fake.operations().includes("CreateApp"), fake.sequence().join(" "));
        assert.ok(progress.some((p) => /already Pending \(launched by SageMaker\)/.test(p.message)));
    });

    it("a relaunch SageMaker started before the domain update (old settings) is restarted after it", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        fake.relaunchAfterDelete = 0;
        fake.relaunchCreated = "deleted";
        const r = await reconcileSharedApp(
            { domainId: DOMAIN, mode: "created", previous: { imageSet: "a", settings: SETTINGS_2024 }, desired: { imageSet: "a", settings: SETTINGS_2025 } },
            options(),
        );
        assert.strictEqual(r.app.status, "InService");
        assert.strictEqual(fake.operations().filter((o) => o === "DeleteApp").length, 2, fake.sequence().join(" "));
        assert.ok(progress.some((p) => /relaunched by SageMaker before the domain update/.test(p.message)));
    });

    it("an UpdateDomain refused while SageMaker's relaunched app runs: the app is deleted again and the update retried", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        fake.relaunchAfterDelete = 1;
        fake.rejectUpdateWhileAppRunning = true;
        const o = options();
        // Stop, then let SageMaker's relaunch show up before the update.
        await stopSharedApp(DOMAIN, o);
        fake.relaunchAfterDelete = undefined;
        const seen: string[] = [];
        for (let i = 0; i < 3; i++) {
            seen.push((await o.client.send(new DescribeAppCommand({ DomainId: DOMAIN, UserProfileName: "domain-shared", AppType: "RStudioServerPro", AppName: "default" }))).Status!);
        }
        assert.deepStrictEqual(seen, ["Deleted", "Pending", "Pending"]);
        await updateRStudioDomainSettings(DOMAIN, SETTINGS_2025, o);
        const updates = fake.calls.filter((c) => c.operation === "UpdateDomain");
        assert.deepStrictEqual(updates.map((c) => c.error ?? "ok"), ["ResourceInUse", "ok"]);
        assert.strictEqual(updates[1].sharedAppStatus, "Deleted");
    });

    it("a wait that never ends times out with a message naming what it waited for and the last status", async () => {
        fake.setSharedApp(DOMAIN, ["Pending"]);
        await assert.rejects(
            awaitLaunchedApp(DOMAIN, options({ timeoutMs: 40 })),
            (e: SharedAppError) => e.kind === "timeout" && /^timed out after 0 s waiting for the shared RStudioServerPro app of domain d-abcdefghijkl \(last status: Pending\)$/.test(e.message),
        );
    });

    it("a request that breaks AWS's model is refused by the fake as SageMaker would (ValidationException)", async () => {
        const err = await reconcileSharedApp({ domainId: "not-a-domain-id", mode: "created", desired: { imageSet: "a" } }, options()).then(
            () => undefined,
            (e: unknown) => e as SharedAppError,
        );
        assert.ok(err instanceof SharedAppError);
        assert.strictEqual(err.kind, "api");
        assert.match(err.message, /^DescribeApp of the shared RStudioServerPro app of domain not-a-domain-id failed: ValidationException: 1 validation error detected: .*DescribeApp\.DomainId.*pattern d-\(-\*\[a-z0-9\]\)\{1,61\}/);
        assert.strictEqual(fake.requestViolations.length, 1);
    });

    it("an image version: waits until CREATED; CREATE_FAILED surfaces SageMaker's FailureReason for the up error", async () => {
        fake.addImageVersion("rstudio-cpu", 3, ["CREATING", "CREATING", "CREATED"]);
        assert.deepStrictEqual(await waitForImageVersion({ imageName: "rstudio-cpu", version: 3 }, options()), {
            arn: "arn:aws:sagemaker:us-east-1:123456789012:image-version/rstudio-cpu/3",
            version: 3,
        });
        fake.addImageVersion("rstudio-gpu", 1, ["CREATING", { status: "CREATE_FAILED", failureReason: "Unable to pull the image: access denied by the role's policy" }]);
        await assert.rejects(
            waitForImageVersion({ imageName: "rstudio-gpu" }, options()),
            (e: SharedAppError) =>
                e.kind === "failed" && e.message === "SageMaker image version rstudio-gpu:1 failed to register (CREATE_FAILED): Unable to pull the image: access denied by the role's policy",
        );
        assert.deepStrictEqual(fake.requestViolations, []);
    });

    it("deleting the component's app: DeleteApp and wait until Deleted; an absent app is fine", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        assert.strictEqual((await stopSharedApp(DOMAIN, options())).status, "Deleted");
        assert.strictEqual((await stopSharedApp("d-nosuchdomain1", options())).status, "NotFound");
    });
});
