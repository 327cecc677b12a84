import type { PackageFact } from "../facts";
import type { Rule, RuleResult } from "../types";
import { notInstalledHint, result } from "./util";

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

export const systemPackages: Rule = {
    id: "RSB002",
    slug: "system-packages",
    level: "mandatory",
    summary: "The image installs sudo, a JDK 11 (openjdk-11-jdk / java-11-openjdk-devel) and libpng-dev (libpng-devel).",
    fix: "Add RUN apt-get update && apt-get install -y --no-install-recommends sudo openjdk-11-jdk libpng-dev (yum/dnf: sudo java-11-openjdk-devel libpng-devel).",
    rationale:
        "AWS lists sudo, openjdk-11-jdk and libpng-dev as required: the RSession runs setup steps with sudo, rJava and friends need a JDK, and graphics devices link libpng.",
    evaluate(facts) {
        const fact = facts.systemPackages;
        if (fact.state === "unknown") {
            return [result(facts, fact, `Installed system packages could not be determined: ${fact.reason}.`, undefined, { level: "advisory" })];
        }
        const pkgs: PackageFact[] = fact.value;
        const out: RuleResult[] = [];
        if (!pkgs.some((p) => p.name === "sudo")) out.push(result(facts, fact, `sudo is ${notInstalledHint(fact)}.`));
        if (!pkgs.some((p) => LIBPNG.test(p.name))) out.push(result(facts, fact, `libpng-dev (libpng-devel on RPM systems) is ${notInstalledHint(fact)}.`));
        if (!pkgs.some((p) => JDK11.test(p.name))) {
            const newer = pkgs.find((p) => (jdkMajor(p.name) ?? 0) > 11);
            if (newer) {
                out.push(result(facts, fact, `${newer.name} is installed instead of a JDK 11; AWS names openjdk-11-jdk. A newer JDK usually works with rJava, but is not what AWS tests.`, newer, {
                    level: "advisory",
                    fix: "Keep the newer JDK if your R packages work with it, or install openjdk-11-jdk as AWS specifies.",
                }));
            } else {
                const jre = pkgs.find((p) => JRE_ONLY.test(p.name));
                out.push(
                    jre
                        ? result(facts, fact, `${jre.name} is a Java runtime only; AWS requires a JDK 11 (openjdk-11-jdk, or java-11-openjdk-devel on RPM systems), which rJava needs to build.`, jre)
                        : result(facts, fact, `A JDK 11 (openjdk-11-jdk, or java-11-openjdk-devel on RPM systems) is ${notInstalledHint(fact)}.`),
                );
            }
        }
        return out;
    },
};
