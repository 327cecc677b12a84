import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    checkBuild,
    checkBuildSync,
    checkFacts,
    CheckInputError,
    domainLine,
    today,
    type BaseInspector,
    type ImageInspector,
} from "../../check";
import { TYPE_TOKENS, toFactsWire } from "../../check/contract";
import { emptyFacts, evaluate, isBlocking, known, loadConfig, mergeFacts, withContext, type ImageFacts } from "../../core";
import { inspectDockerfileFile } from "../../inspect/dockerfile";

const ROOT = path.resolve(__dirname, "..", "..");
const config = loadConfig({ asOf: "2026-11-30" });

function tempDockerfile(text: string, files: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-check-"));
    fs.writeFileSync(path.join(dir, "Dockerfile"), text);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, "Dockerfile");
}

/** Everything RSB002–RSB005 want, on a base that is not inspected. */
const BODY = [
    "RUN apt-get update && apt-get install -y --no-install-recommends sudo openjdk-11-jdk libpng-dev",
    "RUN R -e \"install.packages('reticulate')\"",
    "RUN pip install boto3 awscli 'sagemaker[local]<3'",
    'ENV RSTUDIO_CONNECT_URL="" RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co"',
    "ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1",
];
const FROM = "FROM --platform=linux/amd64 rstudio/r-session-complete:jammy-2025.05.1";

const ids = (fs: { rule: string }[]) => fs.map((f) => f.rule).sort();

