import type { Rule, RuleResult } from "../types";
import { rstudioUrlProblem } from "../urls";
import { absence, listScope, place, result, unknownResult } from "./util";

export const RSTUDIO_URL_VARIABLES = ["RSTUDIO_CONNECT_URL", "RSTUDIO_PACKAGE_MANAGER_URL"] as const;

export const envDefaults: Rule = {
    id: "RSB005",
    slug: "env-defaults",
    level: "mandatory",
    summary: "RSTUDIO_CONNECT_URL and RSTUDIO_PACKAGE_MANAGER_URL have default values in the image: empty or an http(s) URL without credentials.",
    fix: 'Add ENV RSTUDIO_CONNECT_URL="https://connect.example.com" RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co" (or "" to leave it to the domain settings).',
    rationale:
        "AWS: \"You must provide default values for the RSTUDIO_CONNECT_URL and RSTUDIO_PACKAGE_MANAGER_URL environment values\"; the domain's URLs must match ^(https:|http:|www\\.)\\S*.",
    evidence:
        "The environment of the final image: ENV in the final stage and the stages it is built FROM (plus the inspected base image's environment), or the built image's config. A value must be empty or match AWS's URL pattern with no user:password.",
    blindSpots:
        "A variable the Dockerfile does not set may come from a base image that was not inspected: reported unverified. Values set at run time (the domain's settings) are not seen; that is why the image needs defaults.",
    evaluate(facts) {
        const fact = facts.env;
        if (fact.state === "unknown") {
            return [unknownResult(facts, fact, "image's environment", `The image's environment could not be determined: ${fact.reason}.`)];
        }
        const out: RuleResult[] = [];
        for (const name of RSTUDIO_URL_VARIABLES) {
            const v = fact.value[name];
            if (v === undefined) {
                const scope = listScope(facts, fact);
                const where = scope.startsWith("the built image")
                    ? "in the built image"
                    : scope === "this Dockerfile"
                      ? "in the final stage (ENV here, or in a stage it is built FROM)"
                      : `in ${scope}`;
                const a = absence(facts, fact, `ENV ${name}`);
                out.push(result(facts, fact, `${name} has no default value: it is not set ${where}.`, a.basis, undefined, { unverified: a.unverified }));
                continue;
            }
            const problem = rstudioUrlProblem(v.value, true);
            if (problem !== undefined) out.push(result(facts, fact, `${name} ${problem}.`, `${place(facts, fact, v)} sets ${name}`, v));
        }
        return out;
    },
};
