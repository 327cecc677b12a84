/**
 * Image check speed: `inspectImage` on a generated ≥ 2 GB image, side by side with the raw
 * `docker save IMAGE | tar -t > /dev/null` on the same image in the same run. Target: the check takes at most
 * 0.25× the raw save.
 *
 * The image is shaped like an RStudio image (a few big files where Workbench and the CUDA toolkit live, ~50,000
 * small files across /usr/share, /usr/lib, R and Python libraries, a dpkg database) with incompressible
 * content. It is generated as a tar stream in code and imported through the Engine API once, then cached under
 * the tag printed below (`docker rmi` it to reclaim the space). CI tests never build it.
 *
 * Run alone: `npx ts-node --transpile-only bench/image.ts` (needs the daemon: .ci/services.sh).
 */
import { spawn } from "child_process";
import { randomFillSync } from "crypto";
import Dockerode from "dockerode";
import * as tar from "tar-stream";
import { INSPECT_LABEL, ScanStats, inspectImage } from "../inspect/image";
import { dockerFromEnv, imageExists } from "../inspect/docker";
import { runStandalone, type BenchResult } from "./table";


/** Bump when the generator changes: the tag is the cache key. */
export const BENCH_IMAGE = "rsb-bench/generated-rstudio:v1";

const MB = 1024 * 1024;

interface Layout {
    big: { path: string; size: number }[];
    /** Directories of small files: count × size. */
    small: { dir: string; count: number; size: number; name: (i: number) => string }[];
}

const R_PACKAGES = 400;
const PY_PACKAGES = 400;

/** What the generated image holds (≈ 2.3 GB, ≈ 52,000 files). */
export function benchLayout(): Layout {
    const big = [
        ...[1, 2, 3].map((i) => ({ path: `/usr/lib/rstudio-server/bin/rsession-part${i}`, size: 300 * MB })),
        ...["libcublas.so.12.4.5.8", "libcublasLt.so.12.4.5.8", "libcusparse.so.12.3.1.170"].map((n) => ({ path: `/usr/local/cuda-12.4/targets/x86_64-linux/lib/${n}`, size: 250 * MB })),
        { path: "/opt/R/4.4.1/lib/R/lib/libR.so", size: 40 * MB },
        { path: "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1", size: 100 * MB },
    ];
    const small: Layout["small"] = [
        { dir: "/usr/share/doc", count: 15_000, size: 12_000, name: (i) => `pkg${i % 1500}/file${i}.txt` },
        { dir: "/usr/share/locale", count: 6_000, size: 8_000, name: (i) => `l${i % 200}/LC_MESSAGES/m${i}.mo` },
        { dir: "/usr/lib/x86_64-linux-gnu", count: 3_000, size: 60_000, name: (i) => `libgen${i}.so.1` },
        { dir: "/usr/lib/rstudio-server/resources", count: 4_000, size: 20_000, name: (i) => `www/r${i % 100}/asset${i}.js` },
        { dir: "/usr/local/cuda-12.4/include", count: 2_000, size: 30_000, name: (i) => `h${i}.h` },
    ];
    // R library: DESCRIPTION + code, help and a shared object per package (what a real library looks like).
    small.push({ dir: "/opt/R/4.4.1/lib/R/library", count: R_PACKAGES * 28, size: 9_000, name: (i) => `rpkg${Math.floor(i / 28)}/${["R/code", "help/aliases", "html/index", "Meta/x", "libs/pkg.so", "doc/v"][i % 6]}${i}` });
    // Python site-packages: one dist-info per package plus its modules.
    small.push({ dir: "/opt/python/3.12.4/lib/python3.12/site-packages", count: PY_PACKAGES * 28, size: 9_000, name: (i) => `pypkg${Math.floor(i / 28)}/mod${i}.py` });
    return { big, small };
}

function randomChunk(size: number): Buffer {
    return randomFillSync(Buffer.allocUnsafe(size));
}

