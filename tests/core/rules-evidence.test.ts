import { strict as assert } from "assert";
import { evaluate, isBlocking, known, loadConfig, unknown, type Finding, type ImageFacts } from "../../core";
import { compliantFacts } from "./helpers";

const AS_OF = loadConfig({ asOf: "2026-11-30" });
const BASE = "rstudio/r-session-complete:jammy-2025.05.1";
const PARTIAL = `the base image ${BASE} was not inspected`;
const run = (facts: ImageFacts, rule: string, config = AS_OF): Finding[] => evaluate(facts, config).filter((f) => f.rule === rule);
const one = (facts: ImageFacts, rule: string, config = AS_OF): Finding => {
    const got = run(facts, rule, config);
    assert.equal(got.length, 1, `${rule}: ${JSON.stringify(got, null, 1)}`);
    return got[0];
};
const file = "Dockerfile";

/** compliantFacts with every list partial, as for a Dockerfile whose base was not inspected. */
function partialFacts(): ImageFacts {
    const f = compliantFacts();
    for (const key of ["systemPackages", "rPackages", "pythonPackages", "env", "pathWrites", "commands"] as const) {
        const fact = f[key];
        if (fact.state === "known") (fact as { partial?: string }).partial = PARTIAL;
    }
    return f;
}

