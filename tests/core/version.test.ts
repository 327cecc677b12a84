import { strict as assert } from "assert";
import {
    compareWorkbenchVersions,
    formatWorkbenchVersion,
    isWorkbenchVersion,
    looksLikeOpenSourceRStudioServer,
    parseWorkbenchLine,
    parseWorkbenchVersion,
    workbenchLine,
    workbenchProductName,
} from "../../core";

const v = (s: string) => {
    const p = parseWorkbenchVersion(s);
    assert.ok(p, `should parse ${s}`);
    return p;
};
const cmp = (a: string, b: string) => compareWorkbenchVersions(v(a), v(b));

describe("core/version", () => {
    it("parses tags with OS prefixes and both build separators", () => {
        assert.deepEqual(
            { ...v("centos7-2022.02.2-485.pro2"), raw: undefined },
            { year: 2022, month: 2, patch: 2, build: 485, pro: 2, raw: undefined },
        );
        assert.equal(v("2025.05.1+513.pro3").build, 513);
        assert.equal(v("jammy-2023.12.1").build, undefined);
        assert.equal(v("ubuntu2204-2024.04.2-764.pro1").month, 4);
        assert.equal(v("2022.02.2+485.pro2").raw, "2022.02.2+485.pro2");
    });

    it("rejects text that is not a Workbench version", () => {
        for (const s of ["latest", "jammy", "22.04", "2022.13.1", "", "3.11.7", "2023.5.20240624", "amazonlinux:2023.5.20240624", "1.26.4", "1.5.1717-3"]) {
            assert.equal(parseWorkbenchVersion(s), undefined, s);
        }
    });

    it("treats + and - before the build number as the same", () => {
        assert.equal(cmp("2025.05.1+513.pro3", "2025.05.1-513.pro3"), 0);
    });

    it("orders year.month.patch, then build, then proN", () => {
        assert.equal(cmp("2022.02.2-485.pro2", "2022.02.2-485.pro2"), 0);
        assert.equal(cmp("2022.02.2-485.pro1", "2022.02.2-485.pro2"), -1);
        assert.equal(cmp("2022.02.2-486.pro1", "2022.02.2-485.pro9"), 1);
        assert.equal(cmp("2022.02.3-1.pro1", "2022.02.2-485.pro2"), 1);
        assert.equal(cmp("2022.03.0", "2022.02.9-999.pro9"), 1);
        assert.equal(cmp("2023.01.0", "2022.12.9"), 1);
        assert.equal(cmp("2022.02.1-999.pro9", "2022.02.2-485.pro2"), -1);
    });

    it("a missing build or pro number matches any build of that release (tags drop the build)", () => {
        assert.equal(cmp("2022.02.2", "2022.02.2-485.pro2"), 0);
        assert.equal(cmp("2022.02.2-485", "2022.02.2-485.pro2"), 0);
        assert.equal(cmp("2022.02.2-484", "2022.02.2-485.pro2"), -1);
        assert.equal(cmp("2022.02.1", "2022.02.2-485.pro2"), -1);
        assert.equal(cmp("2023.12.1", "2022.02.2-485.pro2"), 1);
    });

    it("reads the YYYY.MM line of a domain image ARN", () => {
        assert.deepEqual(parseWorkbenchLine("arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0"), { year: 2025, month: 5 });
        assert.equal(parseWorkbenchLine("arn:aws:sagemaker:us-east-1:1:image/rserver"), undefined);
    });

    it("formats canonically with +", () => {
        assert.equal(formatWorkbenchVersion(v("2022.02.2-485.pro2")), "2022.02.2+485.pro2");
    });

    describe("RStudio Server Pro 1.x", () => {
        it("parses 1.x versions as written by RSP_VERSION and old tags", () => {
            assert.deepEqual(v("1.4.1717-3").rsp, { major: 1, minor: 4, build: 1717, revision: 3 });
            assert.deepEqual(v("1.2.5042-1").rsp, { major: 1, minor: 2, build: 5042, revision: 1 });
            assert.deepEqual(v("1.0.136").rsp, { major: 1, minor: 0, build: 136 });
            assert.equal(v("bionic-1.4.1717-3").raw, "1.4.1717-3");
            assert.equal(formatWorkbenchVersion(v("1.4.1717-3")), "1.4.1717-3");
            assert.equal(workbenchLine(v("1.3.1093-1")), "1.3");
            assert.equal(parseWorkbenchLine("1.4.1717-3"), undefined, "a 1.x version is no domain line");
        });
        it("orders 1.x below every calendar version, and among themselves", () => {
            assert.equal(cmp("1.4.1717-3", "2009.01.0"), -1);
            assert.equal(cmp("2022.02.2-485.pro2", "1.4.1717-3"), 1);
            assert.equal(cmp("1.4.1717-3", "1.4.1717-2"), 1);
            assert.equal(cmp("1.3.1093-1", "1.4.1103-4"), -1);
            assert.equal(cmp("1.4.1717", "1.4.1717-3"), 0, "a missing revision is any revision");
            assert.equal(cmp("1.2.5042-1", "1.2.1335-1"), 1);
        });
        it("names the product of each era", () => {
            assert.equal(workbenchProductName(v("1.4.1717-3")), "RStudio Server Pro");
            assert.equal(workbenchProductName(v("2021.09.0+351.pro6")), "RStudio Workbench");
            assert.equal(workbenchProductName(v("2022.07.2+576.pro12")), "RStudio Workbench");
            assert.equal(workbenchProductName(v("2022.12.0+353.pro1")), "Posit Workbench");
            assert.equal(workbenchProductName(v("2025.05.1+513.pro3")), "Posit Workbench");
        });
    });

    it("an OS tag is not a version; open-source RStudio Server writes a build without .proN", () => {
        assert.equal(isWorkbenchVersion("amazonlinux:2023.5.20240624"), false);
        assert.equal(isWorkbenchVersion("public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240624"), false);
        assert.equal(isWorkbenchVersion("2025.05.1+513.pro3"), true);
        assert.equal(looksLikeOpenSourceRStudioServer(v("2026.06.0+242")), true);
        assert.equal(looksLikeOpenSourceRStudioServer(v("2025.05.1+513.pro3")), false);
        assert.equal(looksLikeOpenSourceRStudioServer(v("jammy-2025.05.1")), false, "a tag without a build says nothing");
        assert.equal(looksLikeOpenSourceRStudioServer(v("1.4.1717-3")), false);
    });
});
