/**
 * Paths a RUN command writes: mkdir, touch, cp/mv/install/ln targets, tee, chown/chgrp/chmod operands, curl -o,
 * wget -O/-P, tar -x -C, unzip -d, git clone DIR, and output redirections. Paths are returned as written; the
 * caller resolves them against WORKDIR.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from "./argv";
import { basename, WRITE_REDIRECTS, type Redirect } from "./shell";

export interface RawWrite {
    path: string;
    /** `RUN mkdir`, `RUN >`, ... */
    via: string;
}

function lastOrTarget(p: ParsedArgs, min: number): string[] {
    const t = optionValue(p, "-t", "--target-directory");
    if (t !== undefined) return [t];
    return p.operands.length >= min ? [p.operands[p.operands.length - 1]] : [];
}

function commandWrites(prog: string, args: readonly string[]): string[] {
    switch (prog) {
        case "mkdir":
            return parseArgs(args, { shortValue: "mZ", longValue: ["--mode", "--context"] }).operands;
        case "touch":
            return parseArgs(args, { shortValue: "dtr", longValue: ["--date", "--reference", "--time"] }).operands;
        case "cp":
        case "mv":
            return lastOrTarget(parseArgs(args, { shortValue: "tS", longValue: ["--target-directory", "--suffix"] }), 2);
        case "install": {
            const p = parseArgs(args, { shortValue: "mogtS", longValue: ["--mode", "--owner", "--group", "--target-directory", "--suffix"] });
            if (hasOption(p, "-d", "--directory")) return p.operands;
            return lastOrTarget(p, 2);
        }
        case "ln": {
            const p = parseArgs(args, { shortValue: "tS", longValue: ["--target-directory", "--suffix"] });
            const t = lastOrTarget(p, 2);
            if (t.length > 0) return t;
            return p.operands.length === 1 ? [basename(p.operands[0])] : [];
        }
        case "tee":
            return parseArgs(args).operands;
        case "chown":
        case "chgrp":
        case "chmod": {
            // chmod's symbolic modes look like options (`chmod -x file`): keep them as operands.
            const modeLike = prog === "chmod" ? args.map((a) => (/^-[rwxXst]+$/.test(a) ? "\u0000" + a : a)) : args;
            const p = parseArgs(modeLike, { longValue: ["--from"] });
            const hasRef = [...p.options.keys()].some((k) => k === "--reference");
            return (hasRef ? p.operands : p.operands.slice(1)).filter((o) => !o.startsWith("\u0000"));
        }
        case "curl": {
            const p = parseArgs(args, {
                shortValue: "oHdXuAeEFKrTwxyzbcCmQUY",
                longValue: ["--output", "--output-dir", "--header", "--data", "--request", "--user", "--user-agent", "--referer", "--config", "--proxy", "--retry", "--max-time", "--connect-timeout", "--cacert", "--cert", "--key", "--data-binary", "--data-raw", "--form", "--url", "--write-out"],
            });
            const dir = optionValue(p, "--output-dir");
            const outs = [...(p.options.get("-o") ?? []), ...(p.options.get("--output") ?? [])].filter((o) => o !== "-" && o !== "");
            return dir !== undefined ? outs.map((o) => (o.startsWith("/") ? o : `${dir}/${o}`)).concat(outs.length === 0 ? [dir] : []) : outs;
        }
        case "wget": {
            const p = parseArgs(args, { shortValue: "OPaoTtUeiBQlAR", longValue: ["--output-document", "--directory-prefix", "--user-agent", "--header", "--tries", "--timeout", "--output-file", "--append-output", "--input-file", "--user", "--password"] });
            return [optionValue(p, "-O", "--output-document"), optionValue(p, "-P", "--directory-prefix")].filter((o): o is string => o !== undefined && o !== "-" && o !== "");
        }
        case "tar": {
            const first = args[0] ?? "";
            const p = parseArgs(/^[A-Za-z]+$/.test(first) ? ["-" + first, ...args.slice(1)] : args, {
                shortValue: "fCTXbIHLgNK",
                longValue: ["--file", "--directory", "--files-from", "--exclude-from", "--transform", "--owner", "--group", "--mode", "--use-compress-program", "--exclude"],
            });
            const extract = hasOption(p, "-x", "--extract", "--get");
            const dir = optionValue(p, "-C", "--directory");
            return extract && dir !== undefined ? [dir] : [];
        }
        case "unzip": {
            const p = parseArgs(args, { shortValue: "dxP" });
            const d = optionValue(p, "-d");
            return d !== undefined ? [d] : [];
        }
        case "git": {
            const c = args.indexOf("clone");
            if (c < 0) return [];
            const p = parseArgs(args.slice(c + 1), { shortValue: "bocju", longValue: ["--branch", "--origin", "--config", "--depth", "--reference", "--separate-git-dir", "--jobs", "--upload-pack", "--template", "--shallow-since", "--shallow-exclude", "--server-option"] });
            if (p.operands.length >= 2) return [p.operands[1]];
            if (p.operands.length === 1) {
                const name = basename(p.operands[0].replace(/\/+$/, "")).replace(/\.git$/, "");
                return name !== "" ? [name] : [];
            }
            return [];
        }
        default:
            return [];
    }
}

function isSpecialTarget(t: string): boolean {
    return t === "" || t === "-" || /^\d+$/.test(t) || t.startsWith("/dev/") || t.startsWith("&");
}

/** Paths one simple command writes. */
export function writesFromCommand(argv: readonly string[], redirects: readonly Redirect[]): RawWrite[] {
    const out: RawWrite[] = [];
    if (argv.length > 0) {
        const prog = basename(argv[0]);
        for (const p of commandWrites(prog, argv.slice(1))) {
            if (p !== "" && !isSpecialTarget(p)) out.push({ path: p, via: `RUN ${prog}` });
        }
    }
    for (const r of redirects) {
        if (WRITE_REDIRECTS.has(r.op) && !isSpecialTarget(r.target)) out.push({ path: r.target, via: `RUN ${r.op}` });
    }
    return out;
}
