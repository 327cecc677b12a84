/**
 * `check --image` through the real executable, the real Docker daemon and the real test registries
 * (started by .ci/services.sh). Fails, does not skip, when they are not running.
 */
import { strict as assert } from "assert";
import * as path from "path";
import {
    AUTH_PASSWORD,
    AUTH_REGISTRY,
    AUTH_USER,
    assertNoContainerLeft,
    buildFixture,
    buildFixtureDir,
    docker,
    pushImage,
    removeImage,
    requireDocker,
    requireRegistry,
    untag,
} from "../support/docker";
import { cliProcess, tempDir, type Run } from "./helpers";

const oneLine = (r: Run) => {
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.equal(r.stdout, "");
    assert.doesNotMatch(r.stderr, /\n\s+at /);
};

type JsonFinding = { rule: string; level: string; source: string; line?: number };

describe("cli: check --image (real daemon and registries)", function () {
    this.timeout(180_000);
    assertNoContainerLeft();

    let gpuApp: string;
    let cpu: string;

    before(async () => {
        await requireDocker();
        const gpuBase = await buildFixtureDir("gpu-base");
        gpuApp = await buildFixtureDir("gpu-app", { "gpu-base": gpuBase });
        cpu = await buildFixtureDir("cpu");
    });

    it("a Dockerfile that looks clean + the built image carrying a driver library: RSB009 decided by the image", () => {
        const dir = tempDir({ Dockerfile: "FROM rsb-test/gpu-base\nENV RSTUDIO_CONNECT_URL= RSTUDIO_PACKAGE_MANAGER_URL=\nCOPY app.R /srv/app/app.R\n" });
        const dockerfileOnly = cliProcess(["check", path.join(dir, "Dockerfile"), "--gpu", "--format", "json", "--no-progress"]);
        const before = JSON.parse(dockerfileOnly.stdout).findings as JsonFinding[];
        assert.ok(!before.some((f) => f.rule === "RSB009"), "nothing in the Dockerfile installs a driver");

        const r = cliProcess(["check", path.join(dir, "Dockerfile"), "--image", gpuApp, "--gpu", "--format", "json", "--no-progress"]);
        assert.equal(r.code, 1, r.stderr);
        const out = JSON.parse(r.stdout) as { findings: JsonFinding[]; facts: { sources: string[]; files: { state: string } } };
        const driver = out.findings.filter((f) => f.rule === "RSB009");
        assert.ok(driver.length >= 1, "the driver library (and its package, when dpkg lists it) is found");
        assert.ok(driver.every((f) => f.source === "image" && f.level === "mandatory" && f.line === undefined));
        assert.deepEqual(out.facts.sources, ["dockerfile", "image", "context"]);
        assert.equal(out.facts.files.state, "known");
    });

    it("a CPU image alone: facts from the image, text output names the image", () => {
        const r = cliProcess(["check", "--image", cpu, "--no-progress"]);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.match(r.stdout, new RegExp(`^(PASS|FAIL) ${cpu.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\d+ mandatory, \\d+ advisory findings? \\(image facts\\)$`, "m"));
        assert.doesNotMatch(r.stdout, /RSB009|RSB010 gpu-cuda-toolkit  mandatory/);
    });

    it("an image that does not exist: exit 2, one line naming it", () => {
        const r = cliProcess(["check", "--image", "rsb-test/no-such-image:1"]);
        oneLine(r);
        assert.match(r.stderr, /rsb-test\/no-such-image:1 not found/);
    });

    it("a daemon that is not running: exit 2, one line naming the socket", () => {
        const r = cliProcess(["check", "--image", cpu], undefined, { DOCKER_HOST: "unix:///tmp/rsb-no-daemon.sock" });
        oneLine(r);
        assert.match(r.stderr, /Docker daemon not reachable at .*rsb-no-daemon\.sock/);
    });

    describe("a registry that answers 401", () => {
        const repo = `${AUTH_REGISTRY}/rsb-cli/auth`;
        let image: string;
        let digest: string;

        before(async () => {
            await requireRegistry(AUTH_REGISTRY, 401);
            // A fresh image per run: the daemon serves a digest it already pulled from its own store, without the registry.
            image = await buildFixture("cli-auth", `FROM ${cpu}\nLABEL sagemaker-rstudio.test-run="${Date.now()}-${process.pid}"\n`);
            await docker.getImage(image).tag({ repo, tag: "1" });
            digest = await pushImage(`${repo}:1`, { username: AUTH_USER, password: AUTH_PASSWORD, serveraddress: AUTH_REGISTRY });
            const info = await docker.getImage(image).inspect();
            for (const name of [...info.RepoTags, ...info.RepoDigests].filter((n) => n.startsWith(AUTH_REGISTRY + "/"))) await untag(name);
        });

        after(async () => {
            if (image) await removeImage(image);
        });

        it("exit 2, one line naming the registry and the refusal", () => {
            const r = cliProcess(["check", "--image", `${repo}@${digest}`]);
            oneLine(r);
            assert.match(r.stderr, /127\.0\.0\.1:5056 refused the credentials/);
        });
    });
});
