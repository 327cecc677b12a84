import { strict as assert } from "assert";
import { BODY, FROM, bodyWithout, check, expectMandatory, of } from "./helpers";

describe("acceptance: RSB002 JDK variants", () => {
    const withPkgs = (pkgs: string) => [FROM, ...bodyWithout(/apt-get/), `RUN apt-get update && apt-get install -y ${pkgs}`];

    it("a JRE only is a mandatory finding that names the JRE at its line", async () => {
        const c = await check(withPkgs("sudo openjdk-11-jre-headless libpng-dev"));
        expectMandatory(c, ["RSB002"]);
        const f = of(c, "RSB002");
        assert.equal(f.length, 1);
        assert.match(f[0].message, /openjdk-11-jre-headless is a Java runtime only; AWS requires a JDK 11/);
        assert.equal(f[0].line, 6);
    });

    it("yum's java-11-openjdk (the runtime) is not java-11-openjdk-devel", async () => {
        const c = await check([FROM, ...bodyWithout(/apt-get/), "RUN yum install -y sudo java-11-openjdk libpng-devel"]);
        expectMandatory(c, ["RSB002"]);
        assert.match(of(c, "RSB002")[0].message, /java-11-openjdk is a Java runtime only/);
    });

    it("openjdk-17-jdk passes with an advisory note; openjdk-11-jdk-headless passes", async () => {
        const c = await check(withPkgs("sudo openjdk-17-jdk libpng-dev"));
        expectMandatory(c, []);
        assert.equal(of(c, "RSB002")[0].level, "advisory");
        expectMandatory(await check(withPkgs("sudo openjdk-11-jdk-headless libpng-dev")), []);
    });
});

describe("acceptance: RSB005 placeholders inside a URL", () => {
    const withEnv = (env: string) => [FROM, ...bodyWithout(/RSTUDIO_CONNECT_URL/), env];

    it("https://YOUR_CONNECT_URL and https://<host>/ are placeholders", async () => {
        const c = await check(withEnv('ENV RSTUDIO_CONNECT_URL="https://YOUR_CONNECT_URL" RSTUDIO_PACKAGE_MANAGER_URL="https://<ppm-host>/cran"'));
        expectMandatory(c, ["RSB005"]);
        assert.equal(of(c, "RSB005").length, 2);
        for (const f of of(c, "RSB005")) assert.match(f.message, /placeholder/);
    });

    it("a real URL whose path mentions 'your' is not a placeholder", async () => {
        expectMandatory(await check(withEnv('ENV RSTUDIO_CONNECT_URL="https://connect.example.com/your_apps" RSTUDIO_PACKAGE_MANAGER_URL=""')), []);
    });
});

describe("acceptance: RSB007/RSB008 messages", () => {
    it("a write of the reserved directory itself reads well", async () => {
        const c = await check([FROM, ...BODY, "ADD cfg.json /opt/ml/"], [], { "cfg.json": "{}" });
        expectMandatory(c, ["RSB007"]);
        assert.equal(of(c, "RSB007")[0].message, "ADD writes /opt/ml, which SageMaker reserves: it may be hidden at run time.");
    });

    it("WORKDIR creates, VOLUME declares", async () => {
        const c = await check([FROM, ...BODY, "WORKDIR /opt/ml/code", "VOLUME /home/sagemaker-user"]);
        assert.match(of(c, "RSB007")[0].message, /^WORKDIR creates \/opt\/ml\/code, under \/opt\/ml, which SageMaker reserves/);
        assert.match(of(c, "RSB008")[0].message, /^VOLUME declares a volume at \/home\/sagemaker-user, but the user's EFS volume/);
        assert.equal(of(c, "RSB008")[0].level, "advisory");
    });
});

describe("acceptance: RSB009/RSB010 GPU packages and installers", () => {
    const gpu = (...lines: string[]) => check([FROM, ...BODY, ...lines], ["--gpu"]);

    for (const pkg of ["nvidia-headless-535", "nvidia-headless-no-dkms-535-server", "nvidia-dkms-535", "nvidia-compute-utils-535", "libnvidia-gl-535", "libnvidia-decode-550"]) {
        it(`${pkg} is an NVIDIA driver package (RSB009)`, async () => {
            const c = await gpu("RUN apt-get install -y cuda-toolkit-12-4", `RUN apt-get install -y ${pkg}`);
            expectMandatory(c, ["RSB009"]);
            assert.equal(of(c, "RSB009")[0].line, 8);
        });
    }

    for (const pkg of ["cuda", "cuda-12-4", "cuda-runtime-12-4"]) {
        it(`the meta-package ${pkg} is a driver finding only: it brings the toolkit/libraries too (no RSB010)`, async () => {
            const c = await gpu(`RUN apt-get install -y ${pkg}`);
            expectMandatory(c, ["RSB009"]);
            assert.match(of(c, "RSB009")[0].message, /CUDA meta-package that depends on cuda-drivers/);
        });
    }

    it("a CUDA runfile without --toolkit installs the driver (RSB009) and the toolkit (no RSB010)", async () => {
        const c = await gpu("RUN sh cuda_12.4.1_550.54.15_linux.run --silent");
        expectMandatory(c, ["RSB009"]);
    });

    it("a CUDA runfile with --driver only installs no toolkit", async () => {
        const c = await gpu("RUN sh cuda_12.4.1_550.54.15_linux.run --silent --driver");
        expectMandatory(c, ["RSB009", "RSB010"]);
    });

    it("a toolkit copied from a CUDA stage or image into /usr/local/cuda* counts (GPU passes; CPU gets the advisory)", async () => {
        const lines = ["FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS cuda", FROM, "COPY --from=cuda /usr/local/cuda-12.4 /usr/local/cuda-12.4", ...BODY];
        expectMandatory(await check(lines, ["--gpu"]), []);
        const cpu = await check(lines);
        expectMandatory(cpu, []);
        assert.equal(of(cpu, "RSB010")[0].level, "advisory");
        assert.equal(of(cpu, "RSB010")[0].line, 3);
        const fromImage = [FROM, "COPY --from=nvidia/cuda:12.4.1-devel-ubuntu22.04 /usr/local/cuda /usr/local/cuda", ...BODY];
        expectMandatory(await check(fromImage, ["--gpu"]), []);
    });

    it("cuda-compat (forward compatibility, shipped by nvidia/cuda bases) is not flagged", async () => {
        expectMandatory(await gpu("RUN apt-get install -y cuda-toolkit-12-4 cuda-compat-12-4"), []);
    });
});

describe("acceptance: RSB012 platform spellings", () => {
    it("FROM --platform=amd64 (OS defaults to linux) passes; arm64 fails", async () => {
        expectMandatory(await check(["FROM --platform=amd64 rstudio/r-session-complete:jammy-2025.05.1", ...BODY]), []);
        expectMandatory(await check(["FROM --platform=arm64 rstudio/r-session-complete:jammy-2025.05.1", ...BODY]), ["RSB012"]);
    });
});
