import { notInspectedReason } from "../facts";
import type { Rule } from "../types";
import { compareWorkbenchVersions, parseWorkbenchVersion, workbenchProductName } from "../version";
import { upgradeAdvice, WORKBENCH_SOURCE } from "../workbench";
import { origin, place, result } from "./util";

export const baseVersion: Rule = {
    id: "RSB001",
    slug: "base-version",
    level: "mandatory",
    summary: "The base image carries Posit Workbench (RStudio Workbench / RStudio Server Pro) of at least the configured minimum (default 2022.02.2-485.pro2).",
    fix: "Build on the session image of a Workbench version SageMaker supports (the version table below) and set ARG RSW_VERSION to match; each finding names the newest supported one and what to build on.",
    rationale:
        "AWS: \"You must use an RStudio base image of at least 2022.02.2-485.pro2\" (newer copies of the page raise it; the minimum is configurable). Older session components, and open-source RStudio Server, which has none of Workbench's session components, cannot talk to the Workbench server SageMaker runs.",
    evidence:
        "The Workbench version fact: in a Dockerfile, an ARG/ENV Posit's Dockerfiles use (RSW_VERSION, PWB_VERSION, RSP_VERSION, …), a version in a Workbench download URL, or the tag of a Posit session image; in a built or inspected base image, /usr/lib/rstudio-server/VERSION. RStudio Server Pro 1.x versions (1.4.1717-3) sort below every calendar version. An open-source RStudio Server version (ENV RSTUDIO_VERSION=2026.06.0+242, as rocker sets it) is reported as not Workbench. Versions compare year, month, patch, then build and proN where both give them.",
    blindSpots:
        "A Dockerfile that names no version (FROM ubuntu, an OS tag such as amazonlinux:2023.5.20240624, a private base) gives an advisory \"none found\", unverified: the base may carry Workbench. Inspect the base (--base local|pull) or the built image to decide. A version written only in a script the Dockerfile runs is not seen.",
    evaluate(facts, config) {
        const fact = facts.workbenchVersion;
        const advice = upgradeAdvice(config.asOf, config.deprecatedVersions);
        if (fact.state === "unknown") {
            const other = fact.otherProduct;
            if (other !== undefined) {
                const where = other.via !== undefined ? `${other.via}${other.line !== undefined ? ` (line ${other.line})` : ""}` : "the image";
                return [result(
                    facts,
                    fact,
                    `${where} gives open-source RStudio Server ${other.version}, not Posit Workbench: SageMaker starts RSessions with Workbench's session components, which RStudio Server does not have.`,
                    `${place(facts, fact, other)} sets ${other.version}, an open-source RStudio Server version (a build number and no .proN), and no Workbench version was found`,
                    other,
                    { fix: `Build on a Posit Workbench session image instead of an RStudio Server one. ${advice}` },
                )];
            }
            // From a Dockerfile, "none found" is a guess unless the base was inspected: the base may carry Workbench.
            const base = facts.baseImage.state === "known" ? facts.baseImage.value : undefined;
            const unseen = fact.source === "dockerfile" && facts.baseInspected === undefined && base !== "scratch" ? notInspectedReason(base) : undefined;
            const scope = fact.source === "image" ? "the built image (/usr/lib/rstudio-server/VERSION)" : facts.baseInspected !== undefined ? `this Dockerfile nor its base image ${facts.baseInspected}` : "this Dockerfile (Posit's ARG/ENV names, download URLs, the FROM tag)";
            return [result(facts, fact, `No Workbench version found: ${fact.reason}.`, `no Workbench version in ${scope}`, undefined, {
                level: "advisory",
                unverified: unseen,
                fix:
                    fact.source === "image"
                        ? `Build the image on a Posit Workbench session image. ${advice}`
                        : `Use a Posit session image whose tag carries the version (rstudio/r-session-complete:jammy-2025.05.1) or declare ARG RSW_VERSION=<version>${unseen !== undefined ? "; or inspect the base image (--base local|pull)" : ""}. ${advice}`,
            })];
        }
        const found = parseWorkbenchVersion(fact.value);
        const min = parseWorkbenchVersion(config.minWorkbenchVersion);
        const basis = `${fact.value} ${origin(fact)} (${place(facts, fact)}), compared with minWorkbenchVersion ${config.minWorkbenchVersion}`;
        if (!found || !min) {
            return [result(facts, fact, `No Workbench version found: "${fact.value}" (${origin(fact)}) is not a Workbench version (YYYY.MM.patch[+build][.proN], or RStudio Server Pro 1.x).`, `"${fact.value}" ${origin(fact)} does not parse as a Workbench version`, fact, {
                level: "advisory",
                fix: advice,
            })];
        }
        if (compareWorkbenchVersions(found, min) < 0) {
            const product = workbenchProductName(found);
            const older =
                found.rsp !== undefined
                    ? `: the 1.x line predates Workbench's calendar versions, so it is older than the minimum ${config.minWorkbenchVersion} and than every version SageMaker runs`
                    : ` is older than the minimum ${config.minWorkbenchVersion}`;
            return [result(facts, fact, `${product} ${fact.value} (${origin(fact)})${older}.`, basis, fact, {
                fix: `${advice} (Versions: ${WORKBENCH_SOURCE.url}.)`,
            })];
        }
        return [];
    },
};
