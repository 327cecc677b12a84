/**
 * RUN → install facts. The RUN text (shell or exec form, heredoc scripts) is parsed as shell; each simple command
 * is read for system package installs, R package installs (R -e, littler, R scripts from the context), pip
 * installs (with requirements files from the context) and path writes. Returns what it found.
 */
import { execFormCommand, parseShell, basename, type ShellParse } from "../shell";
import { systemInstalls } from "../syspkg";
import { rCodeOfCommand, rInstallsFromArgv, rInstallsFromStdin, rScriptFile } from "../rcode";
import { condaInstall } from "../conda";
import { defaultJavaPackage, isDefaultJava, releaseOf } from "./distro";
import { parseRequirement, pipInstall } from "../pip";
import { writesFromCommand } from "../paths";
import { chargedLookup, expandWord, type Lookup } from "../expand";
import { contextPath, homeOf, resolvePath } from "./imagepath";
import { heredocs, leadingFlags, logicalText, execForm, type Ins } from "./source";
import { at, emptyCollected, where, type Collected, type CopyMapping, type Input, type StageState } from "./model";
import { condaFile, requirementsFile, rFileSources, rScript, type RunPlace } from "./context";
import { stageLookup } from "./model";

/** Docker's predefined proxy args: usable in RUN without an ARG declaration. */
export const PREDEFINED_ARGS = new Set(["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy"]);
const SHELL_PROGRAMS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);
const HEREDOC_WORD = /<<-?\s*["']?[A-Za-z0-9_.-]+["']?/;

/** Variables a RUN command sees: ENV, ARG, predefined proxy args given with --build-arg, HOME. */
export function runLookup(input: Input, st: StageState): Lookup {
    return chargedLookup(chargedLookup((name) => {
        const e = st.env.get(name);
        if (e !== undefined) return e.value;
        const a = st.args.get(name);
        if (a !== undefined) return a;
        if (PREDEFINED_ARGS.has(name)) return input.buildArgs.get(name);
        if (name === "HOME") return homeOf(st.user);
        return undefined;
    }, input.budget), input.runBudget);
}

/** `--mount=type=bind,source=x,target=/y` mounts of the build context. */
export function bindMounts(input: Input, specs: readonly string[], st: StageState): CopyMapping[] {
    const out: CopyMapping[] = [];
    const lookup = stageLookup(input, st);
    for (const spec of specs) {
        const kv = new Map<string, string>();
        for (const part of expandWord(spec, lookup, input.src.escape).split(",")) {
            const eq = part.indexOf("=");
            kv.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? "" : part.slice(eq + 1).trim());
        }
        if ((kv.get("type") ?? "bind") !== "bind" || kv.has("from")) continue;
        const target = kv.get("target") ?? kv.get("dst") ?? kv.get("destination");
        if (target === undefined || target === "") continue;
        const source = contextPath(kv.get("source") ?? kv.get("src") ?? ".");
        if (source === undefined) continue;
        out.push({ dest: resolvePath(target, st.workdir), destIsDir: false, sources: [source] });
    }
    return out;
}

