/**
 * Shared helpers for tests that talk to a real Docker daemon and real registries.
 *
 * The services are started by `.ci/services.sh` (CI runs it before the tests; run it yourself locally):
 *   - Docker daemon:            /var/run/docker.sock (or DOCKER_HOST)
 *   - open registry (no auth):  127.0.0.1:5055
 *   - htpasswd registry:        127.0.0.1:5056, user `rsb-test`, password `rsb-test-password`
 * Tests that need them fail (they do not skip) when they are not there.
 *
 * Fixture images are built through the Engine API from tar contexts made in code, tagged `rsb-test/<name>:<hash>`
 * where the hash covers the Dockerfile and every file, so an unchanged fixture is reused and a changed one is rebuilt.
 * The Debian images (debootstrap + import, then a real `apt-get install`) are slow to make and cached the same way:
 *   - `rsb-test/debian-bookworm:1`           debootstrap --variant=minbase bookworm, imported
 *   - `rsb-test/debian-r:<hash of Dockerfile>` + sudo, libpng-dev, r-base-core, python3-six from Debian's mirror
 */
import { spawn } from "child_process";
import { createHash } from "crypto";
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "fs";
import { hostname, tmpdir } from "os";
import { join, relative } from "path";
import type { Readable } from "stream";
import Dockerode from "dockerode";
import * as tar from "tar-stream";
import { INSPECT_LABEL, OWNER_LABEL } from "../../inspect/image";
import { imageExists as imageExistsIn } from "../../inspect/docker";

export const OPEN_REGISTRY = "127.0.0.1:5055";
export const AUTH_REGISTRY = "127.0.0.1:5056";
export const AUTH_USER = "rsb-test";
export const AUTH_PASSWORD = "rsb-test-password";
/** Label on every fixture image (so they can be found and removed: `docker image ls --filter label=…`). */
export const FIXTURE_LABEL = "sagemaker-rstudio.test-fixture";
export const DEBIAN_BASE_TAG = "rsb-test/debian-bookworm:1";
export const DEBIAN_MIRROR = "http://deb.debian.org/debian";

export const docker = new Dockerode(process.env.DOCKER_HOST ? undefined : { socketPath: "/var/run/docker.sock" });

const SERVICES_HINT = "start the services with .ci/services.sh";

/** Fail (not skip) when the daemon is not there. */
export async function requireDocker(): Promise<void> {
    try {
        await docker.ping();
    } catch (e) {
        throw new Error(`Docker daemon not reachable (${(e as Error).message}): ${SERVICES_HINT}`);
    }
}

/** Fail when a test registry does not answer `/v2/` with the expected status (200 open, 401 with auth). */
export async function requireRegistry(host: string, expectStatus: number): Promise<void> {
    let status: number;
    try {
        status = (await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(5000) })).status;
    } catch (e) {
        throw new Error(`registry ${host} not reachable (${(e as Error).message}): ${SERVICES_HINT}`);
    }
    if (status !== expectStatus) throw new Error(`registry ${host} answered ${status}, expected ${expectStatus}: ${SERVICES_HINT}`);
}

/** Containers carrying the inspection label (the inspection must leave none behind). */
export async function inspectContainers(): Promise<string[]> {
    const list = await docker.listContainers({ all: true, filters: { label: [`${INSPECT_LABEL}=1`] } });
    return list.map((c) => c.Id);
}

export type FixtureFile = string | Buffer | { symlink: string } | { dir: true } | { content: string | Buffer; mode: number };

/** A build context as a tar stream: `Dockerfile` plus the given files (paths relative to the context). */
export function contextTar(dockerfile: string, files: Record<string, FixtureFile> = {}): Readable {
    const pack = tar.pack();
    pack.entry({ name: "Dockerfile", mode: 0o644 }, dockerfile);
    for (const [name, f] of Object.entries(files)) {
        if (typeof f === "string" || Buffer.isBuffer(f)) pack.entry({ name, mode: 0o644 }, f);
        else if ("symlink" in f) pack.entry({ name, type: "symlink", linkname: f.symlink, mode: 0o777 });
        else if ("dir" in f) pack.entry({ name, type: "directory", mode: 0o755 });
        else pack.entry({ name, mode: f.mode }, f.content);
    }
    pack.finalize();
    return pack;
}

