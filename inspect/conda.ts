/**
 * conda / mamba / micromamba installs: `conda install -y -c conda-forge r-reticulate boto3 'sagemaker<3'`,
 * `mamba create -n env ...`, `micromamba install -f env.yml`, `conda env create|update -f environment.yml`,
 * `conda install --file specs.txt`. Conda names R packages `r-<name>` (lower case); the other names are taken as
 * Python packages (what RSB004 looks for: boto3, awscli, sagemaker). Conda specs (`sagemaker<3`, `boto3>=1.28`,
 * `conda-forge::boto3`, `sagemaker=2.*`, `numpy 1.26.*`) become PEP 440-style specifiers.
 */
import { normalizePythonName } from "../core/python";
import { parseArgs } from "./argv";
import type { ParsedRequirement } from "./pip";
import type { RInstall } from "./rcode";
import { basename } from "./shell";

const PROGRAMS = new Set(["conda", "mamba", "micromamba"]);
/** Conda packages that are R itself or bundles, not R packages a session needs by name. */
const NOT_R_PACKAGES = new Set(["r-base", "r-essentials", "r-recommended", "r-devtools-base", "r"]);
/** Names that are the interpreter or tools, not Python packages. */
const NOT_PYTHON_PACKAGES = new Set(["python", "pip", "conda", "mamba", "r", "r-base"]);
const SHORT_VALUE = "cnpf";
const LONG_VALUE = ["--channel", "--name", "--prefix", "--file", "--override-channels-file", "--repodata-fn", "--platform", "--subdir", "--root-prefix", "--rc-file", "--log-level", "--experimental-extract"];

export interface CondaInstall {
    program: string;
    rPackages: RInstall[];
    pythonPackages: ParsedRequirement[];
    /** `-f/--file` arguments (as written): an environment file (.yml/.yaml) or a spec list. */
    files: string[];
}

export type CondaSpec = { kind: "r"; pkg: RInstall } | { kind: "python"; req: ParsedRequirement };

/** One conda match spec → an R or Python package (undefined for R itself, python, and what does not parse). */
export function condaSpec(raw: string, via: string): CondaSpec | undefined {
    let w = raw.trim();
    if (w === "" || w.startsWith("-")) return undefined;
    w = w.replace(/^[^\s:]+::/, ""); // channel::name
    const m = /^([A-Za-z0-9_][A-Za-z0-9._-]*)\s*(.*)$/.exec(w);
    if (!m) return undefined;
    const name = m[1].toLowerCase();
    let spec = m[2].replace(/\[.*\]$/, "").replace(/\s+/g, "");
    if (spec !== "" && !/^[<>=!~]/.test(spec)) {
        // `numpy 1.26.*` (space form): a version
        if (/^\d/.test(spec)) spec = "==" + spec;
        else return undefined;
    }
    // conda's `=1.2` is a fuzzy prefix match (1.2.*); `==` is exact.
    const pep = spec.replace(/(^|,)=(?!=)([^,|]+)/g, (_, sep: string, v: string) => `${sep}==${/\*$/.test(v) ? v : `${v}.*`}`);
    if (name.startsWith("r-")) {
        if (NOT_R_PACKAGES.has(name)) return undefined;
        const version = /^==?([^<>,|*]+)$/.exec(spec)?.[1];
        const pkg: RInstall = { name: name.slice(2), via };
        if (version !== undefined) pkg.version = version;
        return { kind: "r", pkg };
    }
    if (NOT_PYTHON_PACKAGES.has(name)) return undefined;
    return { kind: "python", req: { name: normalizePythonName(name), extras: [], specifier: pep, raw } };
}

/** The install of a conda-family command, or undefined when it installs nothing. */
export function condaInstall(argv: readonly string[]): CondaInstall | undefined {
    if (argv.length < 2) return undefined;
    const program = basename(argv[0]);
    if (!PROGRAMS.has(program)) return undefined;
    let args = argv.slice(1);
    let env = false;
    if (args[0] === "env") {
        env = true;
        args = args.slice(1);
    }
    const sub = args[0];
    if (!(sub === "install" || sub === "create" || sub === "update" || sub === "upgrade")) return undefined;
    const p = parseArgs(args.slice(1), { shortValue: SHORT_VALUE, longValue: LONG_VALUE });
    const files = [...(p.options.get("-f") ?? []), ...(p.options.get("--file") ?? [])].filter((f) => f !== "");
    // `conda env create` without -f reads environment.yml in the working directory.
    if (env && files.length === 0 && (sub === "create" || sub === "update")) files.push("environment.yml");
    const out: CondaInstall = { program, rPackages: [], pythonPackages: [], files };
    if (!env) {
        for (const o of p.operands) {
            const s = condaSpec(o, program);
            if (s?.kind === "r") out.rPackages.push(s.pkg);
            else if (s?.kind === "python") out.pythonPackages.push(s.req);
        }
    }
    return out;
}

/** An environment file (`environment.yml`): conda dependencies and the `pip:` list. Throws on YAML that does not parse. */
export function environmentFile(text: string): { conda: string[]; pip: string[] } {
    // Loaded here, not at import: most checks read no environment.yml, and yaml costs ~0.1 s of CPU at every CLI start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse: parseYaml } = require("yaml") as typeof import("yaml");
    const doc: unknown = parseYaml(text, { maxAliasCount: 100 });
    const out = { conda: [] as string[], pip: [] as string[] };
    if (doc === null || typeof doc !== "object") return out;
    const deps = (doc as { dependencies?: unknown }).dependencies;
    if (!Array.isArray(deps)) return out;
    for (const d of deps) {
        if (typeof d === "string") out.conda.push(d);
        else if (typeof d === "number") out.conda.push(String(d));
        else if (d !== null && typeof d === "object" && Array.isArray((d as { pip?: unknown }).pip)) {
            for (const r of (d as { pip: unknown[] }).pip) if (typeof r === "string") out.pip.push(r);
        }
    }
    return out;
}

/** A spec list file (`conda install --file specs.txt`): one spec per line, `#` comments. */
export function specListFile(text: string): string[] {
    return text
        .split(/\r?\n/)
        .map((l) => l.replace(/#.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("@"));
}
