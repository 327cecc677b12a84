/**
 * Issue 12 row 3: `check --image` cancelled mid-scan (CI cancels jobs with SIGTERM, often twice; Ctrl-C is SIGINT)
 * removes its inspection containers on every exit path, and a later run removes the containers of a run that was
 * killed outright (SIGKILL), by label and age, and says so. Through the real executable and the real daemon; the
 * containers are counted by their owner label (`<hostname> <pid>`), so other runs on the same daemon do not matter.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import { hostname } from "os";
import { INSPECT_LABEL, OWNER_LABEL, inspectImage } from "../../inspect/image";
import { BIN } from "../cli/helpers";
import { docker, ensureDebianR, requireDocker } from "../support/docker";

async function ownedBy(pid: number): Promise<string[]> {
    const list = await docker.listContainers({ all: true, filters: { label: [`${INSPECT_LABEL}=1`, `${OWNER_LABEL}=${hostname()} ${pid}`] } });
    return list.map((c) => c.Id);
}

interface Exit {
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
}

/** Start `check --image`, wait until its containers exist (it is mid-scan), then hand it to `act`. */
async function cancelMidScan(image: string, act: (child: ChildProcess) => void): Promise<Exit & { pid: number; hadContainers: number }> {
    const child = spawn(process.execPath, [BIN, "check", "--image", image, "--no-progress"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdout!.resume();
    const exited = new Promise<Exit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
    let done = false;
    void exited.then(() => (done = true));
    const pid = child.pid!;
    let seen: string[] = [];
    const until = Date.now() + 150_000;
    while (!done && Date.now() < until) {
        seen = await ownedBy(pid);
        if (seen.length > 0) break;
        await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(seen.length > 0, `the check created its containers before it ended: ${stderr}`);
    act(child);
    const exit = await exited;
    return { ...exit, stderr, pid, hadContainers: seen.length };
}

describe("inspect/image: signals and stale containers (real CLI, real daemon)", function () {
    this.timeout(300_000);
    let image: string;

    before(async function () {
        this.timeout(900_000);
        await requireDocker();
        // Its scan takes seconds (a real Debian with R): time enough to cancel it in the middle.
        image = await ensureDebianR();
    });

    it("SIGTERM mid-scan: the containers are removed, then the process ends by SIGTERM", async () => {
        const r = await cancelMidScan(image, (c) => c.kill("SIGTERM"));
        assert.equal(r.signal, "SIGTERM", `exit ${r.code}: ${r.stderr}`);
        assert.deepEqual(await ownedBy(r.pid), []);
    });

    it("SIGTERM twice in a row: still removed before the process ends", async () => {
        const r = await cancelMidScan(image, (c) => {
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGTERM"), 20);
        });
        assert.equal(r.signal, "SIGTERM", `exit ${r.code}: ${r.stderr}`);
        assert.deepEqual(await ownedBy(r.pid), []);
    });

    it("SIGINT (Ctrl-C): exit 130 after cleaning up", async () => {
        const r = await cancelMidScan(image, (c) => c.kill("SIGINT"));
        assert.equal(r.code, 130, `signal ${r.signal}: ${r.stderr}`);
        assert.match(r.stderr, /interrupted, cleaning up/);
        assert.deepEqual(await ownedBy(r.pid), []);
    });

    it("SIGINT twice in a row: exit 130, nothing left", async () => {
        const r = await cancelMidScan(image, (c) => {
            c.kill("SIGINT");
            setTimeout(() => c.kill("SIGINT"), 20);
        });
        assert.ok(r.code === 130 || r.signal === "SIGINT", `exit ${r.code} signal ${r.signal}: ${r.stderr}`);
        assert.deepEqual(await ownedBy(r.pid), []);
    });

    it("SIGKILL leaves containers; the next run removes them (their owner is gone) and says so", async () => {
        const r = await cancelMidScan(image, (c) => c.kill("SIGKILL"));
        assert.equal(r.signal, "SIGKILL");
        const left = await ownedBy(r.pid);
        assert.ok(left.length > 0, "a killed process cannot clean up");
        const notices: string[] = [];
        await inspectImage(image, { onNotice: (m) => notices.push(m) });
        assert.deepEqual(await ownedBy(r.pid), []);
        const removed = notices.find((m) => m.startsWith("removed "));
        assert.ok(removed, notices.join("\n"));
        for (const id of left) assert.ok(removed.includes(id.slice(0, 12)), `${removed} names ${id.slice(0, 12)}`);
        assert.match(removed, /stale inspection containers? left by an earlier check that did not finish .*label sagemaker-rstudio\.inspect=1/);
    });

    it("containers past their expiry are stale even when their owner looks alive (another host)", async () => {
        const c = await docker.createContainer({
            Image: image,
            Entrypoint: ["/nope"],
            Labels: { [INSPECT_LABEL]: "1", [OWNER_LABEL]: "some-other-host 1", [`${INSPECT_LABEL}.expires`]: String(Date.now() - 1000) },
            HostConfig: { NetworkMode: "none" },
        });
        const young = await docker.createContainer({
            Image: image,
            Entrypoint: ["/nope"],
            Labels: { [INSPECT_LABEL]: "1", [OWNER_LABEL]: "some-other-host 1", [`${INSPECT_LABEL}.expires`]: String(Date.now() + 600_000) },
            HostConfig: { NetworkMode: "none" },
        });
        try {
            const notices: string[] = [];
            await inspectImage(image, { onNotice: (m) => notices.push(m) });
            assert.match(notices.join("\n"), new RegExp(c.id.slice(0, 12)));
            await assert.rejects(c.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
            // A container another live run still owns is left alone.
            assert.equal((await young.inspect()).Id, young.id);
        } finally {
            await young.remove({ force: true });
            await c.remove({ force: true }).catch(() => undefined);
        }
    });
});
