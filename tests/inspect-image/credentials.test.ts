/**
 * Registry credentials from the Docker config file, as `docker pull` reads them (issue 9 item 3): unit tests of the
 * lookup order and the helper protocol (a real helper program run through PATH), plus a real pull from the htpasswd
 * registry with a config in a temp DOCKER_CONFIG.
 */
import { strict as assert } from "assert";
import { writeFileSync } from "fs";
import { join } from "path";
import { ImageInspectError, inspectImage } from "../../inspect/image";
import { DOCKER_HUB_KEY, configKeyHost, dockerConfigPath, findCredentials, redactSecrets } from "../../inspect/image/credentials";
import { redactUserinfo } from "../../inspect/image/errors";
import { parseImageReference } from "../../inspect/image/reference";
import {
    AUTH_PASSWORD,
    AUTH_REGISTRY,
    AUTH_USER,
    assertNoContainerLeft,
    buildFixtureDir,
    dockerConfigDir,
    fakeCredentialHelper,
    pushFreshToAuthRegistry,
    removeImage,
    requireRegistry,
    tmpDir,
} from "../support/docker";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("inspect/image credentials: the Docker config file", () => {
    const env = (config: unknown, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, DOCKER_CONFIG: dockerConfigDir(config), ...extra });

    it("finds the config where docker does: $DOCKER_CONFIG, else ~/.docker", () => {
        assert.equal(dockerConfigPath({ DOCKER_CONFIG: "/x" }), "/x/config.json");
        assert.equal(dockerConfigPath({ HOME: "/home/u" }), "/home/u/.docker/config.json");
    });

    it("auths: base64 user:password, keys with a scheme or path, username/password, identitytoken", async () => {
        assert.equal(configKeyHost("https://127.0.0.1:5056/v2/"), "127.0.0.1:5056");
        const c1 = await findCredentials(AUTH_REGISTRY, { env: env({ auths: { [`https://${AUTH_REGISTRY}`]: { auth: b64("u:p:with:colons") } } }) });
        assert.deepEqual(c1?.auth, { username: "u", password: "p:with:colons", serveraddress: AUTH_REGISTRY });
        assert.match(c1?.source ?? "", /^auths in .*config\.json$/);
        const c2 = await findCredentials(AUTH_REGISTRY, { env: env({ auths: { [AUTH_REGISTRY]: { username: "a", password: "b" } } }) });
        assert.deepEqual(c2?.auth, { username: "a", password: "b", serveraddress: AUTH_REGISTRY });
        const c3 = await findCredentials("x.example:5000", { env: env({ auths: { "x.example:5000": { identitytoken: "tok" } } }) });
        assert.deepEqual(c3?.auth, { identitytoken: "tok", serveraddress: "x.example:5000" });
        // Docker Hub has its own key.
        const hub = await findCredentials(undefined, { env: env({ auths: { [DOCKER_HUB_KEY]: { auth: b64("h:q") } } }) });
        assert.equal(hub?.auth.serveraddress, DOCKER_HUB_KEY);
        assert.equal(await findCredentials("other:1", { env: env({ auths: { [AUTH_REGISTRY]: { auth: b64("u:p") } } }) }), undefined);
    });

    it("credHelpers win over credsStore, which wins over auths; '<token>' is an identity token", async () => {
        const helper = fakeCredentialHelper("test", "<token>", "the-token");
        const path = `${helper}:${process.env.PATH}`;
        const viaHelpers = await findCredentials(AUTH_REGISTRY, { env: env({ credHelpers: { [AUTH_REGISTRY]: "test" }, credsStore: "absent", auths: { [AUTH_REGISTRY]: { auth: b64("x:y") } } }, { PATH: path }) });
        assert.deepEqual(viaHelpers, { auth: { identitytoken: "the-token", serveraddress: AUTH_REGISTRY }, source: "docker-credential-test" });
        const viaStore = await findCredentials(AUTH_REGISTRY, { env: env({ credsStore: "test", auths: { [AUTH_REGISTRY]: { auth: b64("x:y") } } }, { PATH: path }) });
        assert.equal(viaStore?.auth.identitytoken, "the-token");
        // "credentials not found" from the helper: anonymous, as docker pull.
        assert.equal(await findCredentials("elsewhere:5000", { env: env({ credsStore: "test" }, { PATH: path }) }), undefined);
    });

    it("a missing helper, an unsafe helper name, a broken config: one line, or a notice and no credentials", async () => {
        await assert.rejects(findCredentials(AUTH_REGISTRY, { env: env({ credsStore: "nope" }) }), (e: Error) => e instanceof ImageInspectError && e.kind === "registry-auth" && /docker-credential-nope \(named by credsStore in .*\) is not on PATH/.test(e.message));
        await assert.rejects(findCredentials(AUTH_REGISTRY, { env: env({ credsStore: "../../bin/sh" }) }), /not a program name suffix/);
        const dir = tmpDir("rsb-bad-config-");
        writeFileSync(join(dir, "config.json"), "{ not json");
        const notices: string[] = [];
        assert.equal(await findCredentials(AUTH_REGISTRY, { env: { ...process.env, DOCKER_CONFIG: dir }, notice: (m) => notices.push(m) }), undefined);
        assert.match(notices.join("\n"), /is not valid JSON; pulling without credentials/);
    });

    it("secrets are redacted from quoted text; user:password@ in a reference is refused without quoting it", () => {
        assert.equal(redactSecrets("denied for s3cret-pw here", { username: "u", password: "s3cret-pw", serveraddress: "h" }), "denied for [secret] here");
        assert.equal(redactUserinfo("cannot pull u:pw@host:5000/a/b:1 now"), "cannot pull [credentials]@host:5000/a/b:1 now");
        assert.equal(redactUserinfo("repo:1.0@sha256:abc"), "repo:1.0@sha256:abc");
        for (const ref of ["u:pw-secret@h.example/r:1", "https://u:pw-secret@h.example/r", "u:pw-secret@h.example"]) {
            assert.throws(() => parseImageReference(ref), (e: Error) => e instanceof ImageInspectError && !e.message.includes("pw-secret") && /cannot carry credentials/.test(e.message));
        }
    });
});