/** The image's root filesystem as a tar stream, generated on the fly. */
function generateRootfs(layout: Layout): NodeJS.ReadableStream {
    const pack = tar.pack();
    const dirs = new Set<string>();
    const entry = (header: tar.Headers, body?: Buffer | string) =>
        new Promise<void>((resolve, reject) => pack.entry(header, body ?? "", (err) => (err ? reject(err) : resolve())));
    const ensureDirs = async (path: string) => {
        const parts = path.split("/").filter(Boolean);
        for (let i = 1; i < parts.length; i++) {
            const d = parts.slice(0, i).join("/");
            if (!dirs.has(d)) {
                dirs.add(d);
                await entry({ name: d, type: "directory", mode: 0o755 });
            }
        }
    };
    const file = async (path: string, body: Buffer | string, mode = 0o644) => {
        await ensureDirs(path);
        await entry({ name: path.slice(1), mode, size: Buffer.byteLength(body) }, body);
    };
    (async () => {
        await file("/usr/lib/rstudio-server/VERSION", "2025.05.1+513.pro3\n");
        await file("/usr/local/cuda-12.4/version.json", '{"cuda":{"version":"12.4.1"}}\n');
        await ensureDirs("/usr/local/cuda");
        await entry({ name: "usr/local/cuda", type: "symlink", linkname: "cuda-12.4", mode: 0o777 });
        let status = "";
        for (let i = 0; i < 600; i++) status += `Package: deb${i}\nStatus: install ok installed\nVersion: 1.${i}-1\nDescription: generated\n\n`;
        status += "Package: sudo\nStatus: install ok installed\nVersion: 1.9.13p3-1\n\nPackage: libpng-dev\nStatus: install ok installed\nVersion: 1.6.39-2\n";
        await file("/var/lib/dpkg/status", status);
        for (let p = 0; p < R_PACKAGES; p++) {
            await file(`/opt/R/4.4.1/lib/R/library/rpkg${p}/DESCRIPTION`, `Package: rpkg${p}\nVersion: 1.${p}.0\nTitle: generated\n`);
            await file(`/opt/R/4.4.1/lib/R/library/rpkg${p}/Meta/package.rds`, randomChunk(1500));
        }
        await file("/opt/R/4.4.1/lib/R/library/reticulate/DESCRIPTION", "Package: reticulate\nVersion: 1.38.0\n");
        await file("/opt/R/4.4.1/lib/R/library/reticulate/Meta/package.rds", randomChunk(1500));
        for (let p = 0; p < PY_PACKAGES; p++) {
            await file(`/opt/python/3.12.4/lib/python3.12/site-packages/pypkg${p}-1.${p}.dist-info/METADATA`, `Metadata-Version: 2.1\nName: pypkg${p}\nVersion: 1.${p}\n\nlong description\n`);
            await file(`/opt/python/3.12.4/lib/python3.12/site-packages/pypkg${p}-1.${p}.dist-info/RECORD`, randomChunk(3000).toString("base64"));
        }
        for (const s of layout.small) {
            const body = randomChunk(s.size);
            for (let i = 0; i < s.count; i++) {
                body.writeUInt32LE(i, 0); // distinct content per file
                await file(`${s.dir}/${s.name(i)}`, body);
            }
        }
        for (const b of layout.big) {
            await ensureDirs(b.path);
            await new Promise<void>((resolve, reject) => {
                const w = pack.entry({ name: b.path.slice(1), size: b.size, mode: 0o755 }, (err) => (err ? reject(err) : resolve()));
                let left = b.size;
                const pump = () => {
                    while (left > 0) {
                        const n = Math.min(left, 4 * MB);
                        left -= n;
                        if (!w.write(randomChunk(n))) {
                            w.once("drain", pump);
                            return;
                        }
                    }
                    w.end();
                };
                pump();
            });
        }
        pack.finalize();
    })().catch((e) => pack.destroy(e));
    return pack;
}

