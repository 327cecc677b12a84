import { strict as assert } from "assert";
import {
    blockingFindings,
    emptyFacts,
    evaluate,
    formatFinding,
    hasMandatory,
    isBlocking,
    known,
    layerFacts,
    loadConfig,
    mergeFacts,
    notInspectedReason,
    unknown,
    unseenReason,
    type Finding,
    type ImageFacts,
} from "../../core";
import { formatText } from "../../cli/text";
import { compliantFacts } from "./helpers";

const AS_OF = loadConfig({ asOf: "2026-11-30" });
const BASE = "rstudio/r-session-complete:jammy-2025.05.1";
const PARTIAL = notInspectedReason(BASE);

const finding = (over: Partial<Finding>): Finding => ({ rule: "RSB002", slug: "system-packages", level: "mandatory", message: "m", fix: "f", source: "dockerfile", basis: "b", ...over });

/** Facts of an inspected base image carrying sudo, a JDK and an env. */
function baseFacts(): ImageFacts {
    const f = emptyFacts("image");
    f.imageRef = BASE;
    f.workbenchVersion = known("2025.05.1+513.pro3", "image", { via: "/usr/lib/rstudio-server/VERSION" });
    f.platform = known("linux/amd64", "image");
    f.systemPackages = known(
        [
            { name: "sudo", manager: "dpkg" as const, version: "1.9.9" },
            { name: "openjdk-11-jdk", manager: "dpkg" as const, version: "11.0.25" },
            { name: "libpng-dev", manager: "dpkg" as const, version: "1.6.37" },
        ],
        "image",
    );
    f.pythonPackages = known([{ name: "sagemaker", extras: [], specifier: "", version: "3.1.0" }], "image");
    f.rPackages = known([{ name: "reticulate", via: "DESCRIPTION", version: "1.40.0" }], "image");
    f.env = known({ PATH: { value: "/usr/bin" }, RSTUDIO_CONNECT_URL: { value: "http://base.example" } }, "image");
    f.entrypoint = known({ entrypoint: ["/init"], cmd: ["rserver"] }, "image");
    f.pathWrites = known([], "image");
    f.files = known(["/usr/lib/rstudio-server/bin/rsession"], "image");
    f.sizeBytes = known(5e9, "image");
    return f;
}

/** Dockerfile facts as the inspector gives them for a base it did not see: lists partial. */
function dockerfileOnBase(): ImageFacts {
    const file = "Dockerfile";
    const f = emptyFacts("dockerfile");
    f.file = file;
    f.finalStageLine = 1;
    f.baseImage = known(BASE, "dockerfile", { file, line: 1, via: "FROM" });
    f.workbenchVersion = unknown("dockerfile", `base image ${BASE}: no ARG gives the build`);
    f.systemPackages = known([], "dockerfile", { partial: PARTIAL });
    f.rPackages = known([], "dockerfile", { partial: PARTIAL });
    f.pythonPackages = known([{ name: "sagemaker", extras: ["local"], specifier: "<3", raw: "sagemaker[local]<3", file, line: 3 }], "dockerfile", { partial: PARTIAL });
    f.env = known({ RSTUDIO_CONNECT_URL: { value: "", file, line: 4 }, RSTUDIO_PACKAGE_MANAGER_URL: { value: "", file, line: 4 } }, "dockerfile", { partial: PARTIAL });
    f.entrypoint = known({}, "dockerfile");
    f.pathWrites = known([{ path: "/opt/acme", via: "COPY", file, line: 5 }], "dockerfile", { partial: PARTIAL });
    f.commands = known([], "dockerfile", { partial: PARTIAL });
    f.files = unknown("dockerfile", "only known from a built image");
    f.sizeBytes = unknown("dockerfile", "measured on the built image");
    return f;
}

