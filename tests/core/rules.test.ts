import { strict as assert } from "assert";
import {
    evaluate,
    findRule,
    known,
    loadConfig,
    mergeFacts,
    emptyFacts,
    unknown,
    withContext,
    RULES,
    type Finding,
    type ImageFacts,
} from "../../core";
import { compliantFacts } from "./helpers";

const AS_OF = loadConfig({ asOf: "2026-11-27" });
const only = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);
const run = (facts: ImageFacts, rule: string, config = AS_OF) => only(evaluate(facts, config), rule);

describe("spec rules", () => {
    it("the catalogue has RSB001..RSB016 with unique slugs and complete docs", () => {
        assert.deepEqual(RULES.map((r) => r.id), Array.from({ length: 16 }, (_, i) => `RSB${String(i + 1).padStart(3, "0")}`));
        assert.equal(new Set(RULES.map((r) => r.slug)).size, 16);
        for (const r of RULES) {
            assert.ok(r.summary && r.fix && r.rationale, r.id);
            assert.equal(findRule(r.slug), r);
        }
    });

    it("a compliant Dockerfile has only the size advisory (size needs the built image)", () => {
        const findings = evaluate(compliantFacts(), AS_OF);
        assert.deepEqual(findings.map((f) => [f.rule, f.level]), [["RSB011", "advisory"]]);
        assert.equal(findings[0].line, 3, "a finding from a Dockerfile carries a line");
    });

    describe("RSB001 base-version", () => {
        const withVersion = (v: string) => {
            const f = compliantFacts();
            f.workbenchVersion = known(v, "dockerfile", { file: "Dockerfile", line: 2, via: "ARG RSW_VERSION" });
            return f;
        };
        it("passes at and above the minimum, fails below, with the line", () => {
            assert.deepEqual(run(withVersion("2022.02.2-485.pro2"), "RSB001"), []);
            assert.deepEqual(run(withVersion("2022.02.2+485.pro2"), "RSB001"), []);
            const below = run(withVersion("2022.02.1-461.pro1"), "RSB001");
            assert.equal(below.length, 1);
            assert.equal(below[0].level, "mandatory");
            assert.equal(below[0].line, 2);
            assert.match(below[0].message, /2022\.02\.1-461\.pro1 \(from ARG RSW_VERSION\) is older than the minimum 2022\.02\.2-485\.pro2/);
        });
        it("a version without a build number is the release it names; the configured minimum applies", () => {
            assert.deepEqual(run(withVersion("2022.02.2"), "RSB001"), []);
            assert.equal(run(withVersion("2022.02.2-484.pro9"), "RSB001").length, 1);
            assert.equal(run(withVersion("2022.02.1"), "RSB001").length, 1);
            const cfg = loadConfig({ minWorkbenchVersion: "2025.05.1+513.pro3" });
            assert.equal(run(withVersion("2024.04.2+764.pro1"), "RSB001", cfg).length, 1);
            assert.equal(run(withVersion("2025.05.1-513.pro3"), "RSB001", cfg).length, 0);
        });
        it("an undeterminable version is an advisory saying so", () => {
            const f = compliantFacts();
            f.workbenchVersion = unknown("dockerfile", "base image ubuntu:22.04 has no Workbench version in its tag");
            const [x] = run(f, "RSB001");
            assert.equal(x.level, "advisory");
            assert.match(x.message, /^No Workbench version found: base image ubuntu:22\.04/);
            assert.equal(x.unverified, "the base image rstudio/r-session-complete:jammy-2025.05.1 was not inspected", "the base may carry Workbench");
            assert.equal(x.basis, "no Workbench version in this Dockerfile (Posit's ARG/ENV names, download URLs, the FROM tag)");
        });
    });

    describe("RSB002 system-packages", () => {
        const withPkgs = (...names: string[]) => {
            const f = compliantFacts();
            f.systemPackages = known(names.map((name) => ({ name, manager: "apt" as const, file: "Dockerfile", line: 5 })), "dockerfile");
            return f;
        };
        it("passes with apt or yum names", () => {
            assert.deepEqual(run(withPkgs("sudo", "openjdk-11-jdk", "libpng-dev"), "RSB002"), []);
            assert.deepEqual(run(withPkgs("sudo", "java-11-openjdk-devel", "libpng-devel"), "RSB002"), []);
        });
        it("reports each missing package at the final stage's FROM line", () => {
            const f = run(withPkgs("openjdk-11-jdk"), "RSB002");
            assert.equal(f.length, 2);
            assert.ok(f.every((x) => x.level === "mandatory" && x.line === 3));
            assert.match(f.map((x) => x.message).join("\n"), /sudo is not installed by this Dockerfile/);
            assert.match(f.map((x) => x.message).join("\n"), /libpng-dev/);
        });
        it("a JRE is not a JDK; a newer JDK passes with an advisory note", () => {
            const jre = run(withPkgs("sudo", "openjdk-11-jre", "libpng-dev"), "RSB002");
            assert.equal(jre.length, 1);
            assert.equal(jre[0].level, "mandatory");
            const newer = run(withPkgs("sudo", "openjdk-17-jdk", "libpng-dev"), "RSB002");
            assert.equal(newer.length, 1);
            assert.equal(newer[0].level, "advisory");
            assert.match(newer[0].message, /openjdk-17-jdk is installed instead of a JDK 11/);
        });
    });

    describe("RSB003 r-packages", () => {
        it("requires reticulate", () => {
            const f = compliantFacts();
            assert.deepEqual(run(f, "RSB003"), []);
            f.rPackages = known([{ name: "ggplot2", via: "install.packages", line: 6 }], "dockerfile");
            const [x] = run(f, "RSB003");
            assert.match(x.message, /reticulate is not installed/);
        });
    });

    describe("RSB004 python-packages", () => {
        const withReqs = (...reqs: [string, string][]) => {
            const f = compliantFacts();
            f.pythonPackages = known(reqs.map(([name, specifier]) => ({ name, extras: [], specifier, line: 7, file: "Dockerfile" })), "dockerfile");
            return f;
        };
        it("accepts AWS's own odd specifiers and a sagemaker<3 constraint", () => {
            assert.deepEqual(run(withReqs(["boto3", ">1.0<2.0"], ["awscli", ">1.0<2.0"], ["sagemaker", "<3"]), "RSB004"), []);
            assert.deepEqual(run(withReqs(["boto3", ""], ["awscli", ""], ["sagemaker", ">=2.200,<3"]), "RSB004"), []);
        });
        it("an unpinned or >=3 sagemaker is a finding at its line", () => {
            for (const spec of ["", ">=3", "==3.1.0", "<4"]) {
                const [x, ...rest] = run(withReqs(["boto3", ""], ["awscli", ""], ["sagemaker", spec]), "RSB004");
                assert.equal(rest.length, 0, spec);
                assert.equal(x.line, 7);
                assert.match(x.message, spec === "" ? /has no version constraint/ : /does not keep it below 3/);
            }
        });
        it("missing packages are findings; installed versions decide for image facts", () => {
            assert.equal(run(withReqs(["sagemaker", "<3"]), "RSB004").length, 2);
            const f = compliantFacts();
            f.pythonPackages = known(
                [
                    { name: "boto3", extras: [], specifier: "", version: "1.35.0" },
                    { name: "awscli", extras: [], specifier: "", version: "1.34.0" },
                    { name: "sagemaker", extras: [], specifier: "", version: "3.0.1" },
                ],
                "image",
                { via: "site-packages" },
            );
            const [x] = run(f, "RSB004");
            assert.equal(x.source, "image");
            assert.equal(x.line, undefined);
            assert.match(x.message, /sagemaker 3\.0\.1 is installed/);
        });
    });

    describe("RSB005 env-defaults", () => {
        const withEnv = (connect: string | undefined, pm: string | undefined) => {
            const f = compliantFacts();
            const env: Record<string, { value: string; line: number; file: string }> = {};
            if (connect !== undefined) env.RSTUDIO_CONNECT_URL = { value: connect, line: 8, file: "Dockerfile" };
            if (pm !== undefined) env.RSTUDIO_PACKAGE_MANAGER_URL = { value: pm, line: 9, file: "Dockerfile" };
            f.env = known(env, "dockerfile");
            return f;
        };
        it("empty or a URL passes", () => {
            assert.deepEqual(run(withEnv("", ""), "RSB005"), []);
            assert.deepEqual(run(withEnv("https://c.example.com", "www.pm.example.com/cran"), "RSB005"), []);
        });
        it("missing, placeholders, non-URLs and credentials are findings", () => {
            assert.equal(run(withEnv(undefined, ""), "RSB005").length, 1);
            const [ph] = run(withEnv("YOUR_CONNECT_URL", ""), "RSB005");
            assert.match(ph.message, /placeholder/);
            assert.equal(ph.line, 8);
            const [bad] = run(withEnv("", "ftp://pm"), "RSB005");
            assert.equal(bad.line, 9);
            const [cred] = run(withEnv("https://admin:s3cret@connect.example.com", ""), "RSB005");
            assert.match(cred.message, /credentials/);
        });
    });

    describe("RSB006 entrypoint-ignored", () => {
        it("ENTRYPOINT and CMD are advisories at their lines", () => {
            const f = compliantFacts();
            f.entrypoint = known({ entrypoint: ["/init"], cmd: ["rsession"], entrypointLine: 12, cmdLine: 13, file: "Dockerfile" }, "dockerfile");
            const xs = run(f, "RSB006");
            assert.deepEqual(xs.map((x) => [x.level, x.line]), [["advisory", 12], ["advisory", 13]]);
        });
    });

    describe("RSB007 reserved-paths and RSB008 home-shadowed", () => {
        const withWrites = (...paths: string[]) => {
            const f = compliantFacts();
            f.pathWrites = known(paths.map((path, i) => ({ path, via: "COPY", file: "Dockerfile", line: 20 + i })), "dockerfile");
            return f;
        };
        it("writes under /opt/ml and /opt/.sagemakerinternal are mandatory findings", () => {
            const xs = run(withWrites("/opt/ml", "/opt/ml/code/x.R", "/opt/.sagemakerinternal/a", "/opt/mlflow", "/opt/ml2"), "RSB007");
            assert.deepEqual(xs.map((x) => x.line), [20, 21, 22]);
        });
        it("writes under /home/sagemaker-user are advisories", () => {
            const xs = run(withWrites("/home/sagemaker-user/.Rprofile", "/home/sagemaker-username"), "RSB008");
            assert.deepEqual(xs.map((x) => [x.level, x.line]), [["advisory", 20]]);
        });
    });

    describe("RSB009 gpu-no-driver", () => {
        it("driver packages, meta-packages, installers and driver files are findings", () => {
            const f = compliantFacts();
            f.systemPackages = known(
                ["sudo", "openjdk-11-jdk", "libpng-dev", "cuda-toolkit-12-4", "cuda-12-4", "cuda", "nvidia-driver-535", "libnvidia-compute-535", "cuda-runtime-12-4", "cuda-drivers"].map((name) => ({
                    name,
                    manager: "apt" as const,
                    line: 5,
                })),
                "dockerfile",
            );
            f.commands = known([{ argv: ["sh", "NVIDIA-Linux-x86_64-535.54.run", "-s"], line: 9 }, { argv: ["sh", "cuda_12.4.0_550.54.14_linux.run", "--silent", "--toolkit"], line: 10 }], "dockerfile");
            const names = run(f, "RSB009").map((x) => x.message.split(" ")[0]);
            assert.deepEqual(names, ["cuda-12-4", "cuda", "nvidia-driver-535", "libnvidia-compute-535", "cuda-runtime-12-4", "cuda-drivers", "`sh"]);
        });
        it("a driver library in the built image is a finding from the image", () => {
            const f = compliantFacts();
            f.files = known(["/usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05", "/usr/local/cuda/lib64/stubs/libcuda.so"], "image");
            const xs = run(f, "RSB009");
            assert.equal(xs.length, 1);
            assert.equal(xs[0].source, "image");
            f.files = known(["/usr/local/cuda/lib64/stubs/libcuda.so", "/usr/local/cuda/lib64/libcudart.so.12"], "image");
            assert.equal(run(f, "RSB009").length, 0);
        });
    });

    describe("RSB010 gpu-cuda-toolkit", () => {
        it("GPU needs a toolkit; CPU with one gets an advisory", () => {
            const gpu = withContext(compliantFacts(), { gpu: true });
            const [missing] = run(gpu, "RSB010");
            assert.equal(missing.level, "mandatory");
            const pkgs = gpu.systemPackages.state === "known" ? gpu.systemPackages.value : [];
            gpu.systemPackages = known([...pkgs, { name: "cuda-toolkit-12-4", manager: "apt" as const, line: 6, file: "Dockerfile" }], "dockerfile");
            assert.deepEqual(run(gpu, "RSB010"), []);
            const cpu = { ...gpu, processor: known("CPU" as const, "context") };
            const [adv] = run(cpu, "RSB010");
            assert.equal(adv.level, "advisory");
            assert.equal(adv.line, 6);
        });
        it("a CUDA base image counts as a toolkit", () => {
            const gpu = withContext(compliantFacts(), { gpu: true });
            gpu.baseImage = known("nvidia/cuda:12.4.1-devel-ubuntu22.04", "dockerfile", { line: 1 });
            assert.deepEqual(run(gpu, "RSB010"), []);
        });
    });

    describe("RSB011 image-size", () => {
        it("limits by decimal GB with an advisory above 80 %", () => {
            const f = compliantFacts();
            f.sizeBytes = known(19e9, "image");
            assert.deepEqual(run(f, "RSB011"), []);
            f.sizeBytes = known(21e9, "image");
            assert.equal(run(f, "RSB011")[0].level, "advisory");
            f.sizeBytes = known(25.5e9, "image");
            assert.equal(run(f, "RSB011")[0].level, "mandatory");
            assert.equal(run(f, "RSB011", loadConfig({ maxImageSizeGB: 30 }))[0].level, "advisory");
        });
    });

    describe("RSB012 platform", () => {
        it("only linux/amd64 passes", () => {
            const f = compliantFacts();
            f.platform = known("linux/arm64", "dockerfile", { line: 3, via: "FROM --platform" });
            assert.equal(run(f, "RSB012")[0].line, 3);
            f.platform = known("linux/x86_64", "image");
            assert.deepEqual(run(f, "RSB012"), []);
        });
    });

    describe("RSB013 workbench-version-match", () => {
        it("compares YYYY.MM with the domain's", () => {
            const f = withContext(compliantFacts(), { domainWorkbenchVersion: "arn:aws:sagemaker:us-east-1:1:image/rstudio-workbench-2026.08-sagemaker-1.0" });
            assert.deepEqual(run(f, "RSB013"), []);
            const g = withContext(compliantFacts(), { domainWorkbenchVersion: "2025.05.1+513.pro3" });
            const [x] = run(g, "RSB013");
            assert.equal(x.level, "mandatory");
            assert.match(x.message, /does not match the domain's 2025\.05/);
        });
        it("is silent without a domain", () => {
            assert.deepEqual(run(compliantFacts(), "RSB013"), []);
        });
    });

    describe("RSB014 digest-pinned", () => {
        it("requires @sha256", () => {
            const ok = withContext(compliantFacts(), { imageUri: `1.dkr.ecr.us-east-1.amazonaws.com/r@sha256:${"a".repeat(64)}` });
            assert.deepEqual(run(ok, "RSB014"), []);
            const tag = withContext(compliantFacts(), { imageUri: "1.dkr.ecr.us-east-1.amazonaws.com/r:latest" });
            assert.equal(run(tag, "RSB014")[0].source, "context");
        });
    });

    describe("RSB015 deprecated-version", () => {
        const withVersion = (v: string) => {
            const f = compliantFacts();
            f.workbenchVersion = known(v, "dockerfile", { line: 2, via: "ARG RSW_VERSION" });
            return f;
        };
        it("flags listed lines, telling past from scheduled dates", () => {
            assert.match(run(withVersion("2024.04.2-764.pro1"), "RSB015")[0].message, /deprecated on 2026-04-30/);
            assert.match(run(withVersion("2025.05.1+513.pro3"), "RSB015")[0].message, /deprecates on 2026-12-05/);
            assert.match(run(withVersion("2022.02.2-485.pro2"), "RSB015")[0].message, /lists as deprecated/);
            assert.deepEqual(run(withVersion("2026.08.2+200.pro1"), "RSB015"), []);
        });
        it("the table is overridable", () => {
            const cfg = loadConfig({ deprecatedVersions: [{ version: "2026.08.2+200.pro1", deprecatedOn: "2027-06-01" }], asOf: "2027-07-01" });
            assert.match(run(withVersion("2026.08.1"), "RSB015", cfg)[0].message, /deprecated on 2027-06-01/);
            assert.deepEqual(run(withVersion("2024.04.2-764.pro1"), "RSB015", cfg), []);
        });
    });

    describe("RSB016 force-nonzero-exit", () => {
        it("advises RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1", () => {
            const f = compliantFacts();
            f.env = known({ RSTUDIO_CONNECT_URL: { value: "" }, RSTUDIO_PACKAGE_MANAGER_URL: { value: "" } }, "dockerfile");
            const [x] = run(f, "RSB016");
            assert.equal(x.level, "advisory");
        });
    });

    describe("config, overrides and suppressions", () => {
        it("per-rule overrides by id or slug, including disabled", () => {
            const f = compliantFacts();
            f.entrypoint = known({ cmd: ["x"], cmdLine: 12 }, "dockerfile");
            assert.equal(run(f, "RSB006", loadConfig({ rules: { RSB006: "mandatory" } }))[0].level, "mandatory");
            assert.deepEqual(run(f, "RSB006", loadConfig({ rules: { "entrypoint-ignored": "disabled" } })), []);
            f.rPackages = known([], "dockerfile");
            assert.equal(run(f, "RSB003", loadConfig({ rules: { "r-packages": "advisory" } }))[0].level, "advisory");
        });
        it("bad config names the key", () => {
            assert.throws(() => loadConfig({ rules: { RSB999: "disabled" } }), /unknown rule "RSB999"/);
            assert.throws(() => loadConfig({ rules: { RSB001: "off" } }), /rules\.RSB001 must be/);
            assert.throws(() => loadConfig({ minWorkbenchVersion: "new" }), /minWorkbenchVersion/);
            assert.throws(() => loadConfig({ maxImageSize: 3 }), /unknown config key "maxImageSize"/);
            assert.throws(() => loadConfig({ maxImageSizeGB: -1 }), /maxImageSizeGB/);
        });
        it("an inline ignore silences the named rules at that instruction only", () => {
            const f = compliantFacts();
            f.entrypoint = known({ entrypoint: ["/init"], cmd: ["x"], entrypointLine: 12, cmdLine: 13 }, "dockerfile");
            f.suppressions = [{ line: 12, rules: ["RSB006", "RSB008"] }];
            assert.deepEqual(run(f, "RSB006").map((x) => x.line), [13]);
            f.suppressions = [{ line: 13, rules: ["entrypoint-ignored"] }];
            assert.deepEqual(run(f, "RSB006").map((x) => x.line), [12]);
        });
    });

    describe("merging sources", () => {
        it("image facts override Dockerfile facts and the finding names the source", () => {
            const df = compliantFacts();
            const img = emptyFacts("image", "not read");
            img.systemPackages = known([{ name: "sudo", manager: "dpkg" as const, version: "1.9" }], "image", { via: "/var/lib/dpkg/status" });
            img.sizeBytes = known(2e9, "image");
            const merged = mergeFacts(df, img);
            assert.deepEqual(merged.sources, ["dockerfile", "image"]);
            assert.equal(merged.rPackages.source, "dockerfile", "unknown image facts do not replace known ones");
            const xs = evaluate(merged, AS_OF);
            assert.deepEqual(xs.map((x) => [x.rule, x.source]), [["RSB002", "image"], ["RSB002", "image"]]);
            assert.ok(xs.every((x) => x.line === undefined && /built image/.test(x.message)));
        });
    });
});
