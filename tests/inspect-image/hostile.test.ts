/**
 * Hostile images (issue 12 rows 5-8) through the library against the real daemon: FROM scratch images whose files
 * and ENV were made to break the checker. The same images go through the real CLI in tests/cli/image.test.ts.
 */
import { strict as assert } from "assert";
import { ImageInspectError, ScanStats, inspectImage } from "../../inspect/image";
import { PATH_ENTRIES_MAX, R_LIBS_ENTRIES_MAX } from "../../inspect/image/scan";
import {
    HOSTILE_PATH_ENTRIES,
    HOSTILE_R_LIBS_ENTRIES,
    HOSTILE_SHADOW_MARK,
    HUGE_DPKG_ENTRIES,
    assertNoContainerLeft,
    buildHugeDpkgImage,
    buildLoopsImage,
    buildManyPathsImage,
    buildShadowImage,
} from "../support/docker";

describe("inspect/image: hostile images (real daemon)", function () {
    this.timeout(180_000);
    assertNoContainerLeft();

    it("row 5: symlink loops (/opt/ml -> /opt/ml, a looping VERSION) are facts about the image; no host path", async () => {
        const progress: string[] = [];
        const facts = await inspectImage(await buildLoopsImage(), { onProgress: (m) => progress.push(m) });
        assert.equal(facts.pathWrites.state, "known");
        if (facts.pathWrites.state !== "known") return;
        assert.deepEqual(facts.pathWrites.value, [{ path: "/opt/ml", via: "filesystem" }]);
        assert.match(facts.pathWrites.via ?? "", /symlink loops in the image: .*\/opt\/ml.*\/usr\/lib\/rstudio-server\/VERSION/);
        assert.equal(facts.workbenchVersion.state, "unknown");
        if (facts.workbenchVersion.state === "unknown") assert.match(facts.workbenchVersion.reason, /^\/usr\/lib\/rstudio-server\/VERSION is a symlink loop/);
        // The check went on: the package database was still read.
        assert.equal(facts.systemPackages.state, "known");
        const all = JSON.stringify(facts) + progress.join("\n");
        assert.doesNotMatch(all, /overlay2|\/var\/lib\/docker|merged/);
    });

    it("row 6: VERSION linking to /etc/shadow, escape sequences in package names: never shown, counted", async () => {
        const facts = await inspectImage(await buildShadowImage());
        const all = JSON.stringify(facts);
        assert.ok(!all.includes(HOSTILE_SHADOW_MARK), "the shadow line is not in the facts");
        assert.ok(!all.includes("\u001b") && !all.includes("\\u001b"), "no escape sequence");
        assert.ok(!all.includes("pwned"));
        assert.equal(facts.workbenchVersion.state, "unknown");
        if (facts.workbenchVersion.state === "unknown") assert.match(facts.workbenchVersion.reason, /VERSION does not hold a version \(its content is not shown\)/);
        assert.equal(facts.systemPackages.state, "known");
        if (facts.systemPackages.state === "known") {
            assert.deepEqual(facts.systemPackages.value.map((p) => p.name), ["sudo"]);
            assert.match(facts.systemPackages.via ?? "", /2 packages with a malformed name or version left out/);
        }
        assert.equal(facts.pythonPackages.state, "known");
        if (facts.pythonPackages.state === "known") assert.deepEqual(facts.pythonPackages.value.map((p) => p.name), ["boto3"]);
    });

    it(`row 7: a dpkg status file of ${HUGE_DPKG_ENTRIES} entries parses (no spread of huge arrays)`, async () => {
        const facts = await inspectImage(await buildHugeDpkgImage());
        assert.equal(facts.systemPackages.state, "known");
        if (facts.systemPackages.state !== "known") return;
        assert.equal(facts.systemPackages.value.length, HUGE_DPKG_ENTRIES);
        assert.ok(facts.systemPackages.value.some((p) => p.name === "pkg-124999" && p.version === "1.0-124999"));
    });

    it(`row 8: ${HOSTILE_PATH_ENTRIES} PATH entries and ${HOSTILE_R_LIBS_ENTRIES} R_LIBS entries: bounded requests, the limit named`, async () => {
        let stats: ScanStats | undefined;
        const facts = await inspectImage(await buildManyPathsImage(), { onStats: (s) => (stats = s) });
        assert.ok(stats);
        // Before the limits: 26,534 stats. Now every PATH/R_LIBS-driven probe is capped at 64 entries each.
        assert.ok(stats.stats + stats.reads < 1000, `requests: ${stats.stats} stats + ${stats.reads} reads`);
        const py = facts.pythonPackages.state === "known" ? facts.pythonPackages.partial : facts.pythonPackages.reason;
        const r = facts.rPackages.state === "known" ? facts.rPackages.partial : facts.rPackages.reason;
        assert.match(py ?? "", new RegExp(`PATH has ${HOSTILE_PATH_ENTRIES} entries; only the first ${PATH_ENTRIES_MAX} were searched`));
        assert.match(r ?? "", new RegExp(`name ${HOSTILE_R_LIBS_ENTRIES} library directories; only the first ${R_LIBS_ENTRIES_MAX} were searched`));
    });

    it("row 8: an overall deadline ends the inspection with one clear line, and removes the containers", async () => {
        const image = await buildManyPathsImage();
        try {
            await inspectImage(image, { deadlineMs: 1 });
            assert.fail("expected the deadline");
        } catch (e) {
            assert.ok(e instanceof ImageInspectError, String(e));
            assert.equal(e.kind, "deadline");
            assert.equal(e.message, `reading ${image} did not finish within 1 ms (the deadline; raise it with SAGEMAKER_RSTUDIO_IMAGE_DEADLINE=<seconds> or the deadline option)`);
        }
    });
});