/** Import the generated image once; reuse it afterwards. */
export async function ensureBenchImage(docker: Dockerode, log: (m: string) => void = () => {}): Promise<string> {
    if (await imageExists(docker, BENCH_IMAGE)) return BENCH_IMAGE;
    log(`bench: generating ${BENCH_IMAGE} (≈ 2.3 GB; once, then cached) …`);
    const [repo, tag] = BENCH_IMAGE.split(":");
    const stream = await docker.importImage(generateRootfs(benchLayout()) as unknown as string, {
        repo,
        tag,
        changes: ["ENV PATH=/opt/python/3.12.4/bin:/opt/R/4.4.1/bin:/usr/local/cuda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "ENV CUDA_VERSION=12.4.1"],
    } as object);
    await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
            const bad = out?.find((m) => m.error);
            if (err || bad) reject(err ?? new Error(bad!.error));
            else resolve();
        }),
    );
    return BENCH_IMAGE;
}

/** `docker save IMAGE | tar -t > /dev/null`, timed (the baseline). */
function timeDockerSave(image: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn("sh", ["-c", 'docker save "$1" | tar -t > /dev/null', "sh", image], { stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        child.stderr.on("data", (b: Buffer) => (err += b.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) reject(new Error(`docker save | tar -t failed (${code}): ${err}`));
            else resolve(Number(process.hrtime.bigint() - start) / 1e6);
        });
    });
}

async function timeInspect(docker: Dockerode, image: string): Promise<{ ms: number; stats?: ScanStats }> {
    let stats: ScanStats | undefined;
    const start = process.hrtime.bigint();
    const facts = await inspectImage(image, { docker, onStats: (s) => (stats = s) });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (facts.rPackages.state !== "known" || facts.rPackages.value.length < R_PACKAGES) throw new Error("bench image: R packages not read");
    if (facts.pythonPackages.state !== "known" || facts.pythonPackages.value.length < PY_PACKAGES) throw new Error("bench image: Python packages not read");
    return { ms, stats };
}

/** Regular files the generator writes. */
export function fileCount(layout: Layout): number {
    return layout.big.length + layout.small.reduce((a, s) => a + s.count, 0) + 3 + 2 * (R_PACKAGES + 1) + 2 * PY_PACKAGES;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

export async function benchImage(log: (m: string) => void = (m) => console.error(m)): Promise<BenchResult[]> {
    const docker = dockerFromEnv();
    await docker.ping();
    const image = await ensureBenchImage(docker, log);
    const labelled = async () => (await docker.listContainers({ all: true, filters: { label: [`${INSPECT_LABEL}=1`] } })).map((c) => c.Id);
    const existing = await labelled();
    const info = await docker.getImage(image).inspect();
    // Warm both paths once (page cache), then alternate: 5 checks, 3 raw saves.
    log("bench: warming up …");
    await timeInspect(docker, image);
    await timeDockerSave(image);
    const checks: number[] = [];
    const saves: number[] = [];
    let stats: ScanStats | undefined;
    for (let i = 0; i < 5; i++) {
        const r = await timeInspect(docker, image);
        checks.push(r.ms);
        stats = r.stats;
        if (i < 3) saves.push(await timeDockerSave(image));
        log(`bench: run ${i + 1}: check ${round(r.ms)} ms${i < 3 ? `, docker save | tar -t ${round(saves[i])} ms` : ""}`);
    }
    const leftovers = (await labelled()).filter((id) => !existing.includes(id));
    if (leftovers.length > 0) throw new Error(`inspection containers left behind: ${leftovers.join(", ")}`);
    const check = median(checks);
    const save = median(saves);
    return [
        { name: `image size (${image})`, value: round(info.Size / 1e9, 2), unit: "GB" },
        { name: "files in the image", value: fileCount(benchLayout()), unit: "files" },
        { name: "check --image (inspectImage), median of 5", value: round(check), unit: "ms" },
        { name: "docker save | tar -t, median of 3", value: round(save), unit: "ms" },
        { name: "ratio check / docker save", value: round(check / save, 3), unit: "x", target: "<= 0.25" },
        { name: "bytes streamed by the check", value: round((stats?.walkedBytes ?? 0) / 1e6, 1), unit: "MB" },
        { name: "requests (stat + read/list)", value: (stats?.stats ?? 0) + (stats?.reads ?? 0), unit: "req" },
    ];
}

if (require.main === module) runStandalone(benchImage);