export function fixtureHash(dockerfile: string, files: Record<string, FixtureFile> = {}): string {
    const h = createHash("sha256").update(dockerfile);
    for (const name of Object.keys(files).sort()) {
        const f = files[name];
        h.update(`\u0000${name}\u0000`);
        if (typeof f === "string" || Buffer.isBuffer(f)) h.update(f);
        else h.update(JSON.stringify(f));
    }
    return h.digest("hex").slice(0, 12);
}

/** Follow a build/import/push/pull stream; reject with the daemon's error line if there is one. */
export function followStream(stream: NodeJS.ReadableStream, onLine?: (msg: Record<string, unknown>) => void): Promise<Record<string, unknown>[]> {
    return new Promise((resolve, reject) => {
        const out: Record<string, unknown>[] = [];
        docker.modem.followProgress(
            stream,
            (err: Error | null) => {
                if (err) return reject(err);
                const bad = out.find((m) => m.error || m.errorDetail);
                if (bad) return reject(new Error(String(bad.error ?? JSON.stringify(bad.errorDetail))));
                resolve(out);
            },
            (msg: Record<string, unknown>) => {
                out.push(msg);
                onLine?.(msg);
            },
        );
    });
}

export function imageExists(ref: string): Promise<boolean> {
    return imageExistsIn(docker, ref);
}

/**
 * Build `rsb-test/<name>:<hash>` from a Dockerfile and files (reused when already built) and return the tag.
 * Intermediate containers of the (classic) builder are always removed.
 */
export async function buildFixture(name: string, dockerfile: string, files: Record<string, FixtureFile> = {}, log?: (line: string) => void): Promise<string> {
    const tag = `rsb-test/${name}:${fixtureHash(dockerfile, files)}`;
    if (await imageExists(tag)) return tag;
    const stream = await docker.buildImage(contextTar(dockerfile, files) as unknown as NodeJS.ReadableStream, {
        t: tag,
        rm: true,
        forcerm: true,
        labels: { [FIXTURE_LABEL]: "1" },
    });
    await followStream(stream, (m) => {
        if (typeof m.stream === "string" && log) log(m.stream.trimEnd());
    });
    if (!(await imageExists(tag))) throw new Error(`build of ${tag} produced no image`);
    return tag;
}

export const FIXTURES_DIR = join(__dirname, "..", "fixtures", "images");

/** Every file and symlink under `dir`, as build-context entries (relative paths, modes and link targets kept). */
export function readContextDir(dir: string): Record<string, FixtureFile> {
    const out: Record<string, FixtureFile> = {};
    const walk = (d: string) => {
        for (const name of readdirSync(d).sort()) {
            const full = join(d, name);
            const rel = relative(dir, full);
            const st = lstatSync(full);
            if (st.isSymbolicLink()) out[rel] = { symlink: readlinkSync(full) };
            else if (st.isDirectory()) {
                out[rel] = { dir: true };
                walk(full);
            } else out[rel] = { content: readFileSync(full), mode: st.mode & 0o111 ? 0o755 : 0o644 };
        }
    };
    walk(dir);
    return out;
}

/** The Dockerfile of fixture `name` with `{{other}}` replaced by the given tags. */
export function fixtureDockerfile(name: string, from: Record<string, string> = {}): string {
    const text = readFileSync(join(FIXTURES_DIR, name, "Dockerfile"), "utf8");
    return text.replace(/\{\{([\w-]+)\}\}/g, (_m, key: string) => {
        const tag = from[key];
        if (tag === undefined) throw new Error(`fixture ${name}: no tag given for {{${key}}}`);
        return tag;
    });
}

/** Build fixture directory tests/fixtures/images/<name> (Dockerfile + files), reusing it when unchanged. */
export async function buildFixtureDir(name: string, from: Record<string, string> = {}, log?: (line: string) => void): Promise<string> {
    const files = readContextDir(join(FIXTURES_DIR, name));
    delete files["Dockerfile"];
    return buildFixture(name, fixtureDockerfile(name, from), files, log);
}

