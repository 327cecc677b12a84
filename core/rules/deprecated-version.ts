import type { Rule } from "../types";
import { parseWorkbenchLine, workbenchLine } from "../version";
import { origin, result } from "./util";

export const deprecatedVersion: Rule = {
    id: "RSB015",
    slug: "deprecated-version",
    level: "advisory",
    summary: "The base Workbench version is not one SageMaker lists as deprecated (table in core/config.ts, overridable).",
    fix: "Move to a supported Workbench version (SageMaker lists 2025.05.1+513.pro3 as current) and upgrade the domain with it.",
    rationale: "AWS deprecates RStudio versions on SageMaker on fixed dates; domains and images on them stop getting fixes and must be upgraded.",
    evaluate(facts, config) {
        const fact = facts.workbenchVersion;
        if (fact.state === "unknown") return [];
        const line = parseWorkbenchLine(fact.value);
        if (!line) return [];
        const entry = config.deprecatedVersions.find((d) => {
            const l = parseWorkbenchLine(d.version);
            return l !== undefined && l.year === line.year && l.month === line.month;
        });
        if (!entry) return [];
        const head = `Workbench ${fact.value} (${origin(fact)}) is on the ${workbenchLine(line)} line`;
        let tail: string;
        if (entry.deprecatedOn === undefined) tail = `, which SageMaker lists as deprecated (${entry.version}).`;
        else if (config.asOf !== undefined && entry.deprecatedOn > config.asOf) tail = `, which SageMaker deprecates on ${entry.deprecatedOn} (${entry.version}).`;
        else tail = `, which SageMaker deprecated on ${entry.deprecatedOn} (${entry.version}).`;
        return [result(facts, fact, head + tail + (entry.note !== undefined ? ` ${entry.note}` : ""), fact)];
    },
};
