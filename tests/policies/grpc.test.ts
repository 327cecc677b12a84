/**
 * The policy pack as the Pulumi engine drives it: started like pulumi-language-nodejs starts an analyzer plugin,
 * spoken to over the Analyzer gRPC protocol (tests/policies/harness.ts), with properties encoded as the engine
 * encodes them (unknown sentinels, secret signatures).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { RULES, known } from "../../core";
import { inspectDockerfile } from "../../inspect/dockerfile";
import {
    POLICIES_DIR,
    REPO_ROOT,
    UNKNOWN,
    analyzeRequest,
    buildPack,
    copyPackAlone,
    reconcileConfig,
    resourceUrn,
    secret,
    startPack,
    urnOf,
    type EngineResource,
    type RunningPack,
} from "./harness";
import { DIGEST, DOMAIN_ARN_2025_05, ECR_REPO, FILE, TYPES, domain, factsWith, rstudioImage, rstudioImageChildren } from "./fixtures";

const PACK_VERSION = (JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8")) as { version: string }).version;

function failingImage(): EngineResource {
    return rstudioImage("rstudio-cpu", {
        facts: factsWith((f) => {
            (f.systemPackages as { value: { name: string }[] }).value = (f.systemPackages as { value: { name: string }[] }).value.filter((p) => p.name !== "sudo");
            f.sizeBytes = known(22e9, "image");
            f.entrypoint = known({ cmd: ["R"], file: FILE, cmdLine: 20 }, "dockerfile", { file: FILE, line: 20 });
        }),
    });
}

describe("policy pack over gRPC", function () {
    let pack: RunningPack;

    before(async function () {
        buildPack();
        pack = await startPack(POLICIES_DIR);
        await pack.configureStack({ dryRun: true });
    });

    after(async () => {
        await pack?.stop();
    });

    beforeEach(async () => {
        await pack.configureFromFile({});
    });

    it("prints its port on stdout and describes itself in GetAnalyzerInfo", async () => {
        assert.ok(pack.port > 0);
        const info = await pack.getAnalyzerInfo();
        assert.strictEqual(info.name, "sagemaker-rstudio");
        assert.strictEqual(info.version, PACK_VERSION);
        assert.strictEqual(info.supportsConfig, true);
        const byName = new Map(info.policies.map((p) => [p.name, p]));
        for (const r of RULES) {
            const p = byName.get(r.slug);
            assert.ok(p, r.slug);
            assert.strictEqual(p.description, r.summary);
            assert.strictEqual(p.enforcementLevel, r.level);
            assert.strictEqual(p.type, r.slug === "workbench-version-match" ? "stack" : "resource");
            assert.strictEqual(p.remediationSteps, r.fix);
        }
        assert.strictEqual(byName.get("custom-image-verified")?.type, "stack");
        assert.strictEqual(byName.get("traced-docker-image")?.type, "stack");
        assert.strictEqual(byName.get("domain-rstudio-settings")?.type, "resource");
        assert.strictEqual(info.policies.length, RULES.length + 3);
        assert.strictEqual(byName.get("image-size")?.configSchema?.properties.maxImageSizeGB.default, 25);
        assert.strictEqual(byName.get("base-version")?.configSchema?.properties.minWorkbenchVersion.type, "string");
    });

    it("Analyze: a passing RStudioImage and its children have no diagnostics", async () => {
        const img = rstudioImage("rstudio-cpu");
        for (const r of [img, ...rstudioImageChildren(img), domain("d", { images: ["rstudio-cpu"] })]) {
            assert.deepStrictEqual(await pack.analyze(r), [], r.type);
        }
    });

    it("Analyze: the reference Dockerfiles (facts from inspectDockerfile) have no mandatory violation", async () => {
        for (const [name, gpu] of [["cpu", false], ["gpu", true]] as const) {
            const file = `dockerfiles/${name}.Dockerfile`;
            const { facts } = inspectDockerfile(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), { file });
            const got = await pack.analyze(rstudioImage(`rstudio-${name}`, { facts, gpu }));
            assert.deepStrictEqual(got.filter((d) => d.enforcementLevel === "mandatory"), [], file);
            // What a Dockerfile alone cannot show stays visible as advisories.
            assert.ok(got.some((d) => d.policyName === "image-size" && d.enforcementLevel === "advisory" && d.message.includes(`${file}:`)), file);
        }
    });

    it("Analyze: a GPU Dockerfile with the driver fails; no toolkit on an uninspected base is unverified, advisory", async () => {
        const text = [
            "FROM --platform=linux/amd64 rstudio/r-session-complete:jammy-2025.05.1",
            "RUN apt-get update && apt-get install -y sudo openjdk-11-jdk libpng-dev cuda-drivers",
            "",
        ].join("\n");
        const { facts } = inspectDockerfile(text, { file: "Dockerfile" });
        const got = await pack.analyze(rstudioImage("gpu", { facts, gpu: true }));
        const byPolicy = new Map(got.map((d) => [d.policyName, d]));
        // Seen evidence (Dockerfile line 2 installs the driver): mandatory.
        assert.strictEqual(byPolicy.get("gpu-no-driver")?.enforcementLevel, "mandatory");
        assert.match(byPolicy.get("gpu-no-driver")?.message ?? "", /^RSB009: Dockerfile:2: cuda-drivers .*NVIDIA driver.* Basis: /);
        // The base image may carry the toolkit and was not inspected: shown, advisory, never blocking (decision 1).
        assert.strictEqual(byPolicy.get("gpu-cuda-toolkit")?.enforcementLevel, "advisory");
        assert.match(byPolicy.get("gpu-cuda-toolkit")?.message ?? "", /^RSB010: unverified: the base image rstudio\/r-session-complete:jammy-2025\.05\.1 was not inspected\. .*declared GPU.* Basis: /);
        for (const d of got) if (/^RSB\d{3}: unverified: /.test(d.message)) assert.strictEqual(d.enforcementLevel, "advisory", d.message);
    });

    it("Analyze: a failing image gets one diagnostic per finding, with the finding's own level", async () => {
        const got = await pack.analyze(failingImage());
        assert.deepStrictEqual(
            got.map((d) => [d.policyName, d.enforcementLevel]),
            [
                ["system-packages", "mandatory"],
                ["entrypoint-ignored", "advisory"],
                ["image-size", "advisory"],
            ],
        );
        for (const d of got) {
            assert.strictEqual(d.policyPackName, "sagemaker-rstudio");
            assert.strictEqual(d.policyPackVersion, PACK_VERSION);
        }
        assert.match(got[0].message, /^RSB002: Dockerfile:3: sudo is not installed by this Dockerfile.* Basis: [^\n]+ Fix: Add RUN apt-get update/);
        assert.match(got[1].message, /^RSB006: Dockerfile:20: CMD \["R"\] will not run/);
        assert.match(got[2].message, /^RSB011: built image: The image is 22\.00 GB, over 80 %/);
    });

    it("Configure: enforcement levels and thresholds from a --policy-pack-config file", async () => {
        await pack.configureFromFile({ all: "advisory" });
        assert.deepStrictEqual((await pack.analyze(failingImage())).map((d) => d.enforcementLevel), ["advisory", "advisory", "advisory"]);

        await pack.configureFromFile({ "entrypoint-ignored": "disabled", "image-size": { enforcementLevel: "mandatory", maxImageSizeGB: 20 } });
        const got = await pack.analyze(failingImage());
        assert.deepStrictEqual(got.map((d) => [d.policyName, d.enforcementLevel]), [
            ["system-packages", "mandatory"],
            ["image-size", "mandatory"],
        ]);
        assert.match(got[1].message, /over the 20 GB limit/);

        await pack.configureFromFile({ "entrypoint-ignored": "mandatory", "system-packages": "remediate" });
        assert.deepStrictEqual((await pack.analyze(failingImage())).map((d) => d.enforcementLevel), ["mandatory", "mandatory", "advisory"]);
    });

    it("Configure: an invalid threshold is a mandatory violation naming the key", async () => {
        await pack.configureFromFile({ "base-version": { minWorkbenchVersion: "latest" } });
        const got = (await pack.analyze(rstudioImage("img"))).filter((d) => d.policyName === "base-version");
        assert.strictEqual(got.length, 1);
        assert.strictEqual(got[0].enforcementLevel, "mandatory");
        assert.match(got[0].message, /^RSB001: invalid policy config: minWorkbenchVersion must be a Workbench version/);
    });

    it("Configure: an unknown key is a mandatory violation; __proto__ never reaches a setting", async () => {
        const info = await pack.getAnalyzerInfo();
        const withProps = (name: string, json: string) => {
            const config = reconcileConfig(info);
            config.get(name)!.properties = JSON.parse(json) as Record<string, unknown>;
            return config;
        };
        const big = rstudioImage("img", { facts: factsWith((f) => (f.sizeBytes = known(22e9, "image"))) });
        await pack.configure(withProps("image-size", '{"maxImageSizeGb": 1}'));
        const typo = (await pack.analyze(big)).filter((d) => d.policyName === "image-size");
        assert.deepStrictEqual(typo.map((d) => d.enforcementLevel), ["mandatory"]);
        assert.match(typo[0].message, /^RSB011: invalid policy config: unknown config key "maxImageSizeGb" \(expected one of: maxImageSizeGB\)/);
        // The engine passes a "__proto__" key on (its schema check allows extra keys); the SDK's protobuf conversion
        // (Struct.toJavaScript in Configure) assigns it as the config object's prototype and getConfig() copies own
        // keys only, so it never reaches the pack: the limit stays the default, nothing is polluted.
        await pack.configure(withProps("image-size", '{"__proto__": {"maxImageSizeGB": 1}}'));
        const proto = (await pack.analyze(big)).filter((d) => d.policyName === "image-size");
        assert.deepStrictEqual(proto.map((d) => d.enforcementLevel), ["advisory"]);
        assert.match(proto[0].message, /over 80 % of the 25 GB limit/);
        assert.doesNotMatch(pack.errors, /Error/);
    });

    it("Analyze: unknown values are reported as not verified at preview, never as an RPC error", async () => {
        const got = await pack.analyze(rstudioImage("img", { facts: UNKNOWN, gpu: UNKNOWN }));
        assert.strictEqual(got.length, RULES.length - 1);
        assert.ok(got.every((d) => d.enforcementLevel === "advisory" && /not verified at preview: `facts` is not known/.test(d.message)));
        const version: EngineResource = { type: TYPES.imageVersion, name: "v", props: { imageName: "img", baseImage: UNKNOWN } };
        assert.deepStrictEqual((await pack.analyze(version)).map((d) => [d.policyName, d.enforcementLevel]), [["digest-pinned", "advisory"]]);
        const d = domain("d", { rstudio: { domainExecutionRoleArn: UNKNOWN, rStudioConnectUrl: UNKNOWN } });
        assert.deepStrictEqual((await pack.analyze(d)).map((x) => [x.policyName, x.enforcementLevel]), [["domain-rstudio-settings", "advisory"]]);
    });

    /**
     * Issue 12 row 4: a value the engine marks secret is never printed. The SDK unwraps secrets before a policy
     * sees them, so the pack prints no value read from a property at all ([not shown]); every property a message
     * can quote is sent as a secret here, with a value the policies report on.
     */
    it("Analyze: secrets in every property a message can quote are checked and never printed", async () => {
        const token = "tok-3f9a1c77e2";
        const cases: { r: EngineResource; policies: string[]; secrets: string[] }[] = [
            {
                r: domain("d", { rstudio: { rStudioConnectUrl: secret(`https://host/?token=${token}`), rStudioPackageManagerUrl: secret(`pm.example.com/${token}`) } }),
                policies: ["domain-rstudio-settings"],
                secrets: [token, "pm.example.com"],
            },
            {
                r: domain("d2", { rstudio: { rStudioConnectUrl: secret(`YOUR_CONNECT_URL`), rStudioPackageManagerUrl: secret(`ftp://bob:${token}@pm.example.com`) } }),
                policies: ["domain-rstudio-settings", "domain-rstudio-settings"],
                secrets: [token, "YOUR_CONNECT_URL", "pm.example.com"],
            },
            {
                r: { type: TYPES.imageVersion, name: "v", props: { imageName: "img", baseImage: secret(`${ECR_REPO}:${token}`) } },
                policies: ["digest-pinned"],
                secrets: [token, ECR_REPO],
            },
            {
                r: { type: TYPES.dockerImage, name: "i", parent: urnOf(TYPES.rstudioImage, "img"), props: { imageName: secret(`${ECR_REPO}:v1`), build: { platform: secret("linux/arm64") } } },
                policies: ["platform"],
                secrets: ["linux/arm64", ECR_REPO],
            },
            {
                r: { type: TYPES.dockerBuildImage, name: "bx", parent: urnOf(TYPES.rstudioImage, "img"), props: { platforms: [secret("linux/s390x")] } },
                policies: ["platform"],
                secrets: ["linux/s390x"],
            },
            {
                r: rstudioImage("img", { imageName: secret(`img-${token}`), platform: secret("linux/arm64"), facts: secret(factsWith((f) => (f.platform = { state: "unknown", source: "dockerfile", reason: "no FROM --platform" }))) }),
                policies: ["platform"],
                secrets: [token, "linux/arm64"],
            },
        ];
        for (const c of cases) {
            const got = await pack.analyze(c.r);
            assert.deepStrictEqual(got.map((d) => d.policyName), c.policies, `${c.r.type} ${c.r.name}: ${JSON.stringify(got.map((d) => d.message))}`);
            for (const d of got) {
                for (const v of c.secrets) assert.ok(!d.message.includes(v), `${c.r.name}: "${v}" printed in: ${d.message}`);
            }
            assert.ok(got.some((d) => d.message.includes("[not shown]")) || c.r.type === TYPES.domain, `${c.r.name}: the value's place says [not shown]`);
        }
    });

    it("AnalyzeStack: secret image names and domain ARNs are matched and never printed", async () => {
        const img = rstudioImage("rstudio-cpu", { imageName: secret("rstudio-cpu") });
        const d = domain("studio", { images: [{ imageName: secret("rstudio-cpu"), appImageConfigName: "c" }, { imageName: secret("handmade-x1"), appImageConfigName: "h" }], arn: secret(DOMAIN_ARN_2025_05) });
        const got = await pack.analyzeStack([img, d]);
        assert.deepStrictEqual(got.map((x) => x.policyName).sort(), ["custom-image-verified", "workbench-version-match"]);
        for (const x of got) {
            for (const v of ["handmade-x1", DOMAIN_ARN_2025_05, "081325390199"]) assert.ok(!x.message.includes(v), `"${v}" printed in: ${x.message}`);
        }
    });

    it("Analyze: docker images are checked when an RStudioImage built them", async () => {
        const parent = urnOf(TYPES.rstudioImage, "img");
        const arm: EngineResource = { type: TYPES.dockerImage, name: "img-image", parent, props: { imageName: `${ECR_REPO}:v1`, build: { platform: "linux/arm64" } } };
        assert.deepStrictEqual((await pack.analyze(arm)).map((x) => x.policyName), ["platform"]);
        assert.deepStrictEqual(await pack.analyze({ ...arm, parent: undefined }), []);
        await pack.configureFromFile({ platform: { checkAllDockerImages: true } });
        assert.deepStrictEqual((await pack.analyze({ ...arm, parent: undefined })).map((x) => x.policyName), ["platform"]);
    });

    it("AnalyzeStack: attached images trace back to checked facts; versions match the domain's", async () => {
        const img = rstudioImage("rstudio-cpu");
        const d = domain("studio", { images: ["rstudio-cpu", "handmade"], arn: DOMAIN_ARN_2025_05 });
        const got = await pack.analyzeStack([img, ...rstudioImageChildren(img), d]);
        const domainUrn = resourceUrn(d);
        assert.deepStrictEqual(got.map((x) => [x.policyName, x.enforcementLevel, x.urn]), [
            ["workbench-version-match", "mandatory", domainUrn],
            ["custom-image-verified", "mandatory", domainUrn],
        ]);
        assert.match(got[0].message, /^RSB013: custom image of RStudioImage rstudio-cpu \(defaultUserSettings\.rSessionAppSettings\.customImages\[0\]\), Dockerfile:2: .*does not match the domain's 2025\.05/);
        assert.match(got[1].message, /unverified RStudio image at defaultUserSettings\.rSessionAppSettings\.customImages\[1\]/);
    });

    it("AnalyzeStack: a raw docker image behind an ImageVersion's baseImage is an RStudio image (RSB012); an unrelated one is not", async () => {
        const raw: EngineResource = { type: TYPES.dockerImage, name: "rstudio-raw", props: { imageName: `${ECR_REPO}:v1`, build: { context: ".", platform: "linux/arm64" } } };
        const unrelated: EngineResource = { type: TYPES.dockerImage, name: "web", props: { imageName: "web:v1", build: { context: "web", platform: "linux/arm64" } } };
        const smImage: EngineResource = { type: TYPES.sagemakerImage, name: "sm", props: { imageName: "raw", roleArn: "arn:aws:iam::123456789012:role/sm" } };
        const version: EngineResource = {
            type: TYPES.imageVersion,
            name: "raw-v1",
            props: { imageName: "raw", baseImage: `${ECR_REPO}@${DIGEST}` },
            dependencies: [resourceUrn(raw), resourceUrn(smImage)],
            propertyDependencies: { baseImage: [resourceUrn(raw)], imageName: [resourceUrn(smImage)] },
        };
        const got = await pack.analyzeStack([raw, unrelated, smImage, version]);
        assert.deepStrictEqual(got.map((d) => [d.policyName, d.enforcementLevel, d.urn]), [["traced-docker-image", "mandatory", resourceUrn(raw)]]);
        assert.match(got[0].message, /^RSB012: docker image rstudio-raw \(the baseImage of ImageVersion raw-v1\): The platform is \[not shown\]/);
        // docker-build's Image, and an amd64 image: same trace, no violation for amd64.
        const bx: EngineResource = { type: TYPES.dockerBuildImage, name: "bx", props: { platforms: ["linux/amd64", "linux/arm64"] } };
        const amd: EngineResource = { ...raw, name: "amd", props: { build: { platform: "linux/amd64" } } };
        const v2: EngineResource = { ...version, name: "v2", propertyDependencies: { baseImage: [resourceUrn(bx), resourceUrn(amd)] } };
        const got2 = await pack.analyzeStack([bx, amd, unrelated, v2]);
        assert.deepStrictEqual(got2.map((d) => [d.policyName, d.urn]), [["traced-docker-image", resourceUrn(bx)]]);
        // Unknown at preview: not verified, advisory.
        const pending: EngineResource = { ...raw, props: { build: { platform: UNKNOWN } } };
        const got3 = await pack.analyzeStack([pending, unrelated, version]);
        assert.deepStrictEqual(got3.map((d) => [d.policyName, d.enforcementLevel, d.urn]), [["traced-docker-image", "advisory", resourceUrn(raw)]]);
        assert.match(got3[0].message, /`build\.platform` is not known/);
    });

    it("facts of an unexpected shape are a one-line violation, never an RPC error", async () => {
        const weird = rstudioImage("img", {
            facts: factsWith((f) => {
                (f as unknown as Record<string, unknown>).sources = "nope";
                (f.systemPackages as { value: unknown }).value = "sudo openjdk-11-jdk";
            }),
        });
        const got = (await pack.analyze(weird)).filter((d) => d.policyName === "system-packages");
        assert.strictEqual(got.length, 1);
        assert.strictEqual(got[0].enforcementLevel, "mandatory");
        assert.match(got[0].message, /^RSB002: could not be checked: [^\n]+\. Fix: make sure the sagemaker-rstudio component and policy pack versions match\.$/);
        const stack = await pack.analyzeStack([{ type: TYPES.domain, name: "d", props: { defaultUserSettings: { rSessionAppSettings: { customImages: [null, 5, { imageName: 7 }] } } } }]);
        assert.deepStrictEqual(stack, []);
        assert.doesNotMatch(pack.errors, /Error/);
    });
});

