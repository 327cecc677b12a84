/**
 * Which paths of an image the filesystem facts are read from, and how. See docs/image-inspection.md.
 *
 * Cost model: every stat or single-file read is one small request; a directory walk costs what the daemon tars
 * (the bytes under that directory). Walks are limited to the directories whose listing is the fact itself: Python
 * site-packages, R libraries (and `/opt/python`, `/opt/R`, where Posit installs them under versioned names), and
 * the three reserved directories (stopped after a few entries). Large trees (the Workbench install, `/usr/lib`,
 * CUDA toolkits) are never walked: their facts come from named paths, symlink targets and `/etc/ld.so.cache`.
 */
import { posix } from "path";
import type { Fact, PackageFact, PathWriteFact, PythonPackageFact, RPackageFact } from "../../core/facts";
import { known, unknown } from "../../core/facts";
import { CUDA_ROOT_FILES, CUDART_NAMES, DRIVER_BINARIES, DRIVER_FILE_PATTERNS, DRIVER_LIB_NAMES, GPU_LIB_DIRS, GPU_SEARCH_DIRS, TOOLKIT_FILE_PATTERNS, matchesAny } from "../../core/gpu";
import { EFS_HOME } from "../../core/rules/home-shadowed";
import { RESERVED_PATHS } from "../../core/rules/reserved-paths";
import { normalizePythonName } from "../../core/python";
import { WORKBENCH_VERSION_VARIABLES } from "../../core/version";
import { ContainerFs, WalkEntry, WalkStats, formatBytes, normalizeContainerPath } from "./archive";
import { distNameFromDir, ldCachePaths, parseDpkgStatus, parsePythonMetadata, parseRDescription, parseWorkbenchVersionFile } from "./parsers";
import { Dropped, isDpkgName, isPackageVersion, isPythonName, isPythonVersion, isRName, isRVersion, isShowablePath, isWorkbenchVersionText } from "./validate";

export const WORKBENCH_VERSION_FILE = "/usr/lib/rstudio-server/VERSION";
/** Packages whose version is the Workbench version, when the VERSION file is missing. */
export const WORKBENCH_PACKAGES = ["rstudio-workbench", "rstudio-server", "rstudio-server-pro"];
/** The ENV names that carry a Workbench version: core's one list, shared with the Dockerfile inspector. */
export const WORKBENCH_VERSION_ENV: readonly string[] = WORKBENCH_VERSION_VARIABLES;

export const DPKG_STATUS = "/var/lib/dpkg/status";
export const DPKG_STATUS_DIR = "/var/lib/dpkg/status.d";
export const RPM_DATABASES = ["/var/lib/rpm", "/usr/lib/sysimage/rpm"];
export const APK_DATABASE = "/lib/apk/db/installed";
export const LD_CACHE = "/etc/ld.so.cache";

/** Directories SageMaker mounts over or reserves (RSB006's reserved paths and RSB007's EFS home): anything inside them is reported as a path write. */
export const WATCHED_DIRS: readonly string[] = [...RESERVED_PATHS, EFS_HOME];
/** At most this many entries are reported per watched directory (the walk stops there). */
export const WATCHED_DIR_MAX_ENTRIES = 20;

/** Python minor versions probed under each prefix (`<prefix>/lib/python3.N`). */
export const PYTHON_MINORS = Array.from({ length: 11 }, (_, i) => `3.${i + 6}`); // 3.6 … 3.16
/** Prefixes whose `lib/python3.N/{site,dist}-packages` are looked at, besides the prefixes of PATH entries. */
export const PYTHON_PREFIXES = ["/usr", "/usr/local", "/opt/conda", "/root/.local"];
/** Directories walked as a whole: Posit installs Python and R there under versioned names (`/opt/python/3.12.4`). */
export const WHOLE_TREES = ["/opt/python", "/opt/R"];

/** R homes looked at besides `$R_HOME`, the `R` scripts on PATH and `/opt/R/*`. */
export const R_HOMES = ["/usr/lib/R", "/usr/lib64/R", "/usr/local/lib/R"];
/** R libraries looked at besides each R home's `library` and what `etc/Renviron` and `R_LIBS*` name. */
export const R_LIBRARIES = ["/usr/lib/R/site-library", "/usr/local/lib/R/site-library", "/usr/lib/R/library", "/usr/lib64/R/library"];

