/**
 * System package installs: apt-get/apt, yum/dnf/microdnf, dpkg -i, rpm -i/-U. Options (`-y`,
 * `--no-install-recommends`, `--setopt=...`) are skipped; pins `pkg=1.2` / `pkg=1.2*` (apt) and `pkg-1.2.3` (rpm
 * family) become versions.
 */
import type { PackageManager } from "../core/facts";
import { hasOption, parseArgs } from "./argv";
import { basename } from "./shell";

export interface SystemInstall {
    name: string;
    version?: string;
    manager: PackageManager;
}

const APT = new Set(["apt-get", "apt", "aptitude"]);
const RPM_FAMILY: Record<string, PackageManager> = { yum: "yum", dnf: "dnf", dnf5: "dnf", microdnf: "microdnf", tdnf: "dnf" };
const RPM_ARCH = /[.-](x86_64|noarch|i[3-6]86|aarch64|ppc64le|s390x|armv7hl)$/;

/** `name_version_arch.deb` → name (up to the first `_`) and version (second field). */
export function debFile(path: string): { name: string; version?: string } | undefined {
    const base = basename(path).replace(/\.deb$/i, "");
    if (base === "") return undefined;
    const [name, version] = base.split("_");
    return version ? { name, version } : { name };
}

/**
 * An rpm-family package word or file name: `sudo`, `java-11-openjdk-devel`, `libpng-devel-1.6.34-5.el8.x86_64`.
 * A version is split off only when the part after a `-` starts with a digit and contains a dot, so names with
 * numbers (`java-11-openjdk-devel`, `cuda-toolkit-12-4`) stay whole.
 */
export function rpmName(word: string): { name: string; version?: string } | undefined {
    const w = basename(word).replace(/\.rpm$/i, "").replace(RPM_ARCH, "");
    if (w === "") return undefined;
    const m = /^(.+?)-((?:\d+:)?\d+(?:\.[0-9A-Za-z~^+_]+)+[^-]*)(?:-([^-]+))?$/.exec(w);
    if (!m) return { name: w };
    return { name: m[1], version: m[3] !== undefined ? `${m[2]}-${m[3]}` : m[2] };
}

/** The index of the first operand (the subcommand) given options that take values. */
function subcommand(args: readonly string[], shortValue: string, longValue: readonly string[]): number {
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === "--") return i + 1 < args.length ? i + 1 : -1;
        if (a.startsWith("--")) {
            if (!a.includes("=") && longValue.includes(a)) i++;
            continue;
        }
        if (a.startsWith("-") && a.length > 1) {
            const last = a[a.length - 1];
            if (a.length === 2 && shortValue.includes(last)) i++;
            continue;
        }
        return i;
    }
    return -1;
}

const APT_SHORT_VALUE = "octa";
const APT_LONG_VALUE = ["--option", "--config-file", "--target-release", "--default-release", "--host-architecture"];
const RPM_SHORT_VALUE = "cdeRx";
const RPM_LONG_VALUE = ["--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "--setopt", "--repo", "--repofrompath", "--exclude", "--repoid", "--forcearch", "--downloaddir", "--destdir"];

function aptInstall(args: readonly string[]): SystemInstall[] {
    const s = subcommand(args, APT_SHORT_VALUE, APT_LONG_VALUE);
    if (s < 0 || args[s] !== "install") return [];
    const p = parseArgs(args.slice(s + 1), { shortValue: APT_SHORT_VALUE, longValue: APT_LONG_VALUE });
    const out: SystemInstall[] = [];
    for (const w of p.operands) {
        if (w === "") continue;
        if (/\.deb$/i.test(w) || w.startsWith("./") || w.startsWith("/")) {
            const d = debFile(w);
            if (d) out.push({ ...d, manager: "apt" });
            continue;
        }
        const m = /^([^=/:]+)(?::[A-Za-z0-9-]+)?(?:=([^/]*))?(?:\/.*)?$/.exec(w);
        if (!m || m[1] === "") continue;
        out.push(m[2] !== undefined && m[2] !== "" ? { name: m[1], version: m[2], manager: "apt" } : { name: m[1], manager: "apt" });
    }
    return out;
}

function rpmFamilyInstall(args: readonly string[], manager: PackageManager): SystemInstall[] {
    const s = subcommand(args, RPM_SHORT_VALUE, RPM_LONG_VALUE);
    if (s < 0) return [];
    const out: SystemInstall[] = [];
    if (args[s] === "module") {
        // `dnf module install nvidia-driver:latest-dkms/default`: name:stream/profile
        const rest = parseArgs(args.slice(s + 1), { shortValue: RPM_SHORT_VALUE, longValue: RPM_LONG_VALUE });
        if (rest.operands[0] !== "install") return [];
        for (const spec of rest.operands.slice(1)) {
            const name = spec.split(/[:/]/)[0];
            if (name !== "") out.push({ name, manager });
        }
        return out;
    }
    if (args[s] !== "install" && args[s] !== "localinstall") return [];
    const p = parseArgs(args.slice(s + 1), { shortValue: RPM_SHORT_VALUE, longValue: RPM_LONG_VALUE });
    for (const w of p.operands) {
        if (w === "" || w.startsWith("@")) continue; // groups
        const r = rpmName(w);
        if (r) out.push({ ...r, manager });
    }
    return out;
}

/** System packages installed by one simple command (wrappers such as sudo already removed). */
export function systemInstalls(argv: readonly string[]): SystemInstall[] {
    if (argv.length < 2) return [];
    const prog = basename(argv[0]);
    const args = argv.slice(1);
    if (APT.has(prog)) return aptInstall(args);
    if (Object.prototype.hasOwnProperty.call(RPM_FAMILY, prog)) return rpmFamilyInstall(args, RPM_FAMILY[prog]);
    if (prog === "dpkg") {
        const p = parseArgs(args, { longValue: ["--root", "--admindir", "--instdir", "--force"] });
        if (!hasOption(p, "-i", "--install")) return [];
        return p.operands.filter((o) => /\.deb$/i.test(o)).flatMap((o) => {
            const d = debFile(o);
            return d ? [{ ...d, manager: "dpkg" as const }] : [];
        });
    }
    if (prog === "rpm") {
        const p = parseArgs(args, { longValue: ["--root", "--dbpath", "--prefix", "--relocate"] });
        if (!hasOption(p, "-i", "-U", "-F", "--install", "--upgrade", "--freshen")) return [];
        return p.operands.filter((o) => /\.rpm$/i.test(o)).flatMap((o) => {
            const r = rpmName(o);
            return r ? [{ ...r, manager: "rpm" as const }] : [];
        });
    }
    return [];
}
