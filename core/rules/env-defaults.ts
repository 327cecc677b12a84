import type { Rule, RuleResult } from "../types";
import { rstudioUrlProblem } from "../urls";
import { result } from "./util";

export const RSTUDIO_URL_VARIABLES = ["RSTUDIO_CONNECT_URL", "RSTUDIO_PACKAGE_MANAGER_URL"] as const;

export const envDefaults: Rule = {
    id: "RSB005",
    slug: "env-defaults",
    level: "mandatory",
    summary: "RSTUDIO_CONNECT_URL and RSTUDIO_PACKAGE_MANAGER_URL have default values in the image: empty or an http(s) URL without credentials.",
    fix: 'Add ENV RSTUDIO_CONNECT_URL="https://connect.example.com" RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co" (or "" to leave it to the domain settings).',
    rationale:
        "AWS: \"You must provide default values for the RSTUDIO_CONNECT_URL and RSTUDIO_PACKAGE_MANAGER_URL environment values\"; the domain's URLs must match ^(https:|http:|www\\.)\\S*.",
    evaluate(facts) {
        const fact = facts.env;
        if (fact.state === "unknown") {
            return [result(facts, fact, `The image's environment could not be determined: ${fact.reason}.`, undefined, { level: "advisory" })];
        }
        const out: RuleResult[] = [];
        for (const name of RSTUDIO_URL_VARIABLES) {
            const v = fact.value[name];
            if (v === undefined) {
                const where = fact.source === "image" ? "in the built image" : "in the final stage (ENV here, or in a stage it is built FROM)";
                out.push(result(facts, fact, `${name} has no default value: it is not set ${where}.`));
                continue;
            }
            const problem = rstudioUrlProblem(v.value, true);
            if (problem !== undefined) out.push(result(facts, fact, `${name} ${problem}.`, v));
        }
        return out;
    },
};
