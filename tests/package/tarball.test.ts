/**
 * What `npm pack` ships (issue 9 item 1): compiled JavaScript and declarations, no tests/bench/CI, a LICENSE that
 * matches package.json, entry points that exist, and runtime dependencies that are exactly what the compiled code
 * requires (ts-node is not one; the public declarations need no @types the consumer would have to add).
 */
import * as assert from "assert";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import { DIST, PKG, ROOT, mustRun, packTarball } from "./support";

function walk(dir: string, out: string[] = []): string[] {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else out.push(p);
    }
    return out;
}

/** The package a bare module specifier names (`@scope/name/sub` → `@scope/name`), or undefined for built-ins. */
function packageOf(spec: string): string | undefined {
    if (spec.startsWith("node:") || builtinModules.includes(spec.split("/")[0])) return undefined;
    const parts = spec.split("/");
    return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** A valid npm package specifier (optionally with a subpath): what a require of a package looks like. */
const PACKAGE_SPEC = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w.@/-]+)?$/;

/**
 * Bare specifiers a compiled file loads (relative ones skipped): `require("x")` in CommonJS (tsc's and esbuild's
 * output), `import … from "x"` / `import("x")` at the start of a statement in ES modules and declarations.
 */
function bareSpecifiers(text: string, esm: boolean): string[] {
    const specs = new Set<string>();
    const patterns = esm
        ? [/^\s*(?:import|export)\s[^"';]*?\bfrom\s+["']([^"']+)["']/gm, /^\s*import\s+["']([^"']+)["']/gm, /\bimport\(\s*["']([^"']+)["']\s*\)/g]
        : [/\brequire\(\s*["']([^"']+)["']\s*\)/g];
    for (const re of patterns) for (const m of text.matchAll(re)) if (!m[1].startsWith(".") && PACKAGE_SPEC.test(m[1])) specs.add(m[1]);
    return [...specs];
}

/** Whether an installed package carries its own declarations (types/typings, or a .d.ts beside main or index). */
function hasOwnTypes(pkg: string): boolean {
    const dir = path.join(ROOT, "node_modules", ...pkg.split("/"));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { types?: string; typings?: string; main?: string };
    if (manifest.types ?? manifest.typings) return true;
    const main = (manifest.main ?? "index.js").replace(/\.js$/, "");
    return fs.existsSync(path.join(dir, `${main}.d.ts`)) || fs.existsSync(path.join(dir, "index.d.ts"));
}

