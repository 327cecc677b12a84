/**
 * Unit tests of every policy of the pack, calling its validate function with the args the SDK would build
 * (tests/policies/util.ts). The protocol-level tests are in grpc.test.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_DEPRECATED_VERSIONS, DEFAULT_MAX_IMAGE_SIZE_GB, DEFAULT_MIN_WORKBENCH_VERSION, RULES, known, unknown as unknownFact, type ImageFacts } from "../../core";
import { POLICIES } from "../../policies/policies";
import { NOT_SHOWN, hideValues, redact } from "../../policies/violations";
import { urnTypeChain } from "../../policies/props";
import { REPO_ROOT, UNKNOWN, secret, urnOf, type EngineResource } from "./harness";
import {
    DIGEST,
    DOMAIN_ARN_2025_05,
    ECR_REPO,
    FILE,
    TYPES,
    domain,
    factsWith,
    passingFacts,
    rstudioImage,
    rstudioImageChildren,
    userProfile,
} from "./fixtures";
import { resourceArgs, run, runAll, stackArgs, type Reported } from "./util";

function only(reported: Reported[], policy: string): Reported[] {
    const others = reported.filter((r) => r.policy !== policy);
    assert.deepStrictEqual(others, [], `only ${policy} should report, got ${JSON.stringify(others, null, 2)}`);
    return reported;
}

function image(change: (f: ImageFacts) => void, props: Record<string, unknown> = {}): EngineResource {
    return rstudioImage("img", { facts: factsWith(change), ...props });
}

describe("policies: catalogue", () => {
    it("has one policy per rule, named by slug, described by the summary, at the rule's default level", () => {
        for (const r of RULES) {
            const p = POLICIES.find((x) => x.name === r.slug);
            assert.ok(p, `no policy for ${r.id} ${r.slug}`);
            assert.strictEqual(p.description, r.summary);
            assert.strictEqual(p.enforcementLevel, r.level);
        }
        const names = POLICIES.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length, "policy names are unique");
        assert.deepStrictEqual(names.slice(RULES.length), ["domain-rstudio-settings", "custom-image-verified", "traced-docker-image"]);
    });

    it("exposes every threshold in configSchema with the spec's defaults", () => {
        const schema = (slug: string) => POLICIES.find((p) => p.name === slug)?.configSchema?.properties ?? {};
        assert.strictEqual(schema("base-version").minWorkbenchVersion.default, DEFAULT_MIN_WORKBENCH_VERSION);
        assert.strictEqual(schema("image-size").maxImageSizeGB.default, DEFAULT_MAX_IMAGE_SIZE_GB);
        assert.deepStrictEqual(schema("deprecated-version").deprecatedVersions.default, DEFAULT_DEPRECATED_VERSIONS);
        assert.strictEqual(schema("deprecated-version").asOf.type, "string");
        assert.strictEqual(schema("platform").checkAllDockerImages.default, false);
        for (const p of POLICIES) assert.ok(!("enforcementLevel" in (p.configSchema?.properties ?? {})), "enforcementLevel is the SDK's");
    });
});

describe("policies: RStudioImage facts", () => {
    it("an image that meets the spec passes every policy", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs(rstudioImage("img"))), []);
        assert.deepStrictEqual(await runAll(resourceArgs(rstudioImage("img", { gpu: true, facts: factsWith((f) => {
            (f.systemPackages as { value: { name: string; manager: string }[] }).value.push({ name: "cuda-toolkit-12-4", manager: "apt" });
        }) }))), []);
    });

    // One failing image per rule: only that rule's policy reports, with the rule id first, the Dockerfile line and the fix.
    const cases: { rule: string; slug: string; level: "mandatory" | "advisory"; res: () => EngineResource; want: RegExp }[] = [
        { rule: "RSB001", slug: "base-version", level: "mandatory", want: /^RSB001: Dockerfile:2: .*2021\.09\.0\+351\.pro6.*older than the minimum 2022\.02\.2-485\.pro2\. Basis: .* Fix: /,
            res: () => image((f) => (f.workbenchVersion = known("2021.09.0+351.pro6", "dockerfile", { file: FILE, line: 2, via: "ARG RSW_VERSION" }))) },
        { rule: "RSB002", slug: "system-packages", level: "mandatory", want: /^RSB002: Dockerfile:\d+: sudo is not installed.* Fix: Add RUN apt-get/,
            res: () => image((f) => ((f.systemPackages as { value: { name: string }[] }).value = (f.systemPackages as { value: { name: string }[] }).value.filter((p) => p.name !== "sudo"))) },
        { rule: "RSB003", slug: "r-packages", level: "mandatory", want: /^RSB003: Dockerfile:\d+: The R package reticulate is not installed/,
            res: () => image((f) => ((f.rPackages as { value: unknown[] }).value = [])) },
        { rule: "RSB004", slug: "python-packages", level: "mandatory", want: /^RSB004: Dockerfile:8: The requirement ".*sagemaker.*" has no version constraint/,
            res: () => image((f) => ((f.pythonPackages as { value: { name: string; specifier: string; raw?: string }[] }).value[2] = { name: "sagemaker", specifier: "", raw: "sagemaker", extras: [], file: FILE, line: 8 } as never)) },
        { rule: "RSB005", slug: "env-defaults", level: "mandatory", want: /^RSB005: Dockerfile:10: RSTUDIO_CONNECT_URL is the placeholder "YOUR_CONNECT_URL"/,
            res: () => image((f) => ((f.env as { value: Record<string, { value: string }> }).value.RSTUDIO_CONNECT_URL.value = "YOUR_CONNECT_URL")) },
        { rule: "RSB006", slug: "entrypoint-ignored", level: "advisory", want: /^RSB006: Dockerfile:14: ENTRYPOINT \["\/init"\] will not run/,
            res: () => image((f) => (f.entrypoint = known({ entrypoint: ["/init"], file: FILE, entrypointLine: 14 }, "dockerfile", { file: FILE, line: 14 }))) },
        { rule: "RSB007", slug: "reserved-paths", level: "mandatory", want: /^RSB007: Dockerfile:15: COPY writes \/opt\/ml\/model/,
            res: () => image((f) => (f.pathWrites = known([{ path: "/opt/ml/model", via: "COPY", file: FILE, line: 15 }], "dockerfile"))) },
        { rule: "RSB008", slug: "home-shadowed", level: "advisory", want: /^RSB008: Dockerfile:16: COPY writes \/home\/sagemaker-user\/\.Rprofile/,
            res: () => image((f) => (f.pathWrites = known([{ path: "/home/sagemaker-user/.Rprofile", via: "COPY", file: FILE, line: 16 }], "dockerfile"))) },
        { rule: "RSB009", slug: "gpu-no-driver", level: "mandatory", want: /^RSB009: Dockerfile:5: cuda-drivers is installed: it brings the NVIDIA driver/,
            res: () => image((f) => (f.systemPackages as { value: unknown[] }).value.push({ name: "cuda-drivers", manager: "apt", file: FILE, line: 5 })) },
        { rule: "RSB010", slug: "gpu-cuda-toolkit", level: "mandatory", want: /^RSB010: .*declared GPU but carries no CUDA toolkit/,
            res: () => rstudioImage("img", { gpu: true }) },
        { rule: "RSB011", slug: "image-size", level: "mandatory", want: /^RSB011: built image: The image is 30\.00 GB, over the 25 GB limit\. Basis: .* Fix: /,
            res: () => image((f) => (f.sizeBytes = known(30e9, "image"))) },
        { rule: "RSB012", slug: "platform", level: "mandatory", want: /^RSB012: Dockerfile:3: The platform is linux\/arm64/,
            res: () => image((f) => (f.platform = known("linux/arm64", "dockerfile", { file: FILE, line: 3, via: "FROM --platform" }))) },
        { rule: "RSB015", slug: "deprecated-version", level: "advisory", want: /^RSB015: Dockerfile:2: Workbench 2024\.04\.2\+764\.pro1 .*deprecate[sd] on 2026-04-30/,
            res: () => image((f) => (f.workbenchVersion = known("2024.04.2+764.pro1", "dockerfile", { file: FILE, line: 2, via: "ARG RSW_VERSION" }))) },
        { rule: "RSB016", slug: "force-nonzero-exit", level: "advisory", want: /^RSB016: Dockerfile:\d+: RSTUDIO_FORCE_NON_ZERO_EXIT_CODE is not set\. Basis: [^\n]+\. Fix: Add ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1\.$/,
            res: () => image((f) => delete (f.env as { value: Record<string, unknown> }).value.RSTUDIO_FORCE_NON_ZERO_EXIT_CODE) },
    ];
    for (const c of cases) {
        it(`${c.rule} ${c.slug}: a failing image is reported by ${c.slug} only`, async () => {
            const got = only(await runAll(resourceArgs(c.res())), c.slug);
            assert.ok(got.length >= 1, `${c.slug} reported nothing`);
            assert.match(got[0].message, c.want);
            assert.strictEqual(got[0].level, c.level);
        });
    }

    it("a mandatory rule's advisory note stays advisory (RSB011 above 80 %, RSB001 unknown version)", async () => {
        const size = await run("image-size", resourceArgs(image((f) => (f.sizeBytes = known(22e9, "image")))));
        assert.deepStrictEqual(size.map((r) => r.level), ["advisory"]);
        assert.match(size[0].message, /over 80 % of the 25 GB limit/);
        const version = await run("base-version", resourceArgs(image((f) => (f.workbenchVersion = unknownFact("dockerfile", "the FROM tag carries no version")))));
        assert.deepStrictEqual(version.map((r) => r.level), ["advisory"]);
        assert.match(version[0].message, /^RSB001: .*the FROM tag carries no version/);
    });

    it("evaluates with the pack's config, not the component's `checks`", async () => {
        const res = rstudioImage("img", { checks: { rules: { "image-size": "disabled" }, maxImageSizeGB: 100 }, facts: factsWith((f) => (f.sizeBytes = known(30e9, "image"))) });
        assert.strictEqual((await run("image-size", resourceArgs(res))).length, 1);
    });

    it("thresholds come from the policy's config", async () => {
        const res = rstudioImage("img");
        assert.strictEqual((await run("image-size", resourceArgs(res, { maxImageSizeGB: 5 }))).length, 1);
        assert.deepStrictEqual(await run("image-size", resourceArgs(res, { maxImageSizeGB: 25 })), []);
        const min = await run("base-version", resourceArgs(res, { minWorkbenchVersion: "2027.01.1" }));
        assert.match(min[0].message, /older than the minimum 2027\.01\.1/);
        const dep = { deprecatedVersions: [{ version: "2026.08.2", deprecatedOn: "2027-03-01" }] };
        assert.match((await run("deprecated-version", resourceArgs(res, { ...dep, asOf: "2026-12-01" })))[0].message, /deprecates on 2027-03-01/);
        assert.match((await run("deprecated-version", resourceArgs(res, { ...dep, asOf: "2027-06-01" })))[0].message, /deprecated on 2027-03-01/);
        assert.deepStrictEqual(await run("deprecated-version", resourceArgs(res, { deprecatedVersions: [] })), []);
    });

    it("an invalid config value is a mandatory violation naming the key, not a crash", async () => {
        const bad = await run("base-version", resourceArgs(rstudioImage("img"), { minWorkbenchVersion: "banana" }), "advisory");
        assert.strictEqual(bad.length, 1);
        assert.strictEqual(bad[0].level, "mandatory");
        assert.match(bad[0].message, /^RSB001: invalid policy config: minWorkbenchVersion must be a Workbench version.*"banana".*Fix: correct the "base-version" entry/);
        const typo = await run("image-size", resourceArgs(rstudioImage("img"), { maxImageSizeGb: 5 }));
        assert.match(typo[0].message, /unknown config key "maxImageSizeGb"/);
    });

    it("a key the policy does not have is rejected: another policy's setting, a pack key elsewhere, __proto__", async () => {
        const img = rstudioImage("img");
        const other = await run("base-version", resourceArgs(img, { maxImageSizeGB: 5 }));
        assert.match(other[0].message, /^RSB001: invalid policy config: unknown config key "maxImageSizeGB" \(expected one of: minWorkbenchVersion\)/);
        const packKey = await run("image-size", resourceArgs(img, { checkAllDockerImages: true }));
        assert.match(packKey[0].message, /unknown config key "checkAllDockerImages" \(expected one of: maxImageSizeGB\)/);
        const none = await run("custom-image-verified", stackArgs([img], { asOf: "2026-01-01" }));
        assert.match(none[0].message, /unknown config key "asOf" \(this policy has no settings\)/);
        // JSON.parse makes __proto__ an own key, as a config file's text does.
        for (const name of ["image-size", "system-packages", "workbench-version-match", "traced-docker-image"]) {
            const config = JSON.parse('{"__proto__": {"maxImageSizeGB": 1}}') as Record<string, unknown>;
            const args = name === "workbench-version-match" || name === "traced-docker-image" ? stackArgs([img], config) : resourceArgs(img, config);
            const got = await run(name, args);
            assert.strictEqual(got.length, 1, name);
            assert.strictEqual(got[0].level, "mandatory");
            assert.match(got[0].message, /invalid policy config: unknown config key "__proto__"/, name);
        }
        assert.strictEqual(({} as Record<string, unknown>).maxImageSizeGB, undefined, "nothing reached Object.prototype");
    });

    it("reports the level the engine configured (an override) for findings at the rule's level", async () => {
        const res = image((f) => (f.entrypoint = known({ cmd: ["R"], file: FILE, cmdLine: 20 }, "dockerfile")));
        assert.deepStrictEqual((await run("entrypoint-ignored", resourceArgs(res), "mandatory")).map((r) => r.level), ["mandatory"]);
    });

    it("facts unknown at preview: every image policy says so, advisory, and nothing crashes", async () => {
        const got = await runAll(resourceArgs(rstudioImage("img", { facts: UNKNOWN })));
        const imagePolicies = RULES.filter((r) => r.slug !== "workbench-version-match").map((r) => r.slug);
        assert.deepStrictEqual(got.map((r) => r.policy).sort(), [...imagePolicies].sort());
        for (const r of got) {
            assert.strictEqual(r.level, "advisory");
            assert.match(r.message, /^RSB\d{3}: not verified at preview: `facts` is not known until the update\. It is checked again when `pulumi up` runs\.$/);
        }
    });

    it("a fact unknown at preview becomes an unknown fact naming the path: no verdict rests on it, the other rules run", async () => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.sizeBytes = UNKNOWN;
        (facts.systemPackages as { value: unknown[] }).value.push(UNKNOWN);
        const got = await runAll(resourceArgs(rstudioImage("img", { facts })));
        // Rules that never read sizeBytes or the package list still run (and pass).
        for (const slug of ["base-version", "r-packages", "python-packages", "env-defaults", "reserved-paths", "platform", "deprecated-version"]) {
            assert.ok(!got.some((r) => r.policy === slug), `${slug} should have run and passed`);
        }
        // No mandatory verdict on a value nobody has seen yet.
        assert.deepStrictEqual(got.filter((r) => r.level === "mandatory"), []);
        const size = got.filter((r) => r.policy === "image-size");
        assert.strictEqual(size.length, 1, "image-size reads sizeBytes and says it could not be determined");
        assert.match(size[0].message, /`facts\.sizeBytes` is not known at preview: it is only known once the image is built and pushed/);
        // The unknown package list: whatever reports on it names the unknown element's path.
        for (const r of got.filter((x) => x.policy === "system-packages")) assert.match(r.message, /`facts\.systemPackages\.value\.3` is not known at preview/);
    });

    it("absent or malformed facts: advisory 'passed no image facts'", async () => {
        for (const facts of [undefined, "not facts", { sources: [] }]) {
            const res = rstudioImage("img");
            if (facts === undefined) delete res.props.facts;
            else res.props.facts = facts;
            const got = await run("r-packages", resourceArgs(res));
            assert.strictEqual(got.length, 1, JSON.stringify(facts));
            assert.strictEqual(got[0].level, "advisory");
            assert.match(got[0].message, /^RSB003: not verified: this RStudioImage passed no image facts/);
        }
    });

    it("facts missing some keys: the missing facts are unknown, the rest is checked", async () => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        delete facts.rPackages;
        assert.match((await run("r-packages", resourceArgs(rstudioImage("img", { facts }))))[0].message, /not passed by the RStudioImage component/);
        assert.deepStrictEqual(await run("system-packages", resourceArgs(rstudioImage("img", { facts }))), []);
    });

    it("a build platform given while the platform fact is unknown at preview: the build platform decides", async () => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.platform = UNKNOWN;
        assert.deepStrictEqual(await runAll(resourceArgs(rstudioImage("img", { facts, platform: "linux/amd64" }))), []);
        const arm = await runAll(resourceArgs(rstudioImage("img", { facts, platform: "linux/arm64" })));
        assert.deepStrictEqual(arm.map((r) => [r.policy, r.level]), [["platform", "mandatory"]]);
        assert.ok(!arm[0].message.includes("linux/arm64"), "the platform is a property value: not printed");
    });

    it("a hidden property value that the rule's own text names (the required linux/amd64) does not blank that text", async () => {
        const facts = factsWith((f) => (f.platform = known("linux/arm64", "dockerfile", { file: FILE, line: 3, via: "FROM --platform" })));
        const got = await run("platform", resourceArgs(rstudioImage("img", { facts, platform: "linux/amd64" })));
        assert.strictEqual(got.length, 1);
        assert.match(got[0].message, /^RSB012: Dockerfile:3: The platform is linux\/arm64 .*linux\/amd64 images only\./);
        assert.doesNotMatch(got[0].message, /\[not shown\]/);
    });

    it("gpu unknown at preview: the processor is unknown; no rule decides on a guess", async () => {
        const got = await runAll(resourceArgs(rstudioImage("img", { gpu: UNKNOWN })));
        assert.deepStrictEqual(got.filter((r) => r.level === "mandatory"), []);
        for (const r of got) assert.match(r.message, /`gpu` is not known at preview/);
    });

    it("an unverified mandatory finding is advisory, says 'unverified: <reason>' first, and names its basis", async () => {
        const facts = factsWith((f) => {
            const pk = f.systemPackages as { value: { name: string }[]; partial?: string };
            pk.value = pk.value.filter((p) => p.name !== "sudo");
            pk.partial = "the base image rstudio/r-session-complete:jammy-2026.08.2 was not inspected";
        });
        const got = await run("system-packages", resourceArgs(rstudioImage("img", { facts })));
        assert.strictEqual(got.length, 1);
        assert.strictEqual(got[0].level, "advisory");
        assert.match(got[0].message, /^RSB002: unverified: the base image rstudio\/r-session-complete:jammy-2026\.08\.2 was not inspected\. Dockerfile:\d+: .*sudo.* Basis: .+ Fix: /);
        // The same finding on seen evidence blocks.
        const seen = await run("system-packages", resourceArgs(image((f) => ((f.systemPackages as { value: { name: string }[] }).value = (f.systemPackages as { value: { name: string }[] }).value.filter((p) => p.name !== "sudo")))));
        assert.deepStrictEqual(seen.map((r) => r.level), ["mandatory"]);
        assert.doesNotMatch(seen[0].message, /unverified/);
        assert.match(seen[0].message, / Basis: [^\n]+\. Fix: /);
    });
});

describe("policies: raw resources", () => {
    const version = (baseImage: unknown, parent?: string): EngineResource => ({ type: TYPES.imageVersion, name: "v", parent, props: { imageName: "img", baseImage } });

    it("RSB014: an ImageVersion's baseImage must be pinned by digest", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs(version(`${ECR_REPO}@${DIGEST}`))), []);
        const got = only(await runAll(resourceArgs(version(`${ECR_REPO}:latest`))), "digest-pinned");
        assert.strictEqual(got[0].level, "mandatory");
        assert.match(got[0].message, /^RSB014: The image version's base image "\[not shown\]" is not pinned by @sha256 digest\. Basis: .* Fix: /);
        assert.ok(!got[0].message.includes(ECR_REPO), "a property value is never printed");
        // A secret baseImage is still checked (the SDK hands secrets to policies as plain values), and not printed.
        const hidden = await run("digest-pinned", resourceArgs(version(secret(`${ECR_REPO}:v1`))));
        assert.strictEqual(hidden.length, 1);
        assert.ok(!hidden[0].message.includes(ECR_REPO) && !hidden[0].message.includes(":v1"), hidden[0].message);
        const pending = await run("digest-pinned", resourceArgs(version(UNKNOWN)));
        assert.deepStrictEqual(pending.map((r) => r.level), ["advisory"]);
        assert.match(pending[0].message, /^RSB014: not verified at preview: `baseImage` is not known until the update/);
    });

    const docker = (platform: unknown, parent?: string): EngineResource => ({
        type: TYPES.dockerImage,
        name: "build",
        parent,
        props: { imageName: `${ECR_REPO}:v1`, build: { context: ".", ...(platform !== undefined ? { platform } : {}) }, registry: { server: ECR_REPO, username: "AWS", password: secret("hunter2") } },
    });
    const component = urnOf(TYPES.rstudioImage, "img");

    it("RSB012: docker images built by an RStudioImage must be linux/amd64", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs(docker("linux/amd64", component))), []);
        const got = only(await runAll(resourceArgs(docker("linux/arm64", component))), "platform");
        assert.match(got[0].message, /^RSB012: The platform is \[not shown\] \(given as the build platform\); SageMaker runs linux\/amd64 images only\. Basis: .* Fix: /);
        assert.ok(!got[0].message.includes("hunter2"));
        assert.match((await run("platform", resourceArgs(docker(UNKNOWN, component))))[0].message, /`build\.platform` is not known/);
    });

    it("RSB012: other docker images only with checkAllDockerImages", async () => {
        assert.deepStrictEqual(await run("platform", resourceArgs(docker("linux/arm64"))), []);
        assert.strictEqual((await run("platform", resourceArgs(docker("linux/arm64"), { checkAllDockerImages: true }))).length, 1);
        const buildx: EngineResource = { type: TYPES.dockerBuildImage, name: "bx", props: { platforms: ["linux/amd64", "linux/arm64", UNKNOWN] } };
        const got = await run("platform", resourceArgs(buildx, { checkAllDockerImages: true }));
        assert.deepStrictEqual(got.map((r) => r.level), ["mandatory", "advisory"]);
        assert.match(got[0].message, /^RSB012: The platform is \[not shown\]/);
        assert.match(got[1].message, /`platforms\.2` is not known/);
    });

    it("domain-rstudio-settings: role present, URLs in AWS's format without credentials", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs(domain("d"))), []);
        assert.deepStrictEqual(await runAll(resourceArgs(domain("d", { rstudio: null }))), [], "no RStudio block: nothing to check");
        const placeholder = only(await runAll(resourceArgs(domain("d", { rstudio: { rStudioConnectUrl: "YOUR_CONNECT_URL" } }))), "domain-rstudio-settings");
        assert.match(placeholder[0].message, /rStudioConnectUrl is the placeholder "\[not shown\]" from the AWS example/);
        assert.strictEqual(placeholder[0].level, "mandatory");
        const noScheme = await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { rStudioPackageManagerUrl: "packagemanager.example.com" } })));
        assert.match(noScheme[0].message, /rStudioPackageManagerUrl "\[not shown\]" does not match/);
        const empty = await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { rStudioConnectUrl: "" } })));
        assert.match(empty[0].message, /rStudioConnectUrl is empty/);
        const noRole = await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { domainExecutionRoleArn: undefined } })));
        assert.match(noRole[0].message, /domainExecutionRoleArn is not set/);
    });

    it("domain-rstudio-settings: credentials in a secret URL are reported without repeating them", async () => {
        for (const url of ["https://bob:hunter2@connect.example.com", "ftp://bob:hunter2@connect.example.com"]) {
            const got = await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { rStudioConnectUrl: secret(url) } })));
            assert.strictEqual(got.length, 1, url);
            assert.ok(!got[0].message.includes("hunter2"), got[0].message);
        }
    });

    it("domain-rstudio-settings: a role unknown at preview is fine, an unknown URL is not verified", async () => {
        assert.deepStrictEqual(await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { domainExecutionRoleArn: UNKNOWN } }))), []);
        const got = await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { rStudioConnectUrl: UNKNOWN } })));
        assert.deepStrictEqual(got.map((r) => r.level), ["advisory"]);
        assert.match(got[0].message, /`domainSettings\.rStudioServerProDomainSettings\.rStudioConnectUrl` is not known/);
    });

    it("resource policies ignore resource types they do not cover", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs({ type: "aws:s3/bucket:Bucket", name: "b", props: { bucket: UNKNOWN, facts: UNKNOWN } })), []);
    });
});

describe("policies: stack", () => {
    const img = rstudioImage("rstudio-cpu");
    const stack = (...extra: EngineResource[]) => [img, ...rstudioImageChildren(img), ...extra];

    it("custom-image-verified: images from an RStudioImage pass; others are unverified", async () => {
        assert.deepStrictEqual(await runAll(stackArgs(stack(domain("d", { images: ["rstudio-cpu"] })))), []);
        const got = await run("custom-image-verified", stackArgs(stack(domain("d", { images: ["rstudio-cpu", "handmade"] }), userProfile("alice", ["other"]))));
        assert.deepStrictEqual(got.map((r) => [r.level, r.urn]), [
            ["mandatory", urnOf(TYPES.domain, "d")],
            ["mandatory", urnOf(TYPES.userProfile, "alice")],
        ]);
        assert.match(got[0].message, /^custom-image-verified: unverified RStudio image at defaultUserSettings\.rSessionAppSettings\.customImages\[1\]: no RStudioImage in this stack builds it/);
        assert.match(got[1].message, /at userSettings\.rSessionAppSettings\.customImages\[0\]:/);
        assert.ok(!got.some((r) => r.message.includes("handmade") || r.message.includes("other\"")), "image names are property values: not printed");
    });

    it("custom-image-verified: traces through the SageMaker Image an RStudioImage created", async () => {
        const pending = rstudioImage("rstudio-cpu", { imageName: UNKNOWN });
        const children = rstudioImageChildren(img).map((c) => ({ ...c, parent: urnOf(TYPES.rstudioImage, "rstudio-cpu") }));
        assert.deepStrictEqual(await run("custom-image-verified", stackArgs([pending, ...children, domain("d", { images: ["rstudio-cpu"] })])), []);
    });

    it("custom-image-verified: a SageMaker Image outside any RStudioImage does not count", async () => {
        const raw: EngineResource = { type: TYPES.sagemakerImage, name: "raw", props: { imageName: "handmade" } };
        assert.strictEqual((await run("custom-image-verified", stackArgs([raw, domain("d", { images: ["handmade"] })]))).length, 1);
    });

    it("custom-image-verified: an RStudioImage without facts is unverified", async () => {
        const bare = rstudioImage("rstudio-cpu");
        delete bare.props.facts;
        const got = await run("custom-image-verified", stackArgs([bare, domain("d", { images: ["rstudio-cpu"] })]));
        assert.match(got[0].message, /unverified RStudio image at defaultUserSettings\.rSessionAppSettings\.customImages\[0\]: its RStudioImage \(rstudio-cpu\) passed no image facts/);
    });

    it("custom-image-verified: unknown names are not verified at preview, not violations", async () => {
        const got = await run("custom-image-verified", stackArgs(stack(domain("d", { images: [{ imageName: UNKNOWN, appImageConfigName: "c" }] }))));
        assert.deepStrictEqual(got.map((r) => r.level), ["advisory"]);
        assert.match(got[0].message, /`defaultUserSettings\.rSessionAppSettings\.customImages\.0\.imageName` is not known/);
        const unknownList = await run("custom-image-verified", stackArgs([domain("d", { images: [] }), { ...domain("e"), props: { defaultUserSettings: { rSessionAppSettings: { customImages: UNKNOWN } } } }]));
        assert.deepStrictEqual(unknownList.map((r) => r.level), ["advisory"]);
        const pendingName = rstudioImage("x", { imageName: UNKNOWN });
        const maybe = await run("custom-image-verified", stackArgs([pendingName, domain("d", { images: ["rstudio-cpu"] })]));
        assert.deepStrictEqual(maybe.map((r) => r.level), ["advisory"]);
    });

    it("workbench-version-match: the domain's version (from its image ARN) against each attached image", async () => {
        assert.deepStrictEqual(await run("workbench-version-match", stackArgs(stack(domain("d", { images: ["rstudio-cpu"] })))), []);
        const got = await run("workbench-version-match", stackArgs(stack(domain("d", { images: ["rstudio-cpu"], arn: DOMAIN_ARN_2025_05 }))));
        assert.strictEqual(got.length, 1);
        assert.strictEqual(got[0].level, "mandatory");
        assert.strictEqual(got[0].urn, urnOf(TYPES.domain, "d"));
        assert.match(got[0].message, /^RSB013: custom image of RStudioImage rstudio-cpu \(defaultUserSettings\.rSessionAppSettings\.customImages\[0\]\), Dockerfile:2: The image's Workbench 2026\.08\.2\+200\.pro1 .*does not match the domain's 2025\.05/);
        assert.ok(!got[0].message.includes(DOMAIN_ARN_2025_05), "the domain's ARN is a property value: not printed");
    });

    it("workbench-version-match: unknown ARN or facts are not verified; no ARN, nothing to match", async () => {
        const unknownArn = await run("workbench-version-match", stackArgs(stack(domain("d", { images: ["rstudio-cpu"], arn: UNKNOWN }))));
        assert.deepStrictEqual(unknownArn.map((r) => r.level), ["advisory"]);
        assert.match(unknownArn[0].message, /sagemakerImageArn` \(the domain's Workbench version\) is not known/);
        const pendingFacts = rstudioImage("rstudio-cpu", { facts: UNKNOWN });
        const got = await run("workbench-version-match", stackArgs([pendingFacts, domain("d", { images: ["rstudio-cpu"], arn: DOMAIN_ARN_2025_05 })]));
        assert.deepStrictEqual(got.map((r) => r.level), ["advisory"]);
        const noArn = domain("d", { images: ["rstudio-cpu"] });
        delete ((noArn.props.domainSettings as Record<string, Record<string, Record<string, unknown>>>).rStudioServerProDomainSettings.defaultResourceSpec).sagemakerImageArn;
        assert.deepStrictEqual(await run("workbench-version-match", stackArgs(stack(noArn))), []);
    });

    it("workbench-version-match: a fact unknown at preview that RSB013 does not read leaves every attached image checked", async () => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.sizeBytes = UNKNOWN;
        const resources = [rstudioImage("a", { facts }), rstudioImage("b"), domain("d", { images: ["a", "b"], arn: DOMAIN_ARN_2025_05 })];
        const got = await run("workbench-version-match", stackArgs(resources));
        assert.deepStrictEqual(got.map((r) => [r.level, r.urn]), [
            ["mandatory", urnOf(TYPES.domain, "d")],
            ["mandatory", urnOf(TYPES.domain, "d")],
        ]);
        assert.match(got[0].message, /^RSB013: custom image of RStudioImage a \(.*customImages\[0\]\), .*does not match the domain's 2025\.05/);
        assert.match(got[1].message, /^RSB013: custom image of RStudioImage b \(.*customImages\[1\]\), .*does not match the domain's 2025\.05/);
    });

    it("workbench-version-match: a component given its domain's version is checked on its own", async () => {
        const given = rstudioImage("rstudio-cpu", { facts: factsWith((f) => (f.domainWorkbenchVersion = known("2025.05", "context", { via: "domain" }))) });
        const got = await run("workbench-version-match", stackArgs([given]));
        assert.strictEqual(got[0].urn, urnOf(TYPES.rstudioImage, "rstudio-cpu"));
        assert.match(got[0].message, /does not match the domain's 2025\.05/);
    });
});

describe("policies: docker images traced from an ImageVersion's baseImage", () => {
    const dockerImage = (name: string, platform: unknown, parent?: string): EngineResource => ({
        type: TYPES.dockerImage,
        name,
        parent,
        props: { imageName: `${ECR_REPO}:${name}`, build: { context: ".", platform } },
    });
    const versionOf = (name: string, baseImageDeps: string[]): EngineResource => ({
        type: TYPES.imageVersion,
        name,
        props: { imageName: "img", baseImage: `${ECR_REPO}@${DIGEST}` },
        dependencies: baseImageDeps,
        propertyDependencies: { baseImage: baseImageDeps, imageName: [] },
    });
    const urnOfRes = (r: EngineResource) => urnOf(r.type, r.name, r.parent);

    it("flags only the image the baseImage depends on, on that image's URN", async () => {
        const raw = dockerImage("raw", "linux/arm64");
        const unrelated = dockerImage("web", "linux/arm64");
        const got = await run("traced-docker-image", stackArgs([raw, unrelated, versionOf("v", [urnOfRes(raw)])]));
        assert.deepStrictEqual(got.map((r) => [r.level, r.urn]), [["mandatory", urnOfRes(raw)]]);
        assert.match(got[0].message, /^RSB012: docker image raw \(the baseImage of ImageVersion v\): The platform is \[not shown\] .* Basis: .* Fix: /);
        assert.deepStrictEqual(await run("traced-docker-image", stackArgs([raw, unrelated])), [], "no ImageVersion, nothing traced");
    });

    it("follows a component among the dependencies into its children; one image feeding two versions is reported once", async () => {
        const component = { type: "acme:index:Builder", name: "builder", props: {} } as EngineResource;
        const inner = dockerImage("inner", "linux/arm64", urnOfRes(component));
        const got = await run("traced-docker-image", stackArgs([component, inner, versionOf("v1", [urnOfRes(component)]), versionOf("v2", [urnOfRes(inner)])]));
        assert.deepStrictEqual(got.map((r) => r.urn), [urnOfRes(inner)]);
        assert.match(got[0].message, /the baseImage of ImageVersion v1, v2/);
    });

    it("leaves images an RStudioImage built to the rule policies, and amd64 images alone", async () => {
        const inComponent = dockerImage("c-image", "linux/arm64", urnOf(TYPES.rstudioImage, "c"));
        const amd = dockerImage("amd", "linux/amd64");
        const noPlatform = dockerImage("daemon-default", undefined);
        assert.deepStrictEqual(await run("traced-docker-image", stackArgs([inComponent, amd, noPlatform, versionOf("v", [urnOfRes(inComponent), urnOfRes(amd), urnOfRes(noPlatform)])])), []);
    });

    it("a platform unknown at preview is not verified, advisory; a docker-build image's platforms each count", async () => {
        const pending = dockerImage("pending", UNKNOWN);
        const bx: EngineResource = { type: TYPES.dockerBuildImage, name: "bx", props: { platforms: ["linux/amd64", secret("linux/arm64")] } };
        const got = await run("traced-docker-image", stackArgs([pending, bx, versionOf("v", [urnOfRes(pending), urnOfRes(bx)])]));
        assert.deepStrictEqual(got.map((r) => [r.level, r.urn]), [["advisory", urnOfRes(pending)], ["mandatory", urnOfRes(bx)]]);
        assert.match(got[0].message, /`build\.platform` is not known/);
        assert.ok(!got[1].message.includes("linux/arm64"), got[1].message);
    });
});

/**
 * The pack reads properties through the SDK's public API only: through the proxy the SDK hands over, catching its
 * UnknownValueError (policies/props.ts). Nothing reaches behind the proxy and no engine sentinel is known to it.
 */