describe("check: checkBuild (the one check flow)", () => {
    it("gives the same findings as the steps it replaces, on the reference Dockerfiles and GPU/CPU", async () => {
        for (const [file, gpu] of [["dockerfiles/cpu.Dockerfile", false], ["dockerfiles/gpu.Dockerfile", true], ["dockerfiles/cpu.Dockerfile", true]] as const) {
            const df = path.join(ROOT, file);
            const r = await checkBuild({ dockerfile: { path: df }, gpu, config });
            // The pre-check/ flow, written out: inspect → merge → context → evaluate.
            const facts = withContext(mergeFacts(inspectDockerfileFile(df).facts), { gpu });
            assert.deepEqual(r.findings, evaluate(facts, config), file);
            assert.deepEqual(r.facts, facts);
            assert.equal(r.base?.inspected, false);
            assert.equal(r.base?.ref, "rstudio/r-session-complete:jammy-2025.05.1");
        }
    });

    it("checkBuildSync is the same flow without Docker I/O", async () => {
        const df = path.join(ROOT, "dockerfiles/cpu.Dockerfile");
        const a = await checkBuild({ dockerfile: { path: df }, gpu: true, domain: "2024.04", imageUri: "r:latest", config });
        const b = checkBuildSync({ dockerfile: { path: df }, gpu: true, domain: "2024.04", imageUri: "r:latest", config });
        assert.deepEqual(a, b);
        assert.ok(ids(a.findings).includes("RSB013") && ids(a.findings).includes("RSB014"));
    });

    it("rejects build args no ARG declares, __proto__ included, with a typed error", async () => {
        const df = tempDockerfile(["ARG RSW_VERSION=2025.05.1", FROM.replace("jammy-2025.05.1", "jammy-${RSW_VERSION}"), ...BODY].join("\n"));
        const expectBuildArgs = (fn: () => unknown, names: string[]) =>
            assert.throws(fn, (e: unknown) => e instanceof CheckInputError && e.code === "build-args" && JSON.stringify(e.names) === JSON.stringify(names) && e.file === df && /not declared by any ARG/.test(e.message));
        expectBuildArgs(() => checkBuildSync({ dockerfile: { path: df }, buildArgs: { NOPE: "1" }, config }), ["NOPE"]);
        // As JSON (a component's buildArgs through the provider, a config file) gives it: an own key named __proto__.
        const proto = JSON.parse('{"__proto__": "x", "RSW_VERSION": "2025.05.1"}') as Record<string, string>;
        assert.deepEqual(Object.keys(proto), ["__proto__", "RSW_VERSION"]);
        expectBuildArgs(() => checkBuildSync({ dockerfile: { path: df }, buildArgs: proto, config }), ["__proto__"]);
        await assert.rejects(checkBuild({ dockerfile: { path: df }, buildArgs: proto, config }), (e: unknown) => e instanceof CheckInputError && e.code === "build-args");
        assert.throws(
            () => checkBuildSync({ dockerfile: { path: df }, buildArgs: { RSW_VERSION: 3 as unknown as string }, config }),
            (e: unknown) => e instanceof CheckInputError && e.code === "build-arg-value" && /RSW_VERSION must be a string, got number/.test(e.message),
        );
        // A declared one changes the result.
        const old = checkBuildSync({ dockerfile: { path: df }, buildArgs: { RSW_VERSION: "2021.09.1-372.pro1" }, config });
        assert.ok(old.findings.some((f) => f.rule === "RSB001" && f.level === "mandatory"));
    });

    it("an unreadable or invalid Dockerfile is a CheckInputError naming the file", () => {
        assert.throws(() => checkBuildSync({ dockerfile: { path: "/no/such/Dockerfile" }, config }), (e: unknown) => e instanceof CheckInputError && e.code === "dockerfile" && /\/no\/such\/Dockerfile.*no such file/.test(e.message));
        assert.throws(() => checkBuildSync({ dockerfile: { text: "RUN echo\n", file: "x/Dockerfile" }, config }), (e: unknown) => e instanceof CheckInputError && e.code === "dockerfile" && /x\/Dockerfile/.test(e.message));
        assert.throws(() => checkBuildSync({ config }), (e: unknown) => e instanceof CheckInputError && /nothing to check/.test(e.message));
    });

    it("takes the Dockerfile as text, and names it in findings", () => {
        const r = checkBuildSync({ dockerfile: { text: [FROM, ...BODY, 'CMD ["R"]'].join("\n"), file: "img/Dockerfile" }, config });
        const f = r.findings.find((x) => x.rule === "RSB006");
        assert.equal(f?.file, "img/Dockerfile");
        assert.equal(f?.line, 7);
    });

    it("notes a pragma that names no rule, for every adapter (not only the CLI)", () => {
        const r = checkBuildSync({ dockerfile: { text: [FROM, "# sagemaker-rstudio ignore=RSB999", ...BODY].join("\n"), file: "Dockerfile" }, config });
        assert.equal(r.notes.filter((n) => /ignore=RSB999 names no rule/.test(n)).length, 1, r.notes.join("\n"));
        assert.match(r.notes.find((n) => /RSB999/.test(n))!, /^Dockerfile:2: /);
    });

    it("decides RSB013 from a domain version or Workbench image ARN through domainLine", () => {
        const df = { path: path.join(ROOT, "dockerfiles/cpu.Dockerfile") }; // Workbench 2025.05.1
        const rsb013 = (domain: string) => checkBuildSync({ dockerfile: df, domain, config }).findings.filter((f) => f.rule === "RSB013");
        assert.deepEqual(rsb013("arn:aws:sagemaker:us-east-1:081975978581:image/rstudio-workbench-2025.05-sagemaker-1.0"), []);
        assert.deepEqual(rsb013("2025.05.1+513.pro3"), []);
        const mismatch = rsb013("arn:aws:sagemaker:eu-west-1:245179582081:image/rstudio-workbench-2024.04");
        assert.equal(mismatch.length, 1);
        assert.equal(mismatch[0].level, "mandatory");
        assert.match(mismatch[0].message, /does not match the domain's 2024\.04/);
        // Not a version: the rule says so (advisory), it does not guess.
        const bad = rsb013("arn:aws:iam::202504123456:role/x");
        assert.equal(bad.length, 1);
        assert.equal(bad[0].level, "advisory");
    });

    it("merges a built image's facts over the Dockerfile's (the image wins where it knows)", async () => {
        const df = tempDockerfile([FROM, ...BODY].join("\n"));
        const image: ImageFacts = { ...emptyFacts("image", "not read"), imageRef: "r:1", sizeBytes: known(30e9, "image", { via: "image size" }) };
        const seen: string[] = [];
        const inspector: ImageInspector = async (ref) => {
            seen.push(ref);
            return image;
        };
        const r = await checkBuild({ dockerfile: { path: df }, image: { ref: "r:1" }, inspector, config });
        assert.deepEqual(seen, ["r:1"]);
        const size = r.findings.find((f) => f.rule === "RSB011");
        assert.equal(size?.level, "mandatory");
        assert.equal(size?.source, "image");
        assert.ok(isBlocking(size!));
        // Facts given directly: the same result, no inspector call.
        const direct = await checkBuild({ dockerfile: { path: df }, image, inspector, config });
        assert.deepEqual(direct.findings, r.findings);
        assert.equal(seen.length, 1);
    });

    it("an image that cannot be inspected is a CheckInputError with the inspector's message", async () => {
        const inspector: ImageInspector = async () => {
            const e = new Error("Docker daemon not reachable at /nope.sock: is dockerd running?");
            e.name = "ImageInspectError";
            throw e;
        };
        await assert.rejects(checkBuild({ image: { ref: "x:1" }, inspector, config }), (e: unknown) => e instanceof CheckInputError && e.code === "image" && /daemon not reachable/.test(e.message));
    });

    describe("base image (decision 2)", () => {
        const df = () => tempDockerfile([FROM, "RUN pip install boto3 awscli 'sagemaker[local]<3'"].join("\n"));
        const baseFacts = (): ImageFacts => ({
            ...emptyFacts("image", "not read"),
            imageRef: "rstudio/r-session-complete:jammy-2025.05.1",
            systemPackages: known(
                ["sudo", "openjdk-11-jdk", "libpng-dev"].map((name) => ({ name, manager: "dpkg" as const })),
                "image",
                { via: "/var/lib/dpkg/status" },
            ),
            rPackages: known([{ name: "reticulate", via: "DESCRIPTION" }], "image"),
        });

        it("none: what the base may carry is unverified (shown, not blocking)", async () => {
            const r = await checkBuild({ dockerfile: { path: df() }, config });
            const rsb002 = r.findings.filter((f) => f.rule === "RSB002");
            assert.ok(rsb002.length > 0);
            for (const f of rsb002) {
                assert.equal(f.level, "mandatory");
                assert.match(f.unverified ?? "", /was not inspected/);
                assert.equal(isBlocking(f), false);
            }
        });

        it("local, inspected: the Dockerfile is layered on the base's facts", async () => {
            const calls: { ref: string; mode: string }[] = [];
            const baseInspector: BaseInspector = async (ref, { mode }) => {
                calls.push({ ref, mode });
                return { ok: true, ref, facts: baseFacts() };
            };
            const r = await checkBuild({ dockerfile: { path: df() }, base: "local", baseInspector, config });
            assert.deepEqual(calls, [{ ref: "rstudio/r-session-complete:jammy-2025.05.1", mode: "local" }]);
            assert.deepEqual(r.base, { ref: "rstudio/r-session-complete:jammy-2025.05.1", inspected: true });
            assert.deepEqual(r.findings.filter((f) => ["RSB002", "RSB003", "RSB004"].includes(f.rule)), []);
            const pkgs = r.facts.systemPackages;
            assert.equal(pkgs.state, "known");
            assert.equal(pkgs.state === "known" && pkgs.partial, undefined);
            // The same through the synchronous variant with the base's facts given.
            const sync = checkBuildSync({ dockerfile: { path: df() }, base: { facts: baseFacts() }, config });
            assert.deepEqual(ids(sync.findings), ids(r.findings));
        });

        it("local, not inspected: a note says why, and the findings stay unverified", async () => {
            const baseInspector: BaseInspector = async (ref) => ({ ok: false, ref, reason: `the base image ${ref} is not in the Docker daemon (local never pulls)` });
            const r = await checkBuild({ dockerfile: { path: df() }, base: "local", baseInspector, config });
            assert.equal(r.base?.inspected, false);
            assert.ok(r.notes.some((n) => /is not in the Docker daemon \(local never pulls\)/.test(n)), r.notes.join("\n"));
            assert.ok(r.findings.some((f) => f.rule === "RSB002" && f.unverified !== undefined));
        });

        it("scratch and unknown bases are never sent to the inspector", async () => {
            const baseInspector: BaseInspector = async () => assert.fail("not to be called");
            const scratch = await checkBuild({ dockerfile: { text: "FROM scratch\nCOPY x /x\n", file: "Dockerfile" }, base: "pull", baseInspector, config });
            assert.equal(scratch.base?.inspected, false);
            assert.match(scratch.base?.reason ?? "", /scratch/);
            const unknownBase = await checkBuild({ dockerfile: { text: "ARG IMG\nFROM ${IMG}\n", file: "Dockerfile" }, base: "local", baseInspector, config });
            assert.equal(unknownBase.base?.inspected, false);
        });
    });
});

describe("check: checkFacts (pure, for facts already gathered)", () => {
    it("applies the context and runs only the rules asked for", () => {
        const facts = { ...emptyFacts("dockerfile"), workbenchVersion: known("2025.05.1", "dockerfile", { via: "FROM tag" }) };
        const r = checkFacts({ facts, config, domain: "arn:aws:sagemaker:us-east-1:081975978581:image/rstudio-workbench-2024.04", rules: [] });
        assert.deepEqual(r.findings, []);
        assert.equal(r.facts.domainWorkbenchVersion.state, "known");
        assert.equal(r.facts.domainWorkbenchVersion.state === "known" && r.facts.domainWorkbenchVersion.value, "2024.04");
    });
});

describe("check: domainLine", () => {
    const cases: [string, string | undefined][] = [
        ["2025.05.1+513.pro3", "2025.05"],
        ["2022.02.2-485.pro2", "2022.02"],
        ["2024.04", "2024.04"],
        ["  2023.12.1  ", "2023.12"],
        ["arn:aws:sagemaker:us-east-1:081975978581:image/rstudio-workbench-2025.05-sagemaker-1.0", "2025.05"],
        ["arn:aws:sagemaker:us-east-1:081975978581:image/rstudio-workbench-2024.04", "2024.04"],
        ["arn:aws-cn:sagemaker:cn-north-1:390048526115:image/rstudio-workbench-2024.04", "2024.04"],
        ["arn:aws:sagemaker:us-east-1:081975978581:image-version/rstudio-workbench-2025.05-sagemaker-1.0/1", "2025.05"],
        // Account and region digits are never a version: only the resource part is read.
        ["arn:aws:sagemaker:us-east-1:2025.05:image/custom", undefined],
        ["arn:aws:iam::202504123456:role/rstudio-2025.05", undefined],
        // Only SageMaker's Workbench images select a domain's version (core/workbench.ts reads the name).
        ["arn:aws:sagemaker:us-east-1:081975978581:image/custom-2025.05", undefined],
        ["banana", undefined],
        ["", undefined],
        ["2025.13", undefined],
    ];
    for (const [input, want] of cases) it(`${JSON.stringify(input)} → ${want ?? "undefined"}`, () => assert.equal(domainLine(input), want));
});

describe("check: today, contract", () => {
    it("today() is the UTC date", () => {
        assert.equal(today(Date.UTC(2026, 10, 30, 23, 59, 59)), "2026-11-30");
        assert.equal(today(Date.UTC(2026, 11, 1, 0, 0, 0)), "2026-12-01");
        assert.match(today(), /^\d{4}-\d{2}-\d{2}$/);
    });

    it("the facts wire shape is plain JSON and round-trips", () => {
        const r = checkBuildSync({ dockerfile: { path: path.join(ROOT, "dockerfiles/cpu.Dockerfile") }, config });
        const wire = toFactsWire(r.facts);
        assert.deepEqual(JSON.parse(JSON.stringify(wire)), wire);
        assert.deepEqual(ids(checkFacts({ facts: wire, config }).findings), ids(r.findings));
        assert.equal(TYPE_TOKENS.rstudioImage, "sagemaker-rstudio:index:RStudioImage");
    });

    it("check/contract, check/decide and check/domain load neither Pulumi nor inspect/ nor fs-reading code (pack bundle)", () => {
        const script = `
            require("./check/contract"); require("./check/decide"); require("./check/domain"); require("./check/today");
            const loaded = Object.keys(require.cache).map((k) => require("path").relative(process.cwd(), k));
            console.log(JSON.stringify(loaded.filter((k) => /@pulumi|^inspect\\/|dockerode|^check\\/build/.test(k))));`;
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), []);
    });
});
