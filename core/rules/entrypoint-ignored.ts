import type { Rule, RuleResult } from "../types";
import { result } from "./util";

export const entrypointIgnored: Rule = {
    id: "RSB006",
    slug: "entrypoint-ignored",
    level: "advisory",
    summary: "ENTRYPOINT and CMD are not relied on: SageMaker overrides them to run the image as an RSession.",
    fix: "Remove ENTRYPOINT/CMD, or move what they start into the image build or an R profile (Rprofile.site).",
    rationale: "AWS: \"ENTRYPOINT and CMD instructions are overridden so that the image is run as an RSession application.\"",
    evaluate(facts) {
        const fact = facts.entrypoint;
        if (fact.state === "unknown") return [];
        const out: RuleResult[] = [];
        const { entrypoint, cmd } = fact.value;
        if (entrypoint !== undefined && entrypoint.length > 0) {
            out.push(result(facts, fact, `ENTRYPOINT ${JSON.stringify(entrypoint)} will not run: SageMaker overrides it.`, { file: fact.value.file, line: fact.value.entrypointLine }));
        }
        if (cmd !== undefined && cmd.length > 0) {
            out.push(result(facts, fact, `CMD ${JSON.stringify(cmd)} will not run: SageMaker overrides it.`, { file: fact.value.file, line: fact.value.cmdLine }));
        }
        return out;
    },
};
