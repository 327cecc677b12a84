/**
 * Unit tests of every policy of the pack, calling its validate function with the args the SDK would build
 * (tests/policies/util.ts). The protocol-level tests are in grpc.test.ts.
 */
import * as assert from "assert";
import { DEFAULT_DEPRECATED_VERSIONS, DEFAULT_MAX_IMAGE_SIZE_GB, DEFAULT_MIN_WORKBENCH_VERSION, RULES, known, unknown as unknownFact, type ImageFacts } from "../../core";
import { POLICIES } from "../../policies/policies";
import { redact } from "../../policies/violations";
import { unwrap, urnTypeChain } from "../../policies/props";
import { UNKNOWN, secret, urnOf, type EngineResource } from "./harness";
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
import { policyProps, resourceArgs, run, runAll, stackArgs, type Reported } from "./util";

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
        assert.deepStrictEqual(names.slice(RULES.length), ["domain-rstudio-settings", "custom-image-verified"]);
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
        { rule: "RSB001", slug: "base-version", level: "mandatory", want: /^RSB001: Dockerfile:2: .*2021\.09\.0\+351\.pro6.*older than the minimum 2022\.02\.2-485\.pro2\. Fix: /,
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
        { rule: "RSB011", slug: "image-size", level: "mandatory", want: /^RSB011: built image: The image is 30\.00 GB, over the 25 GB limit\. Fix: /,
            res: () => image((f) => (f.sizeBytes = known(30e9, "image"))) },
        { rule: "RSB012", slug: "platform", level: "mandatory", want: /^RSB012: Dockerfile:3: The platform is linux\/arm64/,
            res: () => image((f) => (f.platform = known("linux/arm64", "dockerfile", { file: FILE, line: 3, via: "FROM --platform" }))) },
        { rule: "RSB015", slug: "deprecated-version", level: "advisory", want: /^RSB015: Dockerfile:2: Workbench 2024\.04\.2\+764\.pro1 .*deprecate[sd] on 2026-04-30/,
            res: () => image((f) => (f.workbenchVersion = known("2024.04.2+764.pro1", "dockerfile", { file: FILE, line: 2, via: "ARG RSW_VERSION" }))) },
        { rule: "RSB016", slug: "force-nonzero-exit", level: "advisory", want: /^RSB016: Dockerfile:\d+: RSTUDIO_FORCE_NON_ZERO_EXIT_CODE is not set\. Fix: Add ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1\.$/,
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
        assert.match(version[0].message, /^RSB001: .*could not be determined: the FROM tag carries no version/);
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

    it("a fact unknown at preview leaves only the rules that read it unverified, naming the path", async () => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.sizeBytes = UNKNOWN;
        (facts.systemPackages as { value: unknown[] }).value.push(UNKNOWN);
        const got = await runAll(resourceArgs(rstudioImage("img", { facts })));
        // Rules that never read sizeBytes or the package list still run (and pass).
        for (const slug of ["base-version", "r-packages", "python-packages", "env-defaults", "reserved-paths", "platform", "deprecated-version"]) {
            assert.ok(!got.some((r) => r.policy === slug), `${slug} should have run and passed`);
        }
        assert.ok(got.some((r) => r.policy === "image-size"), "image-size reads sizeBytes");
        assert.ok(got.some((r) => r.policy === "gpu-no-driver"), "gpu-no-driver reads every package");
        for (const r of got) {
            assert.strictEqual(r.level, "advisory");
            assert.match(r.message, /^RSB\d{3}: not verified at preview: `facts\.(sizeBytes|systemPackages\.value\.3)` is not known until the update/);
        }
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
        assert.match((await run("r-packages", resourceArgs(rstudioImage("img", { facts }))))[0].message, /could not be determined: not passed by the RStudioImage component/);
        assert.deepStrictEqual(await run("system-packages", resourceArgs(rstudioImage("img", { facts }))), []);
    });

    it("a build platform given while the platform fact is unknown at preview leaves only platform unverified", async () => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.platform = UNKNOWN;
        const got = await runAll(resourceArgs(rstudioImage("img", { facts, platform: "linux/amd64" })));
        assert.deepStrictEqual(got.map((r) => [r.policy, r.level]), [["platform", "advisory"]]);
        assert.match(got[0].message, /^RSB012: not verified at preview: `facts\.platform` is not known/);
    });

    it("gpu unknown at preview leaves only gpu-cuda-toolkit unverified", async () => {
        const got = await runAll(resourceArgs(rstudioImage("img", { gpu: UNKNOWN })));
        assert.deepStrictEqual(got.map((r) => [r.policy, r.level]), [["gpu-cuda-toolkit", "advisory"]]);
        assert.match(got[0].message, /^RSB010: not verified at preview: `gpu`/);
    });
});

