/**
 * What counts as an NVIDIA driver and what counts as a CUDA toolkit, in one place. Used by RSB009/RSB010 and by
 * `inspect/image` to know which files to look for.
 */

/** System packages that are (or pull in) the NVIDIA driver. */
export const DRIVER_PACKAGE_PATTERNS: readonly RegExp[] = [
    /^nvidia-driver(-.*)?$/,
    /^cuda-drivers(-.*)?$/,
    /^libnvidia-compute-.*$/,
    /^nvidia-utils-.*$/,
    /^nvidia-kernel-(open|source|common)(-.*)?$/,
    // Ubuntu's per-branch driver packages: headless driver, DKMS module, compute utilities, driver libraries.
    /^nvidia-headless(-no-dkms)?-\d+.*$/,
    /^nvidia-dkms-\d+.*$/,
    /^nvidia-compute-utils-\d+.*$/,
    /^libnvidia-(gl|decode|encode|fbc1|ifr1|cfg1|extra|common)-\d+.*$/,
    // Debian's driver packages.
    /^libcuda1$/,
    /^nvidia-smi$/,
    /^xserver-xorg-video-nvidia(-.*)?$/,
    /^kmod-nvidia(-.*)?$/,
    // CUDA meta-packages that depend on cuda-drivers: `cuda`, `cuda-12-4`, `cuda-runtime-12-4`.
    /^cuda$/,
    /^cuda-\d+-\d+$/,
    /^cuda-runtime-\d+-\d+$/,
];

/** System packages that carry a CUDA toolkit (or the CUDA libraries); only the last three bring the driver too. */
export const TOOLKIT_PACKAGE_PATTERNS: readonly RegExp[] = [
    /^cuda-toolkit(-\d+(-\d+)?)?$/,
    /^cuda-libraries(-dev)?-\d+-\d+$/,
    /^cuda-compiler-\d+-\d+$/,
    /^cuda-cudart(-dev)?-\d+-\d+$/,
    /^cuda-nvcc-\d+-\d+$/,
    /^nvidia-cuda-toolkit$/,
    /^cuda-minimal-build-\d+-\d+$/,
    /^cuda-command-line-tools-\d+-\d+$/,
    // The meta-packages that bring the driver (above) bring the toolkit / CUDA libraries too.
    /^cuda$/,
    /^cuda-\d+-\d+$/,
    /^cuda-runtime-\d+-\d+$/,
];

/** Files of the NVIDIA driver's user-space part (what `--gpus` injects from the host). Matched on the full path. */
export const DRIVER_FILE_PATTERNS: readonly RegExp[] = [
    // libcuda.so.N is the driver API library; the toolkit ships only a link stub under .../stubs/.
    /^(?!.*\/stubs\/).*\/libcuda\.so\.\d[\d.]*$/,
    /\/libnvidia-[a-z0-9-]+\.so(\.[\d.]+)?$/,
    /\/nvidia-smi$/,
    /\/NVIDIA-Linux-[^/]*\.run$/,
];

/** Files of a CUDA toolkit. */
export const TOOLKIT_FILE_PATTERNS: readonly RegExp[] = [
    /^\/usr\/local\/cuda(-[\d.]+)?\/(version\.(txt|json)|bin\/nvcc)$/,
    /\/libcudart\.so(\.[\d.]+)?$/,
];

/** Directories where the image inspector looks for driver and toolkit files. */
export const GPU_SEARCH_DIRS: readonly string[] = [
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
    "/usr/local/nvidia",
    "/usr/local/cuda",
    "/usr/bin",
];

/** Library directories where the image inspector probes driver / toolkit libraries by name (besides ld.so.cache). */
export const GPU_LIB_DIRS: readonly string[] = ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib"];

/**
 * Names a driver installation always creates (the SONAME links, which the runfile installer and the packages make,
 * and ldconfig keeps); their symlink targets give the versioned files (`libcuda.so.535.104.05`).
 */
export const DRIVER_LIB_NAMES: readonly string[] = [
    "libcuda.so",
    "libcuda.so.1",
    "libnvidia-ml.so.1",
    "libnvidia-ptxjitcompiler.so.1",
    "libnvidia-nvvm.so.4",
    "libnvidia-opencl.so.1",
    "libnvidia-encode.so.1",
    "libnvidia-cfg.so.1",
    "libnvidia-allocator.so.1",
];

/** Where `nvidia-smi` (driver evidence) is installed. */
export const DRIVER_BINARIES: readonly string[] = ["/usr/bin/nvidia-smi", "/usr/local/nvidia/bin/nvidia-smi", "/usr/local/bin/nvidia-smi"];

/** CUDA runtime library names (toolkit evidence), unversioned and per SONAME. */
export const CUDART_NAMES: readonly string[] = ["libcudart.so", "libcudart.so.9.0", "libcudart.so.9.2", "libcudart.so.10.0", "libcudart.so.10.1", "libcudart.so.10.2", "libcudart.so.11.0", "libcudart.so.12", "libcudart.so.13"];

/** Files inside a CUDA root (`/usr/local/cuda`, `/usr/local/cuda-12.4`) that show a toolkit. */
export const CUDA_ROOT_FILES: readonly string[] = ["version.json", "version.txt", "bin/nvcc", ...CUDART_NAMES.map((n) => `lib64/${n}`), ...CUDART_NAMES.map((n) => `targets/x86_64-linux/lib/${n}`)];

/** A CUDA runfile installer (`cuda_12.4.1_550.54.15_linux.run`), as a path or a bare file name. */
export const CUDA_RUNFILE_PATTERN = /(^|\/)cuda_[\d.]+_[\d.]+_linux[^/]*\.run$/;

/** Base images that carry a CUDA toolkit (or at least the CUDA runtime). */
export const CUDA_BASE_IMAGE_PATTERN = /(^|\/)(nvidia\/cuda|nvcr\.io\/nvidia\/cuda)(:|@|$)/;

/** A command that runs an NVIDIA driver `.run` installer, or a CUDA runfile without `--toolkit` (which installs the driver too). */
export function isDriverInstallerCommand(argv: readonly string[]): boolean {
    if (!argv.some((a) => a.includes(".run"))) return false;
    const text = argv.join(" ");
    if (/NVIDIA-Linux-[^\s/]*\.run/.test(text) && !/^(wget|curl)$/.test(argv[0] ?? "")) return true;
    const runfile = argv.find((a) => CUDA_RUNFILE_PATTERN.test(a));
    if (runfile !== undefined && !/^(wget|curl|chmod|rm)$/.test(argv[0] ?? "")) {
        return !argv.includes("--toolkit");
    }
    return false;
}

export const matchesAny = (patterns: readonly RegExp[], s: string): boolean => patterns.some((p) => p.test(s));
