/** Pure parts of the image inspection: file parsers, references, pull-error classification, progress pacing. */
import { strict as assert } from "assert";
import { classifyPullError, delayedProgress } from "../../inspect/image";
import { dedupeRoots, inGpuSearchDirs, isGpuFile, rHomeFromScript, rLibsFromRenviron } from "../../inspect/image/scan";
import { distNameFromDir, ldCachePaths, parseDpkgStatus, parseEnvList, parsePythonMetadata, parseRDescription, parseWorkbenchVersionFile } from "../../inspect/image/parsers";
import { parseImageReference, pullsByDefault } from "../../inspect/image/reference";
import { ImageInspectError } from "../../inspect/image/errors";

describe("inspect/image parsers", () => {
    it("dpkg status: installed (incl. hold, triggers-pending) only, continuation lines ignored", () => {
        const text = [
            "Package: a\nStatus: install ok installed\nVersion: 1.0\nDescription: x\n Package: fake\n Version: 9",
            "Package: b\nStatus: hold ok installed\nVersion: 2.0",
            "Package: c\nStatus: deinstall ok config-files\nVersion: 3.0",
            "Package: d\nStatus: install reinstreq half-installed\nVersion: 4.0",
            "Package: e\nStatus: install ok triggers-pending\nVersion: 5.0",
            "Package: f\nStatus: install ok unpacked\nVersion: 6.0",
        ].join("\n\n");
        assert.deepEqual(
            parseDpkgStatus(text).map((p) => `${p.name}=${p.version}`),
            ["a=1.0", "b=2.0", "e=5.0"],
        );
        assert.ok(parseDpkgStatus(text).every((p) => p.manager === "dpkg"));
    });

    it("dpkg status.d files (no Status field) count as installed; CRLF and blank-only input", () => {
        assert.deepEqual(parseDpkgStatus("Package: tzdata\r\nVersion: 2024a\r\n"), [{ name: "tzdata", version: "2024a", manager: "dpkg" }]);
        assert.deepEqual(parseDpkgStatus("\n\n   \n"), []);
    });

    it("Python METADATA: headers only, the body is not read as fields", () => {
        const meta = "Metadata-Version: 2.1\nName: Typing_Extensions\nVersion: 4.12.2\n\nName: other\nVersion: 0\n";
        assert.deepEqual(parsePythonMetadata(meta), { name: "Typing_Extensions", version: "4.12.2" });
        assert.deepEqual(parsePythonMetadata(""), {});
    });

    it("dist-info / egg-info directory names give a fallback name and version", () => {
        assert.deepEqual(distNameFromDir("boto3-1.34.0.dist-info"), { name: "boto3", version: "1.34.0" });
        assert.deepEqual(distNameFromDir("Foo.Bar-0.1-py3.11.egg-info"), { name: "Foo.Bar", version: "0.1" });
        assert.deepEqual(distNameFromDir("zope.interface-6.0-py3.11-linux-x86_64.egg-info"), { name: "zope.interface", version: "6.0" });
        assert.deepEqual(distNameFromDir("weird.egg-info"), { name: "weird" });
        assert.equal(distNameFromDir("not-a-dist"), undefined);
    });

    it("R DESCRIPTION: Package and Version, continuation lines folded", () => {
        const d = "Package: reticulate\nTitle: x\nDescription: long\n    Package: nope\nVersion: 1.38.0\n";
        assert.deepEqual(parseRDescription(d), { name: "reticulate", version: "1.38.0" });
    });

    it("Workbench VERSION: first non-empty line, trimmed; binary junk rejected", () => {
        assert.equal(parseWorkbenchVersionFile("\n  2024.04.2+764.pro1  \n\n"), "2024.04.2+764.pro1");
        assert.equal(parseWorkbenchVersionFile(""), undefined);
        assert.equal(parseWorkbenchVersionFile("\u0001\u0002binary"), undefined);
    });

    it("ld.so.cache: paths of both formats, nothing from other files", () => {
        const body = Buffer.concat([
            Buffer.from("glibc-ld.so.cache1.1"),
            Buffer.from([0, 0, 1, 2, 0xff, 0]),
            Buffer.from("libcuda.so.1\0/usr/lib/x86_64-linux-gnu/libcuda.so.1\0libc.so.6\0/lib/x86_64-linux-gnu/libc.so.6\0"),
            Buffer.from([0x9a, 0x2f, 0x78, 0]), // a non-printable run that contains '/x'
        ]);
        assert.deepEqual(ldCachePaths(body), ["/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/lib/x86_64-linux-gnu/libc.so.6"]);
        assert.deepEqual(ldCachePaths(Buffer.from("not a cache\0/usr/lib/libcuda.so.1\0")), []);
    });

    it("image ENV list: last one wins, values may contain '='", () => {
        const env = parseEnvList(["A=1", "B=x=y", "A=2", "EMPTY="]);
        assert.deepEqual([...env], [["A", "2"], ["B", "x=y"], ["EMPTY", ""]]);
        assert.equal(parseEnvList(null).size, 0);
    });

    it("R library discovery helpers: Renviron defaults and the R front-end script", () => {
        const renviron = "R_LIBS_USER=${R_LIBS_USER:-'%U'}\nR_LIBS_SITE=${R_LIBS_SITE:-'/usr/local/lib/R/site-library/:/usr/lib/R/site-library:/usr/lib/R/library'}\n";
        assert.deepEqual(rLibsFromRenviron(renviron), ["/usr/local/lib/R/site-library", "/usr/lib/R/site-library", "/usr/lib/R/library"]);
        assert.equal(rHomeFromScript('#!/bin/bash\n# Shell wrapper for R executable.\n\nR_HOME_DIR=/usr/lib/R\nif test "${R_HOME_DIR}"'), "/usr/lib/R");
        assert.equal(rHomeFromScript("#!/bin/sh\necho hi\n"), undefined);
    });

    it("walk roots inside another root are dropped", () => {
        assert.deepEqual(dedupeRoots(["/opt/python", "/opt/python/3.12/lib/python3.12/site-packages", "/opt/pythonx", "/usr/lib/R/library/"]), [
            "/opt/python",
            "/opt/pythonx",
            "/usr/lib/R/library",
        ]);
    });

    it("GPU files: driver and toolkit patterns, only under the search directories", () => {
        assert.ok(isGpuFile("/usr/lib/x86_64-linux-gnu/libcuda.so.535.1"));
        assert.ok(isGpuFile("/usr/local/cuda-12.4/targets/x86_64-linux/lib/libcudart.so.12"));
        assert.ok(isGpuFile("/usr/local/cuda-12.4/version.json"));
        assert.ok(isGpuFile("/lib/x86_64-linux-gnu/libnvidia-ml.so.1"), "merged-/usr alias of /usr/lib");
        assert.ok(!isGpuFile("/usr/local/cuda-12.4/lib64/stubs/libcuda.so.1"), "toolkit link stub is not the driver");
        assert.ok(!isGpuFile("/opt/venv/lib/python3.11/site-packages/nvidia/libcudart.so.12"), "outside the search dirs");
        assert.ok(!isGpuFile("/usr/lib/x86_64-linux-gnu/libpng16.so.16"));
        assert.ok(inGpuSearchDirs("/usr/local/nvidia/lib64/libcuda.so.1"));
        assert.ok(!inGpuSearchDirs("/usr/libexec/x"));
    });
});

