import type { Rule } from "../types";
import { result } from "./util";

export const forceNonzeroExit: Rule = {
    id: "RSB016",
    slug: "force-nonzero-exit",
    level: "advisory",
    summary: "RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1 is set, as newer AWS sample images do.",
    fix: "Add ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1.",
    rationale: "Newer AWS sample Dockerfiles set it so a failing RSession exits non-zero and SageMaker reports the failure instead of a silent stop.",
    evaluate(facts) {
        const fact = facts.env;
        if (fact.state === "unknown") return [];
        const v = fact.value.RSTUDIO_FORCE_NON_ZERO_EXIT_CODE;
        if (v?.value === "1") return [];
        const msg = v === undefined ? "RSTUDIO_FORCE_NON_ZERO_EXIT_CODE is not set." : `RSTUDIO_FORCE_NON_ZERO_EXIT_CODE is "${v.value}", not "1".`;
        return [result(facts, fact, msg, v)];
    },
};
