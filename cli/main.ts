/**
 * `sagemaker-rstudio`: the spec as a command for CI pipelines. Translates flags → facts/config and findings →
 * text/JSON/SARIF and an exit code. No rule logic here.
 *
 * Exit codes: 0 no mandatory finding, 1 at least one mandatory finding, 2 bad input (one line on stderr).
 */
import * as fs from "fs";
import { parseArgs } from "util";
import {
    ConfigError,
    evaluate,
    hasMandatory,
    loadConfig,
    mergeFacts,
    withContext,
    RULES,
    RULE_KEYS,
    type CheckContext,
    type Finding,
    type ImageFacts,
    type SpecConfig,
} from "../core";
import { inspectDockerfileFile } from "../inspect/dockerfile";
import { DockerfileError } from "../inspect/errors";
import { formatText, type Style } from "./text";
import { toSarif } from "./sarif";
import { rulesMarkdown } from "./rules-doc";

export const USAGE = `Usage:
  sagemaker-rstudio check [<Dockerfile>] [--image <ref>] [options]
  sagemaker-rstudio rules [--format text|json|markdown]

Checks a custom RStudio image against AWS's "Custom RStudio image specifications".

Options for check:
  --image <ref>            also check a built image (local tag or registry/repo@sha256:...) via the Docker daemon
  --gpu                    the image is for GPU instances (default: CPU)
  --build-arg K=V          a build argument, as docker build takes it (repeatable)
  --target <stage>         the build target stage (default: the last stage)
  --context <dir>          the build context, for pip -r files (default: the Dockerfile's folder)
  --config <file.json>     rule config: minWorkbenchVersion, maxImageSizeGB, deprecatedVersions, rules, asOf
  --domain-version <v>     the domain's Workbench version or image ARN, to check RSB013
  --image-uri <uri>        the URI an ImageVersion will use, to check RSB014
  --format text|json|sarif output format (default: text)
  --no-progress            do not print progress on stderr

Exit status: 0 no mandatory finding, 1 a mandatory finding, 2 bad input.`;

/** A user error: printed as one line, exit 2. */
export class UsageError extends Error {}

export interface Io {
    stdout: (s: string) => void;
    stderr: (s: string) => void;
    isTTY: boolean;
    signal?: AbortSignal;
}

interface CheckOptions {
    dockerfile?: string;
    image?: string;
    gpu: boolean;
    buildArgs: Record<string, string>;
    target?: string;
    context?: string;
    configFile?: string;
    domainVersion?: string;
    imageUri?: string;
    format: "text" | "json" | "sarif";
    progress: boolean;
}

/** node:util parseArgs errors, shortened to what a user needs ("Unknown option '--x'. To specify a positional …"). */
function parseArgsMessage(e: unknown): string {
    const msg = oneLine((e as Error).message);
    const unknownOption = /^Unknown option '([^']+)'/.exec(msg);
    if (unknownOption) return `unknown option ${unknownOption[1]} (see --help)`;
    return msg;
}

/** A message from elsewhere (JSON.parse, fs) as one printable line: control characters and newlines removed. */
function oneLine(s: string, max = 200): string {
    const t = s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, " ").replace(/\s+/g, " ").trim();
    return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