describe("inspect/image credentials: pulls from the htpasswd registry (real daemon)", function () {
    this.timeout(180_000);
    assertNoContainerLeft();
    const locals: string[] = [];
    let cpu: string;

    before(async () => {
        await requireRegistry(AUTH_REGISTRY, 401);
        cpu = await buildFixtureDir("cpu");
    });
    after(async () => {
        for (const l of locals) await removeImage(l);
    });

    it("with credentials from config.json auths: pulled and read, the password in no progress line", async () => {
        const { ref, local } = await pushFreshToAuthRegistry(cpu, `${AUTH_REGISTRY}/rsb-test/creds`, "library auths");
        locals.push(local);
        const lines: string[] = [];
        const saved = process.env.DOCKER_CONFIG;
        process.env.DOCKER_CONFIG = dockerConfigDir({ auths: { [AUTH_REGISTRY]: { auth: b64(`${AUTH_USER}:${AUTH_PASSWORD}`) } } });
        try {
            const facts = await inspectImage(ref, { onProgress: (m) => lines.push(m), onNotice: (m) => lines.push(m) });
            assert.equal(facts.workbenchVersion.state, "known");
        } finally {
            if (saved === undefined) delete process.env.DOCKER_CONFIG;
            else process.env.DOCKER_CONFIG = saved;
        }
        assert.ok(lines.some((l) => l.startsWith(`credentials for ${AUTH_REGISTRY} from auths in `)), lines.join("\n"));
        assert.ok(!lines.join("\n").includes(AUTH_PASSWORD));
    });
});