describe("policy pack published alone", function () {
    let dir: string;
    let pack: RunningPack | undefined;

    before(() => {
        buildPack();
        dir = copyPackAlone();
    });

    after(async () => {
        await pack?.stop();
        if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("the bundle requires nothing but the pack's dependencies and Node built-ins", () => {
        const js = fs.readFileSync(path.join(POLICIES_DIR, "bin", "index.js"), "utf8");
        // Real calls only: ajv keeps `require("ajv/dist/runtime/…")` as text for its standalone code generation (a string
        // literal in the bundle, never run here).
        const required = new Set([...js.matchAll(/(?<![`'"])require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
        const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
        for (const r of required) {
            assert.ok(deps.includes(r) || r.startsWith("node:") || require("module").builtinModules.includes(r), `bundle requires ${r}`);
        }
        assert.ok(!/from ["']\.\.\/core/.test(js) && !/require\(["']\.\.?\//.test(js), "no relative requires left");
    });

    it("npm pack (what pulumi policy publish uploads) ships the bundle and PulumiPolicy.yaml", () => {
        const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: POLICIES_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
        const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
        assert.deepStrictEqual(files, ["PulumiPolicy.yaml", "bin/index.js", "package.json"]);
    });

    it("starts from a copy of policies/ with no repository around it and answers the engine", async () => {
        assert.ok(!fs.existsSync(path.join(dir, "index.ts")) && !fs.existsSync(path.join(dir, "..", "spec")));
        assert.ok(!path.resolve(dir).startsWith(REPO_ROOT));
        pack = await startPack(dir);
        await pack.configureStack();
        const info = await pack.configureFromFile({});
        assert.strictEqual(info.name, "sagemaker-rstudio");
        assert.strictEqual(info.policies.length, RULES.length + 3);
        const got = await pack.analyze(failingImage());
        assert.deepStrictEqual(got.map((d) => d.policyName), ["system-packages", "entrypoint-ignored", "image-size"]);
        const raw = await pack.analyzeRaw(analyzeRequest(rstudioImage("img")));
        assert.strictEqual(raw.getDiagnosticsList().length, 0);
    });
});