const METADATA_MAX = 64 * 1024;
const DESCRIPTION_MAX = 64 * 1024;

/*
 * Bounds on the work one image can cause (docs/security.md lists them). An image is the image author's input: its
 * ENV and files decide which paths are probed, so the number of probes is capped where the image decides it.
 */
/** PATH entries looked at (the first ones, after removing duplicates). A real PATH has about ten. */
export const PATH_ENTRIES_MAX = 64;
/** R library directories taken from R_LIBS, R_LIBS_SITE, R_LIBS_USER and the Renviron files together. */
export const R_LIBS_ENTRIES_MAX = 64;
/** /var/lib/dpkg/status is read up to this size (a 3,000-package image has ≈ 4 MB); a larger one is not parsed. */
export const DPKG_STATUS_MAX = 64 * 1024 * 1024;
/** Each file of distroless /var/lib/dpkg/status.d/. */
export const DPKG_STATUS_D_FILE_MAX = 16 * 1024 * 1024;
/** The Workbench VERSION file (a real one holds one line of ≈ 20 bytes). */
export const VERSION_FILE_MAX = 4096;
/** /etc/ld.so.cache (≈ 100 kB on a CUDA image). */
export const LD_CACHE_MAX = 64 * 1024 * 1024;
/** ld.so.cache entries checked for GPU libraries (each costs one stat). */
export const LD_CACHE_GPU_MAX = 512;

export interface FilesystemFacts {
    workbenchVersion: Fact<string>;
    systemPackages: Fact<PackageFact[]>;
    pythonPackages: Fact<PythonPackageFact[]>;
    rPackages: Fact<RPackageFact[]>;
    files: Fact<string[]>;
    pathWrites: Fact<PathWriteFact[]>;
}

export interface ScanStats {
    stats: number;
    reads: number;
    walkedBytes: number;
    walkedEntries: number;
    walks: { root: string; entries: number; bytes: number; ms: number; stopped: boolean }[];
    ms: number;
}