describe("policies: raw resources", () => {
    const version = (baseImage: unknown, parent?: string): EngineResource => ({ type: TYPES.imageVersion, name: "v", parent, props: { imageName: "img", baseImage } });

    it("RSB014: an ImageVersion's baseImage must be pinned by digest", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs(version(`${ECR_REPO}@${DIGEST}`))), []);
        const got = only(await runAll(resourceArgs(version(`${ECR_REPO}:latest`))), "digest-pinned");
        assert.strictEqual(got[0].level, "mandatory");
        assert.match(got[0].message, /^RSB014: The image version's base image ".*rstudio:latest" is not pinned by @sha256 digest\. Fix: /);
        // A secret baseImage is still checked (the SDK hands secrets to policies as plain values).
        assert.strictEqual((await run("digest-pinned", resourceArgs(version(secret(`${ECR_REPO}:v1`))))).length, 1);
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
        assert.match(got[0].message, /^RSB012: The platform is linux\/arm64 \(given as the build platform\); SageMaker runs linux\/amd64 images only\. Fix: /);
        assert.ok(!got[0].message.includes("hunter2"));
        assert.match((await run("platform", resourceArgs(docker(UNKNOWN, component))))[0].message, /`build\.platform` is not known/);
    });

    it("RSB012: other docker images only with checkAllDockerImages", async () => {
        assert.deepStrictEqual(await run("platform", resourceArgs(docker("linux/arm64"))), []);
        assert.strictEqual((await run("platform", resourceArgs(docker("linux/arm64"), { checkAllDockerImages: true }))).length, 1);
        const buildx: EngineResource = { type: TYPES.dockerBuildImage, name: "bx", props: { platforms: ["linux/amd64", "linux/arm64", UNKNOWN] } };
        const got = await run("platform", resourceArgs(buildx, { checkAllDockerImages: true }));
        assert.deepStrictEqual(got.map((r) => r.level), ["mandatory", "advisory"]);
        assert.match(got[0].message, /linux\/arm64/);
        assert.match(got[1].message, /`platforms\.2` is not known/);
    });

    it("domain-rstudio-settings: role present, URLs in AWS's format without credentials", async () => {
        assert.deepStrictEqual(await runAll(resourceArgs(domain("d"))), []);
        assert.deepStrictEqual(await runAll(resourceArgs(domain("d", { rstudio: null }))), [], "no RStudio block: nothing to check");
        const placeholder = only(await runAll(resourceArgs(domain("d", { rstudio: { rStudioConnectUrl: "YOUR_CONNECT_URL" } }))), "domain-rstudio-settings");
        assert.match(placeholder[0].message, /rStudioConnectUrl is the placeholder "YOUR_CONNECT_URL" from the AWS example/);
        assert.strictEqual(placeholder[0].level, "mandatory");
        const noScheme = await run("domain-rstudio-settings", resourceArgs(domain("d", { rstudio: { rStudioPackageManagerUrl: "packagemanager.example.com" } })));
        assert.match(noScheme[0].message, /rStudioPackageManagerUrl "packagemanager\.example\.com" does not match/);
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
        assert.match(got[0].message, /^custom-image-verified: unverified RStudio image "handmade" \(defaultUserSettings\.rSessionAppSettings\.customImages\[1\]\): no RStudioImage in this stack builds it/);
        assert.match(got[1].message, /"other" \(userSettings\.rSessionAppSettings\.customImages\[0\]\)/);
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
        assert.match(got[0].message, /unverified RStudio image "rstudio-cpu" .*passed no image facts/);
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
        assert.match(got[0].message, /^RSB013: custom image "rstudio-cpu", Dockerfile:2: The image's Workbench 2026\.08\.2\+200\.pro1 .*does not match the domain's 2025\.05/);
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
        assert.match(got[0].message, /^RSB013: custom image "a", .*does not match the domain's 2025\.05/);
        assert.match(got[1].message, /^RSB013: custom image "b", .*does not match the domain's 2025\.05/);
    });

    it("workbench-version-match: a component given its domain's version is checked on its own", async () => {
        const given = rstudioImage("rstudio-cpu", { facts: factsWith((f) => (f.domainWorkbenchVersion = known("2025.05", "context", { via: "domain" }))) });
        const got = await run("workbench-version-match", stackArgs([given]));
        assert.strictEqual(got[0].urn, urnOf(TYPES.rstudioImage, "rstudio-cpu"));
        assert.match(got[0].message, /does not match the domain's 2025\.05/);
    });
});

/**
 * The pack reads the plain properties behind the SDK's proxy and checks for unknown values itself (policies/props.ts).
 * The same props behind a proxy that hides the way in (as an SDK without `getSpecialProxyTarget` would) are read
 * through the SDK's proxy instead: both must report exactly the same, unknowns included.
 */
describe("policies: reading props behind the SDK's proxy", () => {
    /** `props` as a newer SDK might hand them over: still throwing on unknowns, but with no way to the plain object. */
    function hidden<T>(props: T): T {
        if (typeof props !== "object" || props === null) return props;
        return new Proxy(props as unknown as object, {
            get(target, key) {
                if (key === "__isSpecialProxy" || key === "__getSpecialProxyTarget") return undefined;
                return hidden((target as Record<PropertyKey, unknown>)[key]);
            },
        }) as T;
    }

    it("the installed SDK lets the pack past its proxy (the fast path is in use)", () => {
        const props = policyProps({ facts: passingFacts(), gpu: UNKNOWN });
        const plain = unwrap(props) as Record<string, unknown>;
        assert.notStrictEqual(plain, props);
        assert.strictEqual(plain.gpu, UNKNOWN, "the plain object still carries the engine's unknown sentinel");
        const behind = hidden(props);
        assert.strictEqual(unwrap(behind), behind, "the stand-in for another SDK hides the plain object");
    });

    const withUnknowns = (): EngineResource[] => {
        const facts = passingFacts() as unknown as Record<string, unknown>;
        facts.sizeBytes = UNKNOWN;
        (facts.systemPackages as { value: unknown[] }).value.push(UNKNOWN);
        (facts.env as { value: Record<string, unknown> }).value.RSTUDIO_CONNECT_URL = { value: UNKNOWN, file: FILE, line: 10 };
        const noPlatform = passingFacts() as unknown as Record<string, unknown>;
        noPlatform.platform = UNKNOWN;
        const stateUnknown = passingFacts() as unknown as Record<string, unknown>;
        stateUnknown.rPackages = { state: UNKNOWN, source: "dockerfile" };
        const img = rstudioImage("rstudio-cpu");
        return [
            rstudioImage("a", { facts }),
            rstudioImage("b", { facts: UNKNOWN, gpu: UNKNOWN }),
            rstudioImage("c", { facts: noPlatform, platform: "linux/amd64" }),
            rstudioImage("d", { facts: stateUnknown, gpu: true }),
            rstudioImage("e", { gpu: UNKNOWN }),
            image((f) => (f.workbenchVersion = known("2021.09.0+351.pro6", "dockerfile", { file: FILE, line: 2, via: "ARG RSW_VERSION" }))),
            ...rstudioImageChildren(img, { platform: UNKNOWN, baseImage: UNKNOWN }),
            { type: TYPES.dockerBuildImage, name: "bx", props: { platforms: ["linux/amd64", "linux/arm64", UNKNOWN] } },
            domain("d1", { rstudio: { domainExecutionRoleArn: UNKNOWN, rStudioConnectUrl: UNKNOWN, rStudioPackageManagerUrl: "packagemanager.example.com" } }),
            domain("d2", { images: ["a", "c", { imageName: UNKNOWN }, "handmade"], arn: DOMAIN_ARN_2025_05 }),
            { ...domain("d3"), props: { defaultUserSettings: { rSessionAppSettings: { customImages: UNKNOWN } } } },
            userProfile("alice", ["d", "b"]),
        ];
    };

    it("resource policies report the same either way", async () => {
        const config = { platform: { checkAllDockerImages: true } };
        for (const r of withUnknowns()) {
            const args = resourceArgs(r);
            const viaProxy = await runAll({ ...args, props: hidden(args.props) }, config);
            assert.deepStrictEqual(await runAll(args, config), viaProxy, r.name);
        }
        // And the cases above do exercise unknowns at every depth.
        const all = (await Promise.all(withUnknowns().map((r) => runAll(resourceArgs(r), config)))).flat().map((x) => x.message).join("\n");
        for (const path of ["facts.sizeBytes", "facts.systemPackages.value.3", "facts.env.value.RSTUDIO_CONNECT_URL.value", "facts.rPackages", "facts.platform", "gpu", "facts", "platforms.2", "build.platform", "baseImage"]) {
            assert.ok(all.includes(`\`${path}\``), `no report names \`${path}\``);
        }
    });

    it("stack policies report the same either way", async () => {
        const plain = stackArgs(withUnknowns());
        const viaProxy = stackArgs(withUnknowns());
        for (const res of viaProxy.resources) (res as { props: Record<string, unknown> }).props = hidden(res.props);
        const got = await runAll(plain);
        assert.deepStrictEqual(got, await runAll(viaProxy));
        assert.ok(got.some((r) => r.policy === "workbench-version-match" && r.level === "mandatory"));
        assert.ok(got.some((r) => r.policy === "custom-image-verified" && r.level === "advisory"));
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
    it("redact hides user:password@ in any URL", () => {
        assert.strictEqual(redact('"https://bob:hunter2@host/x" and ftp://u@h'), '"https://***@host/x" and ftp://***@h');
        assert.strictEqual(redact("no url here: a@b"), "no url here: a@b");
    });

    it("urnTypeChain lists parent types then the resource's", () => {
        assert.deepStrictEqual(urnTypeChain(urnOf(TYPES.dockerImage, "i", urnOf(TYPES.rstudioImage, "c"))), [TYPES.rstudioImage, TYPES.dockerImage]);
        assert.deepStrictEqual(urnTypeChain("not-a-urn"), []);
    });
});