describe("policies: the SDK's public API only", () => {
    const sources = () => fs.readdirSync(path.join(REPO_ROOT, "policies")).filter((f) => f.endsWith(".ts")).map((f) => fs.readFileSync(path.join(REPO_ROOT, "policies", f), "utf8"));
    // The sentinels @pulumi/policy's proxy.ts recognises (unknown string / object / array …) and its private keys.
    const PRIVATE = [/__getSpecialProxyTarget|__isSpecialProxy|getSpecialProxyTarget/, /04da6b54-80e4-46f7-96ec-b56ff0331ba9|dd056dcd-154b-4c76-9bd3-c8f88648b5ff|6a19a0b0-7e62-4c92-b797-7f8e31da9cc2/, /@pulumi\/policy\/(proxy|deserialize|server|secret)/];

    it("no pack source names the SDK's private proxy keys, the engine's sentinels or the SDK's internal modules", () => {
        for (const text of sources()) for (const re of PRIVATE) assert.doesNotMatch(text, re);
    });

    it("props behind a proxy with no way past it report exactly the same, unknowns included", async () => {
        /** `props` behind a second proxy that answers nothing but reads: what any SDK keeping its proxy private gives. */
        function sealed<T>(props: T): T {
            if (typeof props !== "object" || props === null) return props;
            return new Proxy(props as unknown as object, {
                get(target, key) {
                    if (key === "__isSpecialProxy" || key === "__getSpecialProxyTarget") throw new Error(`the pack read ${String(key)}`);
                    return sealed((target as Record<PropertyKey, unknown>)[key]);
                },
            }) as T;
        }
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.sizeBytes = UNKNOWN;
        (facts.env as { value: Record<string, unknown> }).value.RSTUDIO_CONNECT_URL = { value: UNKNOWN, file: FILE, line: 10 };
        const resources = [
            rstudioImage("a", { facts }),
            rstudioImage("b", { facts: UNKNOWN, gpu: UNKNOWN }),
            image((f) => (f.workbenchVersion = known("2021.09.0+351.pro6", "dockerfile", { file: FILE, line: 2, via: "ARG RSW_VERSION" }))),
            ...rstudioImageChildren(rstudioImage("c"), { platform: UNKNOWN, baseImage: UNKNOWN }),
            { type: TYPES.dockerBuildImage, name: "bx", props: { platforms: ["linux/amd64", "linux/arm64", UNKNOWN] } },
            domain("d1", { rstudio: { rStudioConnectUrl: UNKNOWN, rStudioPackageManagerUrl: "packagemanager.example.com" } }),
        ];
        const config = { platform: { checkAllDockerImages: true } };
        let reports = 0;
        for (const r of resources) {
            const args = resourceArgs(r);
            const plain = await runAll(args, config);
            reports += plain.length;
            assert.deepStrictEqual(await runAll({ ...args, props: sealed(args.props) }, config), plain, r.name);
        }
        assert.ok(reports > 10, "the cases report something to compare");
        const stackPlain = stackArgs([...resources, domain("d2", { images: ["a", { imageName: UNKNOWN }], arn: DOMAIN_ARN_2025_05 })]);
        const stackSealed = stackArgs([...resources, domain("d2", { images: ["a", { imageName: UNKNOWN }], arn: DOMAIN_ARN_2025_05 })]);
        for (const res of stackSealed.resources) (res as { props: Record<string, unknown> }).props = sealed(res.props);
        assert.deepStrictEqual(await runAll(stackSealed), await runAll(stackPlain));
    });

    it("each resource is judged on its own props: nothing carries over from the resource analyzed before", async () => {
        // Same URN, one failing and one passing image, one after the other (as two Analyze calls would).
        const failing = image((f) => (f.sizeBytes = known(30e9, "image")));
        const passing = rstudioImage("img");
        assert.strictEqual((await runAll(resourceArgs(failing))).length, 1);
        assert.deepStrictEqual(await runAll(resourceArgs(passing)), []);
        assert.strictEqual((await runAll(resourceArgs(failing))).length, 1);
    });
});

