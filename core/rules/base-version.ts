import type { Rule } from "../types";
import { compareWorkbenchVersions, parseWorkbenchVersion } from "../version";
import { origin, result } from "./util";

export const baseVersion: Rule = {
    id: "RSB001",
    slug: "base-version",
    level: "mandatory",
    summary: "The Workbench version of the base image is at least the configured minimum (default 2022.02.2-485.pro2).",
    fix: "Build on a newer Posit session image, e.g. FROM rstudio/r-session-complete:jammy-2025.05.1, and set ARG RSW_VERSION to match.",
    rationale:
        "AWS: \"You must use an RStudio base image of at least 2022.02.2-485.pro2\". Older session components cannot talk to the Workbench server SageMaker runs.",
    evaluate(facts, config) {
        const fact = facts.workbenchVersion;
        if (fact.state === "unknown") {
            return [result(facts, fact, `The Workbench version of the base could not be determined: ${fact.reason}.`, undefined, {
                level: "advisory",
                fix: "Use a Posit image tag that carries the version (rstudio/r-session-complete:jammy-2025.05.1) or declare ARG RSW_VERSION=<version>.",
            })];
        }
        const found = parseWorkbenchVersion(fact.value);
        const min = parseWorkbenchVersion(config.minWorkbenchVersion);
        if (!found || !min) {
            return [result(facts, fact, `"${fact.value}" (${origin(fact)}) is not a Workbench version (YYYY.MM.patch[+build][.proN]).`, fact, { level: "advisory" })];
        }
        if (compareWorkbenchVersions(found, min) < 0) {
            return [result(facts, fact, `Workbench ${fact.value} (${origin(fact)}) is older than the minimum ${config.minWorkbenchVersion}.`, fact)];
        }
        return [];
    },
};