/** The shell parses of a RUN: its command text and, for `RUN <<EOF` / `RUN bash <<EOF`, the heredoc script. */
function runParses(input: Input, ins: Ins, st: StageState): { parses: ShellParse[]; exec: boolean; rest: string; bodies: { body: string }[]; mounts: CopyMapping[] } {
    const { bodies, commandEnd0 } = heredocs(input.src, ins);
    const text = logicalText(input.src, ins, commandEnd0);
    const { flags, rest } = leadingFlags(text);
    const lookup = runLookup(input, st);
    const mounts = bindMounts(input, flags.get("mount") ?? [], st);
    const parses: ShellParse[] = [];
    const exec = execForm(rest);
    if (exec !== undefined) {
        parses.push(execFormCommand(exec, lookup));
    } else {
        if (rest.trim() !== "") parses.push(parseShell(rest, lookup));
        if (bodies.length > 0) {
            // `RUN <<EOF` (the heredoc is the script) or `RUN <<EOF bash` / `RUN bash <<EOF` (a shell reads it).
            const command = rest.replace(/<<-?\s*["']?[A-Za-z0-9_.-]+["']?/g, " ").trim();
            const prog = command === "" ? "" : basename(command.split(/\s+/)[0]);
            if (command === "" || (SHELL_PROGRAMS.has(prog) && !/\s-[A-Za-z]*c\b/.test(command))) {
                const script = bodies[0].body;
                const shebang = /^#!(.*)/.exec(script);
                if (!shebang || /\b(sh|bash|dash|ash|zsh|ksh)\b/.test(shebang[1])) parses.push(parseShell(script, lookup));
            }
        }
    }
    return { parses, exec: exec !== undefined, rest, bodies, mounts };
}

/**
 * `apt-get install default-jdk`: also the package it pulls in on the base's release (openjdk-11-jdk on jammy), as
 * dpkg would list it; when the release is not known from the base reference, the system package list is partial.
 */
function addDefaultJava(input: Input, name: string, st: StageState, line: number, out: Collected): void {
    const release = releaseOf(st.root.image);
    const pkg = defaultJavaPackage(name, release);
    if (pkg !== undefined && release !== undefined) {
        out.systemPackages.push({ name: pkg, manager: "apt", ...where(input, line) });
        return;
    }
    out.unseen.push({
        fact: "systemPackages",
        reason: `${name} (${at(input, line)}) installs the default Java of the distribution release, which the base image reference ${st.root.image === "" ? "" : `${st.root.image} `}does not tell`,
    });
}

/** Installers by the fact they feed, for arguments only known at build time. */
const INSTALLERS: [RegExp, ("systemPackages" | "rPackages" | "pythonPackages")[]][] = [
    [/^(apt-get|apt|aptitude|yum|dnf|dnf5|microdnf|tdnf|dpkg|rpm)$/, ["systemPackages"]],
    [/^(pip\d*(\.\d+)*|uv)$/, ["pythonPackages"]],
    [/^(install2\.r|installGithub\.r|installBioc\.r|installr)$/, ["rPackages"]],
    [/^(conda|mamba|micromamba)$/, ["rPackages", "pythonPackages"]],
];
const BUILD_TIME_ARGS = /(^|[\s;&|(])(?:xargs(?:\s+-\S+)*\s+)?(?:sudo\s+)?(?:\S*\/)?([A-Za-z0-9_.-]+)\b[^;&|\n]*?(\$\(|`)/g;
const XARGS = /\|\s*xargs(?:\s+-\S+(?:\s+\d+)?)*\s+(?:sudo\s+)?(?:\S*\/)?([A-Za-z0-9_.-]+)/g;

/**
 * Installs whose package names come from the build itself (`apt-get install $(cat packages.txt)`,
 * `cat pkgs | xargs install2.r`): the shell parse sees no names there, so the list they feed is partial.
 */
function buildTimeInstalls(input: Input, text: string, line: number): Collected["unseen"] {
    const out: Collected["unseen"] = [];
    const seen = new Set<string>();
    const add = (prog: string, how: string) => {
        for (const [re, facts] of INSTALLERS) {
            if (!re.test(prog)) continue;
            for (const fact of facts) {
                const key = `${fact}:${prog}`;
                if (seen.has(key)) continue;
                seen.add(key);
                out.push({ fact, reason: `${prog} at ${at(input, line)} installs packages named ${how}, only known at build time` });
            }
        }
    };
    if (!text.includes("$(") && !text.includes("`") && !text.includes("xargs")) return out;
    for (const m of text.matchAll(BUILD_TIME_ARGS)) add(m[2], "by a command substitution");
    for (const m of text.matchAll(XARGS)) add(m[1], "by xargs from a pipe");
    return out;
}

/** One RUN instruction → what it installs and writes. */
export function runFacts(input: Input, ins: Ins, st: StageState): Collected {
    const out = emptyCollected();
    const { parses, exec, rest, bodies, mounts } = runParses(input, ins, st);
    out.unseen.push(...buildTimeInstalls(input, rest, ins.line));
    let cwd = st.workdir;
    const home = homeOf(st.user);
    const w = where(input, ins.line);
    const add = (part: Partial<Collected>) => {
        for (const k of Object.keys(part) as (keyof Collected)[]) for (const x of part[k] ?? []) (out[k] as unknown[]).push(x);
    };
    for (const parsed of parses) {
        if (parsed.fallback) out.notes.push(`${at(input, ins.line)}: RUN is not valid shell (unterminated quote?); its words were split on whitespace`);
        for (const c of parsed.commands) {
            const argv = c.argv;
            if (argv.length > 0) out.commands.push({ argv, ...w });
            if (argv[0] === "cd") {
                const dir = argv[1];
                cwd = dir === undefined || dir === "~" ? (home ?? cwd) : dir === "-" ? cwd : resolvePath(dir, cwd, home);
                continue;
            }
            const place: RunPlace = { cwd, home, st, mounts, line: ins.line };
            for (const s of systemInstalls(argv)) {
                out.systemPackages.push({ ...s, ...w });
                if (s.manager === "apt" && isDefaultJava(s.name)) addDefaultJava(input, s.name, st, ins.line, out);
            }
            for (const r of rInstallsFromArgv(argv)) out.rPackages.push({ ...r, ...w });
            const stdin = c.redirects.filter((r) => r.op === "<<<" || r.op === "<<").map((r) => r.target);
            if (c.pipedText !== undefined) stdin.push(c.pipedText);
            if (parsed === parses[0] && !exec && bodies.length > 0 && HEREDOC_WORD.test(rest)) stdin.push(bodies[0].body);
            for (const text of stdin) {
                for (const r of rInstallsFromStdin(argv, text)) out.rPackages.push({ ...r, ...w });
            }
            for (const code of rCodeOfCommand(argv, stdin)) add(rFileSources(input, code, place));
            const conda = condaInstall(argv);
            if (conda) {
                for (const r of conda.rPackages) out.rPackages.push({ ...r, ...w });
                for (const r of conda.pythonPackages) out.pythonPackages.push({ ...r, ...w });
                for (const f of conda.files) add(condaFile(input, f, conda.program, place));
            }
            const script = rScriptFile(argv, c.redirects.find((r) => r.op === "<")?.target);
            if (script !== undefined) add(rScript(input, script, place));
            const pip = pipInstall(argv);
            if (pip) {
                for (const word of pip.requirements) {
                    const req = parseRequirement(word);
                    if (req) out.pythonPackages.push({ ...req, ...w });
                }
                for (const f of pip.requirementFiles) add(requirementsFile(input, f, place));
                // `pip install sagemaker<3` unquoted: the shell reads `<3` as a redirection from a file named 3.
                const lost = c.redirects.filter((r) => (r.op === "<" || r.op === ">") && /^=?[\d.*]+$/.test(r.target));
                for (const r of lost) {
                    out.notes.push(`${at(input, ins.line)}: \`${r.op}${r.target}\` after pip install is a shell redirection, not a version constraint: quote the requirement ('${pip.requirements[pip.requirements.length - 1] ?? "pkg"}${r.op}${r.target}')`);
                }
            }
            for (const wr of writesFromCommand(argv, c.redirects)) {
                out.pathWrites.push({ path: resolvePath(wr.path, cwd, home), via: wr.via, ...w });
            }
        }
    }
    return out;
}
