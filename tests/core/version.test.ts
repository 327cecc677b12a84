import { strict as assert } from "assert";
import { compareWorkbenchVersions, formatWorkbenchVersion, parseWorkbenchLine, parseWorkbenchVersion } from "../../core";

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
});
