import * as assert from "assert";
import {
    compilePattern,
    DOCUMENTED_RULES,
    formatViolation,
    loadService,
    ServiceName,
    translateJavaPattern,
    UnsupportedPattern,
    validate,
} from "./aws-model";

const SERVICES: ServiceName[] = ["sagemaker", "ecr", "iam"];

describe("contract: AWS's API model (trimmed botocore copy) and the validator", () => {
    it("the fixture names the botocore version and date it came from, and holds every operation under contract", () => {
        for (const s of SERVICES) {
            const m = loadService(s);
            assert.match(m.source.from, /^botocore \d+\.\d+\.\d+$/, s);
            assert.match(m.source.generated, /^\d{4}-\d{2}-\d{2}$/, s);
            for (const [name, op] of Object.entries(m.operations)) {
                assert.ok(op.input === undefined || m.shapes[op.input], `${s}.${name} input shape present`);
                assert.ok(op.output === undefined || m.shapes[op.output], `${s}.${name} output shape present`);
            }
        }
        const sm = loadService("sagemaker").operations;
        for (const op of ["CreateImage", "CreateImageVersion", "DescribeImageVersion", "CreateAppImageConfig", "CreateDomain", "UpdateDomain", "CreateApp", "DeleteApp", "DescribeApp"]) {
            assert.ok(sm[op], op);
        }
        assert.ok(loadService("ecr").operations.CreateRepository && loadService("ecr").operations.PutLifecyclePolicy);
        assert.ok(loadService("iam").operations.CreateRole && loadService("iam").operations.PutRolePolicy);
    });

    it("every shape the fixture references is defined, and every pattern in it translates and compiles", () => {
        let patterns = 0;
        for (const s of SERVICES) {
            const m = loadService(s);
            for (const [name, shape] of Object.entries(m.shapes)) {
                for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) {
                    if (ref !== undefined) assert.ok(m.shapes[ref.shape], `${s} ${name} → ${ref.shape}`);
                }
                if (shape.pattern !== undefined) {
                    assert.doesNotThrow(() => compilePattern(shape.pattern!), `${s} ${name}: ${shape.pattern}`);
                    patterns += 1;
                }
            }
        }
        assert.ok(patterns > 40, `${patterns} patterns`);
    });

    it("patterns match the whole value, as AWS applies them", () => {
        const lang = loadService("sagemaker").shapes.ProgrammingLang.pattern!;
        assert.strictEqual(lang, "[a-zA-Z]+ ?\\d+\\.\\d+(\\.\\d+)?");
        const re = compilePattern(lang);
        for (const ok of ["R 4.4", "R 4.4.3", "Python3.12", "R4.5"]) assert.ok(re.test(ok), ok);
        // "R" alone (the old defect), a value with a prefix or suffix (an unanchored search would accept these).
        for (const bad of ["R", "R 4", "R 4.4 and more", "the R 4.4", "R 4.4\n"]) assert.ok(!re.test(bad), JSON.stringify(bad));
        const imageName = compilePattern(loadService("sagemaker").shapes.ImageName.pattern!);
        assert.ok(imageName.test("rstudio-cpu.v2"));
        assert.ok(!imageName.test("rstudio--cpu") && !imageName.test("-rstudio") && !imageName.test("a_b"));
    });

    it("Java-only meanings are kept: \\s and \\S are ASCII, . stops at Java's line terminators, \\p{L} is Unicode", () => {
        const display = compilePattern("\\S(.*\\S)?");
        // U+00A0 is not whitespace to Java's \S (ECMAScript's \S would reject it).
        assert.ok(display.test("\u00a0RStudio\u00a0"));
        assert.ok(!display.test(" RStudio"));
        // Java's `.` does not match U+0085 (NEL); ECMAScript's does.
        assert.ok(!compilePattern(".*").test("a\u0085b"));
        assert.ok(compilePattern("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*").test("Équipe 1"));
        assert.ok(compilePattern("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+").test('{"Version":"2012-10-17"}\n'));
        assert.ok(!compilePattern("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+").test("policy \u2713"));
        assert.strictEqual(translateJavaPattern("\\/\\S*"), "\\/[^\\t\\n\\x0B\\f\\r ]*");
    });

    it("refuses Java constructs it cannot translate exactly", () => {
        for (const p of ["a*+", "(?i)abc", "\\p{Alpha}+", "[a-z[0-9]]", "[a-z&&[^x]]", "\\Qa.b\\E", "(?>ab)", "\\Aabc"]) {
            assert.throws(() => translateJavaPattern(p), UnsupportedPattern, p);
        }
    });

    it("reports required, unknown, enum, length, list-size, range and type violations, each naming resource, property, member and rule", () => {
        const ctx = { resource: "aws:sagemaker/domain:Domain d", origins: { DomainName: "domainName", DefaultUserSettings: "defaultUserSettings" } };
        const images = Array.from({ length: 201 }, (_, i) => ({ ImageName: `img-${i}`, AppImageConfigName: "cfg" }));
        images[0] = { ImageName: "img-0", AppImageConfigName: "cfg", ImageVersionNumber: -1 } as (typeof images)[number];
        const v = validate(
            "sagemaker",
            "CreateDomain",
            {
                DomainName: "x".repeat(64),
                AuthMode: "KERBEROS",
                DefaultUserSettings: { RSessionAppSettings: { CustomImages: images }, Bogus: 1 },
                AppNetworkAccessType: "PublicInternetOnly",
                SubnetIds: "subnet-1",
            },
            ctx,
        );
        const rules = v.map((x) => `${x.member} | ${x.rule}`);
        const has = (member: string, rule: RegExp) => assert.ok(v.some((x) => x.member === member && rule.test(x.rule)), `${member} ${rule}\n${rules.join("\n")}`);
        has("CreateDomain.DomainName", /^length ≤ 63/);
        has("CreateDomain.AuthMode", /^enum AuthMode: one of SSO, IAM/);
        has("CreateDomain.DefaultUserSettings.RSessionAppSettings.CustomImages", /^item count ≤ 200/);
        has("CreateDomain.DefaultUserSettings.RSessionAppSettings.CustomImages[0].ImageVersionNumber", /^value ≥ 0/);
        has("CreateDomain.DefaultUserSettings.Bogus", /^known members/);
        has("CreateDomain.SubnetIds", /^type list/);
        const domainName = v.find((x) => x.member === "CreateDomain.DomainName")!;
        assert.strictEqual(domainName.property, "domainName");
        assert.strictEqual(domainName.resource, "aws:sagemaker/domain:Domain d");
        assert.match(formatViolation(domainName), /^aws:sagemaker\/domain:Domain d: property domainName → CreateDomain\.DomainName = "x{64}" breaks length ≤ 63/);
        const nested = v.find((x) => x.member.endsWith("ImageVersionNumber"))!;
        assert.strictEqual(nested.property, "defaultUserSettings.RSessionAppSettings.CustomImages[0].ImageVersionNumber");

        const missing = validate("sagemaker", "CreateImage", { ImageName: "a" }, { resource: "r", origins: { RoleArn: "roleArn" } });
        assert.deepStrictEqual(missing.map((x) => [x.member, x.property, x.rule]), [["CreateImage.RoleArn", "roleArn", "required (CreateImageRequest.required)"]]);
        assert.deepStrictEqual(validate("sagemaker", "CreateImage", { ImageName: "a", RoleArn: "arn:aws:iam::123456789012:role/x" }, { resource: "r" }), []);
    });

    it("the documented conditional rules quote documentation the fixture still carries", () => {
        const fromModel = DOCUMENTED_RULES.filter((r) => !r.source.startsWith("page:"));
        assert.ok(fromModel.length >= 4);
        for (const rule of fromModel) {
            const [shape, member] = rule.source.split(".");
            const doc = loadService(rule.service).shapes[shape].members![member].documentation ?? "";
            assert.ok(rule.quote !== undefined && doc.includes(rule.quote), `${rule.source}: "${rule.quote}" not in "${doc}"`);
        }
    });
});