function parseCheckArgs(argv: string[]): CheckOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                image: { type: "string" },
                gpu: { type: "boolean", default: false },
                "build-arg": { type: "string", multiple: true },
                target: { type: "string" },
                context: { type: "string" },
                config: { type: "string" },
                "domain-version": { type: "string" },
                "image-uri": { type: "string" },
                format: { type: "string", default: "text" },
                "no-progress": { type: "boolean", default: false },
            },
        });
    } catch (e) {
        throw new UsageError(parseArgsMessage(e));
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError(`check takes one Dockerfile, got ${positionals.length}: ${positionals.join(" ")}`);
    if (positionals.length === 0 && values.image === undefined) throw new UsageError("check needs a Dockerfile, --image <ref>, or both");
    const format = values.format as string;
    if (format !== "text" && format !== "json" && format !== "sarif") throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
    const buildArgs: Record<string, string> = {};
    for (const kv of values["build-arg"] ?? []) {
        const eq = kv.indexOf("=");
        if (eq <= 0) throw new UsageError(`--build-arg must be KEY=VALUE, got "${kv}"`);
        buildArgs[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return {
        dockerfile: positionals[0],
        image: values.image,
        gpu: values.gpu as boolean,
        buildArgs,
        target: values.target,
        context: values.context,
        configFile: values.config,
        domainVersion: values["domain-version"],
        imageUri: values["image-uri"],
        format,
        progress: !values["no-progress"],
    };
}

function readConfig(file: string | undefined): SpecConfig {
    let input: Record<string, unknown> = {};
    if (file !== undefined) {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" || code === "EPERM" ? "permission denied" : oneLine((e as Error).message);
            throw new UsageError(`cannot read config ${file}: ${why}`);
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch (e) {
            throw new UsageError(`config ${file} is not valid JSON: ${oneLine((e as Error).message, 120)}`);
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            throw new UsageError(`config ${file}: must be a JSON object like {"rules": {"RSB006": "disabled"}}, got ${Array.isArray(parsed) ? "an array" : parsed === null ? "null" : typeof parsed}`);
        }
        input = parsed as Record<string, unknown>;
    }
    try {
        return loadConfig({ asOf: new Date().toISOString().slice(0, 10), ...input });
    } catch (e) {
        if (e instanceof ConfigError) throw new UsageError(`config${file ? ` ${file}` : ""}: ${e.message}`);
        throw e;
    }
}

/** Progress on stderr, only once the work has taken more than a second. */
function progressPrinter(io: Io, enabled: boolean): { report: (msg: string) => void; done: () => void } {
    const started = Date.now();
    let shown = false;
    let last = "";
    const timer = enabled
        ? setTimeout(() => {
              shown = true;
              if (last) io.stderr(`… ${last}\n`);
          }, 1000)
        : undefined;
    return {
        report(msg) {
            last = msg;
            if (enabled && (shown || Date.now() - started > 1000)) {
                shown = true;
                io.stderr(`… ${msg}\n`);
            }
        },
        done() {
            if (timer) clearTimeout(timer);
        },
    };
}

async function imageFacts(ref: string, io: Io, progress: boolean): Promise<ImageFacts> {
    // Loaded only when needed: a Dockerfile-only check never loads the Docker client.
    const { inspectImage, ImageInspectError } = await import("../inspect/image");
    const p = progressPrinter(io, progress);
    try {
        return await inspectImage(ref, { onProgress: p.report, signal: io.signal });
    } catch (e) {
        if (e instanceof ImageInspectError) throw new UsageError(e.message);
        throw e;
    } finally {
        p.done();
    }
}

export interface CheckResult {
    findings: Finding[];
    facts: ImageFacts;
    /**
     * What the analysis could not follow (an unreadable `pip install -r` file, a RUN that is not valid shell, an
     * ignore pragma naming no rule). Shown in text output and as SARIF notifications; not part of `--format json`.
     */
    notes: string[];
}

export async function check(opts: CheckOptions, io: Io): Promise<CheckResult> {
    const config = readConfig(opts.configFile);
    const parts: ImageFacts[] = [];
    const notes: string[] = [];
    if (opts.dockerfile !== undefined) {
        const file = opts.dockerfile;
        // The path as the user wrote it is what findings show (relative to the working directory).
        const inspection = inspectDockerfileFile(file, { buildArgs: opts.buildArgs, target: opts.target, context: opts.context });
        if (inspection.unusedBuildArgs.length > 0) {
            throw new UsageError(`--build-arg ${inspection.unusedBuildArgs.join(", ")}: not declared by any ARG in ${file}`);
        }
        parts.push(inspection.facts);
        notes.push(...inspection.notes);
        for (const s of inspection.facts.suppressions) {
            const unknownRules = s.rules.filter((r) => !RULE_KEYS.has(r));
            if (unknownRules.length > 0) notes.push(`${file}:${s.line}: sagemaker-rstudio ignore=${unknownRules.join(",")} names no rule (ids RSB001-RSB016 or slugs; see \`sagemaker-rstudio rules\`)`);
        }
    }
    if (opts.image !== undefined) parts.push(await imageFacts(opts.image, io, opts.progress));
    const context: CheckContext = { gpu: opts.gpu };
    if (opts.domainVersion !== undefined) context.domainWorkbenchVersion = opts.domainVersion;
    if (opts.imageUri !== undefined) context.imageUri = opts.imageUri;
    const facts = withContext(mergeFacts(...parts), context);
    return { findings: evaluate(facts, config), facts, notes };
}

function rulesCommand(argv: string[], io: Io): number {
    const { values } = parseArgs({ args: argv, strict: true, options: { format: { type: "string", default: "text" } } });
    switch (values.format) {
        case "json":
            io.stdout(JSON.stringify(RULES.map(({ id, slug, level, summary, fix }) => ({ id, slug, level, summary, fix })), null, 2) + "\n");
            return 0;
        case "markdown":
            io.stdout(rulesMarkdown());
            return 0;
        case "text":
            for (const r of RULES) io.stdout(`${r.id}  ${r.slug.padEnd(24)} ${r.level.padEnd(9)} ${r.summary}\n`);
            return 0;
        default:
            throw new UsageError(`--format for rules must be text, json or markdown, got "${values.format}"`);
    }
}

/** Run the CLI; returns the exit code. Never throws for user errors. */
export async function main(argv: string[], io: Io): Promise<number> {
    const [command, ...rest] = argv;
    try {
        if (command === undefined || command === "--help" || command === "-h" || command === "help") {
            io.stdout(USAGE + "\n");
            return command === undefined ? 2 : 0;
        }
        if (command === "--version" || command === "-v") {
            io.stdout(`${require("../package.json").version}\n`);
            return 0;
        }
        if (command === "rules") {
            try {
                return rulesCommand(rest, io);
            } catch (e) {
                if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) throw new UsageError(parseArgsMessage(e));
                throw e;
            }
        }
        if (command !== "check") throw new UsageError(`unknown command "${command}" (expected check or rules; see --help)`);
        const opts = parseCheckArgs(rest);
        const result = await check(opts, io);
        if (opts.format === "json") io.stdout(JSON.stringify({ findings: result.findings, facts: result.facts }, null, 2) + "\n");
        else if (opts.format === "sarif") io.stdout(JSON.stringify(toSarif(result.findings, opts.dockerfile, result.notes), null, 2) + "\n");
        else {
            const style: Style = io.isTTY && !process.env.NO_COLOR ? "color" : "plain";
            io.stdout(formatText(result.findings, result.facts, style, result.notes));
        }
        return hasMandatory(result.findings) ? 1 : 0;
    } catch (e) {
        if (e instanceof UsageError || e instanceof DockerfileError) {
            io.stderr(`sagemaker-rstudio: ${e.message}\n`);
            return 2;
        }
        throw e;
    }
}
