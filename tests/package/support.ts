/**
 * The published package as an outside user gets it: built (scripts/build.js), packed with `npm pack` into a tarball,
 * installed from that tarball into folders outside the repository.
 *
 * Installing is the slow part (the package's dependencies include @pulumi/aws), so it happens once per test process
 * and the consumer tests share the folder; npm runs with `--prefer-offline` so the packages come from the npm cache
 * the repository's own `npm ci` filled.
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
export { PKG };

/** The folders whose sources the build compiles (a newer source than the build output means a rebuild). */
const SOURCE_DIRS = ["components", "core", "inspect", "check", "cli", "policies"];
const SOURCE_FILES = ["package.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.js"];
const STAMP = path.join(DIST, "schema.json"); // written last but one by the build

function newestSource(): number {
    let newest = 0;
    const visit = (p: string): void => {
        let st: fs.Stats;
        try {
            st = fs.lstatSync(p);
        } catch {
            return;
        }
        if (st.isDirectory()) {
            const base = path.basename(p);
            if (base === "node_modules" || base === "bin") return;
            for (const e of fs.readdirSync(p)) visit(path.join(p, e));
        } else if (st.isFile() && /\.(ts|js|json)$/.test(p)) {
            newest = Math.max(newest, st.mtimeMs);
        }
    };
    for (const d of SOURCE_DIRS) visit(path.join(ROOT, d));
    for (const f of SOURCE_FILES) visit(path.join(ROOT, f));
    return newest;
}

export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number }): SpawnSyncReturns<string> {
    return spawnSync(cmd, args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        input: opts.input,
        encoding: "utf8",
        timeout: opts.timeout ?? 600_000,
        maxBuffer: 64 * 1024 * 1024,
    });
}

export function mustRun(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): string {
    const r = run(cmd, args, opts);
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} (in ${opts.cwd}) exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
    }
    return r.stdout;
}

/** True when dist/ exists and no source is newer than it (or RSB_USE_EXISTING_DIST=1 says to take it as it is). */
export function distIsFresh(): boolean {
    if (!fs.existsSync(path.join(DIST, "cli", "bin.js")) || !fs.existsSync(STAMP)) return false;
    if (process.env.RSB_USE_EXISTING_DIST === "1") return true;
    return newestSource() <= fs.statSync(STAMP).mtimeMs;
}

let built = false;
/**
 * dist/ built from the current sources (`npm test`'s pretest builds; a lone mocha run builds here when stale).
 * RSB_USE_EXISTING_DIST=1 takes dist/ as it is (iterating on the tests while others edit sources).
 */
export function ensureBuilt(): void {
    if (built) return;
    if (process.env.RSB_USE_EXISTING_DIST === "1" && fs.existsSync(path.join(DIST, "cli", "bin.js")) && fs.existsSync(STAMP)) {
        built = true;
        return;
    }
    let stamp = 0;
    try {
        stamp = fs.statSync(STAMP).mtimeMs;
    } catch {
        stamp = 0;
    }
    if (stamp === 0 || newestSource() > stamp || !fs.existsSync(path.join(DIST, "cli", "bin.js"))) {
        mustRun(process.execPath, [path.join(ROOT, "scripts", "build.js")], { cwd: ROOT, timeout: 900_000 });
    }
    built = true;
}

/** A temp folder outside the repository (removed at exit unless KEEP_PACKAGE_TMP is set). */
export function outsideTemp(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    if (path.relative(ROOT, dir).split(path.sep)[0] !== "..") throw new Error(`${dir} is inside the repository`);
    if (!process.env.KEEP_PACKAGE_TMP) process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
}

export interface Packed {
    tarball: string;
    files: string[];
}

let packed: Packed | undefined;
/** `npm pack` of the built tree (its prepack would rebuild: the build above is current, so scripts are skipped). */
export function packTarball(): Packed {
    if (packed) return packed;
    ensureBuilt();
    const dest = outsideTemp("rsb-pack-");
    const out = mustRun("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], { cwd: ROOT });
    const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    packed = { tarball: path.join(dest, info[0].filename), files: info[0].files.map((f) => f.path).sort() };
    return packed;
}

/** npm with the repository's npm cache, offline when the cache has it, quiet. */
export function npm(args: string[], cwd: string): string {
    return mustRun("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd, timeout: 900_000 });
}

/** The installed version of a package in the repository (so the consumer resolves the same one from the cache). */
export function repoVersion(name: string): string {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", ...name.split("/"), "package.json"), "utf8")) as { version: string }).version;
}

let consumer: string | undefined;
/**
 * One consumer folder, outside the repository, with the tarball installed as a production dependency
 * (`npm install --omit=dev`: nothing of the repository's devDependencies, no ts-node, no @types/*). Programs written
 * into it by the tests resolve `pulumi-sagemaker-rstudio` from its node_modules.
 */
export function productionConsumer(): string {
    if (consumer) return consumer;
    const { tarball } = packTarball();
    const dir = outsideTemp("rsb-consumer-");
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify(
            {
                name: "rsb-consumer",
                private: true,
                dependencies: { [PKG.name]: `file:${tarball}`, "@pulumi/pulumi": repoVersion("@pulumi/pulumi") },
            },
            null,
            2,
        ),
    );
    npm(["install", "--omit=dev"], dir);
    consumer = dir;
    return dir;
}

let typescriptAdded = false;
/**
 * The same folder as a Pulumi `typescript` template program: its devDependencies (`typescript`, `@types/node`) added
 * on top. Versions: the ones this repository resolved (in the npm cache), within the template's ranges
 * (typescript ^5; @types/node: the template pins ^18, the repository's is used to stay offline).
 */
export function typescriptConsumer(): string {
    const dir = productionConsumer();
    if (!typescriptAdded) {
        npm(["install", "--save-dev", `typescript@${repoVersion("typescript")}`, `@types/node@${repoVersion("@types/node")}`], dir);
        typescriptAdded = true;
    }
    return dir;
}
