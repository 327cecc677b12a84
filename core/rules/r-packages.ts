import type { Rule } from "../types";
import { notInstalledHint, result } from "./util";

export const rPackages: Rule = {
    id: "RSB003",
    slug: "r-packages",
    level: "mandatory",
    summary: "The R package reticulate is installed.",
    fix: "Add RUN R -e \"install.packages('reticulate', repos='https://packagemanager.posit.co/cran/__linux__/jammy/latest')\" (or install2.r reticulate, pak::pak('reticulate')).",
    rationale: "AWS requires reticulate so R sessions can call the SageMaker Python SDK.",
    evaluate(facts) {
        const fact = facts.rPackages;
        if (fact.state === "unknown") {
            return [result(facts, fact, `Installed R packages could not be determined: ${fact.reason}.`, undefined, { level: "advisory" })];
        }
        if (fact.value.some((p) => p.name === "reticulate")) return [];
        return [result(facts, fact, `The R package reticulate is ${notInstalledHint(fact)}.`)];
    },
};
