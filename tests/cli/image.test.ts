/**
 * `check --image` through the real executable, the real Docker daemon and the real test registries
 * (started by .ci/services.sh). Fails, does not skip, when they are not running.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import * as path from "path";
import {
    AUTH_PASSWORD,
    AUTH_REGISTRY,
    AUTH_USER,
    HOSTILE_SHADOW_MARK,
    HUGE_DPKG_ENTRIES,
    assertNoContainerLeft,
    buildFixture,
    buildFixtureDir,
    buildHugeDpkgImage,
    buildLoopsImage,
    buildManyPathsImage,
    buildShadowImage,
    docker,
    dockerConfigDir,
    fakeCredentialHelper,
    pushFreshToAuthRegistry,
    pushImage,
    removeImage,
    requireDocker,
    requireRegistry,
    tmpDir,
    untag,
} from "../support/docker";
import { BIN, ROOT, cliProcess, tempDir, type Run } from "./helpers";

/** cliProcess with room for a large JSON report (spawnSync keeps 1 MiB of stdout by default). */
function cliLarge(args: string[]): Run {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

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
        const r = cliProcess(["check", "--image", "rsb-test/no-such-image:1", "--no-progress"]);
        oneLine(r);
        assert.match(r.stderr, /rsb-test\/no-such-image:1 not found/);
    });

    it("a daemon that is not running: exit 2, one line naming the socket", () => {
        const r = cliProcess(["check", "--image", cpu, "--no-progress"], undefined, { DOCKER_HOST: "unix:///tmp/rsb-no-daemon.sock" });
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
            // An empty Docker config: the test must not depend on a `docker login` done on this machine.
            const r = cliProcess(["check", "--image", `${repo}@${digest}`, "--no-progress"], undefined, { DOCKER_CONFIG: dockerConfigDir({}) });
            oneLine(r);
            assert.match(r.stderr, /127\.0\.0\.1:5056 refused the credentials \(HTTP 401\/403\): none found for it in the Docker config file \(docker login 127\.0\.0\.1:5056\)/);
        });
    });

    describe("hostile images (issue 12 rows 5-8), through the real CLI", () => {
        const noLeak = (r: Run) => {
            const all = r.stdout + r.stderr;
            assert.doesNotMatch(all, /overlay2|\/var\/lib\/docker|\u001b/);
            assert.ok(!all.includes(HOSTILE_SHADOW_MARK), "the shadow line is never printed");
        };
        const json = (r: Run) => JSON.parse(r.stdout) as { findings: JsonFinding[]; facts: Record<string, { state: string; value?: unknown; reason?: string; via?: string; partial?: string }> };

        it("row 5: symlink loops are reported as facts and the check goes on (exit 1 on RSB007, not 2)", async () => {
            const r = cliProcess(["check", "--image", await buildLoopsImage(), "--format", "json", "--no-progress"]);
            assert.equal(r.code, 1, r.stderr);
            noLeak(r);
            const out = json(r);
            assert.ok(out.findings.some((f) => f.rule === "RSB007" && f.source === "image" && f.level === "mandatory"), "a loop at /opt/ml is something at a reserved path");
            assert.match(out.facts.workbenchVersion.reason ?? "", /VERSION is a symlink loop/);
        });

        it("row 6: a VERSION linking to /etc/shadow is not printed as a version (text and JSON)", async () => {
            const image = await buildShadowImage();
            for (const format of ["text", "json"]) {
                const r = cliProcess(["check", "--image", image, "--format", format, "--no-progress"]);
                assert.ok(r.code === 0 || r.code === 1, r.stderr);
                noLeak(r);
                assert.match(r.stdout, /VERSION does not hold a version \(its content is not shown\)/);
            }
        });

        it(`row 7: a dpkg status of ${HUGE_DPKG_ENTRIES} entries is parsed`, async () => {
            const r = cliLarge(["check", "--image", await buildHugeDpkgImage(), "--format", "json", "--no-progress"]);
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            const pkgs = json(r).facts.systemPackages;
            assert.equal(pkgs.state, "known");
            assert.equal((pkgs.value as unknown[]).length, HUGE_DPKG_ENTRIES);
        });

        it("row 8: 1,500 PATH and 1,000 R_LIBS entries: checked, the limits named; a deadline ends it with one line", async () => {
            const image = await buildManyPathsImage();
            const r = cliProcess(["check", "--image", image, "--format", "json", "--no-progress"]);
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            assert.match(r.stdout, /PATH has 1500 entries; only the first 64 were searched/);
            const late = cliProcess(["check", "--image", image, "--no-progress"], undefined, { SAGEMAKER_RSTUDIO_IMAGE_DEADLINE: "0.001" });
            oneLine(late);
            assert.equal(late.stderr.trim(), `sagemaker-rstudio: reading ${image} did not finish within 1 ms (the deadline; raise it with SAGEMAKER_RSTUDIO_IMAGE_DEADLINE=<seconds> or the deadline option)`);
        });
    });

    describe("private registry credentials the way docker pull reads them (issue 9 item 3)", () => {
        const repo = `${AUTH_REGISTRY}/rsb-cli/creds`;
        const locals: string[] = [];
        const fresh = async (why: string) => {
            const p = await pushFreshToAuthRegistry(cpu, repo, why);
            locals.push(p.local);
            return p.ref;
        };
        const secretFree = (r: Run, ...secrets: string[]) => {
            for (const s of secrets) assert.ok(!(r.stdout + r.stderr).includes(s), `"${s}" is never printed`);
        };

        before(async () => {
            await requireRegistry(AUTH_REGISTRY, 401);
        });
        after(async () => {
            for (const l of locals) await removeImage(l);
        });

        it("auths (base64 user:password) in $DOCKER_CONFIG/config.json", async () => {
            const ref = await fresh("auths");
            const config = dockerConfigDir({ auths: { [`http://${AUTH_REGISTRY}/v2/`]: { auth: Buffer.from(`${AUTH_USER}:${AUTH_PASSWORD}`).toString("base64") } } });
            const r = cliProcess(["check", "--image", ref, "--format", "json"], undefined, { DOCKER_CONFIG: config });
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            assert.ok((JSON.parse(r.stdout).facts.sources as string[]).includes("image"), r.stdout.slice(0, 300));
            secretFree(r, AUTH_PASSWORD, Buffer.from(`${AUTH_USER}:${AUTH_PASSWORD}`).toString("base64"));
        });

        it("credHelpers through docker-credential-<name> on PATH (asked for the registry host)", async () => {
            const ref = await fresh("credHelpers");
            const helper = fakeCredentialHelper("test", AUTH_USER, AUTH_PASSWORD);
            const config = dockerConfigDir({ credHelpers: { [AUTH_REGISTRY]: "test" }, auths: { [AUTH_REGISTRY]: { auth: Buffer.from("wrong:wrong").toString("base64") } } });
            const r = cliProcess(["check", "--image", ref, "--format", "json"], undefined, { DOCKER_CONFIG: config, PATH: `${helper}:${process.env.PATH}` });
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            assert.equal(readFileSync(path.join(helper, "asked"), "utf8"), `${AUTH_REGISTRY}\n`);
            secretFree(r, AUTH_PASSWORD);
        });

        it("credsStore with a wrong secret: exit 2, one line naming the helper, the secret not shown", async () => {
            const ref = await fresh("credsStore");
            const helper = fakeCredentialHelper("test", AUTH_USER, "wrong-secret-not-to-be-printed");
            const r = cliProcess(["check", "--image", ref, "--no-progress"], undefined, { DOCKER_CONFIG: dockerConfigDir({ credsStore: "test" }), PATH: `${helper}:${process.env.PATH}` });
            oneLine(r);
            assert.match(r.stderr, /127\.0\.0\.1:5056 refused the credentials from docker-credential-test \(HTTP 401\/403\)/);
            secretFree(r, "wrong-secret-not-to-be-printed");
        });

        it("a helper the config names but PATH lacks: exit 2, one line", () => {
            const r = cliProcess(["check", "--image", `${repo}@sha256:${"1".repeat(64)}`, "--no-progress"], undefined, { DOCKER_CONFIG: dockerConfigDir({ credsStore: "absent-helper" }) });
            oneLine(r);
            assert.match(r.stderr, /docker-credential-absent-helper \(named by credsStore in .*config\.json\) is not on PATH/);
        });

        it("credentials inside the reference (user:password@host/...) are refused and never printed", () => {
            for (const ref of [`${AUTH_USER}:${AUTH_PASSWORD}@${AUTH_REGISTRY}/rsb-cli/creds:1`, `${AUTH_USER}:${AUTH_PASSWORD}@${AUTH_REGISTRY}/rsb-cli/creds@sha256:${"1".repeat(64)}`]) {
                const r = cliProcess(["check", "--image", ref, "--format", "json", "--no-progress"], undefined, { DOCKER_CONFIG: tmpDir("rsb-empty-config-") });
                oneLine(r);
                assert.match(r.stderr, /cannot carry credentials/);
                secretFree(r, AUTH_PASSWORD);
            }
        });
    });
});
