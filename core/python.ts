/**
 * PEP 440 specifier reasoning, as much as RSB004 needs: does a specifier keep a package below a major version?
 */

/** PEP 503 name normalisation. */
export function normalizePythonName(name: string): string {
    return name.toLowerCase().replace(/[-_.]+/g, "-");
}

export interface Clause {
    op: string;
    version: string;
}

/**
 * Split a specifier into clauses. Accepts the comma form (`>=2,<3`) and AWS's own run-together form
 * (`>1.0<2.0`, which pip would reject but which the spec page prints).
 */
export function parseSpecifier(spec: string): Clause[] {
    const clauses: Clause[] = [];
    const re = /(===|~=|==|!=|<=|>=|<|>)\s*([A-Za-z0-9.*+!_-]+?)(?=\s*(?:,|===|~=|==|!=|<=|>=|<|>|$))/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(spec.replace(/\s+/g, ""))) !== null) clauses.push({ op: m[1], version: m[2] });
    return clauses;
}

function releaseOf(version: string): number[] {
    const m = /^(?:\d+!)?(\d+(?:\.\d+)*)/.exec(version);
    return m ? m[1].split(".").map(Number) : [];
}

/**
 * True when every version the specifier admits is below `major` (e.g. `<3`, `<=2.9`, `==2.232.0`, `~=2.200`,
 * `>=2,<3`). False when unpinned or when any admitted version can be ≥ `major`.
 */
export function specifierKeepsBelow(spec: string, major: number): boolean {
    const clauses = parseSpecifier(spec);
    return clauses.some((c) => {
        const rel = releaseOf(c.version.replace(/\.\*$/, ""));
        if (rel.length === 0) return false;
        const head = rel[0];
        switch (c.op) {
            case "<":
                return head < major || (head === major && rel.slice(1).every((n) => n === 0));
            case "<=":
            case "==":
            case "===":
                return head < major;
            case "~=":
                // ~=2.200 means >=2.200, ==2.*; ~=2 is invalid PEP 440, treat as not bounding.
                return rel.length >= 2 && head < major;
            default:
                return false;
        }
    });
}

/** The installed version (image facts) is below `major`. */
export function versionBelow(version: string, major: number): boolean {
    const rel = releaseOf(version);
    return rel.length > 0 && rel[0] < major;
}
