/**
 * Failure paths against the real daemon and the two test registries (.ci/services.sh): missing images, a daemon
 * that is not there, registry auth and reachability, pulls by digest, and cleanup on abort, on error and on SIGINT.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import { writeFileSync } from "fs";
import { join } from "path";
import { dockerAtSocket } from "../../inspect/docker";
import { ImageInspectError, ImageInspectErrorKind, inspectImage } from "../../inspect/image";
import {
    AUTH_PASSWORD,
    AUTH_REGISTRY,
    AUTH_USER,
    OPEN_REGISTRY,
    assertNoContainerLeft,
    buildFixture,
    buildFixtureDir,
    docker,
    ensureDebianR,
    imageExists,
    inspectContainers,
    pushImage,
    removeImage,
    requireRegistry,
    tmpDir,
    untag,
} from "../support/docker";

async function rejectsWith(p: Promise<unknown>, kind: ImageInspectErrorKind, message?: RegExp): Promise<ImageInspectError> {
    try {
        await p;
    } catch (e) {
        assert.ok(e instanceof ImageInspectError, `an ImageInspectError, got ${(e as Error).stack}`);
        assert.equal(e.kind, kind, e.message);
        assert.ok(!e.message.includes("\n"), "one line");
        if (message) assert.match(e.message, message);
        return e;
    }
    assert.fail(`expected ${kind}, but it resolved`);
}

describe("inspect/image: errors and cleanup (real daemon)", function () {
    this.timeout(120_000);
    assertNoContainerLeft();

    let cpu: string;
    before(async () => {
        cpu = await buildFixtureDir("cpu");
    });

    it("an image that does not exist locally (no registry in the reference): image-not-found, nothing pulled", async () => {
        await rejectsWith(inspectImage("rsb-test/does-not-exist:1"), "image-not-found", /^image rsb-test\/does-not-exist:1 not found in the Docker daemon at \/var\/run\/docker\.sock/);
    });

    it("pull: false on a registry reference that is not present: image-not-found", async () => {
        await rejectsWith(inspectImage(`${OPEN_REGISTRY}/rsb-test/absent:1`, { pull: false }), "image-not-found", /pulling is disabled/);
    });

    it("a daemon that is not running (nothing listens on the socket): daemon-unavailable naming the socket", async () => {
        const dir = tmpDir("rsb-nodaemon-");
        const missing = join(dir, "docker.sock");
        await rejectsWith(inspectImage(cpu, { docker: dockerAtSocket(missing) }), "daemon-unavailable", new RegExp(`^Docker daemon not reachable at ${missing}: is dockerd running\\?$`));
        // A file where a socket should be (a stale path after the daemon died).
        writeFileSync(missing, "");
        await rejectsWith(inspectImage(cpu, { docker: dockerAtSocket(missing) }), "daemon-unavailable", /not reachable/);
    });

    it("an invalid reference is rejected before any request", async () => {
        await rejectsWith(inspectImage("Not A Reference", { docker: dockerAtSocket("/nonexistent.sock") }), "invalid-reference", /^invalid image reference "Not A Reference"/);
    });

    describe("registries", () => {
        const repo = (host: string) => `${host}/rsb-test/registry`;
        // One image per registry and per run: the daemon keeps pulled manifests in its content store and serves a
        // later pull of the same digest from there without asking the registry, so a digest pulled once (from
        // either registry) could no longer show the 401.
        const run = `${Date.now()}-${process.pid}`;
        const images: Record<string, string> = {};
        let openDigest: string;
        let authDigest: string;

        before(async () => {
            await requireRegistry(OPEN_REGISTRY, 200);
            await requireRegistry(AUTH_REGISTRY, 401);
            for (const host of [OPEN_REGISTRY, AUTH_REGISTRY]) {
                images[host] = await buildFixture("registry", `FROM ${cpu}\nLABEL sagemaker-rstudio.test-run="${host} ${run}"\n`);
                await docker.getImage(images[host]).tag({ repo: repo(host), tag: "1" });
            }
            openDigest = await pushImage(`${repo(OPEN_REGISTRY)}:1`);
            authDigest = await pushImage(`${repo(AUTH_REGISTRY)}:1`, { username: AUTH_USER, password: AUTH_PASSWORD, serveraddress: AUTH_REGISTRY });
            // Forget the registry names locally, so that inspecting them has to pull.
            for (const host of [OPEN_REGISTRY, AUTH_REGISTRY]) {
                const info = await docker.getImage(images[host]).inspect();
                for (const name of [...info.RepoTags, ...info.RepoDigests].filter((n) => n.startsWith(host + "/"))) await untag(name);
            }
            assert.equal(await imageExists(`${repo(OPEN_REGISTRY)}@${openDigest}`), false);
            assert.equal(await imageExists(`${repo(AUTH_REGISTRY)}@${authDigest}`), false);
        });

        after(async () => {
            for (const tag of Object.values(images)) await removeImage(tag);
        });

        it("pulls by digest from the open registry, with progress, and reads the same facts", async () => {
            const ref = `${repo(OPEN_REGISTRY)}@${openDigest}`;
            const lines: string[] = [];
            const facts = await inspectImage(ref, { onProgress: (m) => lines.push(m) });
            assert.equal(facts.imageRef, ref);
            assert.ok(lines.some((l) => l.startsWith(`pulling ${ref}`)), lines.join("\n"));
            assert.equal(await imageExists(ref), true);
            const local = await inspectImage(cpu);
            assert.deepEqual(facts.workbenchVersion, local.workbenchVersion);
            assert.deepEqual(facts.systemPackages, local.systemPackages);
        });

        it("a digest the open registry does not have: image-not-found", async () => {
            const ref = `${repo(OPEN_REGISTRY)}@sha256:${"0".repeat(64)}`;
            await rejectsWith(inspectImage(ref), "image-not-found", /^cannot pull .*: 127\.0\.0\.1:5055 has no such image/);
        });

        it("the htpasswd registry without credentials: registry-auth", async () => {
            await rejectsWith(inspectImage(`${repo(AUTH_REGISTRY)}@${authDigest}`), "registry-auth", /127\.0\.0\.1:5056 refused the credentials/);
        });

        it("the htpasswd registry with a wrong password: registry-auth", async () => {
            await rejectsWith(inspectImage(`${repo(AUTH_REGISTRY)}@${authDigest}`, { auth: { username: AUTH_USER, password: "wrong" } }), "registry-auth");
        });

        it("the htpasswd registry with the right credentials: pulled and read", async () => {
            const ref = `${repo(AUTH_REGISTRY)}@${authDigest}`;
            const facts = await inspectImage(ref, { auth: { username: AUTH_USER, password: AUTH_PASSWORD } });
            assert.equal(facts.workbenchVersion.state, "known");
        });

        it("a registry that does not answer: registry-unreachable", async () => {
            await rejectsWith(inspectImage("127.0.0.1:1/rsb-test/registry:1"), "registry-unreachable", /127\.0\.0\.1:1 is not reachable/);
        });
    });

    describe("cleanup", () => {
        let big: string;
        let existing: string[] = [];
        const leftBehind = async () => (await inspectContainers()).filter((id) => !existing.includes(id));
        before(async function () {
            this.timeout(900_000);
            big = await ensureDebianR();
        });
        beforeEach(async () => {
            existing = await inspectContainers();
        });

        for (const phase of ["creating containers", "reading the package database", "listing "]) {
            it(`abort through the signal while "${phase}…": AbortError, container removed`, async () => {
                const controller = new AbortController();
                const seen: string[] = [];
                const p = inspectImage(big, {
                    signal: controller.signal,
                    onProgress: (m) => {
                        seen.push(m);
                        if (m.startsWith(phase)) controller.abort();
                    },
                });
                const e = await rejectsWith(p, "scan-failed", /aborted/);
                assert.equal(e.name, "AbortError");
                assert.ok(seen.some((m) => m.startsWith(phase)), `phase reached: ${seen.join(" | ")}`);
                assert.deepEqual(await leftBehind(), [], "no inspection container is left");
            });
        }

        it("an error in the middle of the scan: rejected, container removed", async () => {
            const p = inspectImage(big, {
                onProgress: (m) => {
                    if (m.startsWith("listing ")) throw new Error("progress sink failed");
                },
            });
            await rejectsWith(p, "scan-failed", /progress sink failed/);
            assert.deepEqual(await leftBehind(), []);
        });

        it("SIGINT without a signal given: the container is removed, then the process dies of SIGINT", async () => {
            const script = join(__dirname, "sigint-child.ts");
            const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", script, big], { stdio: ["ignore", "pipe", "pipe"] });
            let out = "";
            let stderr = "";
            let sent = false;
            child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
            child.stdout.on("data", (b: Buffer) => {
                out += b.toString();
                if (!sent && out.includes("reading the package database")) {
                    sent = true;
                    child.kill("SIGINT");
                }
            });
            const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
            assert.ok(sent, `the child reached the scan: ${out} ${stderr}`);
            assert.equal(signal, "SIGINT", `exit code ${code}, output: ${out} ${stderr}`);
            assert.ok(out.includes("removing container"), out);
            assert.ok(!out.includes("DONE"), "the scan did not complete");
            assert.deepEqual(await leftBehind(), []);
        });
    });
});
