import type { Rule } from "../types";
import { parseWorkbenchLine, workbenchLine } from "../version";
import { deprecationStatus, upgradeAdvice, WORKBENCH_SOURCE } from "../workbench";
import { origin, place, result } from "./util";

export const deprecatedVersion: Rule = {
    id: "RSB015",
    slug: "deprecated-version",
    level: "advisory",
    summary: "The base Workbench version is not on a line SageMaker lists as deprecated or scheduled for deprecation (the version table below; overridable with deprecatedVersions).",
    fix: "Move to the newest Workbench line SageMaker supports and upgrade the domain with it; each finding names that line (never a deprecated one), says when none newer is known, and what to build on.",
    rationale:
        "AWS deprecates RStudio versions on SageMaker on fixed dates (\"RStudio versioning\" page); domains and images on them stop getting fixes and must be upgraded, the domain and its images together.",
    evidence:
        "The Workbench version fact (as for RSB001), its YYYY.MM line looked up in deprecatedVersions (default: the version table, from AWS's RStudio versioning page with the date read). The config's asOf (adapters pass today) tells \"deprecated on\" from \"deprecates on\". The advice comes from the same table: the newest confirmed line with a domain image that is not deprecated as of asOf.",
    blindSpots:
        "Only as current as the table (see its read date): a line AWS deprecated after that date is not reported until the table or the deprecatedVersions config is updated. Without a known Workbench version (see RSB001) nothing is reported. A line SageMaker does not list at all is not reported here (RSB013 catches a mismatch with the domain).",
    evaluate(facts, config) {
        const fact = facts.workbenchVersion;
        if (fact.state === "unknown") return [];
        const l = parseWorkbenchLine(fact.value);
        if (!l) return [];
        const line = workbenchLine(l);
        const status = deprecationStatus(fact.value, config.asOf, config.deprecatedVersions);
        if (status.state !== "deprecated" && status.state !== "scheduled") return [];
        const entry = status.entry!;
        const head = `Workbench ${fact.value} (${origin(fact)}) is on the ${line} line`;
        let tail: string;
        if (entry.deprecatedOn === undefined) tail = `, which SageMaker lists as deprecated (${entry.version}).`;
        else if (status.state === "scheduled") tail = `, which SageMaker deprecates on ${entry.deprecatedOn} (${entry.version}).`;
        else tail = `, which SageMaker deprecated on ${entry.deprecatedOn} (${entry.version}).`;
        const asOf = config.asOf !== undefined ? ` as of ${config.asOf}` : "";
        const date = entry.deprecatedOn !== undefined ? ` with ${entry.deprecatedOn}` : " as deprecated";
        const basis = `${fact.value} ${origin(fact)} (${place(facts, fact)}); deprecatedVersions lists ${entry.version}${date}${asOf} (default: ${WORKBENCH_SOURCE.url}, read ${WORKBENCH_SOURCE.read})`;
        return [result(facts, fact, head + tail + (entry.note !== undefined ? ` ${entry.note}` : ""), basis, fact, {
            fix: upgradeAdvice(config.asOf, config.deprecatedVersions, line),
        })];
    },
};
