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
    evaluate(facts) {
        return pathFindings(facts, RESERVED_PATHS, (w, root) =>
            w.via === "filesystem"
                ? `${w.path} exists in the built image${w.path === root ? "" : `, under ${root}`}, which SageMaker reserves: it may be hidden at run time.`
                : `${describeWrite(w)}${w.path === root ? "" : `, under ${root}`}, which SageMaker reserves: it may be hidden at run time.`,
        );
    },
};
