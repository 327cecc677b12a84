/**
 * The Workbench version a Dockerfile builds on: an ARG/ENV in scope of the final stage first, then the base image
 * tag. A global ARG that no stage redeclares is out of scope in the stage (Docker): it only refines the tag's
 * version (same release, with the build number) or stands in when the tag has none.
 */
import { known, unknown, type Fact } from "../../core/facts";
import { parseWorkbenchVersion, WORKBENCH_VERSION_VARIABLES, type WorkbenchVersion } from "../../core/version";
import type { StageInfo, VersionCandidate } from "./model";

/** ARG/ENV names that carry the Workbench version (core's list). */
const VERSION_VARIABLES: ReadonlySet<string> = new Set(WORKBENCH_VERSION_VARIABLES);

export function isVersionVariable(name: string): boolean {
    return VERSION_VARIABLES.has(name);
}

export function imageTag(ref: string): string | undefined {
    const noDigest = ref.split("@")[0];
    const slash = noDigest.lastIndexOf("/");
    const colon = noDigest.lastIndexOf(":");
    return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

export function workbenchVersionFact(root: StageInfo, candidates: readonly VersionCandidate[], broken: boolean, file: string | undefined): Fact<string> {
    const fileWhere = file !== undefined ? { file } : {};
    const fromWhere = { ...fileWhere, line: root.from.line };
    const image = root.image;
    let version: Fact<string> | undefined;
    const candidate = (c: VersionCandidate) => known(parseWorkbenchVersion(c.value)?.raw ?? c.value, "dockerfile", { ...fileWhere, line: c.line, via: c.via });
    const inScope = candidates.find((c) => !c.global && parseWorkbenchVersion(c.value) !== undefined);
    const globals = candidates.filter((c) => c.global && parseWorkbenchVersion(c.value) !== undefined);
    if (inScope) version = candidate(inScope);
    if (!version && !broken) {
        const tag = imageTag(image);
        const v = tag !== undefined ? parseWorkbenchVersion(tag) : undefined;
        if (v) {
            const refined = globals.find((c) => {
                const g = parseWorkbenchVersion(c.value) as WorkbenchVersion;
                return g.year === v.year && g.month === v.month && g.patch === v.patch && g.build !== undefined && (v.build === undefined || g.build === v.build);
            });
            version = refined ? candidate(refined) : known(v.raw, "dockerfile", { ...fromWhere, via: "FROM tag" });
        }
    }
    if (!version && globals.length > 0) version = candidate(globals[0]);
    return (
        version ??
        unknown(
            "dockerfile",
            broken
                ? `the base image is not known and no RSW_VERSION ARG/ENV (or RSTUDIO_VERSION, WORKBENCH_VERSION, RSP_VERSION) gives one`
                : root.imageMissing.size > 0
                  ? `FROM ${root.rawImage} (line ${root.from.line}) resolves to ${image}: ${[...root.imageMissing].map((m) => "$" + m).join(", ")} has no value (pass --build-arg ${[...root.imageMissing][0]}=...)`
                  : `base image ${image} has no Workbench version in its tag and no RSW_VERSION ARG/ENV (or RSTUDIO_VERSION, WORKBENCH_VERSION, RSP_VERSION) gives one`,
        )
    );
}
