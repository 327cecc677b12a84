/**
 * Facts read from images built locally from crafted files (tests/fixtures/images), through the real daemon.
 * Fails (does not skip) when the daemon is not running: start it with .ci/services.sh.
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import type { Fact, ImageFacts, KnownFact, PythonPackageFact } from "../../core/facts";
import { mergeFacts, withContext } from "../../core/facts";
import { evaluate } from "../../core/engine";
import { inspectDockerfile } from "../../inspect/dockerfile";
import { inspectImage } from "../../inspect/image";
import { assertNoContainerLeft, buildFixture, buildFixtureDir, docker, fixtureDockerfile } from "../support/docker";

function knownValue<T>(fact: Fact<T>, what: string): T {
    if (fact.state !== "known") assert.fail(`${what} should be known, is unknown: ${fact.reason}`);
    assert.equal(fact.source, "image", `${what} should come from the image`);
    return fact.value;
}

describe("inspect/image: crafted fixture images (real daemon)", function () {
    this.timeout(180_000);
    assertNoContainerLeft();

    const tags: Record<string, string> = {};
    const facts: Record<string, ImageFacts> = {};
    const progress: Record<string, string[]> = {};

    before(async function () {
        tags.base = await buildFixtureDir("base");
        tags.child = await buildFixtureDir("child", { base: tags.base });
        tags["gpu-base"] = await buildFixtureDir("gpu-base");
        tags["gpu-app"] = await buildFixtureDir("gpu-app", { "gpu-base": tags["gpu-base"] });
        tags.cpu = await buildFixtureDir("cpu");
        tags.rpm = await buildFixtureDir("rpm");
        for (const name of ["base", "child", "gpu-app", "cpu", "rpm"]) {
            progress[name] = [];
            facts[name] = await inspectImage(tags[name], { onProgress: (m) => progress[name].push(m) });
        }
    });

    it("records the reference and that the facts come from the image", () => {
        assert.equal(facts.base.imageRef, tags.base);
        assert.deepEqual(facts.base.sources, ["image"]);
    });

    it("workbenchVersion: /usr/lib/rstudio-server/VERSION, trimmed", () => {
        assert.equal(knownValue(facts.base.workbenchVersion, "workbenchVersion"), "2025.05.1+513.pro3");
        assert.equal((facts.base.workbenchVersion as KnownFact<string>).via, "/usr/lib/rstudio-server/VERSION");
        assert.equal(knownValue(facts.cpu.workbenchVersion, "workbenchVersion"), "2024.04.2+764.pro1");
        assert.equal(knownValue(facts.rpm.workbenchVersion, "workbenchVersion"), "2022.02.2+485.pro2");
    });

    it("systemPackages: installed dpkg entries with versions; removed and half-installed ones left out", () => {
        const pkgs = knownValue(facts.base.systemPackages, "systemPackages");
        assert.deepEqual(
            pkgs.map((p) => `${p.name}=${p.version}/${p.manager}`),
            ["libpng-dev=1.6.39-2/dpkg", "openjdk-11-jdk=11.0.24+8-1~deb12u1/dpkg", "rstudio-workbench=2025.05.1+513.pro3/dpkg", "sudo=1.9.13p3-1+deb12u1/dpkg"],
        );
    });

    it("systemPackages: distroless status.d entries are read too", () => {
        const names = knownValue(facts.cpu.systemPackages, "systemPackages").map((p) => p.name);
        assert.deepEqual(names, ["libpng-dev", "sudo", "tzdata"]);
    });

    it("systemPackages on an RPM-based image: unknown, saying the rpm database is not read", () => {
        const f = facts.rpm.systemPackages;
        assert.equal(f.state, "unknown");
        assert.equal(f.source, "image");
        assert.match(f.state === "unknown" ? f.reason : "", /RPM-based \(\/var\/lib\/rpm\).*rpm database is not read/);
    });

    it("pythonPackages: dist-info and egg-info (dir and file) in every site-packages, names normalised", () => {
        const pkgs = knownValue<PythonPackageFact[]>(facts.base.pythonPackages, "pythonPackages");
        assert.deepEqual(
            pkgs.map((p) => `${p.name}==${p.version}`),
            ["awscli==1.32.0", "boto3==1.34.0", "foo-bar==0.1", "nometa==2.0", "sagemaker==2.232.0", "six==1.16.0", "typing-extensions==4.12.2"],
        );
        assert.ok(pkgs.every((p) => p.specifier === "" && p.extras.length === 0));
        const via = (facts.base.pythonPackages as KnownFact<unknown>).via ?? "";
        for (const dir of ["/opt/python/3.12.4/lib/python3.12/site-packages", "/usr/local/lib/python3.11/site-packages", "/usr/lib/python3/dist-packages"]) {
            assert.ok(via.includes(dir), `via names ${dir}: ${via}`);
        }
    });

    it("rPackages: <lib>/<pkg>/DESCRIPTION in each library incl. /opt/R/*; no Meta/package.rds or nested: not a package", () => {
        const pkgs = knownValue(facts.base.rPackages, "rPackages");
        assert.deepEqual(
            pkgs.map((p) => `${p.name}=${p.version}/${p.via}`),
            ["base=4.4.1/DESCRIPTION", "jsonlite=1.8.8/DESCRIPTION", "reticulate=1.38.0/DESCRIPTION", "stats=4.4.1/DESCRIPTION"],
        );
    });

    it("pathWrites: entries under /opt/ml and /home/sagemaker-user; an empty /opt/.sagemakerinternal is not a write", () => {
        const writes = knownValue(facts.base.pathWrites, "pathWrites");
        assert.deepEqual(
            writes.map((w) => `${w.path} ${w.via}`),
            ["/home/sagemaker-user/.Rprofile filesystem", "/opt/ml/input filesystem", "/opt/ml/model filesystem"],
        );
        assert.deepEqual(knownValue(facts.cpu.pathWrites, "pathWrites"), []);
    });

    it("env: the final ENV, including what the base image set; entrypoint and cmd", () => {
        const env = knownValue(facts.child.env, "env");
        assert.equal(env.BASE_ONLY?.value, "from-base", "inherited from the base image");
        assert.equal(env.CHILD_ONLY?.value, "from-child");
        assert.equal(env.RSTUDIO_CONNECT_URL?.value, "https://connect.child.example.com", "the child overrides the base");
        assert.equal(env.RSTUDIO_PACKAGE_MANAGER_URL?.value, "", "an empty value is kept");
        assert.deepEqual(knownValue(facts.child.entrypoint, "entrypoint"), { entrypoint: ["/usr/lib/rstudio-server/bin/rserver"], cmd: ["--server-daemonize=0"] });
        assert.deepEqual(knownValue(facts.base.entrypoint, "entrypoint"), {});
    });

    it("platform and commands/baseImage (unknown from an image, with a reason)", () => {
        assert.equal(knownValue(facts.base.platform, "platform"), "linux/amd64");
        for (const key of ["commands", "baseImage"] as const) {
            const f = facts.base[key];
            assert.equal(f.state, "unknown", key);
            assert.ok(f.state === "unknown" && f.reason.length > 10);
        }
    });

    it("sizeBytes: the image size as docker image ls counts it (file bytes of all layers)", async function () {
        // 3,000,000 bytes of incompressible content in one file: the size must be that plus a little metadata.
        const blob = Buffer.alloc(3_000_000);
        for (let i = 0, h = createHash("sha256").update("seed").digest(); i < blob.length; i += 32) {
            h.copy(blob, i);
            h = createHash("sha256").update(h).digest();
        }
        const tag = await buildFixture("sized", "FROM scratch\nCOPY blob.bin /data/blob.bin\n", { "blob.bin": blob });
        const size = knownValue(facts.base.sizeBytes, "sizeBytes");
        assert.ok(size > 1000 && size < 100_000, `crafted base image is small: ${size}`);
        const sized = await inspectImage(tag);
        const bytes = knownValue(sized.sizeBytes, "sizeBytes");
        assert.ok(bytes >= 3_000_000 && bytes < 3_000_000 + 16_384, `size ${bytes}`);
        const info = await docker.getImage(tag).inspect();
        assert.equal(bytes, info.Size);
    });

    it("files (GPU image): driver libraries through their SONAME links, nvidia-smi, the CUDA toolkit via /usr/local/cuda", () => {
        const files = knownValue(facts["gpu-app"].files, "files");
        for (const f of [
            "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.535.1",
            "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
            "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.535.1",
            "/usr/bin/nvidia-smi",
            "/usr/local/cuda-12.4/version.json",
            "/usr/local/cuda-12.4/bin/nvcc",
            "/usr/local/cuda-12.4/targets/x86_64-linux/lib/libcudart.so.12",
            "/usr/local/cuda-12.4/targets/x86_64-linux/lib/libcudart.so.12.4.127",
        ]) {
            assert.ok(files.includes(f), `${f} in ${JSON.stringify(files)}`);
        }
        assert.ok(!files.some((f) => f.includes("libpng")), "ordinary libraries are not listed");
    });

    it("files (CPU image): none", () => {
        assert.deepEqual(knownValue(facts.cpu.files, "files"), []);
    });

    it("RSB009 from the image although the Dockerfile looks clean (FROM a base that carries the driver)", () => {
        const text = fixtureDockerfile("gpu-app", { "gpu-base": tags["gpu-base"] });
        const fromDockerfile = withContext(inspectDockerfile(text, { file: "Dockerfile" }).facts, { gpu: true });
        assert.deepEqual(evaluate(fromDockerfile).filter((f) => f.rule === "RSB009"), [], "nothing in the Dockerfile installs a driver");

        const merged = withContext(mergeFacts(inspectDockerfile(text, { file: "Dockerfile" }).facts, facts["gpu-app"]), { gpu: true });
        const rsb009 = evaluate(merged).filter((f) => f.rule === "RSB009");
        assert.ok(rsb009.length >= 1, "RSB009 raised");
        assert.ok(rsb009.every((f) => f.source === "image" && f.level === "mandatory"));
        assert.ok(rsb009.some((f) => f.message.includes("libcuda.so")), rsb009.map((f) => f.message).join("\n"));
        assert.ok(rsb009.some((f) => f.message.includes("libnvidia-compute-535")), "the driver package from the image's dpkg database");
        // The toolkit is there, so the GPU image passes RSB010.
        assert.deepEqual(evaluate(merged).filter((f) => f.rule === "RSB010"), []);
    });

    it("CPU image: no GPU findings; the same image declared GPU lacks a toolkit (RSB010)", () => {
        const cpu = evaluate(withContext(facts.cpu, { gpu: false }));
        assert.deepEqual(cpu.filter((f) => f.rule === "RSB009" || f.rule === "RSB010"), []);
        const asGpu = evaluate(withContext(facts.cpu, { gpu: true })).filter((f) => f.rule === "RSB010");
        assert.equal(asGpu.length, 1);
    });

    it("the rules read image facts: reserved paths (RSB007), home writes (RSB008) and size from the image", () => {
        const findings = evaluate(facts.base);
        const rsb007 = findings.filter((f) => f.rule === "RSB007");
        assert.deepEqual(rsb007.map((f) => f.source), ["image", "image"]);
        assert.ok(rsb007[0].message.includes("/opt/ml/"), rsb007[0].message);
        assert.equal(findings.filter((f) => f.rule === "RSB008").length, 1);
        assert.deepEqual(findings.filter((f) => f.rule === "RSB011"), [], "a small image passes the size rule");
        assert.deepEqual(findings.filter((f) => f.rule === "RSB003" || f.rule === "RSB002"), [], "reticulate, sudo, a JDK 11 and libpng-dev are there");
    });

    it("reports progress while it works", () => {
        const lines = progress.base;
        assert.ok(lines.some((l) => l.startsWith("connecting to the Docker daemon")));
        assert.ok(lines.some((l) => l.startsWith("creating containers from")));
        assert.ok(lines.some((l) => l.startsWith("listing /opt/python")));
        assert.ok(lines.some((l) => l.startsWith("removing container")));
    });
});