describe("package: the tarball npm pack makes", function () {
    this.timeout(900_000);
    let files: string[];

    before(() => {
        files = packTarball().files;
    });

    it("ships the compiled package and nothing of the repository's development", () => {
        for (const must of [
            "package.json",
            "README.md",
            "LICENSE",
            "PulumiPlugin.yaml",
            ".pre-commit-hooks.yaml",
            "dist/components/provider.js",
            "dist/components/provider.d.ts",
            "dist/index.mjs",
            "dist/index.d.mts",
            "dist/cli/bin.js",
            "dist/schema.json",
            "policies/bin/index.js",
            "policies/PulumiPolicy.yaml",
            "policies/package.json",
            "docs/rules.md",
        ]) {
            assert.ok(files.includes(must), `${must} is in the tarball`);
        }
        for (const f of files) {
            assert.doesNotMatch(f, /^(tests|bench|\.ci|scripts|tools|\.team|node_modules|core|inspect|check|cli|components)\//, `${f} ships`);
            assert.ok(!/\.ts$/.test(f) || /\.d\.m?ts$/.test(f), `TypeScript source ${f} ships`);
            assert.doesNotMatch(f, /\.tgz$|^policies\/(index|config|policies|props|violations)\.ts$/);
        }
    });

    it("package.json's entry points exist in the tarball; bin is executable JavaScript with a node shebang", () => {
        const entries = [PKG as unknown as Record<string, unknown>].flatMap((p) => {
            const out = [p.main, p.types] as string[];
            const visit = (v: unknown): void => {
                if (typeof v === "string") out.push(v);
                else if (v && typeof v === "object") Object.values(v).forEach(visit);
            };
            visit(p.exports);
            visit(p.bin);
            return out;
        });
        for (const e of entries) assert.ok(files.includes(path.posix.normalize(e)), `${e} (package.json) is in the tarball`);
        const bin = fs.readFileSync(path.join(ROOT, "dist", "cli", "bin.js"), "utf8");
        assert.match(bin.split("\n")[0], /^#!\/usr\/bin\/env node$/);
        assert.ok(fs.statSync(path.join(ROOT, "dist", "cli", "bin.js")).mode & 0o111, "bin.js is executable");
    });

    it(".pre-commit-hooks.yaml: hooks run the packaged bin's check on Dockerfiles, like hadolint's", () => {
        const text = fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8");
        const ids = [...text.matchAll(/^- id: (\S+)$/gm)].map((m) => m[1]);
        assert.deepStrictEqual(ids, ["sagemaker-rstudio-check", "sagemaker-rstudio-check-system"]);
        const entries = [...text.matchAll(/^ {2}entry: (.+)$/gm)].map((m) => m[1]);
        assert.deepStrictEqual(entries, ["sagemaker-rstudio check", "sagemaker-rstudio check"]);
        assert.ok(Object.keys((PKG as unknown as { bin: Record<string, string> }).bin).includes("sagemaker-rstudio"));
        const files = [...text.matchAll(/^ {2}files: (.+)$/gm)].map((m) => new RegExp(m[1]));
        assert.strictEqual(files.length, 2);
        for (const yes of ["Dockerfile", "dockerfiles/cpu.Dockerfile", "images/rstudio/Dockerfile", "Dockerfile.gpu", "a/b.dockerfile"]) assert.ok(files[0].test(yes), yes);
        for (const no of ["README.md", "Dockerfiles/notes.txt", "docker-compose.yml", "src/Dockerfile_helper.ts"]) assert.ok(!files[0].test(no), no);
    });

    it("LICENSE is the Apache License 2.0 that package.json names", () => {
        assert.strictEqual((PKG as unknown as { license: string }).license, "Apache-2.0");
        const text = fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8");
        assert.match(text, /Apache License\s+Version 2\.0, January 2004/);
        assert.match(text, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/);
    });

    it("policies/package.json lists only files that exist, and its prepack keeps a publish from shipping without bin/", () => {
        const pol = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as { files: string[]; main: string; scripts: Record<string, string> };
        for (const f of pol.files) assert.ok(fs.existsSync(path.join(ROOT, "policies", f)), `policies/${f} exists`);
        assert.ok(fs.existsSync(path.join(ROOT, "policies", pol.main)));
        assert.match(pol.scripts.prepack, /build\.js/);
        // What `pulumi policy publish` packs: npm pack of the folder, its prepack bundling first; stdout stays the
        // npm pack report alone (the publish reads the tarball name from it).
        const out = mustRun("npm", ["pack", "--dry-run", "--json"], { cwd: path.join(ROOT, "policies") });
        const report = JSON.parse(out) as { files: { path: string }[] }[];
        assert.deepStrictEqual(report[0].files.map((f) => f.path).sort(), ["PulumiPolicy.yaml", "bin/index.js", "package.json"]);
    });

    it("runtime dependencies are exactly the packages the compiled code requires; ts-node is not one", () => {
        const deps = new Set(Object.keys(PKG.dependencies));
        const required = new Map<string, string>();
        const jsFiles = walk(DIST).filter((f) => /\.(c|m)?js$/.test(f));
        for (const f of jsFiles) {
            for (const spec of bareSpecifiers(fs.readFileSync(f, "utf8"), f.endsWith(".mjs"))) {
                const pkg = packageOf(spec);
                if (pkg !== undefined && !required.has(pkg)) required.set(pkg, path.relative(ROOT, f));
            }
        }
        for (const [pkg, where] of required) assert.ok(deps.has(pkg), `${where} requires ${pkg}, which is not a dependency`);
        for (const dep of deps) assert.ok(required.has(dep), `dependency ${dep} is required by nothing in dist/`);
        assert.ok(!deps.has("ts-node") && !deps.has("typescript"));
    });

    it("the public declarations reach only packages that ship their own types (no @types for the consumer to add)", () => {
        // Every declaration file reachable from the entries' .d.ts, following relative imports.
        const seen = new Set<string>();
        const external = new Map<string, string>();
        const visit = (file: string): void => {
            if (seen.has(file) || !fs.existsSync(file)) return;
            seen.add(file);
            const text = fs.readFileSync(file, "utf8");
            const specs = [
                ...text.matchAll(/^\s*(?:import|export)\s[^"';]*?\bfrom\s+["']([^"']+)["']/gm),
                ...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm),
                ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
            ].map((m) => m[1]);
            for (const spec of specs) {
                if (spec.startsWith(".")) {
                    const base = path.resolve(path.dirname(file), spec.replace(/\.(m?js)$/, ""));
                    for (const cand of [`${base}.d.ts`, `${base}.d.mts`, path.join(base, "index.d.ts")]) visit(cand);
                } else {
                    const pkg = packageOf(spec);
                    if (pkg !== undefined) external.set(pkg, path.relative(ROOT, file));
                }
            }
        };
        visit(path.join(DIST, "components", "provider.d.ts"));
        visit(path.join(DIST, "index.d.mts"));
        assert.ok(seen.size > 3, `declarations followed: ${[...seen].length}`);
        for (const [pkg, where] of external) {
            assert.ok(PKG.dependencies[pkg] !== undefined, `${where} imports ${pkg}: not a dependency`);
            assert.ok(hasOwnTypes(pkg), `${where} imports ${pkg}, which has no types of its own (consumers would need @types)`);
        }
        // Default imports of CommonJS modules need esModuleInterop in the consumer (TS1259).
        for (const f of seen) assert.doesNotMatch(fs.readFileSync(f, "utf8"), /^import\s+\w+\s+from\s+["'][^."']/m, `${path.relative(ROOT, f)} has a default import`);
    });
});
