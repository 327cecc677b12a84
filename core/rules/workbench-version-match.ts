import type { Rule } from "../types";
import { parseWorkbenchLine, workbenchLine } from "../version";
import { origin, result } from "./util";

export const workbenchVersionMatch: Rule = {
    id: "RSB013",
    slug: "workbench-version-match",
    level: "mandatory",
    summary: "The image's Workbench version line (YYYY.MM) equals the domain's.",
    fix: "Build the image on the session image of the domain's Workbench version (set RSW_VERSION accordingly), or upgrade the domain's RStudio version.",
    rationale: "AWS: when the RSession's Workbench version differs from the domain's, the RSession fails to parse its launch parameters.",
    evaluate(facts) {
        const domain = facts.domainWorkbenchVersion;
        if (domain.state === "unknown") return [];
        const image = facts.workbenchVersion;
        const domainLine = parseWorkbenchLine(domain.value);
        if (domainLine === undefined) {
            return [result(facts, domain, `The domain's Workbench version "${domain.value}" is not a version (YYYY.MM…).`, undefined, { level: "advisory" })];
        }
        if (image.state === "unknown") {
            return [result(facts, image, `The image's Workbench version is unknown (${image.reason}), so it cannot be matched with the domain's ${workbenchLine(domainLine)}.`, undefined, { level: "advisory" })];
        }
        const imageLine = parseWorkbenchLine(image.value);
        if (imageLine === undefined) return [];
        if (imageLine.year !== domainLine.year || imageLine.month !== domainLine.month) {
            return [result(facts, image, `The image's Workbench ${image.value} (${origin(image)}) does not match the domain's ${workbenchLine(domainLine)}: the RSession would fail to parse its parameters.`, image)];
        }
        return [];
    },
};
