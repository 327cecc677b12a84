import * as assert from "assert";
import { spawn } from "child_process";
import { sageMakerClient, type LifecycleOptions, type RStudioDomainSettingsForUpdate } from "../../components/shared-app";
import { LICENCE_PRECONDITION, run } from "../../components/shared-app-run";
import { runCommand, sharedAppEnvironment, SHARED_APP_ENV, type SharedAppTarget } from "../../components/shared-app-step";
import { FAKE_CREDENTIALS, FAKE_REGION, FakeSageMaker, startFakeSageMaker } from "../support/fake-sagemaker";
import { REPO_ROOT } from "./harness";

const DOMAIN = "d-abcdefghijkl";
const ROLE = "arn:aws:iam::123456789012:role/rstudio-domain-execution-abcdef0";
const SETTINGS_2024: RStudioDomainSettingsForUpdate = { DomainExecutionRoleArn: ROLE, DefaultResourceSpec: { SageMakerImageArn: "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2024.04" } };
const SETTINGS_2025: RStudioDomainSettingsForUpdate = { DomainExecutionRoleArn: ROLE, DefaultResourceSpec: { SageMakerImageArn: "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0" } };

function env(target: SharedAppTarget, previous?: string): NodeJS.ProcessEnv {
    const e: NodeJS.ProcessEnv = sharedAppEnvironment(target, FAKE_REGION, undefined);
    if (previous !== undefined) e.PULUMI_COMMAND_STDOUT = previous;
    return e;
}

describe("components: the shared-app command's run (shared-app-run) against a fake SageMaker endpoint", function () {
    this.timeout(60_000);
    let fake: FakeSageMaker;
    let o: LifecycleOptions;

    beforeEach(async () => {
        fake = await startFakeSageMaker();
        fake.addDomain(DOMAIN, { rstudioSettings: { ...SETTINGS_2024 } });
        o = { client: sageMakerClient({ region: FAKE_REGION, endpoint: fake.endpoint, credentials: FAKE_CREDENTIALS }), pollMs: 5, timeoutMs: 5_000 };
    });
    afterEach(async () => {
        assert.deepStrictEqual(fake.requestViolations, [], "every request conforms to AWS's model");
        assert.deepStrictEqual(fake.protocolErrors, []);
        await fake.close();
    });

    it("create on a new domain: waits for the app SageMaker launches itself (no CreateApp) and prints the state reached", async () => {
        fake.launchSharedApp(DOMAIN, { appearsAfter: 2 });
        const out = await run("create", env({ mode: "created", domainId: DOMAIN, imageSet: "a", settings: SETTINGS_2024 }), o);
        assert.ok(!fake.operations().includes("CreateApp"), fake.sequence().join(" "));
        assert.deepStrictEqual(JSON.parse(out), { imageSet: "a", settings: SETTINGS_2024 });
    });

    it("update with the previous run's stdout: an image-set change restarts; a Workbench change deletes, updates the domain, creates", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        const first = JSON.stringify({ imageSet: "a", settings: SETTINGS_2024 });
        const same = await run("update", env({ mode: "created", domainId: DOMAIN, imageSet: "a", settings: SETTINGS_2024 }, first), o);
        assert.deepStrictEqual(fake.operations().filter((x) => x !== "DescribeApp"), [], "nothing changed: nothing restarted");
        const images = await run("update", env({ mode: "created", domainId: DOMAIN, imageSet: "b", settings: SETTINGS_2024 }, same), o);
        assert.deepStrictEqual(fake.operations().filter((x) => x !== "DescribeApp" && x !== "DescribeDomain"), ["DeleteApp", "CreateApp"]);
        fake.calls.length = 0;
        await run("update", env({ mode: "created", domainId: DOMAIN, imageSet: "b", settings: SETTINGS_2025 }, images), o);
        assert.deepStrictEqual(fake.operations().filter((x) => x !== "DescribeApp" && x !== "DescribeDomain"), ["DeleteApp", "UpdateDomain", "CreateApp"]);
        assert.strictEqual(fake.calls.find((c) => c.operation === "UpdateDomain")!.sharedAppStatus, "Deleted", "AWS's order: the app is gone before UpdateDomain");
        assert.deepStrictEqual(fake.domains.get(DOMAIN)!.rstudioSettings, SETTINGS_2025);
    });

    it("a failed app: one line with SageMaker's reason and the licence precondition", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        fake.failNextCreate("No valid RStudio license found for the account.");
        await assert.rejects(
            run("update", env({ mode: "created", domainId: DOMAIN, imageSet: "b" }, JSON.stringify({ imageSet: "a" })), o),
            (e: Error) => {
                assert.match(e.message, /No valid RStudio license found for the account\./);
                assert.ok(e.message.includes(LICENCE_PRECONDITION));
                assert.ok(!e.message.includes("\n"));
                return true;
            },
        );
    });

    it("delete: the app of a domain the component created is deleted (the domain goes next); an existing domain keeps its app", async () => {
        fake.setSharedApp(DOMAIN, ["InService"]);
        await run("delete", env({ mode: "existing", domainId: DOMAIN, imageSet: "a" }), o);
        assert.ok(!fake.operations().includes("DeleteApp"));
        await run("delete", env({ mode: "created", domainId: DOMAIN, imageSet: "a" }), o);
        assert.ok(fake.operations().includes("DeleteApp"));
        assert.strictEqual(fake.sharedAppStatus(DOMAIN), "Deleted");
    });

    /** The exact command line the component registers, in a shell, as @pulumi/command runs it. */
    function runAsCommand(phase: "create" | "update" | "delete", environment: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
        return new Promise((resolve) => {
            const child = spawn("/bin/sh", ["-c", runCommand(phase)], {
                cwd: REPO_ROOT,
                env: {
                    PATH: process.env.PATH,
                    ...environment,
                    AWS_ENDPOINT_URL_SAGEMAKER: fake.endpoint,
                    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
                    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
                    [SHARED_APP_ENV.pollMs]: "5",
                },
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("exit", (code) => resolve({ code, stdout, stderr }));
        });
    }

    it("the registered command line runs: node starts shared-app-run, which reaches the endpoint and prints its state", async () => {
        fake.launchSharedApp(DOMAIN, { appearsAfter: 1 });
        const ok = await runAsCommand("create", env({ mode: "created", domainId: DOMAIN, imageSet: "a", settings: SETTINGS_2024 }));
        assert.strictEqual(ok.code, 0, ok.stderr);
        assert.deepStrictEqual(JSON.parse(ok.stdout), { imageSet: "a", settings: SETTINGS_2024 });
        fake.failNextCreate("No valid RStudio license found for the account.");
        const failed = await runAsCommand("update", env({ mode: "created", domainId: DOMAIN, imageSet: "b", settings: SETTINGS_2024 }, ok.stdout));
        assert.strictEqual(failed.code, 1);
        const last = failed.stderr.trim().split("\n").pop()!;
        assert.match(last, /^sagemaker-rstudio shared RStudioServerPro app: .*No valid RStudio license found.*precondition: an RStudio/);
        assert.ok(!/\n\s+at /.test(failed.stderr), "no stack trace");
    });
});
