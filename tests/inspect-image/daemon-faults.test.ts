/**
 * Issue 12 rows 9-10: a Docker daemon that freezes (SIGSTOP) or dies (SIGKILL) before or in the middle of
 * `check --image`. Run against a PRIVATE dockerd started by the test on its own socket and data root (never the
 * shared daemon other tests use). The CLI must end with exit 2 and one line naming the daemon, say which inspection
 * containers it could not remove, and a later run must remove those and say so.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import { hostname } from "os";
import { INSPECT_LABEL, OWNER_LABEL, inspectImage } from "../../inspect/image";
import { dockerAtSocket } from "../../inspect/docker";
import { BIN, cliProcess, type Run } from "../cli/helpers";
import { copyImageTo, ensureDebianR, requireDocker, startPrivateDaemon, type PrivateDaemon } from "../support/docker";

/** Request timeout for these runs (seconds): a frozen daemon is detected this fast. */
const TIMEOUT_S = 3;

/** Exit 2 and one error line (a notice that an earlier run's leftovers were removed may come first). */
const oneLine = (r: Run) => {
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").filter((l) => !/^sagemaker-rstudio: removed \d+ stale inspection containers? /.test(l)).length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at |overlay2|\/var\/lib\/docker/);
};

describe("inspect/image: a frozen or killed Docker daemon (private dockerd)", function () {
    this.timeout(600_000);
    let d: PrivateDaemon;
    let image: string;

    const owned = async (pid: number) =>
        (await d.docker.listContainers({ all: true, filters: { label: [`${INSPECT_LABEL}=1`, `${OWNER_LABEL}=${hostname()} ${pid}`] } })).map((c) => c.Id.slice(0, 12));

    /** Start `check --image` on the private daemon; once its containers exist, call `act`; resolve with the run. */
    async function midScan(act: () => Promise<void> | void): Promise<Run & { pid: number; containers: string[] }> {
        const child = spawn(process.execPath, [BIN, "check", "--image", image, "--no-progress"], {
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, DOCKER_HOST: d.host, SAGEMAKER_RSTUDIO_DOCKER_TIMEOUT: String(TIMEOUT_S), NO_COLOR: "1" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (b: Buffer) => (stdout += b.toString()));
        child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
        const exited = new Promise<number>((resolve) => child.on("exit", (code, sig) => resolve(code ?? (sig ? 128 : -1))));
        let done = false;
        void exited.then(() => (done = true));
        // The check makes one container per daemon CPU (at most 4): wait for all of them, and a moment for the
        // answers to reach the check, so that it knows every container it has.
        const info = (await d.docker.info()) as { NCPU?: number };
        const expected = Math.max(1, Math.min(4, info.NCPU ?? 1));
        let containers: string[] = [];
        while (!done) {
            containers = await owned(child.pid!);
            if (containers.length >= expected) break;
            await new Promise((r) => setTimeout(r, 50));
        }
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(containers.length >= expected, `the check created its containers: ${stderr}`);
        await act();
        const code = await exited;
        return { code, stdout, stderr, pid: child.pid!, containers };
    }

    before(async function () {
        this.timeout(900_000);
        await requireDocker();
        image = await ensureDebianR();
        d = await startPrivateDaemon();
        await copyImageTo(d.docker, image);
    });

    after(async () => {
        await d?.stop();
    });

    it("row 9: a daemon frozen before the check: exit 2 after the request timeout, naming the daemon", () => {
        d.freeze();
        try {
            const r = cliProcess(["check", "--image", image, "--no-progress"], undefined, { DOCKER_HOST: d.host, SAGEMAKER_RSTUDIO_DOCKER_TIMEOUT: String(TIMEOUT_S) });
            oneLine(r);
            assert.equal(r.stderr.trim().split("\n").pop(), `sagemaker-rstudio: Docker daemon at ${d.socket} did not answer within ${TIMEOUT_S} s (ping): is dockerd frozen or overloaded?`);
        } finally {
            d.thaw();
        }
    });

    it("row 9: a daemon frozen mid-scan: exit 2 naming the daemon and the containers left; a later run cleans up", async () => {
        const r = await midScan(() => d.freeze());
        d.thaw();
        oneLine(r);
        assert.match(r.stderr, new RegExp(`Docker daemon at ${d.socket} did not answer within ${TIMEOUT_S} s \\(.+\\): is dockerd frozen or overloaded\\?`));
        assert.match(r.stderr, /inspection containers? [0-9a-f]{12}.* could not be removed \(labelled sagemaker-rstudio\.inspect=1; the next check removes (them|it), or: docker rm -f [0-9a-f]{12}/);
        for (const id of r.containers) assert.ok(r.stderr.includes(id), `names ${id}`);
        // Requests queued while it was frozen may still remove some once it runs again; a later run removes the rest.
        await inspectImage(image, { docker: dockerAtSocket(d.socket) });
        assert.deepEqual(await owned(r.pid), []);
    });

    it("row 10: a daemon killed mid-scan: the documented 'not reachable' line, what was left; after a restart the next run removes it", async () => {
        const r = await midScan(() => d.kill());
        oneLine(r);
        assert.match(r.stderr, new RegExp(`^sagemaker-rstudio: Docker daemon not reachable at ${d.socket}: is dockerd running\\?; inspection containers? `, "m"));
        for (const id of r.containers) assert.ok(r.stderr.includes(id), `names ${id}`);
        d = await startPrivateDaemon();
        const left = await owned(r.pid);
        assert.ok(left.length > 0, "a dead daemon removes nothing: the containers are still there after the restart");
        const notices: string[] = [];
        await inspectImage(image, { docker: dockerAtSocket(d.socket), onNotice: (m) => notices.push(m) });
        assert.deepEqual(await owned(r.pid), []);
        const said = notices.find((m) => m.startsWith("removed "));
        assert.ok(said, notices.join("\n"));
        for (const id of left) assert.ok(said.includes(id), `${said} names ${id}`);
    });
});
