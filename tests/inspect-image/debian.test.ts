/**
 * A real Debian system: debootstrap + import, then a build that runs `apt-get install sudo libpng-dev r-base-core
 * python3-six` against Debian's mirror. The facts read from the image are compared with what the system's own
 * tools report when run inside it (dpkg-query, R's installed.packages(), importlib.metadata, ldconfig -p).
 * The images are cached (tags in tests/support/docker.ts); the first run takes 2–4 minutes.
 */
import { strict as assert } from "assert";
import type { Fact, ImageFacts } from "../../core/facts";
import { evaluate } from "../../core/engine";
import { normalizePythonName } from "../../core/python";
import { INSPECT_LABEL, ScanStats, inspectImage } from "../../inspect/image";
import { ContainerFs } from "../../inspect/image/archive";
import { ldCachePaths } from "../../inspect/image/parsers";
import { assertNoContainerLeft, buildFixtureDir, docker, ensureDebianR, runInImage } from "../support/docker";

function value<T>(fact: Fact<T>, what: string): T {
    if (fact.state !== "known") assert.fail(`${what} should be known, is unknown: ${fact.reason}`);
    assert.equal(fact.source, "image");
    return fact.value;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe("inspect/image: a real Debian image (debootstrap + apt-get, real daemon)", function () {
    this.timeout(900_000);
    assertNoContainerLeft();

    let image: string;
    let userImage: string;
    let facts: ImageFacts;
    let stats: ScanStats | undefined;

    before(async function () {
        image = await ensureDebianR();
        userImage = await buildFixtureDir("debian-user", { "debian-r": image });
        facts = await inspectImage(image, { onStats: (s) => (stats = s) });
    });

    it("systemPackages equal what dpkg-query reports as installed", async () => {
        const out = await runInImage(image, ["dpkg-query", "-W", "-f", "${db:Status-Status} ${Package} ${Version}\\n"]);
        const truth = sorted(
            out
                .split("\n")
                .map((l) => l.split(" "))
                .filter(([status]) => status === "installed")
                .map(([, name, version]) => `${name}=${version}`),
        );
        const pkgs = value(facts.systemPackages, "systemPackages");
        assert.ok(truth.length > 100, `a real system has many packages (${truth.length})`);
        assert.deepEqual(sorted(pkgs.map((p) => `${p.name}=${p.version}`)), truth);
        for (const name of ["sudo", "libpng-dev", "r-base-core"]) assert.ok(pkgs.some((p) => p.name === name), name);
    });

    it("rPackages equal R's installed.packages() (translations/, which has no Meta/package.rds, is not a package)", async () => {
        const out = await runInImage(image, ["Rscript", "-e", 'ip <- installed.packages(); writeLines(paste(ip[, "Package"], ip[, "Version"]))']);
        const truth = sorted(out.trim().split("\n").map((l) => l.replace(" ", "=")));
        const pkgs = value(facts.rPackages, "rPackages");
        assert.ok(truth.includes("stats=" + truth.find((t) => t.startsWith("base="))!.slice(5)), "base packages carry R's version");
        assert.deepEqual(sorted(pkgs.map((p) => `${p.name}=${p.version}`)), truth);
    });

    it("pythonPackages equal what importlib.metadata finds (Debian's dist-packages)", async () => {
        const out = await runInImage(image, ["python3", "-c", "import importlib.metadata as m\nfor d in m.distributions(): print(d.metadata['Name'], d.version)"]);
        const truth = sorted(
            out
                .trim()
                .split("\n")
                .filter(Boolean)
                .map((l) => {
                    const [name, version] = l.split(" ");
                    return `${normalizePythonName(name)}==${version}`;
                }),
        );
        assert.ok(truth.includes("six==" + truth.find((t) => t.startsWith("six=="))?.slice(5)), `six is installed: ${truth.join(", ")}`);
        const pkgs = value(facts.pythonPackages, "pythonPackages");
        assert.deepEqual(sorted(pkgs.map((p) => `${p.name}==${p.version}`)), truth);
    });

    it("/etc/ld.so.cache is parsed to the same paths as ldconfig -p prints", async () => {
        const out = await runInImage(image, ["ldconfig", "-p"]);
        const truth = sorted(out.split("\n").flatMap((l) => /=> (\/\S+)$/.exec(l)?.[1] ?? []));
        const c = await docker.createContainer({ Image: image, Entrypoint: ["/never-started"], Labels: { [INSPECT_LABEL]: "1" } });
        try {
            const file = await new ContainerFs(c, new AbortController().signal).readFile("/etc/ld.so.cache", 64 * 1024 * 1024);
            assert.ok(file, "ld.so.cache read");
            assert.ok(truth.length > 50);
            assert.deepEqual(sorted(ldCachePaths(file.body)), truth);
        } finally {
            await c.remove({ force: true });
        }
    });

    it("no Workbench in a plain Debian image: workbenchVersion is unknown with the reason", () => {
        assert.equal(facts.workbenchVersion.state, "unknown");
        assert.match(facts.workbenchVersion.state === "unknown" ? facts.workbenchVersion.reason : "", /no \/usr\/lib\/rstudio-server\/VERSION/);
    });

    it("the rules see the real packages: sudo and libpng-dev pass, the missing JDK 11 does not", () => {
        const rsb002 = evaluate(facts).filter((f) => f.rule === "RSB002");
        assert.equal(rsb002.length, 1, rsb002.map((f) => f.message).join("\n"));
        assert.match(rsb002[0].message, /JDK 11/);
        assert.equal(rsb002[0].source, "image");
    });

    it("only the needed directories are streamed: R and Python libraries, not the rest of the image", () => {
        assert.ok(stats, "stats reported");
        const roots = stats.walks.map((w) => w.root).sort();
        // Debian's R and Python create (empty) site libraries too; nothing else is listed.
        assert.deepEqual(roots, ["/usr/lib/R/library", "/usr/lib/R/site-library", "/usr/lib/python3/dist-packages", "/usr/local/lib/R/site-library", "/usr/local/lib/python3.11/dist-packages"]);
        const size = value(facts.sizeBytes, "sizeBytes");
        assert.ok(stats.walkedBytes < size * 0.2, `streamed ${stats.walkedBytes} of ${size} bytes`);
    });

    it("useradd -m in the image: the skeleton files under /home/sagemaker-user are path writes (RSB008)", async () => {
        const userFacts = await inspectImage(userImage);
        const writes = value(userFacts.pathWrites, "pathWrites").map((w) => w.path);
        assert.deepEqual(writes, ["/home/sagemaker-user/.bash_logout", "/home/sagemaker-user/.bashrc", "/home/sagemaker-user/.profile"]);
        const rsb008 = evaluate(userFacts).filter((f) => f.rule === "RSB008");
        assert.equal(rsb008.length, 3);
        assert.ok(rsb008.every((f) => f.source === "image" && f.level === "advisory"));
    });
});
