import type { Rule } from "../types";
import { describeWrite, pathFindings } from "./paths";

export const RESERVED_PATHS = ["/opt/ml", "/opt/.sagemakerinternal"] as const;

export const reservedPaths: Rule = {
    id: "RSB007",
    slug: "reserved-paths",
    level: "mandatory",
    summary: "Nothing is written under /opt/ml or /opt/.sagemakerinternal: SageMaker reserves them.",
    fix: "Write to another directory, e.g. /opt/<your-org>/ or /usr/local/share/<name>/.",
    rationale: "AWS: \"The /opt/.sagemakerinternal and /opt/ml directories are reserved. Any data in these directories might not be visible at runtime.\"",
    evidence:
        "Path writes of the final stage: COPY/ADD destinations, WORKDIR, VOLUME, and RUN commands whose operands name what they write (mkdir, touch, cp/mv/install/ln targets, tee, redirections, curl -o, …); in a built image, files present under the paths.",
    blindSpots:
        "A write inside a script the Dockerfile runs, or by a program whose output path is not on its command line, is not seen in a Dockerfile; the built image shows what is there. A base image's files under the paths are seen only when the base or the built image is inspected.",
    evaluate(facts) {
        return pathFindings(facts, RESERVED_PATHS, (w, root) =>
            w.via === "filesystem"
                ? `${w.path} exists in the built image${w.path === root ? "" : `, under ${root}`}, which SageMaker reserves: it may be hidden at run time.`
                : `${describeWrite(w)}${w.path === root ? "" : `, under ${root}`}, which SageMaker reserves: it may be hidden at run time.`,
        );
    },
};
