/**
 * The Debian/Ubuntu release a base image reference names, and what `default-jdk` installs there.
 *
 * `default-jdk` depends on the release's default OpenJDK (packages.ubuntu.com / packages.debian.org, package
 * default-jdk, read 2026-11-30): Ubuntu 18.04 bionic 11, 20.04 focal 11, 22.04 jammy 11, 24.04 noble 21;
 * Debian 10 buster 11, 11 bullseye 11, 12 bookworm 17, 13 trixie 21.
 * The release comes from the tag (`ubuntu:jammy`, `ubuntu:22.04`, `debian:bookworm-slim`, `debian:12`) or a
 * Posit session image tag (`rstudio/r-session-complete:jammy-2025.05.1`, `ubuntu2204-…`); otherwise it is unknown
 * (rocker/r-ver and private images change their release with their own versions).
 */
import { imageBaseName, imageTag } from "./version";

export interface Release {
    distro: "ubuntu" | "debian";
    codename: string;
    version: string;
}

const RELEASES: Release[] = [
    { distro: "ubuntu", codename: "bionic", version: "18.04" },
    { distro: "ubuntu", codename: "focal", version: "20.04" },
    { distro: "ubuntu", codename: "jammy", version: "22.04" },
    { distro: "ubuntu", codename: "noble", version: "24.04" },
    { distro: "debian", codename: "buster", version: "10" },
    { distro: "debian", codename: "bullseye", version: "11" },
    { distro: "debian", codename: "bookworm", version: "12" },
    { distro: "debian", codename: "trixie", version: "13" },
];

/** default-jdk's OpenJDK major version per release codename. */
const DEFAULT_JDK: Record<string, number> = { bionic: 11, focal: 11, jammy: 11, noble: 21, buster: 11, bullseye: 11, bookworm: 17, trixie: 21 };

/** The release a base image reference names, when its tag (or name) tells. */
export function releaseOf(ref: string): Release | undefined {
    const tag = (imageTag(ref) ?? "").toLowerCase();
    const name = imageBaseName(ref);
    const words = tag.split(/[-_.]/);
    for (const r of RELEASES) if (words.includes(r.codename)) return r;
    const posit = /(?:^|[-_])(ubuntu)(\d{2})(\d{2})(?:$|[-_])/.exec(tag);
    if (posit) return RELEASES.find((r) => r.distro === "ubuntu" && r.version === `${posit[2]}.${posit[3]}`);
    if (name === "ubuntu") {
        const v = /^(\d{2}\.\d{2})/.exec(tag);
        if (v) return RELEASES.find((r) => r.distro === "ubuntu" && r.version === v[1]);
    }
    if (name === "debian") {
        const v = /^(\d{1,2})(?:$|[.-])/.exec(tag);
        if (v) return RELEASES.find((r) => r.distro === "debian" && r.version === v[1]);
    }
    return undefined;
}

const DEFAULT_JAVA = /^default-(jdk|jre)(-headless)?$/;

export function isDefaultJava(name: string): boolean {
    return DEFAULT_JAVA.test(name);
}

/** What `default-jdk[-headless]` / `default-jre[-headless]` installs on a release: `openjdk-11-jdk` on jammy. */
export function defaultJavaPackage(name: string, release: Release | undefined): string | undefined {
    const m = DEFAULT_JAVA.exec(name);
    if (!m || release === undefined) return undefined;
    const major = DEFAULT_JDK[release.codename];
    return major === undefined ? undefined : `openjdk-${major}-${m[1]}${m[2] ?? ""}`;
}

export function describeRelease(r: Release): string {
    return `${r.distro === "ubuntu" ? "Ubuntu" : "Debian"} ${r.version} ${r.codename}`;
}