describe("core: evidence model (decision 1)", () => {
    describe("isBlocking / hasMandatory / formatFinding", () => {
        it("only a verified mandatory finding blocks", () => {
            assert.equal(isBlocking(finding({})), true);
            assert.equal(isBlocking(finding({ unverified: "the base image x was not inspected" })), false);
            assert.equal(isBlocking(finding({ level: "advisory" })), false);
            assert.equal(hasMandatory([finding({ unverified: "x" }), finding({ level: "advisory" })]), false, "hasMandatory = some(isBlocking)");
            assert.equal(hasMandatory([finding({ unverified: "x" }), finding({})]), true);
            assert.deepEqual(blockingFindings([finding({ unverified: "x" }), finding({ message: "real" })]).map((f) => f.message), ["real"]);
        });
        it("the one-line form marks unverified findings and gives the reason", () => {
            assert.equal(formatFinding(finding({ file: "Dockerfile", line: 3 })), "RSB002 system-packages [mandatory] Dockerfile:3: m Fix: f");
            assert.equal(
                formatFinding(finding({ file: "Dockerfile", line: 3, unverified: PARTIAL })),
                `RSB002 system-packages [mandatory, unverified] Dockerfile:3: m (unverified: ${PARTIAL}) Fix: f`,
            );
        });
        it("unseenReason reads partial and unknown alike", () => {
            assert.equal(unseenReason(known([], "dockerfile", { partial: "p" })), "p");
            assert.equal(unseenReason(known([], "dockerfile")), undefined);
            assert.equal(unseenReason(unknown("image", "r")), "r");
        });
    });

    describe("every finding has a basis", () => {
        it("over compliant, broken, partial and layered facts", () => {
            const broken = compliantFacts();
            broken.systemPackages = known([{ name: "cuda-drivers", manager: "apt" as const, file: "Dockerfile", line: 5 }], "dockerfile");
            broken.env = known({ RSTUDIO_CONNECT_URL: { value: "ftp://x", file: "Dockerfile", line: 8 }, RSTUDIO_FORCE_NON_ZERO_EXIT_CODE: { value: "0", file: "Dockerfile", line: 9 } }, "dockerfile");
            broken.entrypoint = known({ entrypoint: ["/init"], cmd: ["x"], file: "Dockerfile", entrypointLine: 12, cmdLine: 13 }, "dockerfile");
            broken.pathWrites = known([{ path: "/opt/ml/x", via: "COPY", file: "Dockerfile", line: 14 }, { path: "/home/sagemaker-user/a", via: "RUN mkdir", file: "Dockerfile", line: 15 }], "dockerfile");
            broken.platform = known("linux/arm64", "dockerfile", { file: "Dockerfile", line: 3, via: "FROM --platform" });
            broken.processor = known("GPU" as const, "context", { via: "declared" });
            broken.sizeBytes = known(30e9, "image");
            broken.imageUri = known("repo:tag", "context", { via: "image version" });
            broken.domainWorkbenchVersion = known("2025.05", "context", { via: "domain" });
            broken.workbenchVersion = known("2024.04.2+764.pro1", "dockerfile", { file: "Dockerfile", line: 2, via: "ARG RSW_VERSION" });
            const all = [
                ...evaluate(compliantFacts(), AS_OF),
                ...evaluate(broken, AS_OF),
                ...evaluate(dockerfileOnBase(), AS_OF),
                ...evaluate(layerFacts(baseFacts(), dockerfileOnBase(), BASE), AS_OF),
                ...evaluate(emptyFacts("dockerfile"), AS_OF),
            ];
            assert.ok(all.length > 25, `${all.length} findings`);
            const rules = new Set(all.map((f) => f.rule));
            assert.equal(rules.size, 16, `every rule found something: ${[...rules].sort().join(",")}`);
            for (const f of all) {
                assert.ok(typeof f.basis === "string" && f.basis.length > 8, `${f.rule}: basis "${f.basis}"`);
                assert.ok(!/undefined/.test(f.basis + f.message + (f.unverified ?? "")), `${f.rule}: ${f.basis} / ${f.message}`);
            }
        });
    });

    describe("layerFacts: a Dockerfile on its inspected base (decision 2)", () => {
        it("lists become complete: the Dockerfile's partial is gone, the base's entries count", () => {
            const layered = layerFacts(baseFacts(), dockerfileOnBase(), BASE);
            assert.equal(layered.baseInspected, BASE);
            assert.deepEqual(layered.sources, ["dockerfile"], "sources stay the Dockerfile's: 'image' would claim a built image");
            const pkgs = layered.systemPackages;
            assert.equal(pkgs.state, "known");
            if (pkgs.state === "known") {
                assert.equal(pkgs.partial, undefined);
                assert.deepEqual(pkgs.value.map((p) => p.name), ["sudo", "openjdk-11-jdk", "libpng-dev"]);
                assert.equal(pkgs.via, `the base image ${BASE} and this Dockerfile`);
            }
        });
        it("a Dockerfile's install replaces the base's entry of the same name; env: the Dockerfile wins", () => {
            const layered = layerFacts(baseFacts(), dockerfileOnBase(), BASE);
            assert.ok(layered.pythonPackages.state === "known");
            if (layered.pythonPackages.state === "known") {
                assert.deepEqual(layered.pythonPackages.value.map((p) => [p.name, p.specifier, p.version]), [["sagemaker", "<3", undefined]]);
            }
            assert.ok(layered.env.state === "known");
            if (layered.env.state === "known") {
                assert.equal(layered.env.value.RSTUDIO_CONNECT_URL.value, "");
                assert.equal(layered.env.value.PATH.value, "/usr/bin");
            }
        });
        it("version and platform: the Dockerfile's when known, else the base's", () => {
            const layered = layerFacts(baseFacts(), dockerfileOnBase(), BASE);
            assert.equal(layered.workbenchVersion.state === "known" && layered.workbenchVersion.value, "2025.05.1+513.pro3");
            assert.match(layered.workbenchVersion.state === "known" ? layered.workbenchVersion.via ?? "" : "", /in the base image rstudio/);
            assert.equal(layered.platform.state === "known" && layered.platform.value, "linux/amd64");
            const own = dockerfileOnBase();
            own.workbenchVersion = known("2025.05.1+513.pro3", "dockerfile", { file: "Dockerfile", line: 2, via: "ARG RSW_VERSION" });
            const l2 = layerFacts(baseFacts(), own, BASE);
            assert.equal(l2.workbenchVersion.state === "known" && l2.workbenchVersion.via, "ARG RSW_VERSION");
            assert.equal(l2.sizeBytes.state, "unknown", "the base's size is not the image's");
            assert.equal(l2.baseImage.state === "known" && l2.baseImage.value, BASE);
        });
        it("ENTRYPOINT in the Dockerfile resets the base's CMD; without one the base's stay", () => {
            const own = dockerfileOnBase();
            own.entrypoint = known({ entrypoint: ["/mine"], file: "Dockerfile", entrypointLine: 7 }, "dockerfile");
            const l = layerFacts(baseFacts(), own, BASE);
            assert.deepEqual(l.entrypoint.state === "known" && l.entrypoint.value.cmd, undefined);
            const inherited = layerFacts(baseFacts(), dockerfileOnBase(), BASE);
            assert.deepEqual(inherited.entrypoint.state === "known" && inherited.entrypoint.value, { entrypoint: ["/init"], cmd: ["rserver"] });
        });
        it("a partial base stays partial; an unknown Dockerfile side keeps the base, partial; an unknown base keeps the Dockerfile's", () => {
            const base = baseFacts();
            base.rPackages = known([], "image", { partial: "R library /opt/R/x could not be read" });
            const own = dockerfileOnBase();
            own.commands = unknown("dockerfile", "RUN could not be parsed");
            base.commands = known([], "image");
            base.pathWrites = unknown("image", "not scanned");
            const l = layerFacts(base, own, BASE);
            assert.equal(l.rPackages.state === "known" && l.rPackages.partial, "R library /opt/R/x could not be read");
            assert.equal(l.commands.state === "known" && l.commands.partial, "what this Dockerfile changes could not be determined: RUN could not be parsed");
            assert.equal(l.pathWrites.state === "known" && l.pathWrites.partial, PARTIAL, "base unknown: the Dockerfile's partial list stays");
        });
        it("the Dockerfile's own blind spots survive layering; only the base part of its partial goes", () => {
            const own = dockerfileOnBase();
            const ctx = "pip install -r req.txt (Dockerfile:4): could not read req.txt from the build context";
            own.pythonPackages = known([], "dockerfile", { partial: `${PARTIAL}; ${ctx}` });
            own.rPackages = known([], "dockerfile", { partial: notInspectedReason(undefined) });
            const l = layerFacts(baseFacts(), own, BASE);
            assert.equal(l.pythonPackages.state === "known" && l.pythonPackages.partial, ctx);
            assert.equal(l.rPackages.state === "known" && l.rPackages.partial, undefined);
            const boto3 = evaluate(l, AS_OF).find((f) => f.rule === "RSB004" && /boto3/.test(f.message))!;
            assert.equal(boto3.unverified, ctx, "a file the checker could not read keeps the finding unverified");
        });
        it("open-source RStudio Server seen in the base survives when no Workbench is anywhere", () => {
            const base = baseFacts();
            base.workbenchVersion = { ...unknown("image", "no /usr/lib/rstudio-server/VERSION"), otherProduct: { product: "rstudio-server", version: "2026.06.0+242", via: "ENV RSTUDIO_VERSION" } };
            const l = layerFacts(base, dockerfileOnBase(), BASE);
            assert.equal(l.workbenchVersion.state === "unknown" && l.workbenchVersion.otherProduct?.version, "2026.06.0+242");
        });
        it("mergeFacts keeps its override semantics and carries partial with the winning fact", () => {
            const df = dockerfileOnBase();
            const img = baseFacts();
            const m = mergeFacts(df, img);
            assert.equal(m.systemPackages.state === "known" && m.systemPackages.partial, undefined);
            const back = mergeFacts(img, df);
            assert.equal(back.systemPackages.state === "known" && back.systemPackages.partial, PARTIAL);
        });
    });

    describe("verdicts with and without the base (issue 11 row 8)", () => {
        it("on a base that was not inspected, missing packages are unverified and nothing blocks", () => {
            const findings = evaluate(dockerfileOnBase(), AS_OF);
            const rsb002 = findings.filter((f) => f.rule === "RSB002");
            assert.equal(rsb002.length, 3);
            for (const f of rsb002) {
                assert.equal(f.level, "mandatory");
                assert.equal(f.unverified, PARTIAL);
                assert.match(f.basis, /^no install of .* in this Dockerfile$/);
                assert.match(f.message, /not installed by this Dockerfile; the base image may provide it/);
            }
            assert.equal(hasMandatory(findings), false, findings.filter(isBlocking).map(formatFinding).join("\n"));
        });
        it("layered on the inspected base that carries them, they pass; what neither has is a verified finding", () => {
            const layered = layerFacts(baseFacts(), dockerfileOnBase(), BASE);
            const findings = evaluate(layered, AS_OF);
            assert.deepEqual(findings.filter((f) => f.rule === "RSB002"), []);
            const [boto3] = findings.filter((f) => f.rule === "RSB004" && /boto3/.test(f.message));
            assert.equal(boto3.unverified, undefined);
            assert.equal(boto3.message, `The Python package boto3 is installed neither in the base image ${BASE} nor by this Dockerfile.`);
            assert.equal(boto3.basis, `no install of the Python package boto3 in the base image ${BASE} and this Dockerfile`);
            assert.equal(isBlocking(boto3), true);
        });
    });

    describe("the CLI's text shows basis and unverified", () => {
        it("labels, reasons and a verdict that only counts blocking findings", () => {
            const findings = evaluate(dockerfileOnBase(), AS_OF);
            const text = formatText(findings, dockerfileOnBase(), "plain");
            assert.match(text, /^Dockerfile:1 {2}RSB002 system-packages {2}mandatory, unverified$/m);
            assert.match(text, /^ {2}basis: no install of sudo in this Dockerfile$/m);
            assert.match(text, new RegExp(`^  unverified: ${PARTIAL.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(not blocking: the built image decides\\)$`, "m"));
            const unverifiedMandatory = findings.filter((f) => f.level === "mandatory" && f.unverified !== undefined).length;
            assert.match(text, new RegExp(`^PASS Dockerfile: 0 mandatory, \\d+ advisory findings?, ${unverifiedMandatory} unverified mandatory \\(dockerfile facts\\)$`, "m"));
            const layered = layerFacts(baseFacts(), dockerfileOnBase(), BASE);
            const t2 = formatText(evaluate(layered, AS_OF), layered, "plain");
            assert.match(t2, new RegExp(`^FAIL Dockerfile: \\d+ mandatory, \\d+ advisory findings? \\(dockerfile facts; base image ${BASE.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} inspected\\)$`, "m"));
            assert.doesNotMatch(t2, /unverified mandatory/);
        });
        it("colour output marks unverified differently from blocking", () => {
            const text = formatText([finding({ unverified: "u", file: "D", line: 1 }), finding({ file: "D", line: 2 })], emptyFacts("dockerfile"), "color");
            assert.match(text, /\x1b\[35mmandatory, unverified\x1b\[0m/);
            assert.match(text, /\x1b\[31;1mmandatory\x1b\[0m/);
        });
    });
});
