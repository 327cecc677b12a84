import type { PackageFact } from "../facts";
import type { Rule, RuleResult } from "../types";
import { absence, missingResult, place, result, unknownResult } from "./util";

const JDK11 = /^(openjdk-11-jdk(-headless)?|java-11-openjdk-devel|java-11-amazon-corretto(-devel)?|temurin-11-jdk|zulu11-jdk)$/;
const NEWER_JDK = /^(openjdk-(\d+)-jdk(-headless)?|java-(\d+)-openjdk-devel|java-(\d+)-amazon-corretto(-devel)?|temurin-(\d+)-jdk|zulu(\d+)-jdk)$/;
const LIBPNG = /^libpng(\d+)?-dev(el)?$/;
/** A Java runtime without the development kit: `openjdk-11-jre(-headless)`, RPM `java-11-openjdk(-headless)`, `default-jre`. */
const JRE_ONLY = /^(openjdk-\d+-jre(-headless)?|java-\d+-openjdk(-headless)?|default-jre(-headless)?)$/;

function jdkMajor(name: string): number | undefined {
    const m = NEWER_JDK.exec(name);
    if (!m) return undefined;
    return Number(m[2] ?? m[4] ?? m[5] ?? m[7] ?? m[8]);
}

/** `openjdk-11-jdk (default-jdk on Ubuntu 22.04 jammy)`: a package with how its name was arrived at. */
const named = (p: PackageFact) => (p.via !== undefined ? `${p.name} (${p.via})` : p.name);

export const systemPackages: Rule = {
    id: "RSB002",
    slug: "system-packages",
    level: "mandatory",
    summary: "The image installs sudo, a JDK 11 (openjdk-11-jdk / java-11-openjdk-devel) and libpng-dev (libpng-devel).",
    fix: "Add RUN apt-get update && apt-get install -y --no-install-recommends sudo openjdk-11-jdk libpng-dev (yum/dnf: sudo java-11-openjdk-devel libpng-devel).",
    rationale:
        "AWS lists sudo, openjdk-11-jdk and libpng-dev as required: the RSession runs setup steps with sudo, rJava and friends need a JDK, and graphics devices link libpng.",
    evidence:
        "The system package list: packages the Dockerfile installs with apt-get/apt/yum/dnf/microdnf/dpkg/rpm (default-jdk resolved per distribution release where the release is known), plus the base image's package database when the base was inspected; or the built image's package database (dpkg status, rpm). A newer JDK than 11 is an advisory; a JRE alone is not a JDK.",
    blindSpots:
        "A Dockerfile's list is partial when its base image was not inspected: a package the base may carry (rstudio/r-session-complete carries sudo and more) is then reported unverified, not as missing; the post-build gate decides on the built image. Packages installed by a script the Dockerfile runs, or unpacked without a package manager, are not seen in a Dockerfile.",
    evaluate(facts) {
        const fact = facts.systemPackages;
        if (fact.state === "unknown") {
            return [unknownResult(facts, fact, "list of installed system packages", `Installed system packages could not be determined: ${fact.reason}.`)];
        }
        const pkgs: PackageFact[] = fact.value;
        const out: RuleResult[] = [];
        const missing = (what: string, label: string) => out.push(missingResult(facts, fact, what, label));
        if (!pkgs.some((p) => p.name === "sudo")) missing("install of sudo", "sudo");
        if (!pkgs.some((p) => LIBPNG.test(p.name))) missing("install of libpng-dev/libpng-devel", "libpng-dev (libpng-devel on RPM systems)");
        if (!pkgs.some((p) => JDK11.test(p.name))) {
            const newer = pkgs.find((p) => (jdkMajor(p.name) ?? 0) > 11);
            if (newer) {
                out.push(result(facts, fact, `${named(newer)} is installed instead of a JDK 11; AWS names openjdk-11-jdk. A newer JDK usually works with rJava, but is not what AWS tests.`, `${place(facts, fact, newer)} installs ${named(newer)}; no JDK 11 package in the list`, newer, {
                    level: "advisory",
                    fix: "Keep the newer JDK if your R packages work with it, or install openjdk-11-jdk as AWS specifies.",
                    unverified: fact.partial,
                }));
            } else {
                const jre = pkgs.find((p) => JRE_ONLY.test(p.name));
                if (jre) {
                    const a = absence(facts, fact, "JDK 11 package");
                    out.push(result(facts, fact, `${named(jre)} is a Java runtime only; AWS requires a JDK 11 (openjdk-11-jdk, or java-11-openjdk-devel on RPM systems), which rJava needs to build.`, `${place(facts, fact, jre)} installs ${named(jre)}; ${a.basis}`, jre, { unverified: a.unverified }));
                } else {
                    missing("install of a JDK 11 package", "A JDK 11 (openjdk-11-jdk, or java-11-openjdk-devel on RPM systems)");
                }
            }
        }
        return out;
    },
};