function run(cmd: string, args: string[], log?: (line: string) => void): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
        let tail = "";
        const take = (b: Buffer) => {
            tail = (tail + b.toString()).slice(-4000);
            log?.(b.toString().trimEnd());
        };
        child.stdout.on("data", take);
        child.stderr.on("data", take);
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${tail}`))));
    });
}

/**
 * `rsb-test/debian-bookworm:1`: a minbase Debian rootfs made by debootstrap (≈ 45 s) and imported through the
 * Engine API. Reused when present.
 */
export async function ensureDebianBase(log?: (line: string) => void): Promise<string> {
    if (await imageExists(DEBIAN_BASE_TAG)) return DEBIAN_BASE_TAG;
    const dir = mkdtempSync(join(process.env.RSB_DEBOOTSTRAP_TMP ?? "/var/tmp", "rsb-debootstrap-"));
    try {
        const root = join(dir, "root");
        await run("debootstrap", ["--variant=minbase", "bookworm", root, DEBIAN_MIRROR], log);
        // Tar the rootfs (numeric owners, as root made it) and stream it into POST /images/create?fromSrc=-.
        const tarProc = spawn("tar", ["-C", root, "--numeric-owner", "-cf", "-", "."], { stdio: ["ignore", "pipe", "pipe"] });
        let tarErr = "";
        tarProc.stderr.on("data", (b: Buffer) => (tarErr += b.toString()));
        const [repo, tagName] = DEBIAN_BASE_TAG.split(":");
        const stream = await docker.importImage(tarProc.stdout as unknown as string, {
            repo,
            tag: tagName,
            changes: ["ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "ENV LANG=C.UTF-8", `LABEL ${FIXTURE_LABEL}=1`],
        } as object);
        await followStream(stream);
        const code: number = await new Promise((r) => (tarProc.exitCode !== null ? r(tarProc.exitCode) : tarProc.on("close", (c) => r(c ?? 1))));
        if (code !== 0) throw new Error(`tar of the debootstrap rootfs failed: ${tarErr}`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    if (!(await imageExists(DEBIAN_BASE_TAG))) throw new Error(`import of ${DEBIAN_BASE_TAG} produced no image`);
    return DEBIAN_BASE_TAG;
}

/** The real Debian image with packages from Debian's mirror (R, sudo, libpng-dev, a Python package). */
export const DEBIAN_R_DOCKERFILE = `FROM ${DEBIAN_BASE_TAG}
ENV DEBIAN_FRONTEND=noninteractive
# force-unsafe-io: dpkg skips its fsyncs (a throw-away build; roughly halves the install time here).
RUN echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/unsafe-io \\
 && apt-get update \\
 && apt-get install -y --no-install-recommends sudo libpng-dev r-base-core python3-six \\
 && rm -rf /var/lib/apt/lists/* /etc/dpkg/dpkg.cfg.d/unsafe-io
`;

/** A fixed name for the Debian + R image, so the README's `check --image` example can be run as written after `npm test`. */
export const DEBIAN_R_EXAMPLE_TAG = "rsb-test/debian-r:example";

export async function ensureDebianR(log?: (line: string) => void): Promise<string> {
    await ensureDebianBase(log);
    const tag = await buildFixture("debian-r", DEBIAN_R_DOCKERFILE, {}, log);
    const [repo, version] = DEBIAN_R_EXAMPLE_TAG.split(":");
    await docker.getImage(tag).tag({ repo, tag: version });
    return tag;
}

/** Push `ref` (auth for the htpasswd registry) and return the manifest digest the registry reported. */
export async function pushImage(ref: string, auth?: { username: string; password: string; serveraddress: string }): Promise<string> {
    // The daemon wants an X-Registry-Auth header on every push, even an empty one for a registry without auth.
    const stream = await docker.getImage(ref).push({ authconfig: auth ?? {} });
    const lines = await followStream(stream);
    for (const m of lines) {
        const digest = (m.aux as { Digest?: string } | undefined)?.Digest;
        if (digest) return digest;
    }
    throw new Error(`push of ${ref} reported no digest`);
}

/** Remove a reference (tag or repo@digest) without removing the image's other names or its layers. */
export async function untag(ref: string): Promise<void> {
    try {
        await docker.getImage(ref).remove({ noprune: true });
    } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
}

/** Remove an image completely (by ID: every tag and digest reference), ignoring "not found". */
export async function removeImage(ref: string): Promise<void> {
    try {
        const { Id } = await docker.getImage(ref).inspect();
        await docker.getImage(Id).remove({ force: true });
    } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
}