/** Under GPU_SEARCH_DIRS (plus their `/lib`, `/lib64` aliases on merged-/usr systems) or any `/usr/local/cuda*`. */
export function inGpuSearchDirs(p: string): boolean {
    if (/^\/usr\/local\/cuda[^/]*\//.test(p)) return true;
    return [...GPU_SEARCH_DIRS, "/lib", "/lib64"].some((d) => p.startsWith(d + "/"));
}

export function isGpuFile(p: string): boolean {
    return inGpuSearchDirs(p) && (matchesAny(DRIVER_FILE_PATTERNS, p) || matchesAny(TOOLKIT_FILE_PATTERNS, p));
}

const SITE_META = /^(.*\/(?:site|dist)-packages)\/([^/]+\.dist-info)\/METADATA$/;
const SITE_PKGINFO = /^(.*\/(?:site|dist)-packages)\/([^/]+\.egg-info)\/PKG-INFO$/;
const SITE_EGGFILE = /^(.*\/(?:site|dist)-packages)\/([^/]+\.egg-info)$/;
const SITE_DISTDIR = /^(.*\/(?:site|dist)-packages)\/([^/]+\.(?:dist|egg)-info)$/;
const OPT_R_LIBRARY = /^(\/opt\/R\/[^/]+\/lib(?:64)?\/R\/(?:library|site-library))\/([^/]+)\/DESCRIPTION$/;

/** Absolute paths in an R environment file's `R_LIBS*=` lines (`${R_LIBS_SITE-'/a:/b'}` defaults included). */
export function rLibsFromRenviron(text: string): string[] {
    const out: string[] = [];
    for (const line of text.split(/\r?\n/)) {
        const m = /^\s*R_LIBS(?:_SITE|_USER)?\s*=\s*(.*)$/.exec(line);
        if (!m) continue;
        for (const token of m[1].split(/[:'"${}]+/)) {
            const t = token.replace(/^-/, "").trim();
            if (t.startsWith("/") && !t.includes("%")) out.push(t.replace(/\/+$/, ""));
        }
    }
    return out;
}

/** `R_HOME_DIR=/usr/lib/R` from the `R` front-end shell script. */
export function rHomeFromScript(text: string): string | undefined {
    const m = /^\s*R_HOME_DIR=["']?(\/[^"'\s]+)/m.exec(text);
    return m ? m[1] : undefined;
}

interface Collected {
    python: Map<string, { site: string; dir: string; name?: string; version?: string }>;
    /** DESCRIPTION path → package; only directories that also have `Meta/package.rds` are installed packages. */
    r: Map<string, { lib: string; name?: string; version?: string }>;
    /** Package directories with `Meta/package.rds` (what R's installed.packages() requires). */
    rInstalled: Set<string>;
    gpu: Set<string>;
}

/** Read the filesystem facts of the container's image. `env` is the image's final environment. */
export async function scanFilesystem(fs: ContainerFs, env: Map<string, string>, progress: (m: string) => void): Promise<{ facts: FilesystemFacts; stats: ScanStats }> {
    const started = Date.now();
    const allPathDirs = [...new Set((env.get("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":").filter((d) => d.startsWith("/")).map(normalizeContainerPath))];
    const pathDirs = allPathDirs.slice(0, PATH_ENTRIES_MAX);
    const limited: string[] = [];
    if (allPathDirs.length > PATH_ENTRIES_MAX) limited.push(`PATH has ${allPathDirs.length} entries; only the first ${PATH_ENTRIES_MAX} were searched`);

    progress("reading the package database, the Workbench VERSION and probing known paths");
    // Phase 1: single files and stats, all at once (the ContainerFs limits concurrency). `handled` marks each
    // promise as observed, so that when one fails (or the scan is aborted) the others cannot surface as unhandled
    // rejections before they are awaited below.
    const versionFile = handled(fs.readFile(WORKBENCH_VERSION_FILE, VERSION_FILE_MAX));
    const dpkgStatus = handled(fs.readFile(DPKG_STATUS, DPKG_STATUS_MAX));
    const dpkgStatusDir = handled(fs.resolve(DPKG_STATUS_DIR));
    const rpm = handled(Promise.all(RPM_DATABASES.map((p) => fs.resolve(p))));
    const apk = handled(fs.resolve(APK_DATABASE));
    const ldCache = handled(fs.readFile(LD_CACHE, LD_CACHE_MAX));
    const watched = handled(Promise.all(WATCHED_DIRS.map((p) => fs.stat(p))));
    const wholeTrees = handled(Promise.all(WHOLE_TREES.map((p) => fs.resolve(p))));
    const pythonSites = handled(findPythonSites(fs, pathDirs));
    const rLibs = handled(findRLibraries(fs, env, pathDirs, limited));
    const gpuProbed = handled(probeGpuFiles(fs, env, pathDirs));

    // Phase 2: walks. The whole trees start as soon as they are known (while the probes above still run); the
    // site-packages and R libraries found outside them follow.
    const collected: Collected = { python: new Map(), r: new Map(), rInstalled: new Set(), gpu: new Set() };
    const walkStats: ScanStats["walks"] = [];
    const visitor = makeVisitor(collected);
    const walkAll = (roots: string[]) =>
        Promise.all(
            roots.map(async (root) => {
                progress(`listing ${root}`);
                const st = await fs.walk(root, visitor);
                if (st) walkStats.push(summary(root, st));
            }),
        );
    const trees = (await wholeTrees).filter((s): s is NonNullable<typeof s> => s !== undefined && s.isDir).map((s) => s.path);
    const treeWalks = handled(walkAll(dedupeRoots(trees)));
    const sites = await pythonSites;
    const libs = await rLibs;
    const outside = dedupeRoots([...sites, ...libs]).filter((r) => !trees.some((t) => r === t || r.startsWith(t + "/")));
    await Promise.all([treeWalks, walkAll(outside)]);
    const watchedWrites = await readWatched(fs, await watched, walkStats);

    // Assemble.
    const systemPackages = await systemPackagesFact(fs, await dpkgStatus, await dpkgStatusDir, await rpm, await apk, walkStats);
    const workbenchVersion = workbenchVersionFact(await versionFile, systemPackages, env, fs.loops);

    for (const p of await gpuProbed) collected.gpu.add(p);
    const ld = await ldCache;
    if (ld) {
        const candidates = ldCachePaths(ld.body).filter(isGpuFile).slice(0, LD_CACHE_GPU_MAX);
        // The cache can be stale (a library deleted without ldconfig): keep what still exists.
        const present = await Promise.all(candidates.map(async (p) => ((await fs.stat(p)) ? p : undefined)));
        for (const p of present) if (p) collected.gpu.add(p);
    }
    const gpuVia = ["named driver/toolkit paths and their symlink targets", ld ? "/etc/ld.so.cache" : undefined, walkStats.length ? "listed directories" : undefined].filter(Boolean).join(", ");
    const files = known([...collected.gpu].filter((p) => isGpuFile(p) && isShowablePath(p)).sort(), "image", { via: gpuVia });

    const partial = limited.length > 0 ? limited.join("; ") : undefined;
    const pythonPackages = pythonFact(collected, sites, partial);
    const rPackages = rFact(collected, libs, partial);
    // A path under a loop (`/opt/ml/x` when `/opt/ml` loops) is not another loop worth naming.
    const loops = [...fs.loops].filter((l, _i, all) => isShowablePath(l) && !all.some((o) => o !== l && l.startsWith(o + "/"))).sort();
    const pathWrites = known(watchedWrites, "image", {
        via: `entries under ${WATCHED_DIRS.join(", ")}${loops.length > 0 ? `; symlink loops in the image: ${loops.slice(0, 10).join(", ")}${loops.length > 10 ? ` and ${loops.length - 10} more` : ""}` : ""}`,
    });

    const stats: ScanStats = {
        stats: fs.requests.stat,
        reads: fs.requests.get,
        walkedBytes: walkStats.reduce((a, w) => a + w.bytes, 0),
        walkedEntries: walkStats.reduce((a, w) => a + w.entries, 0),
        walks: walkStats,
        ms: Date.now() - started,
    };
    progress(`filesystem read: ${stats.stats} stats, ${stats.reads} reads/listings, ${formatBytes(stats.walkedBytes)} streamed in ${(stats.ms / 1000).toFixed(1)} s`);
    return { facts: { workbenchVersion, systemPackages, pythonPackages, rPackages, files, pathWrites }, stats };
}

/** The same promise, with a no-op rejection handler attached (it is awaited later). */
function handled<T>(p: Promise<T>): Promise<T> {
    p.catch(() => undefined);
    return p;
}

function summary(root: string, st: WalkStats): ScanStats["walks"][number] {
    return { root, entries: st.entries, bytes: st.bytes, ms: st.ms, stopped: st.stopped };
}

/** Drop roots inside another root (walking the outer one covers them). */
export function dedupeRoots(roots: readonly string[]): string[] {
    const unique = [...new Set(roots.map(normalizeContainerPath))].sort();
    return unique.filter((r) => !unique.some((o) => o !== r && r.startsWith(o + "/")));
}

function makeVisitor(c: Collected) {
    return {
        visit(e: WalkEntry) {
            if ((e.type === "file" || e.type === "symlink") && isGpuFile(e.path)) c.gpu.add(e.path);
            const m = SITE_DISTDIR.exec(e.path);
            if (m) {
                if (!c.python.has(e.path)) c.python.set(e.path, { site: m[1], dir: m[2] });
                if (e.type === "file" && SITE_EGGFILE.test(e.path)) return { keep: METADATA_MAX };
                return undefined;
            }
            if (e.type !== "file") return undefined;
            if (SITE_META.test(e.path) || SITE_PKGINFO.test(e.path)) return { keep: METADATA_MAX };
            // Which DESCRIPTIONs are R packages is decided once all R libraries are known (rFact).
            if (e.path.endsWith("/DESCRIPTION")) return { keep: DESCRIPTION_MAX };
            if (e.path.endsWith("/Meta/package.rds")) c.rInstalled.add(posix.dirname(posix.dirname(e.path)));
            return undefined;
        },
        onBody(e: WalkEntry, body: Buffer) {
            const text = body.toString("utf8");
            const m = SITE_META.exec(e.path) ?? SITE_PKGINFO.exec(e.path);
            const distDir = m ? `${m[1]}/${m[2]}` : SITE_EGGFILE.test(e.path) ? e.path : undefined;
            if (distDir !== undefined) {
                const d = SITE_DISTDIR.exec(distDir);
                if (!d) return;
                c.python.set(distDir, { site: d[1], dir: d[2], ...parsePythonMetadata(text) });
                return;
            }
            if (e.path.endsWith("/DESCRIPTION")) {
                const lib = posix.dirname(posix.dirname(e.path));
                c.r.set(e.path, { lib, ...parseRDescription(text) });
            }
        },
    };
}

async function findPythonSites(fs: ContainerFs, pathDirs: string[]): Promise<string[]> {
    const prefixes = new Set(PYTHON_PREFIXES);
    for (const d of pathDirs) if (/\/s?bin$/.test(d) && d !== "/bin" && d !== "/sbin") prefixes.add(posix.dirname(d));
    const sites = new Set<string>();
    const fixed = ["/usr/lib/python3/dist-packages"];
    await Promise.all([
        ...fixed.map(async (p) => {
            const st = await fs.resolve(p);
            if (st?.isDir) sites.add(st.path);
        }),
        ...[...prefixes].map(async (prefix) => {
            const libDirs = (await Promise.all(["lib", "lib64"].map((l) => fs.resolve(`${prefix}/${l}`)))).filter((s) => s?.isDir);
            await Promise.all(
                libDirs.flatMap((lib) =>
                    PYTHON_MINORS.map(async (v) => {
                        const py = await fs.resolve(`${lib!.path}/python${v}`);
                        if (!py?.isDir) return;
                        for (const sub of ["site-packages", "dist-packages"]) {
                            const st = await fs.resolve(`${py.path}/${sub}`);
                            if (st?.isDir) sites.add(st.path);
                        }
                    }),
                ),
            );
        }),
    ]);
    return [...sites].sort();
}

/** The PATH directories, symlinks resolved (`/bin` → `/usr/bin` on merged-/usr systems), each once. */
async function resolveDirs(fs: ContainerFs, dirs: string[]): Promise<string[]> {
    const out = await Promise.all(
        dirs.map(async (d) => {
            const st = await fs.resolve(d);
            return st?.isDir ? st.path : undefined;
        }),
    );
    return [...new Set(out.filter((d): d is string => d !== undefined))];
}

/**
 * Read a small text file only when a stat says it exists and is small: on some daemons (Docker 20.10) every
 * successful archive GET costs ≈ 150 ms (the daemon re-executes itself to tar in a chroot), a stat ≈ 2 ms.
 */
async function readSmallFile(fs: ContainerFs, path: string, max: number): Promise<string | undefined> {
    const st = await fs.resolve(path);
    if (!st || st.isDir || st.size > max) return undefined;
    return (await fs.readFile(st.path, max))?.body.toString("utf8");
}

async function findRLibraries(fs: ContainerFs, env: Map<string, string>, pathDirs: string[], limited: string[]): Promise<string[]> {
    const homes = new Set(R_HOMES);
    const rHomeEnv = env.get("R_HOME");
    if (rHomeEnv?.startsWith("/")) homes.add(rHomeEnv);
    // The `R` front end is a shell script naming its R home (R_HOME_DIR=/usr/lib/R, /opt/R/4.4.1/lib/R).
    const scripts = new Set((await Promise.all((await resolveDirs(fs, pathDirs)).map(async (d) => (await fs.resolve(`${d}/R`))?.path))).filter((p): p is string => p !== undefined));
    await Promise.all(
        [...scripts].map(async (p) => {
            const text = await readSmallFile(fs, p, 64 * 1024);
            const home = text && rHomeFromScript(text);
            if (home) homes.add(home);
        }),
    );
    const candidates = new Set(R_LIBRARIES);
    // R_LIBS* entries from the ENV and the Renviron files, at most R_LIBS_ENTRIES_MAX of them together.
    const named = new Set<string>();
    let offered = 0;
    const offer = (p: string) => {
        const n = normalizeContainerPath(p);
        if (named.has(n)) return;
        offered++;
        if (named.size < R_LIBS_ENTRIES_MAX) named.add(n);
    };
    for (const name of ["R_LIBS", "R_LIBS_SITE", "R_LIBS_USER"]) {
        for (const p of (env.get(name) ?? "").split(":")) if (p.startsWith("/") && !p.includes("%")) offer(p);
    }
    await Promise.all(
        [...homes].slice(0, PATH_ENTRIES_MAX).map(async (home) => {
            const st = await fs.resolve(home);
            if (!st?.isDir) return;
            candidates.add(`${st.path}/library`);
            for (const f of ["etc/Renviron", "etc/Renviron.site"]) {
                const text = await readSmallFile(fs, `${st.path}/${f}`, 256 * 1024);
                if (text) for (const p of rLibsFromRenviron(text)) offer(p);
            }
        }),
    );
    for (const p of named) candidates.add(p);
    if (offered > R_LIBS_ENTRIES_MAX) limited.push(`R_LIBS* and Renviron name ${offered} library directories; only the first ${R_LIBS_ENTRIES_MAX} were searched`);
    const libs = new Set<string>();
    await Promise.all(
        [...candidates].map(async (p) => {
            const st = await fs.resolve(p);
            if (st?.isDir) libs.add(st.path);
        }),
    );
    return [...libs].sort();
}

async function probeGpuFiles(fs: ContainerFs, env: Map<string, string>, pathDirs: string[]): Promise<string[]> {
    const found = new Set<string>();
    const note = async (p: string) => {
        const st = await fs.stat(p);
        if (!st) return;
        found.add(st.path);
        let cur = st;
        for (let hops = 0; cur.isSymlink && hops < 8; hops++) {
            const target = cur.linkTarget.startsWith("/") ? cur.linkTarget : posix.join(posix.dirname(cur.path), cur.linkTarget);
            const next = await fs.stat(target);
            if (!next) break;
            found.add(next.path);
            cur = next;
        }
    };
    const libDirs = (await Promise.all(GPU_LIB_DIRS.map((d) => fs.resolve(d)))).filter((s) => s?.isDir).map((s) => s!.path);
    const cudaRoots = new Set<string>(["/usr/local/cuda"]);
    for (const name of ["CUDA_HOME", "CUDA_PATH", "CUDA_ROOT"]) {
        const v = env.get(name);
        if (v?.startsWith("/")) cudaRoots.add(normalizeContainerPath(v));
    }
    const cudaVersion = /^(\d+)\.(\d+)/.exec(env.get("CUDA_VERSION") ?? "");
    if (cudaVersion) cudaRoots.add(`/usr/local/cuda-${cudaVersion[1]}.${cudaVersion[2]}`);
    for (const list of [pathDirs, (env.get("LD_LIBRARY_PATH") ?? "").split(":")]) {
        for (const d of list) {
            const m = /^(\/usr\/local\/cuda[^/]*)(\/|$)/.exec(d);
            if (m) cudaRoots.add(m[1]);
        }
    }
    // `/usr/local/cuda` is usually a symlink to the versioned directory.
    const roots = new Set<string>();
    await Promise.all(
        [...cudaRoots].map(async (r) => {
            const st = await fs.stat(r);
            if (!st) return;
            found.add(st.path);
            const real = await fs.resolve(r);
            if (real?.isDir) roots.add(real.path);
        }),
    );
    await Promise.all([
        ...DRIVER_BINARIES.map(note),
        ...libDirs.flatMap((d) => [...DRIVER_LIB_NAMES, ...CUDART_NAMES].map((n) => note(`${d}/${n}`))),
        ...[...roots].flatMap((r) => CUDA_ROOT_FILES.map((f) => note(`${r}/${f}`))),
    ]);
    return [...found];
}

async function readWatched(fs: ContainerFs, stats: (Awaited<ReturnType<ContainerFs["stat"]>>)[], walks: ScanStats["walks"]): Promise<PathWriteFact[]> {
    const writes: PathWriteFact[] = [];
    await Promise.all(
        WATCHED_DIRS.map(async (dir, i) => {
            const st = stats[i];
            if (!st) return;
            if (!st.isDir) {
                // A file or a symlink (or a symlink loop: named in the fact's via) where SageMaker expects to mount a directory.
                writes.push({ path: dir, via: "filesystem" });
                return;
            }
            const children: string[] = [];
            const w = await fs.walk(dir, {
                visit(e) {
                    if (e.path === dir) return undefined;
                    if (posix.dirname(e.path) === dir) {
                        if (children.length >= WATCHED_DIR_MAX_ENTRIES) return "stop";
                        children.push(e.path);
                    }
                    return undefined;
                },
            });
            if (w) walks.push(summary(dir, w));
            for (const c of children) if (isShowablePath(c)) writes.push({ path: c, via: "filesystem" });
        }),
    );
    return writes.sort((a, b) => a.path.localeCompare(b.path));
}

async function systemPackagesFact(
    fs: ContainerFs,
    status: { body: Buffer; truncated: boolean } | undefined,
    statusDir: { path: string; isDir: boolean } | undefined,
    rpm: ({ path: string } | undefined)[],
    apk: { path: string } | undefined,
    walks: ScanStats["walks"],
): Promise<Fact<PackageFact[]>> {
    // Parsed lists are appended one by one: `push(...list)` passes every element as an argument, and a status file
    // of 125,000 packages overflows the call stack that way.
    const pkgs: PackageFact[] = [];
    const via: string[] = [];
    const dropped = new Dropped();
    const add = (list: PackageFact[]) => {
        for (const p of list) {
            if (!dropped.keep(p, isDpkgName(p.name) && (p.version === undefined || isPackageVersion(p.version)))) continue;
            pkgs.push(p);
        }
    };
    if (status?.truncated) {
        return unknown("image", `${DPKG_STATUS} is larger than ${DPKG_STATUS_MAX / 1024 / 1024} MiB (a limit of the check), so installed system packages are unknown`);
    }
    if (status) {
        add(parseDpkgStatus(status.body.toString("utf8")));
        via.push(DPKG_STATUS);
    }
    if (statusDir?.isDir) {
        let cut = false;
        const w = await fs.walk(statusDir.path, {
            visit: (e) => (e.type === "file" && !e.path.endsWith(".md5sums") ? { keep: DPKG_STATUS_D_FILE_MAX } : undefined),
            onBody: (_e, body, truncated) => {
                if (truncated) cut = true;
                else add(parseDpkgStatus(body.toString("utf8")));
            },
        });
        if (w) walks.push(summary(statusDir.path, w));
        if (cut) return unknown("image", `a file in ${DPKG_STATUS_DIR}/ is larger than ${DPKG_STATUS_D_FILE_MAX / 1024 / 1024} MiB (a limit of the check), so installed system packages are unknown`);
        via.push(`${DPKG_STATUS_DIR}/`);
    }
    if (via.length > 0) {
        const seen = new Set<string>();
        const unique = pkgs.filter((p) => {
            const k = `${p.name}\u0000${p.version ?? ""}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
        });
        // Names are ASCII (validated above): a plain comparison sorts 125,000 of them in milliseconds.
        unique.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return known(unique, "image", { via: via.join(" and ") + dropped.describe("package") });
    }
    const rpmDb = rpm.find((r) => r !== undefined);
    if (rpmDb) {
        return unknown("image", `the image is RPM-based (${rpmDb.path}); the rpm database is not read, so installed system packages are unknown`);
    }
    if (apk) return unknown("image", `the image uses apk (${APK_DATABASE}), which is not read, so installed system packages are unknown`);
    return unknown("image", `no package database in the image (no ${DPKG_STATUS}, ${RPM_DATABASES.join(" or ")})`);
}

/**
 * The Workbench version: VERSION file, else the package's version, else an ENV variable. Each candidate must look
 * like a Workbench version before it is used: the file is the image author's text (it may link to /etc/shadow), and
 * what does not look like a version is never shown, only described.
 */
function workbenchVersionFact(file: { body: Buffer } | undefined, pkgs: Fact<PackageFact[]>, env: Map<string, string>, loops: ReadonlySet<string>): Fact<string> {
    const line = file ? parseWorkbenchVersionFile(file.body.toString("utf8")) : undefined;
    if (line !== undefined && isWorkbenchVersionText(line)) return known(line, "image", { via: WORKBENCH_VERSION_FILE });
    if (pkgs.state === "known") {
        for (const name of WORKBENCH_PACKAGES) {
            const p = pkgs.value.find((x) => x.name === name && x.version);
            if (p?.version) return known(p.version, "image", { via: `the ${name} package` });
        }
    }
    const badEnv: string[] = [];
    for (const name of WORKBENCH_VERSION_ENV) {
        const v = env.get(name);
        if (!v) continue;
        if (isWorkbenchVersionText(v)) return known(v, "image", { via: `ENV ${name}` });
        badEnv.push(name);
    }
    const why = loops.has(WORKBENCH_VERSION_FILE)
        ? `${WORKBENCH_VERSION_FILE} is a symlink loop`
        : file === undefined
          ? `no ${WORKBENCH_VERSION_FILE} in the image`
          : line === undefined
            ? `${WORKBENCH_VERSION_FILE} is empty or not one line of text`
            : `${WORKBENCH_VERSION_FILE} does not hold a version (its content is not shown)`;
    const envWhy = badEnv.length > 0 ? `ENV ${badEnv.join("/")} set but not to a version` : `no ${WORKBENCH_VERSION_ENV.join("/")} in its ENV`;
    return unknown("image", `${why}, no ${WORKBENCH_PACKAGES.join("/")} package and ${envWhy}`);
}

function pythonFact(c: Collected, sites: string[], partial: string | undefined): Fact<PythonPackageFact[]> {
    const dirs = [...new Set([...sites, ...[...c.python.values()].map((p) => p.site)])].sort();
    if (dirs.length === 0) {
        return unknown("image", `no Python site-packages found (looked in ${PYTHON_PREFIXES.join(", ")}, PATH prefixes, /opt/python/*)${partial ? `; ${partial}` : ""}`);
    }
    const out = new Map<string, PythonPackageFact>();
    const dropped = new Dropped();
    for (const p of c.python.values()) {
        const fallback = distNameFromDir(p.dir);
        const name = p.name ?? fallback?.name;
        if (!name) continue;
        const version = p.version ?? fallback?.version;
        if (!dropped.keep(true, isPythonName(name) && (version === undefined || isPythonVersion(version)))) continue;
        const fact: PythonPackageFact = { name: normalizePythonName(name), extras: [], specifier: "" };
        if (version) fact.version = version;
        out.set(`${fact.name}\u0000${version ?? ""}`, fact);
    }
    const list = [...out.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.version ?? "").localeCompare(b.version ?? ""));
    return known(list, "image", { via: `*.dist-info / *.egg-info in ${dirs.filter(isShowablePath).join(", ")}${dropped.describe("distribution")}`, ...(partial ? { partial } : {}) });
}

function rFact(c: Collected, libs: string[], partial: string | undefined): Fact<RPackageFact[]> {
    const libSet = new Set(libs);
    const isLibrary = (lib: string, desc: string) => libSet.has(lib) || OPT_R_LIBRARY.test(desc);
    const found = [...c.r].filter(([desc, p]) => isLibrary(p.lib, desc));
    const dirs = [...new Set([...libs, ...found.map(([, p]) => p.lib)])].sort();
    if (dirs.length === 0) {
        return unknown("image", `no R library found (looked at ${R_HOMES.join(", ")}, /opt/R/*, R on PATH, R_LIBS*)${partial ? `; ${partial}` : ""}`);
    }
    const out = new Map<string, RPackageFact>();
    const dropped = new Dropped();
    for (const [desc, p] of found) {
        // A directory with a DESCRIPTION but no Meta/package.rds (R's `translations`, a failed install) is not an
        // installed package: R's installed.packages() skips it too.
        if (!p.name || !c.rInstalled.has(posix.dirname(desc))) continue;
        if (!dropped.keep(true, isRName(p.name) && (p.version === undefined || isRVersion(p.version)))) continue;
        const fact: RPackageFact = { name: p.name, via: "DESCRIPTION" };
        if (p.version) fact.version = p.version;
        out.set(`${p.name}\u0000${p.version ?? ""}`, fact);
    }
    return known([...out.values()].sort((a, b) => a.name.localeCompare(b.name)), "image", {
        via: `<package>/DESCRIPTION in ${dirs.filter(isShowablePath).join(", ")}${dropped.describe("package")}`,
        ...(partial ? { partial } : {}),
    });
}
