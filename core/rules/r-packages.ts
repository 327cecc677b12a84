import type { Rule } from "../types";
import { missingResult, unknownResult } from "./util";

export const rPackages: Rule = {
    id: "RSB003",
    slug: "r-packages",
    level: "mandatory",
    summary: "The R package reticulate is installed.",
    fix: "Add RUN R -e \"install.packages('reticulate', repos='https://packagemanager.posit.co/cran/__linux__/jammy/latest')\" (or install2.r reticulate, pak::pak('reticulate')).",
    rationale: "AWS requires reticulate so R sessions can call the SageMaker Python SDK.",
    evidence:
        "The R package list: packages the Dockerfile installs (install.packages, install2.r, installGithub.r, pak, remotes, renv::restore with a lockfile, conda/mamba r-<pkg>, lists read from build-context files), plus the inspected base image's; or <lib>/<pkg>/DESCRIPTION files in the built image.",
    blindSpots:
        "Partial when the base image was not inspected or a package list file could not be read from the build context: a missing reticulate is then unverified. Packages installed by an R script the Dockerfile copies and runs are not seen in a Dockerfile.",
    evaluate(facts) {
        const fact = facts.rPackages;
        if (fact.state === "unknown") {
            return [unknownResult(facts, fact, "list of installed R packages", `Installed R packages could not be determined: ${fact.reason}.`)];
        }
        if (fact.value.some((p) => p.name === "reticulate")) return [];
        return [missingResult(facts, fact, "install of the R package reticulate", "The R package reticulate")];
    },
};