describe("inspect/image references", () => {
    it("accepts tags, digests, registry hosts with ports, IDs", () => {
        const d = "sha256:" + "a".repeat(64);
        assert.deepEqual(parseImageReference(`127.0.0.1:5055/rsb/x@${d}`), { raw: `127.0.0.1:5055/rsb/x@${d}`, registry: "127.0.0.1:5055", name: "127.0.0.1:5055/rsb/x", digest: d, isId: false });
        assert.deepEqual(parseImageReference("rstudio/r-session-complete:jammy-2023.12.1"), {
            raw: "rstudio/r-session-complete:jammy-2023.12.1",
            name: "rstudio/r-session-complete",
            tag: "jammy-2023.12.1",
            isId: false,
        });
        assert.equal(parseImageReference("localhost/x").registry, "localhost");
        assert.equal(parseImageReference("123456789012.dkr.ecr.us-east-1.amazonaws.com/rstudio:1").registry, "123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assert.equal(parseImageReference("a".repeat(64)).isId, true);
        assert.equal(parseImageReference(d).isId, true);
    });

    it("pulls by default only with a registry host or a digest", () => {
        assert.equal(pullsByDefault(parseImageReference("rsb-test/x:1")), false);
        assert.equal(pullsByDefault(parseImageReference("127.0.0.1:5055/x:1")), true);
        assert.equal(pullsByDefault(parseImageReference(`x@sha256:${"b".repeat(64)}`)), true);
        assert.equal(pullsByDefault(parseImageReference("b".repeat(64))), false);
    });

    for (const bad of ["", " x", "Upper/Case:1", "x:bad tag", "x@sha256:123", "x@notadigest", "a//b", "-x", "x:" + "t".repeat(200)]) {
        it(`rejects ${JSON.stringify(bad.length > 40 ? bad.slice(0, 40) + "…" : bad)} as invalid-reference`, () => {
            assert.throws(() => parseImageReference(bad), (e: unknown) => e instanceof ImageInspectError && e.kind === "invalid-reference" && !e.message.includes("\n"));
        });
    }
});

describe("inspect/image pull errors", () => {
    const cases: [string, string][] = [
        ['Get "http://127.0.0.1:5056/v2/x/manifests/sha256:00": no basic auth credentials', "registry-auth"],
        ["unauthorized: authentication required", "registry-auth"],
        ["manifest for 127.0.0.1:5055/x:1 not found: manifest unknown: manifest unknown", "image-not-found"],
        ["pull access denied for x, repository does not exist or may require 'docker login'", "image-not-found"],
        ['Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', "registry-unreachable"],
        ["something else entirely", "scan-failed"],
    ];
    for (const [msg, kind] of cases) {
        it(`${kind}: ${msg.slice(0, 50)}`, () => {
            const e = classifyPullError("ref", "127.0.0.1:5056", msg);
            assert.equal(e.kind, kind);
            assert.ok(e.message.startsWith("cannot pull ref: "), e.message);
        });
    }
});

describe("inspect/image delayedProgress", () => {
    it("prints nothing for a fast scan, and the latest line once the delay has passed", async () => {
        const lines: string[] = [];
        const fast = delayedProgress((l) => lines.push(l), 200, 10);
        fast.onProgress("a");
        fast.onProgress("b");
        fast.done();
        await new Promise((r) => setTimeout(r, 260));
        assert.equal(lines.length, 0);

        const slow = delayedProgress((l) => lines.push(l), 100, 10);
        slow.onProgress("first");
        slow.onProgress("second");
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(lines, ["second"]);
        slow.onProgress("third");
        await new Promise((r) => setTimeout(r, 30));
        slow.done();
        assert.deepEqual(lines, ["second", "third"]);
    });
});