describe("rules: basis and unverified, per rule", () => {
    describe("RSB001 base-version (issue 11 rows 1-3)", () => {
        it("an OS tag gives no version: advisory 'none found', unverified while the base is not inspected", () => {
            const f = compliantFacts();
            f.baseImage = known("public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240624", "dockerfile", { file, line: 1, via: "FROM" });
            f.workbenchVersion = unknown("dockerfile", "base image public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240624 has no Workbench version in its tag");
            const x = one(f, "RSB001");
            assert.equal(x.level, "advisory");
            assert.match(x.message, /^No Workbench version found: base image public\.ecr\.aws\/amazonlinux\/amazonlinux:2023\.5\.20240624/);
            assert.equal(x.unverified, "the base image public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240624 was not inspected");
            assert.match(x.fix, /The newest supported line is 2025\.05/);
            f.baseInspected = f.baseImage.value;
            const seen = one(f, "RSB001");
            assert.equal(seen.unverified, undefined, "an inspected base without Workbench is evidence");
            assert.match(seen.basis, /nor its base image public\.ecr\.aws/);
        });
        it("RStudio Server Pro 1.x is mandatory: older than any minimum", () => {
            const f = compliantFacts();
            f.workbenchVersion = known("1.4.1717-3", "dockerfile", { file, line: 2, via: "ARG RSP_VERSION" });
            const x = one(f, "RSB001");
            assert.equal(x.level, "mandatory");
            assert.equal(x.unverified, undefined);
            assert.ok(isBlocking(x));
            assert.equal(x.line, 2);
            assert.match(x.message, /^RStudio Server Pro 1\.4\.1717-3 \(from ARG RSP_VERSION\): the 1\.x line predates Workbench's calendar versions, so it is older than the minimum 2022\.02\.2-485\.pro2 and than every version SageMaker runs\.$/);
            assert.equal(x.basis, "1.4.1717-3 from ARG RSP_VERSION (Dockerfile line 2), compared with minWorkbenchVersion 2022.02.2-485.pro2");
        });
        it("open-source RStudio Server is not Workbench: a verified mandatory finding at its line", () => {
            const f = compliantFacts();
            f.workbenchVersion = {
                ...unknown("dockerfile", "ENV RSTUDIO_VERSION=2026.06.0+242 (line 2) is an open-source RStudio Server version, not Posit Workbench"),
                otherProduct: { product: "rstudio-server", version: "2026.06.0+242", via: "ENV RSTUDIO_VERSION", file, line: 2 },
            };
            const x = one(f, "RSB001");
            assert.equal(x.level, "mandatory");
            assert.ok(isBlocking(x));
            assert.equal(x.line, 2);
            assert.match(x.message, /^ENV RSTUDIO_VERSION \(line 2\) gives open-source RStudio Server 2026\.06\.0\+242, not Posit Workbench/);
            assert.match(x.basis, /^Dockerfile line 2 sets 2026\.06\.0\+242, an open-source RStudio Server version/);
            assert.match(x.fix, /^Build on a Posit Workbench session image instead of an RStudio Server one\./);
        });
        it("a RStudio Workbench 2021 version names its product", () => {
            const f = compliantFacts();
            f.workbenchVersion = known("2021.09.0+351.pro6", "dockerfile", { file, line: 2, via: "ARG RSW_VERSION" });
            assert.match(one(f, "RSB001").message, /^RStudio Workbench 2021\.09\.0\+351\.pro6 \(from ARG RSW_VERSION\) is older than the minimum 2022\.02\.2-485\.pro2\.$/);
        });
    });

    describe("RSB002/RSB003/RSB004: absence from a partial list is unverified, presence is evidence", () => {
        it("missing packages on a partial list do not block and say why", () => {
            const f = partialFacts();
            f.systemPackages = known([{ name: "libpng-dev", manager: "apt" as const, file, line: 5 }], "dockerfile", { partial: PARTIAL });
            f.rPackages = known([], "dockerfile", { partial: PARTIAL });
            f.pythonPackages = known([], "dockerfile", { partial: `${PARTIAL}; requirements.txt (Dockerfile:6) could not be read from the build context` });
            const all = [...run(f, "RSB002"), ...run(f, "RSB003"), ...run(f, "RSB004")];
            assert.equal(all.length, 2 + 1 + 3);
            for (const x of all) {
                assert.equal(x.level, "mandatory");
                assert.ok(x.unverified !== undefined && x.unverified.startsWith(PARTIAL), x.unverified);
                assert.equal(isBlocking(x), false);
            }
            assert.equal(run(f, "RSB003")[0].basis, "no install of the R package reticulate in this Dockerfile");
            assert.match(run(f, "RSB004")[0].unverified!, /requirements\.txt \(Dockerfile:6\) could not be read/);
        });
        it("a problem the Dockerfile itself shows stays verified on a partial list", () => {
            const f = partialFacts();
            f.pythonPackages = known(
                [
                    { name: "boto3", extras: [], specifier: "", file, line: 7 },
                    { name: "awscli", extras: [], specifier: "", file, line: 7 },
                    { name: "sagemaker", extras: [], specifier: "", raw: "sagemaker", file, line: 7 },
                ],
                "dockerfile",
                { partial: PARTIAL },
            );
            const x = one(f, "RSB004");
            assert.equal(x.unverified, undefined);
            assert.equal(x.basis, 'Dockerfile line 7 requires "sagemaker"');
            assert.ok(isBlocking(x));
            f.systemPackages = known([{ name: "openjdk-11-jre", manager: "apt" as const, file, line: 5 }, { name: "sudo", manager: "apt" as const, file, line: 5 }, { name: "libpng-dev", manager: "apt" as const, file, line: 5 }], "dockerfile", { partial: PARTIAL });
            const jre = one(f, "RSB002");
            assert.match(jre.basis, /^Dockerfile line 5 installs openjdk-11-jre; no JDK 11 package in this Dockerfile$/);
            assert.equal(jre.unverified, PARTIAL, "the base may still carry a JDK");
        });
        it("a package name arrived at through default-jdk is shown with how", () => {
            const f = compliantFacts();
            f.systemPackages = known(
                [
                    { name: "sudo", manager: "apt" as const, file, line: 5 },
                    { name: "libpng-dev", manager: "apt" as const, file, line: 5 },
                    { name: "openjdk-21-jdk", manager: "apt" as const, via: "default-jdk on Ubuntu 24.04 noble", file, line: 5 },
                ],
                "dockerfile",
            );
            const x = one(f, "RSB002");
            assert.equal(x.level, "advisory");
            assert.match(x.message, /^openjdk-21-jdk \(default-jdk on Ubuntu 24\.04 noble\) is installed instead of a JDK 11/);
        });
        it("an unknown list is an unverified advisory", () => {
            const f = compliantFacts();
            f.rPackages = unknown("dockerfile", "r-packages.txt could not be read from the build context");
            const x = one(f, "RSB003");
            assert.equal(x.level, "advisory");
            assert.equal(x.unverified, "r-packages.txt could not be read from the build context");
            assert.equal(x.basis, "the list of installed R packages could not be determined");
        });
        it("on built-image facts absence is verified, whatever the inspector's via says", () => {
            const f = compliantFacts();
            f.imageRef = "repo/img:1";
            f.env = known({}, "image", { via: "image config Env (including what base images set)" });
            const env = run(f, "RSB005")[0];
            assert.equal(env.message, "RSTUDIO_CONNECT_URL has no default value: it is not set in the built image.");
            assert.equal(env.basis, "no ENV RSTUDIO_CONNECT_URL in the built image repo/img:1");
            f.rPackages = known([], "image");
            const x = one(f, "RSB003");
            assert.equal(x.unverified, undefined);
            assert.equal(x.basis, "no install of the R package reticulate in the built image repo/img:1");
            assert.equal(x.message, "The R package reticulate is not installed in the built image.");
        });
    });

    describe("RSB005 env-defaults and RSB016 force-nonzero-exit", () => {
        it("an unset variable on a partial env is unverified; a bad value is verified at its line", () => {
            const f = partialFacts();
            f.env = known({ RSTUDIO_PACKAGE_MANAGER_URL: { value: "user:pw@example.com", file, line: 9 } }, "dockerfile", { partial: PARTIAL });
            const got = run(f, "RSB005");
            assert.equal(got.length, 2);
            const unset = got.find((x) => /RSTUDIO_CONNECT_URL/.test(x.message))!;
            assert.equal(unset.unverified, PARTIAL);
            assert.equal(unset.basis, "no ENV RSTUDIO_CONNECT_URL in this Dockerfile");
            const bad = got.find((x) => /RSTUDIO_PACKAGE_MANAGER_URL/.test(x.message))!;
            assert.equal(bad.unverified, undefined);
            assert.equal(bad.line, 9);
            assert.equal(bad.basis, "Dockerfile line 9 sets RSTUDIO_PACKAGE_MANAGER_URL");
            const nz = one(f, "RSB016");
            assert.equal(nz.unverified, PARTIAL);
            f.env = known({ RSTUDIO_FORCE_NON_ZERO_EXIT_CODE: { value: "0", file, line: 10 } }, "dockerfile", { partial: PARTIAL });
            const zero = one(f, "RSB016");
            assert.equal(zero.unverified, undefined);
            assert.equal(zero.basis, 'Dockerfile line 10 sets it to "0"');
        });
    });

    describe("RSB006-RSB009: what is seen is evidence", () => {
        it("ENTRYPOINT, reserved paths, home, driver packages carry their line in the basis and are never unverified", () => {
            const f = partialFacts();
            f.entrypoint = known({ entrypoint: ["/init"], file, entrypointLine: 12 }, "dockerfile");
            f.pathWrites = known(
                [
                    { path: "/opt/ml/code", via: "COPY", file, line: 13 },
                    { path: "/home/sagemaker-user/.Rprofile", via: "RUN >", file, line: 14 },
                ],
                "dockerfile",
                { partial: PARTIAL },
            );
            f.systemPackages = known([{ name: "cuda-12-4", manager: "apt" as const, file, line: 15 }], "dockerfile", { partial: PARTIAL });
            const x6 = one(f, "RSB006");
            assert.equal(x6.basis, "Dockerfile line 12 sets ENTRYPOINT");
            const x7 = one(f, "RSB007");
            assert.equal(x7.basis, "Dockerfile line 13: COPY writes /opt/ml/code");
            const x8 = one(f, "RSB008");
            assert.equal(x8.basis, "Dockerfile line 14: RUN > writes /home/sagemaker-user/.Rprofile");
            const x9 = one(f, "RSB009");
            assert.equal(x9.basis, "Dockerfile line 15 installs cuda-12-4");
            for (const x of [x6, x7, x8, x9]) assert.equal(x.unverified, undefined, x.rule);
        });
        it("driver files in a built image", () => {
            const f = compliantFacts();
            f.imageRef = "repo/img:1";
            f.files = known(["/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/bin/nvidia-smi"], "image");
            const x = one(f, "RSB009");
            assert.equal(x.basis, "2 driver files found in the built image repo/img:1");
        });
    });

    describe("RSB010 gpu-cuda-toolkit (issue 11 row 6)", () => {
        it("a GPU Dockerfile on a base that was not inspected is unverified, and names a CUDA-looking base", () => {
            const f = partialFacts();
            f.processor = known("GPU" as const, "context", { via: "declared" });
            f.baseImage = known("rocker/cuda:4.0.4-cuda11.1", "dockerfile", { file, line: 1, via: "FROM" });
            const x = one(f, "RSB010");
            assert.equal(x.level, "mandatory");
            assert.equal(x.unverified, PARTIAL);
            assert.equal(isBlocking(x), false);
            assert.match(x.message, /this Dockerfile installs no CUDA toolkit .*\(its base rocker\/cuda:4\.0\.4-cuda11\.1 looks like a CUDA image, but was not inspected\)\.$/);
        });
        it("on a complete view (built image) a missing toolkit is verified and keeps the old wording", () => {
            const f = compliantFacts();
            f.processor = known("GPU" as const, "context", { via: "declared" });
            f.imageRef = "repo/img:1";
            f.files = known(["/usr/lib/rstudio-server/bin/rsession"], "image");
            const x = one(f, "RSB010");
            assert.equal(x.unverified, undefined);
            assert.match(x.message, /^The image is declared GPU but carries no CUDA toolkit/);
            assert.match(x.basis, /in the built image repo\/img:1; declared GPU by the declared given by the caller$/);
        });
        it("a CPU image with a toolkit: advisory whose basis names the evidence and its line", () => {
            const f = compliantFacts();
            f.systemPackages = known([{ name: "cuda-toolkit-12-4", manager: "apt" as const, file, line: 6 }], "dockerfile");
            const x = one(f, "RSB010");
            assert.equal(x.level, "advisory");
            assert.match(x.basis, /^package cuda-toolkit-12-4 \(Dockerfile line 6\); declared CPU by/);
        });
    });

    describe("RSB011-RSB014", () => {
        it("size unknown is an unverified advisory; measured size is evidence", () => {
            const x = one(compliantFacts(), "RSB011");
            assert.equal(x.unverified, "measured on the built image");
            assert.equal(x.basis, "a Dockerfile has no size");
            const f = compliantFacts();
            f.imageRef = "repo/img:1";
            f.sizeBytes = known(26e9, "image");
            const big = one(f, "RSB011");
            assert.equal(big.basis, "the built image repo/img:1 is 26000000000 bytes (26.00 GB); limit 25 GB");
            assert.ok(isBlocking(big));
        });
        it("platform, domain line and digest findings say what decided them", () => {
            const f = compliantFacts();
            f.platform = known("linux/arm64", "dockerfile", { file, line: 3, via: "FROM --platform" });
            f.domainWorkbenchVersion = known("2024.04", "context", { via: "domain" });
            f.imageUri = known("123.dkr.ecr.us-east-1.amazonaws.com/r:latest", "context", { via: "image version" });
            assert.equal(one(f, "RSB012").basis, "Dockerfile line 3 gives linux/arm64 (FROM --platform)");
            assert.equal(one(f, "RSB013").basis, "image line 2026.08 (Dockerfile line 2) vs domain line 2024.04 (the domain given by the caller)");
            assert.equal(one(f, "RSB014").basis, 'the image version given by the caller is "123.dkr.ecr.us-east-1.amazonaws.com/r:latest"');
        });
        it("RSB013's fix comes from the table: never move the domain to a deprecated or unlisted line", () => {
            const f = compliantFacts();
            f.domainWorkbenchVersion = known("2024.04", "context", { via: "domain" });
            f.workbenchVersion = known("2025.05.1", "dockerfile", { file, line: 2, via: "FROM tag" });
            assert.match(one(f, "RSB013").fix, /^Build the image on the domain's 2024\.04 line \(Workbench 2024\.04\.2\+764\.pro1: set RSW_VERSION to match\), or upgrade the domain to 2025\.05 \(domain image rstudio-workbench-2025\.05-sagemaker-1\.0\) and all its images together/);
            f.domainWorkbenchVersion = known("2025.05", "context", { via: "domain" });
            f.workbenchVersion = known("2024.04.2+764.pro1", "dockerfile", { file, line: 2, via: "ARG RSW_VERSION" });
            const back = one(f, "RSB013").fix;
            assert.match(back, /The image's line 2024\.04 is deprecated on SageMaker \(2026-04-30\): do not move the domain to it\.$/);
            f.workbenchVersion = known("2023.12.1", "dockerfile", { file, line: 2, via: "FROM tag" });
            assert.match(one(f, "RSB013").fix, /The image's line 2023\.12 is not one SageMaker runs a domain on/);
        });
        it("RSB013 with an unknown image version is an unverified advisory; RSP 1.x never matches a domain", () => {
            const f = compliantFacts();
            f.domainWorkbenchVersion = known("2025.05", "context", { via: "domain" });
            f.workbenchVersion = unknown("dockerfile", "no version in the Dockerfile");
            const x = one(f, "RSB013");
            assert.equal(x.level, "advisory");
            assert.equal(x.unverified, "no version in the Dockerfile");
            f.workbenchVersion = known("1.4.1717-3", "dockerfile", { file, line: 2, via: "ARG RSP_VERSION" });
            const rsp = one(f, "RSB013");
            assert.equal(rsp.level, "mandatory");
            assert.match(rsp.basis, /^image line 1\.4\.1717-3 .* vs domain line 2025\.05/);
        });
    });

    describe("RSB015 deprecated-version: advice from the table (issue 11 item 5)", () => {
        const on = (v: string) => {
            const f = compliantFacts();
            f.workbenchVersion = known(v, "dockerfile", { file, line: 2, via: "FROM tag" });
            return f;
        };
        it("2025.05 on 2026-11-30: scheduled, and no circular 'current' advice", () => {
            const x = one(on("2025.05.1"), "RSB015");
            assert.equal(x.message, "Workbench 2025.05.1 (from FROM tag) is on the 2025.05 line, which SageMaker deprecates on 2026-12-05 (2025.05.1+513.pro3).");
            assert.doesNotMatch(x.fix, /as current|Move to 2025\.05/);
            assert.match(x.fix, /^This is the newest supported line, 2025\.05\.1\+513\.pro3, itself scheduled for deprecation on 2026-12-05; AWS's RStudio versioning page \(read 2026-11-30\) lists no newer supported line/);
            assert.match(x.fix, /posit\/workbench-session-complete/);
            assert.match(x.basis, /deprecatedVersions lists 2025\.05\.1\+513\.pro3 with 2026-12-05 as of 2026-11-30 \(default: https:\/\/docs\.aws\.amazon\.com\/sagemaker\/latest\/dg\/rstudio-version\.html, read 2026-11-30\)$/);
        });
        it("2024.04 (deprecated): advises 2025.05 and says it is itself scheduled", () => {
            const x = one(on("2024.04.2+764.pro1"), "RSB015");
            assert.match(x.message, /which SageMaker deprecated on 2026-04-30/);
            assert.match(x.fix, /^The newest supported line is 2025\.05 \(2025\.05\.1\+513\.pro3, domain image rstudio-workbench-2025\.05-sagemaker-1\.0\), itself scheduled for deprecation on 2026-12-05/);
        });
        it("after 2026-12-05 it advises no deprecated version and says none is known", () => {
            const later = loadConfig({ asOf: "2026-12-06" });
            for (const v of ["2024.04.2+764.pro1", "2025.05.1"]) {
                const x = one(on(v), "RSB015", later);
                assert.match(x.message, /which SageMaker deprecated on/);
                assert.match(x.fix, /^No supported Workbench line is known/);
                assert.doesNotMatch(x.fix, /2025\.05\.1\+513\.pro3|2024\.04\.2/);
            }
        });
        it("an unlisted or unconfirmed line is not reported; the RSB001 fix carries the same advice", () => {
            assert.deepEqual(run(on("2026.08.2+200.pro1"), "RSB015"), []);
            assert.deepEqual(run(on("2023.12.1"), "RSB015"), []);
            const f = on("2021.09.0+351.pro6");
            assert.match(one(f, "RSB001").fix, /The newest supported line is 2025\.05/);
        });
    });
});
