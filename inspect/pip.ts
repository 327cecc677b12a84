/**
 * pip invocations and requirement specifiers: `pip install ...`, `pip3.11`, `/opt/python/3.11.4/bin/pip`,
 * `python3 -m pip install`, `uv pip install`, and requirements files.
 */
import { normalizePythonName } from "../core/python";
import { parseArgs } from "./argv";
import { basename } from "./shell";

export interface ParsedRequirement {
    /** PEP 503 normalised name. */
    name: string;
    extras: string[];
    /** Specifier as written, spaces removed, marker dropped; `""` when none. */
    specifier: string;
    /** The requirement as written (shell quotes already removed). */
    raw: string;
}

export interface PipInstall {
    /** Requirement words given on the command line. */
    requirements: string[];
    /** Paths given with `-r` / `--requirement` (as written, inside the image). */
    requirementFiles: string[];
}

const PIP_PROGRAM = /^pip(\d+(\.\d+)*)?$/;
const PYTHON_PROGRAM = /^python(\d+(\.\d+)*)?$/;

/** Options of `pip install` / `uv pip install` (and pip's general options) that take a value. */
const PIP_LONG_VALUE = [
    "--requirement", "--constraint", "--editable", "--target", "--platform", "--python-version", "--implementation", "--abi",
    "--root", "--prefix", "--src", "--upgrade-strategy", "--index-url", "--extra-index-url", "--find-links", "--no-binary",
    "--only-binary", "--progress-bar", "--trusted-host", "--cache-dir", "--log", "--log-file", "--proxy", "--retries", "--timeout",
    "--exists-action", "--cert", "--client-cert", "--config-settings", "--global-option", "--install-option", "--report",
    "--python", "--root-user-action", "--keyring-provider", "--group", "--use-feature", "--use-deprecated",
    // uv pip install
    "--index-strategy", "--index", "--default-index", "--resolution", "--prerelease", "--exclude-newer", "--override",
    "--build-constraint", "--link-mode", "--reinstall-package", "--upgrade-package", "--no-binary-package",
    "--only-binary-package", "--python-platform", "--torch-backend", "--config-file", "--directory", "--project", "--color",
    "--refresh-package", "--no-build-package", "--no-build-isolation-package", "--extra",
] as const;
/** -r -c -e -t -i -f -C (pip); -p -P -o -b (uv). */
const PIP_SHORT_VALUE = "rcetifCpPob";

/** The arguments after `pip` if this command runs pip (any spelling), else undefined. */
function pipArguments(argv: readonly string[]): string[] | undefined {
    if (argv.length === 0) return undefined;
    const prog = basename(argv[0]);
    if (PIP_PROGRAM.test(prog)) return argv.slice(1);
    if (prog === "uv" && argv[1] === "pip") return argv.slice(2);
    if (PYTHON_PROGRAM.test(prog)) {
        for (let i = 1; i < argv.length; i++) {
            const a = argv[i];
            if (a === "-m") return argv[i + 1] === "pip" ? argv.slice(i + 2) : undefined;
            if (a === "-mpip") return argv.slice(i + 1);
            if (a === "-c") return undefined;
            if (a === "-X" || a === "-W") {
                i++;
                continue;
            }
            if (a.startsWith("-")) continue;
            return undefined; // a script
        }
    }
    return undefined;
}

/** Requirements and requirement files of a `pip install` command; undefined when the command is not one. */
export function pipInstall(argv: readonly string[]): PipInstall | undefined {
    const args = pipArguments(argv);
    if (args === undefined) return undefined;
    // General options may come before the subcommand (`pip --no-cache-dir install ...`).
    const sub = parseArgs(args, { shortValue: PIP_SHORT_VALUE, longValue: PIP_LONG_VALUE, stopAtOperand: true });
    if (sub.operands[0] !== "install") return undefined;
    const parsed = parseArgs(sub.operands.slice(1), { shortValue: PIP_SHORT_VALUE, longValue: PIP_LONG_VALUE });
    const files = [...(parsed.options.get("-r") ?? []), ...(parsed.options.get("--requirement") ?? [])].filter((f) => f !== "");
    return { requirements: parsed.operands, requirementFiles: files };
}

const SDIST = /\.(tar\.gz|tar\.bz2|tgz|zip)$/i;

/** Parse one requirement (`'sagemaker[local]<3'`, `boto3>1.0<2.0`, `pkg==1.*; python_version<"3.8"`, a wheel file). */
export function parseRequirement(raw: string): ParsedRequirement | undefined {
    const w = raw.trim();
    if (w === "" || w.startsWith("-")) return undefined;
    const direct = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*@\s*\S/.exec(w);
    if (direct) {
        // PEP 508 direct reference `name[extras] @ url`: no version specifier.
        const extras = direct[2] !== undefined ? direct[2].split(",").map((e) => e.trim()).filter((e) => e !== "") : [];
        return { name: normalizePythonName(direct[1]), extras, specifier: "", raw };
    }
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(w) || w.startsWith("git+")) {
        const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(w);
        return egg ? { name: normalizePythonName(egg[1]), extras: [], specifier: "", raw } : undefined;
    }
    const base = basename(w);
    if (/\.whl$/i.test(base)) {
        const parts = base.slice(0, -4).split("-");
        if (parts.length < 2 || parts[0] === "") return undefined;
        return { name: normalizePythonName(parts[0]), extras: [], specifier: "==" + parts[1], raw };
    }
    if (SDIST.test(base) && (w.includes("/") || /-\d/.test(base))) {
        const m = /^(.+?)-(\d[^-]*)$/.exec(base.replace(SDIST, ""));
        return m ? { name: normalizePythonName(m[1]), extras: [], specifier: "==" + m[2], raw } : undefined;
    }
    if (w.startsWith(".") || w.startsWith("/") || w.startsWith("~") || w.includes("/") || w.includes("\\")) return undefined;
    const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?([\s\S]*)$/.exec(w);
    if (!m) return undefined;
    let rest = m[3];
    const semi = rest.indexOf(";");
    if (semi >= 0) rest = rest.slice(0, semi);
    rest = rest.replace(/\s+/g, "");
    if (rest.startsWith("(") && rest.endsWith(")")) rest = rest.slice(1, -1);
    if (rest !== "" && !/^[<>=!~]/.test(rest)) return undefined;
    const extras = m[2] !== undefined ? m[2].split(",").map((e) => e.trim()).filter((e) => e !== "") : [];
    return { name: normalizePythonName(m[1]), extras, specifier: rest, raw };
}

export interface RequirementsText {
    /** Requirement lines (comments, options and per-requirement `--hash` options removed). */
    requirements: string[];
    /** Files named by `-r` / `--requirement` lines, relative to the including file. */
    nested: string[];
}

/** Parse a requirements file's text. */
export function parseRequirementsText(content: string): RequirementsText {
    const requirements: string[] = [];
    const nested: string[] = [];
    const logical = content.replace(/\r\n?/g, "\n").replace(/\\\n/g, "").split("\n");
    for (const line of logical) {
        const text = line.replace(/(^|\s)#.*$/, "").trim();
        if (text === "") continue;
        if (text.startsWith("-")) {
            const m = /^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=[^\s=]))(\S+)/.exec(text);
            if (m) nested.push(m[1]);
            continue; // -c, -i, --index-url, -e, --hash-only lines, ...
        }
        const req = text.split(/\s+--?[A-Za-z]/)[0].trim();
        if (req !== "") requirements.push(req);
    }
    return { requirements, nested };
}
