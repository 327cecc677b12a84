import type { DeprecatedVersion, Rule } from "../types";
import { parseWorkbenchLine, workbenchLine } from "../version";
import { deprecationStatus, findRelease } from "../workbench";
import { origin, place, result } from "./util";

export const workbenchVersionMatch: Rule = {
    id: "RSB013",
    slug: "workbench-version-match",
    level: "mandatory",
    summary: "The image's Workbench version line (YYYY.MM) equals the domain's.",
    fix: "Build the image on the session image of the domain's Workbench version (set RSW_VERSION accordingly), or upgrade the domain and its images together (AWS's upgrade order: delete the shared app, update the domain's image ARN, start the app).",
    rationale: "AWS: when the RSession's Workbench version differs from the domain's, the RSession fails to parse its launch parameters.",
    evidence:
        "The image's Workbench version fact (as for RSB001) against the domain's Workbench version: given by the caller (--domain-version, the domain component) or read from the domain's image ARN (rstudio-workbench-2025.05-… → 2025.05, the version table). The fix comes from the version table: build on the domain's line, or move the domain to the image's line only when SageMaker still runs it.",
    blindSpots:
        "Nothing is checked until the domain's version is known. When the image's version is unknown (see RSB001) the finding is an unverified advisory; the built image's /usr/lib/rstudio-server/VERSION decides.",
    evaluate(facts, config) {
        const domain = facts.domainWorkbenchVersion;
        if (domain.state === "unknown") return [];
        const image = facts.workbenchVersion;
        const domainLine = parseWorkbenchLine(domain.value);
        if (domainLine === undefined) {
            return [result(facts, domain, `The domain's Workbench version "${domain.value}" is not a version (YYYY.MM…).`, `${place(facts, domain)} is "${domain.value}"`, undefined, { level: "advisory" })];
        }
        if (image.state === "unknown") {
            return [result(facts, image, `The image's Workbench version is unknown (${image.reason}), so it cannot be matched with the domain's ${workbenchLine(domainLine)}.`, `the image's Workbench version could not be determined; the domain's is ${workbenchLine(domainLine)} (${place(facts, domain)})`, undefined, { level: "advisory", unverified: image.reason })];
        }
        const imageLine = parseWorkbenchLine(image.value);
        const imageShown = imageLine !== undefined ? workbenchLine(imageLine) : image.value;
        if (imageLine === undefined || imageLine.year !== domainLine.year || imageLine.month !== domainLine.month) {
            return [result(
                facts,
                image,
                `The image's Workbench ${image.value} (${origin(image)}) does not match the domain's ${workbenchLine(domainLine)}: the RSession would fail to parse its parameters.`,
                `image line ${imageShown} (${place(facts, image)}) vs domain line ${workbenchLine(domainLine)} (${place(facts, domain)})`,
                image,
                { fix: matchFix(workbenchLine(domainLine), imageLine !== undefined ? workbenchLine(imageLine) : undefined, config.asOf, config.deprecatedVersions) },
            )];
        }
        return [];
    },
};

/** The fix from the version table: build on the domain's line, or move the domain to the image's line only when SageMaker still supports it. */
function matchFix(domainLine: string, imageLine: string | undefined, asOf: string | undefined, deprecations: readonly DeprecatedVersion[]): string {
    const domainRelease = findRelease(domainLine);
    const build = `Build the image on the domain's ${domainLine} line${domainRelease ? ` (Workbench ${domainRelease.version}: set RSW_VERSION to match)` : " (set RSW_VERSION to match)"}`;
    const imageRelease = imageLine !== undefined ? findRelease(imageLine) : undefined;
    if (imageRelease === undefined || imageRelease.imageName === undefined || !imageRelease.confirmed) {
        return `${build}. The image's line${imageLine !== undefined ? ` ${imageLine}` : ""} is not one SageMaker runs a domain on (AWS's RStudio versioning page).`;
    }
    const status = deprecationStatus(imageRelease.version, asOf, deprecations);
    if (status.state === "deprecated") return `${build}. The image's line ${imageLine} is deprecated on SageMaker (${status.deprecatedOn ?? "listed as deprecated"}): do not move the domain to it.`;
    return `${build}, or upgrade the domain to ${imageLine} (domain image ${imageRelease.imageName}) and all its images together, in AWS's order: delete the shared app, update the domain's image ARN, start the app.`;
}
