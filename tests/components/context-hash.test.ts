import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { makeContext, removeTempDirs } from "./harness";
import { hashBuild, isIgnored, parseDockerignore } from "../../components/context-hash";

function digestOf(ctx: string, extra: Partial<Parameters<typeof hashBuild>[0]> = {}): string {
    return hashBuild({ context: ctx, dockerfile: path.join(ctx, "Dockerfile"), platform: "linux/amd64", ...extra }).digest;
}

describe("components: build context hash (image tags)", () => {
    after(removeTempDirs);

    it("parses .dockerignore like Docker: comments, ** and *, directories, ! exceptions (last match wins)", () => {
        const rules = parseDockerignore("# comment\n\n*.log\n**/tmp\n/build/\ndocs\n!docs/keep.md\n./cache/*.bin\n");
        const cases: [string, boolean][] = [
            ["app.log", true],
            ["sub/app.log", false], // `*` does not cross directories
            ["tmp", true],
            ["a/b/tmp", true],
            ["a/b/tmp/file", true],
            ["build", true],
            ["build/out/x", true],
            ["builder", false],
            ["docs/readme.md", true],
            ["docs/keep.md", false],
            ["cache/x.bin", true],
            ["cache/x.txt", false],
            ["Dockerfile", false],
        ];
        for (const [p, expected] of cases) assert.strictEqual(isIgnored(rules, p), expected, p);
    });

    it("is stable for equal content and changes with a file's content, path or executable bit", () => {
        const files = { Dockerfile: "FROM scratch\n", "src/a.R": "1\n", "src/b.R": "2\n" };
        const a = makeContext(files);
        const b = makeContext(files);
        assert.strictEqual(digestOf(a), digestOf(b));
        fs.writeFileSync(path.join(b, "src/a.R"), "1 \n");
        assert.notStrictEqual(digestOf(a), digestOf(b));
        const c = makeContext({ Dockerfile: "FROM scratch\n", "src/a.R": "1\n", "src/c.R": "2\n" });
        assert.notStrictEqual(digestOf(a), digestOf(c), "renamed file");
        const d = makeContext(files);
        fs.chmodSync(path.join(d, "src/a.R"), 0o755);
        assert.notStrictEqual(digestOf(a), digestOf(d), "executable bit");
    });

    it("changes with the Dockerfile, build args, target and platform", () => {
        const a = makeContext({ Dockerfile: "FROM scratch\n" });
        const base = digestOf(a);
        assert.notStrictEqual(base, digestOf(a, { buildArgs: { X: "1" } }));
        assert.notStrictEqual(digestOf(a, { buildArgs: { X: "1" } }), digestOf(a, { buildArgs: { X: "2" } }));
        assert.strictEqual(digestOf(a, { buildArgs: { X: "1", Y: "2" } }), digestOf(a, { buildArgs: { Y: "2", X: "1" } }), "arg order does not matter");
        assert.notStrictEqual(base, digestOf(a, { target: "final" }));
        assert.notStrictEqual(base, digestOf(a, { platform: "linux/arm64" }));
        const other = makeContext({ "other.Dockerfile": "FROM scratch AS x\n" });
        assert.notStrictEqual(digestOf(other, { dockerfile: path.join(other, "other.Dockerfile") }), digestOf(other, { dockerfile: path.join(a, "Dockerfile") }));
    });

    it("ignores what .dockerignore (or <Dockerfile>.dockerignore) excludes, and .git / node_modules", () => {
        const a = makeContext({ Dockerfile: "FROM scratch\n", ".dockerignore": "*.log\n", "keep.R": "1\n" });
        const base = digestOf(a);
        fs.writeFileSync(path.join(a, "debug.log"), "noise");
        fs.mkdirSync(path.join(a, ".git"));
        fs.writeFileSync(path.join(a, ".git", "HEAD"), "ref: refs/heads/main\n");
        fs.mkdirSync(path.join(a, "node_modules", "x"), { recursive: true });
        fs.writeFileSync(path.join(a, "node_modules", "x", "index.js"), "1");
        assert.strictEqual(digestOf(a), base);
        fs.writeFileSync(path.join(a, "keep.R"), "2\n");
        assert.notStrictEqual(digestOf(a), base);

        const b = makeContext({ "r.Dockerfile": "FROM scratch\n", "r.Dockerfile.dockerignore": "secret.txt\n", ".dockerignore": "", "secret.txt": "1" });
        const withSpecific = hashBuild({ context: b, dockerfile: path.join(b, "r.Dockerfile"), platform: "linux/amd64" });
        assert.strictEqual(withSpecific.ignoreFile, path.join(b, "r.Dockerfile.dockerignore"));
        fs.writeFileSync(path.join(b, "secret.txt"), "2");
        assert.strictEqual(hashBuild({ context: b, dockerfile: path.join(b, "r.Dockerfile"), platform: "linux/amd64" }).digest, withSpecific.digest);
    });

    it("re-includes exceptions inside an excluded directory", () => {
        const a = makeContext({ Dockerfile: "FROM scratch\n", ".dockerignore": "data\n!data/keep.csv\n", "data/keep.csv": "1", "data/drop.csv": "1" });
        const base = digestOf(a);
        fs.writeFileSync(path.join(a, "data/drop.csv"), "2");
        assert.strictEqual(digestOf(a), base);
        fs.writeFileSync(path.join(a, "data/keep.csv"), "2");
        assert.notStrictEqual(digestOf(a), base);
    });

    it("reads big files in chunks and counts what it hashed", () => {
        const a = makeContext({ Dockerfile: "FROM scratch\n" });
        const big = Buffer.alloc(5 * 1024 * 1024 + 3, 7);
        fs.writeFileSync(path.join(a, "big.bin"), big);
        const h = hashBuild({ context: a, dockerfile: path.join(a, "Dockerfile"), platform: "linux/amd64" });
        assert.strictEqual(h.files, 2);
        assert.strictEqual(h.bytes, big.length + "FROM scratch\n".length);
        big[big.length - 1] = 8;
        fs.writeFileSync(path.join(a, "big.bin"), big);
        assert.notStrictEqual(digestOf(a), h.digest, "the last byte of a multi-chunk file counts");
    });
});
