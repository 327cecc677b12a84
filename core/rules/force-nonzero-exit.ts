import type { Rule } from "../types";
import { absence, place, result } from "./util";

export const forceNonzeroExit: Rule = {
    id: "RSB016",
    slug: "force-nonzero-exit",
    level: "advisory",
    summary: "RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1 is set, as newer AWS sample images do.",
    fix: "Add ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1.",
    rationale: "Newer AWS sample Dockerfiles set it so a failing RSession exits non-zero and SageMaker reports the failure instead of a silent stop.",
    evidence: "The environment of the final image (as for RSB005): the variable must be exactly \"1\".",
    blindSpots: "When the Dockerfile does not set it, a base image that was not inspected may: the finding is then unverified. Set at run time, it is not seen.",
    evaluate(facts) {
        const fact = facts.env;
        if (fact.state === "unknown") return [];
        const v = fact.value.RSTUDIO_FORCE_NON_ZERO_EXIT_CODE;
        if (v?.value === "1") return [];
        if (v === undefined) {
            const a = absence(facts, fact, "ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE");
            return [result(facts, fact, "RSTUDIO_FORCE_NON_ZERO_EXIT_CODE is not set.", a.basis, undefined, { unverified: a.unverified })];
        }
        return [result(facts, fact, `RSTUDIO_FORCE_NON_ZERO_EXIT_CODE is "${v.value}", not "1".`, `${place(facts, fact, v)} sets it to "${v.value}"`, v)];
    },
};
