import type { Rule, RuleResult } from "../types";
import { place, result } from "./util";

export const entrypointIgnored: Rule = {
    id: "RSB006",
    slug: "entrypoint-ignored",
    level: "advisory",
    summary: "ENTRYPOINT and CMD are not relied on: SageMaker overrides them to run the image as an RSession.",
    fix: "Remove ENTRYPOINT/CMD, or move what they start into the image build or an R profile (Rprofile.site).",
    rationale: "AWS: \"ENTRYPOINT and CMD instructions are overridden so that the image is run as an RSession application.\"",
    evidence: "ENTRYPOINT and CMD of the final stage (and the inspected base's, unless the Dockerfile sets its own), or of the built image's config.",
    blindSpots: "Nothing it needs is hidden: it reports what is set. A start-up script run some other way (an R profile, a login script) is not checked.",
    evaluate(facts) {
        const fact = facts.entrypoint;
        if (fact.state === "unknown") return [];
        const out: RuleResult[] = [];
        const { entrypoint, cmd } = fact.value;
        if (entrypoint !== undefined && entrypoint.length > 0) {
            const where = { file: fact.value.file, line: fact.value.entrypointLine };
            out.push(result(facts, fact, `ENTRYPOINT ${JSON.stringify(entrypoint)} will not run: SageMaker overrides it.`, `${place(facts, fact, where)} sets ENTRYPOINT`, where));
        }
        if (cmd !== undefined && cmd.length > 0) {
            const where = { file: fact.value.file, line: fact.value.cmdLine };
            out.push(result(facts, fact, `CMD ${JSON.stringify(cmd)} will not run: SageMaker overrides it.`, `${place(facts, fact, where)} sets CMD`, where));
        }
        return out;
    },
};
