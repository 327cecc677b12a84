import { strict as assert } from "assert";
import { normalizePythonName, parseSpecifier, specifierKeepsBelow, versionBelow } from "../../core";

describe("core/python", () => {
    it("normalises names as PEP 503 does", () => {
        assert.equal(normalizePythonName("SageMaker"), "sagemaker");
        assert.equal(normalizePythonName("ruamel_yaml.clib"), "ruamel-yaml-clib");
    });

    it("splits AWS's run-together specifier and the comma form", () => {
        assert.deepEqual(parseSpecifier(">1.0<2.0"), [{ op: ">", version: "1.0" }, { op: "<", version: "2.0" }]);
        assert.deepEqual(parseSpecifier(">=2.0, <3"), [{ op: ">=", version: "2.0" }, { op: "<", version: "3" }]);
    });

    it("knows which specifiers keep sagemaker below 3", () => {
        for (const s of ["<3", "<3.0", "<3.0.0", "<=2.999", "==2.232.0", ">=2.200,<3", "~=2.200", "<2.5", "==2.*"]) {
            assert.equal(specifierKeepsBelow(s, 3), true, s);
        }
        for (const s of ["", ">=2", "<4", "<=3", "==3.0.1", ">2,!=3.0", "~=3.1", "<3.1", "!=3"]) {
            assert.equal(specifierKeepsBelow(s, 3), false, s);
        }
    });

    it("compares installed versions", () => {
        assert.equal(versionBelow("2.232.0", 3), true);
        assert.equal(versionBelow("3.0.0", 3), false);
        assert.equal(versionBelow("garbage", 3), false);
    });
});