describe("policies: helpers", () => {
    it("redact hides user:password@ and credential-named query parameters in any URL", () => {
        assert.strictEqual(redact('"https://bob:hunter2@host/x" and ftp://u@h'), '"https://***@host/x" and ftp://***@h');
        assert.strictEqual(redact("no url here: a@b"), "no url here: a@b");
        assert.strictEqual(redact("https://host/?token=abc123&page=2 s3://b/k?X-Amz-Signature=f00d"), "https://host/?token=***&page=2 s3://b/k?X-Amz-Signature=***");
    });

    it("hideValues replaces each value, longest first, and leaves words that merely contain a short value", () => {
        assert.strictEqual(hideValues('The platform is linux/arm64 (build); runs linux/amd64', ["linux/arm64"]), `The platform is ${NOT_SHOWN} (build); runs linux/amd64`);
        assert.strictEqual(hideValues("base a:b and a:b:c", ["a:b", "a:b:c"]), `base ${NOT_SHOWN} and ${NOT_SHOWN}`);
        assert.strictEqual(hideValues("R is RSB012 and R", ["R"]), `${NOT_SHOWN} is RSB012 and ${NOT_SHOWN}`);
        assert.strictEqual(hideValues("url https://h/?t=1.", ["https://h/?t=1"]), `url ${NOT_SHOWN}.`);
    });

    it("urnTypeChain lists parent types then the resource's", () => {
        assert.deepStrictEqual(urnTypeChain(urnOf(TYPES.dockerImage, "i", urnOf(TYPES.rstudioImage, "c"))), [TYPES.rstudioImage, TYPES.dockerImage]);
        assert.deepStrictEqual(urnTypeChain("not-a-urn"), []);
    });
});