export function tmpDir(prefix: string): string {
    return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Mocha hooks for a suite: fail (not skip) when the daemon is down, and fail when the suite leaves a container
 * labelled `sagemaker-rstudio.inspect=1` behind.
 */
export function assertNoContainerLeft(): void {
    let existing: string[] = [];
    before(async function () {
        await requireDocker();
        existing = await inspectContainers();
    });
    after(async function () {
        // Other processes share the daemon (other test files, the benchmark, people): a container whose owner is
        // another live process is theirs. Ours: this process, or a process that is gone (a child that leaked).
        const list = await docker.listContainers({ all: true, filters: { label: [`${INSPECT_LABEL}=1`] } });
        const left = list
            .filter((c) => !existing.includes(c.Id))
            .filter((c) => {
                const [host, pid] = (c.Labels?.[OWNER_LABEL] ?? "").split(" ");
                if (host !== hostname() || !/^\d+$/.test(pid ?? "")) return true;
                return Number(pid) === process.pid || !alive(Number(pid));
            })
            .map((c) => c.Id);
        if (left.length > 0) throw new Error(`containers labelled ${INSPECT_LABEL}=1 left behind: ${left.join(", ")}`);
    });
}

/**
 * Run a command in an image (tests only: ground truth such as `dpkg-query` to compare the inspection with) and
 * return its stdout. No network; the container is always removed.
 */
export async function runInImage(image: string, cmd: string[]): Promise<string> {
    const c = await docker.createContainer({ Image: image, Cmd: cmd, Labels: { [FIXTURE_LABEL]: "run" }, HostConfig: { NetworkMode: "none" } });
    try {
        await c.start();
        const res = (await c.wait()) as { StatusCode: number };
        const raw = (await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
        // Without a TTY the log stream is multiplexed: 8-byte frame headers (stream, 0, 0, 0, size BE32).
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        for (let i = 0; i + 8 <= raw.length; ) {
            const size = raw.readUInt32BE(i + 4);
            (raw[i] === 2 ? err : out).push(raw.subarray(i + 8, i + 8 + size));
            i += 8 + size;
        }
        if (res.StatusCode !== 0) throw new Error(`${cmd.join(" ")} in ${image} exited ${res.StatusCode}: ${Buffer.concat(err).toString()}`);
        return Buffer.concat(out).toString("utf8");
    } finally {
        await c.remove({ force: true });
    }
}

/*
 * Hostile images (issue 12 rows 5-8), built FROM scratch from files made here: what a pull request's author could
 * hand the checker with `--image`.
 */

/** The line of /etc/shadow in the "shadow" image: it must never appear in any output. */
export const HOSTILE_SHADOW_MARK = "hostile-shadow-hash";
const SHADOW_LINE = `root:$6$${HOSTILE_SHADOW_MARK}$Jq9:19000:0:99999:7:::\n`;

const installed = (name: string, version: string) => `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\n\n`;

/** `/opt/ml -> /opt/ml`, a VERSION that links to itself, a loop on PATH and in a probed Python prefix. */
export function buildLoopsImage(): Promise<string> {
    return buildFixture("hostile-loops", "FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/bin:/loop/bin\n", {
        "rootfs/opt/ml": { symlink: "/opt/ml" },
        "rootfs/usr/lib/rstudio-server/VERSION": { symlink: "VERSION" },
        "rootfs/usr/local/lib": { symlink: "/usr/local/lib" },
        "rootfs/loop": { symlink: "/loop" },
        "rootfs/usr/bin/true": { content: "", mode: 0o755 },
        "rootfs/var/lib/dpkg/status": installed("sudo", "1.9.13p3-1"),
    });
}

/**
 * VERSION links to /etc/shadow; the package database and a Python distribution carry a terminal escape sequence
 * and the shadow hash as names and versions.
 */
export function buildShadowImage(): Promise<string> {
    return buildFixture("hostile-shadow", "FROM scratch\nCOPY rootfs/ /\n", {
        "rootfs/etc/shadow": { content: SHADOW_LINE, mode: 0o640 },
        "rootfs/usr/lib/rstudio-server/VERSION": { symlink: "/etc/shadow" },
        "rootfs/var/lib/dpkg/status": installed("sudo", "1.9.13p3-1") + installed("evil\u001b]0;pwned\u0007", "1") + installed("libevil", SHADOW_LINE.trim()),
        "rootfs/usr/lib/python3/dist-packages/evil-1.0.dist-info/METADATA": `Metadata-Version: 2.1\nName: \u001b[31m${HOSTILE_SHADOW_MARK}\nVersion: 1.0\n`,
        "rootfs/usr/lib/python3/dist-packages/boto3-1.34.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: boto3\nVersion: 1.34.0\n",
    });
}

export const HUGE_DPKG_ENTRIES = 125_000;

/** A dpkg status file of 125,000 installed packages (≈ 7 MB). */
export function buildHugeDpkgImage(): Promise<string> {
    const parts: string[] = [];
    for (let i = 0; i < HUGE_DPKG_ENTRIES; i++) parts.push(installed(`pkg-${i}`, `1.0-${i}`));
    return buildFixture("hostile-dpkg", "FROM scratch\nCOPY rootfs/ /\n", { "rootfs/var/lib/dpkg/status": parts.join("") });
}

export const HOSTILE_PATH_ENTRIES = 1_500;
export const HOSTILE_R_LIBS_ENTRIES = 1_000;

/** ENV PATH with 1,500 entries and R_LIBS with 1,000 (none of them exist). */
export function buildManyPathsImage(): Promise<string> {
    const path = Array.from({ length: HOSTILE_PATH_ENTRIES }, (_, i) => `/p${i}/bin`).join(":");
    const rlibs = Array.from({ length: HOSTILE_R_LIBS_ENTRIES }, (_, i) => `/r${i}/library`).join(":");
    return buildFixture("hostile-paths", `FROM scratch\nCOPY rootfs/ /\nENV PATH=${path} R_LIBS=${rlibs}\n`, {
        "rootfs/usr/bin/true": { content: "", mode: 0o755 },
    });
}

/**
 * Push a fresh image (FROM `base` plus a unique label) to the htpasswd registry as `<repo>:1` and forget the
 * registry names locally, so that checking `<repo>@<digest>` has to pull (the daemon serves a digest it already
 * pulled from its own store, without asking the registry). Returns the digest reference and the local tag.
 */
export async function pushFreshToAuthRegistry(base: string, repo: string, why: string): Promise<{ ref: string; local: string }> {
    const local = await buildFixture("auth-push", `FROM ${base}\nLABEL sagemaker-rstudio.test-run="${why} ${Date.now()}-${process.pid}-${Math.random()}"\n`);
    await docker.getImage(local).tag({ repo, tag: "1" });
    const digest = await pushImage(`${repo}:1`, { username: AUTH_USER, password: AUTH_PASSWORD, serveraddress: AUTH_REGISTRY });
    const info = await docker.getImage(local).inspect();
    for (const name of [...info.RepoTags, ...info.RepoDigests].filter((n) => n.startsWith(AUTH_REGISTRY + "/"))) await untag(name);
    return { ref: `${repo}@${digest}`, local };
}

/** A DOCKER_CONFIG directory holding `config` as config.json. */
export function dockerConfigDir(config: unknown): string {
    const dir = tmpDir("rsb-docker-config-");
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    return dir;
}

/**
 * A directory with a fake `docker-credential-<name>` (the credential-helper protocol: server address on stdin,
 * JSON on stdout). It answers `username`/`secret` for `127.0.0.1:5056` and "credentials not found" otherwise, and
 * appends every server address it was asked for to `<dir>/asked`. Put the directory first on PATH.
 */
export function fakeCredentialHelper(name: string, username: string, secret: string): string {
    const dir = tmpDir("rsb-cred-helper-");
    const script = `#!/bin/sh
[ "$1" = get ] || exit 2
read -r server
printf '%s\\n' "$server" >> "${join(dir, "asked")}"
if [ "$server" = "${AUTH_REGISTRY}" ]; then
  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\\n' "$server" '${username}' '${secret}'
else
  echo "credentials not found in native keychain"
  exit 1
fi
`;
    writeFileSync(join(dir, `docker-credential-${name}`), script, { mode: 0o755 });
    return dir;
}

/*
 * A private Docker daemon for fault tests (issue 12 rows 9-10: a frozen daemon, a daemon killed mid-scan). Those
 * tests stop and kill a daemon: never the shared one at /var/run/docker.sock, which other tests and people use, but
 * a dockerd of their own on its own socket, data root and exec root (no bridge, no iptables). Its data root is kept
 * between runs (RSB_PRIVATE_DOCKERD_ROOT, default /var/tmp/rsb-dockerd2) so that an image loaded once is reused.
 */
export const PRIVATE_DAEMON_ROOT = process.env.RSB_PRIVATE_DOCKERD_ROOT ?? "/var/tmp/rsb-dockerd2";

export interface PrivateDaemon {
    root: string;
    socket: string;
    /** `unix://…` for DOCKER_HOST. */
    host: string;
    docker: Dockerode;
    /** The dockerd process (its containerd is its child). */
    pid: number;
    /** SIGKILL dockerd and its containerd (the daemon "dies"). */
    kill(): Promise<void>;
    /** SIGSTOP / SIGCONT the dockerd process (the daemon "freezes"). */
    freeze(): void;
    thaw(): void;
    /** Stop it cleanly (SIGCONT, SIGTERM, wait). */
    stop(): Promise<void>;
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
        if (!alive(pid)) return true;
        await new Promise((r) => setTimeout(r, 100));
    }
    return !alive(pid);
}

function readPid(file: string): number | undefined {
    try {
        const n = Number(readFileSync(file, "utf8").trim());
        return Number.isInteger(n) && n > 1 ? n : undefined;
    } catch {
        return undefined;
    }
}

/** Start (or restart) the private daemon and wait until it answers. */
export async function startPrivateDaemon(root = PRIVATE_DAEMON_ROOT): Promise<PrivateDaemon> {
    mkdirSync(root, { recursive: true });
    const socket = join(root, "docker.sock");
    const pidfile = join(root, "docker.pid");
    const containerdPidfile = join(root, "exec", "containerd", "containerd.pid");
    // A daemon (or its containerd) this helper started in an earlier run that did not stop it.
    for (const f of [pidfile, containerdPidfile]) {
        const old = readPid(f);
        if (old !== undefined && alive(old)) {
            process.kill(old, "SIGCONT");
            process.kill(old, "SIGKILL");
            await waitGone(old, 10_000);
        }
    }
    rmSync(socket, { force: true });
    rmSync(pidfile, { force: true });
    const log = openSync(join(root, "dockerd.log"), "a");
    const child = spawn(
        "dockerd",
        ["--host", `unix://${socket}`, "--data-root", join(root, "data"), "--exec-root", join(root, "exec"), "--pidfile", pidfile, "--bridge", "none", "--iptables=false", "--ip6tables=false"],
        { detached: true, stdio: ["ignore", log, log] },
    );
    child.unref();
    closeSync(log);
    const client = new Dockerode({ socketPath: socket });
    const until = Date.now() + 60_000;
    for (;;) {
        try {
            await client.ping();
            break;
        } catch (e) {
            if (Date.now() > until || child.exitCode !== null) {
                throw new Error(`private dockerd at ${socket} did not start (${(e as Error).message}); see ${join(root, "dockerd.log")}`);
            }
            await new Promise((r) => setTimeout(r, 250));
        }
    }
    const pid = child.pid!;
    const kill = async () => {
        const containerd = readPid(containerdPidfile);
        if (alive(pid)) process.kill(pid, "SIGKILL");
        await waitGone(pid, 10_000);
        if (containerd !== undefined && alive(containerd)) {
            process.kill(containerd, "SIGKILL");
            await waitGone(containerd, 10_000);
        }
    };
    return {
        root,
        socket,
        host: `unix://${socket}`,
        docker: client,
        pid,
        freeze: () => process.kill(pid, "SIGSTOP"),
        thaw: () => process.kill(pid, "SIGCONT"),
        kill,
        async stop() {
            if (!alive(pid)) return;
            process.kill(pid, "SIGCONT");
            process.kill(pid, "SIGTERM");
            if (!(await waitGone(pid, 30_000))) await kill();
        },
    };
}

/** Copy an image from the shared daemon into `target` (docker save | docker load through the Engine API). */
export async function copyImageTo(target: Dockerode, ref: string): Promise<void> {
    if (await imageExistsIn(target, ref)) return;
    const stream = (await docker.getImage(ref).get()) as unknown as NodeJS.ReadableStream;
    const res = (await target.loadImage(stream as unknown as string, { quiet: true } as object)) as unknown as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
        res.on("error", reject);
        res.on("end", () => resolve());
        res.resume();
    });
    if (!(await imageExistsIn(target, ref))) throw new Error(`loading ${ref} into the private daemon produced no image`);
}
