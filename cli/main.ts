/**
 * `sagemaker-rstudio`: the spec as a command for CI pipelines and pre-commit hooks. Translates flags into one
 * `checkBuild` call per Dockerfile (check/) and its results into text/JSON/SARIF and an exit code. No rule logic and
 * no step of the check flow here.
 *
 * Exit codes (the worst over all Dockerfiles, like hadolint): 0 nothing blocks, 1 a blocking finding (mandatory and
 * verified: core `isBlocking`), 2 bad input (one line on stderr per problem).
 */
import { parseArgs } from "util";
import { ConfigError, isBlocking, loadConfig, RULES, settingsUsage, type SpecConfig } from "../core";
import { checkBuild, CheckInputError, today, type BaseMode, type CheckBuildResult } from "../check";
import { redactFacts } from "../core/redact";
import { FILE_LIMITS, readRegularFile } from "../inspect/files";
import { formatText, type Style } from "./text";
import { sarifReport, type SarifCheck } from "./sarif";
import { rulesMarkdown } from "./rules-doc";

const CHECK_USAGE = `Usage:
  sagemaker-rstudio check [<Dockerfile>...] [--image <ref>] [options]

Checks Dockerfiles (and/or a built image) against AWS's "Custom RStudio image specifications".
Several Dockerfiles are checked one by one with the same options; the exit status is the worst of them.

Options:
  --image <ref>            also check a built image (local tag or registry/repo@sha256:...) via the Docker daemon
                           (with at most one Dockerfile)
  --base none|local|pull   inspect the base image (the final stage's FROM) and layer the Dockerfile on it:
                           none (default: fast, no Docker), local (only if the daemon has it), pull
  --gpu                    the image is for GPU instances (default: CPU)
  --build-arg K=V          a build argument, as docker build takes it (repeatable; each must be declared by an ARG)
  --target <stage>         the build target stage (default: the last stage)
  --context <dir>          the build context, for files the Dockerfile reads (default: each Dockerfile's folder)
  --config <file.json>     settings (keys below)
  --domain-version <v>     the domain's Workbench version or Workbench image ARN, to check RSB013
  --image-uri <uri>        the URI an ImageVersion will use, to check RSB014
  --format text|json|sarif output format (default: text)
  --no-progress            do not print progress on stderr
  -h, --help               this help

Config file keys (a JSON object; every key optional):
${settingsUsage("  ")}

Exit status: 0 nothing blocks, 1 a blocking finding (mandatory and verified), 2 bad input.`;

const RULES_USAGE = `Usage:
  sagemaker-rstudio rules [--format text|json|markdown]

Lists the rules of the catalogue (id, slug, default level, summary).`;

export const USAGE = `Usage:
  sagemaker-rstudio check [<Dockerfile>...] [--image <ref>] [options]
  sagemaker-rstudio rules [--format text|json|markdown]
  sagemaker-rstudio <command> --help

${CHECK_USAGE.split("\n").slice(3).join("\n")}`;

/** A user error: printed as one line, exit 2. */
export class UsageError extends Error {}

export interface Io {
    stdout: (s: string) => void;
    stderr: (s: string) => void;
    isTTY: boolean;
    signal?: AbortSignal;
}

type Format = "text" | "json" | "sarif";

interface CheckOptions {
    dockerfiles: string[];
    image?: string;
    base: BaseMode;
    gpu: boolean;
    buildArgs: Record<string, string>;
    target?: string;
    context?: string;
    configFile?: string;
    domainVersion?: string;
    imageUri?: string;
    format: Format;
    progress: boolean;
    help: boolean;
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
                base: { type: "string", default: "none" },
                gpu: { type: "boolean", default: false },
                "build-arg": { type: "string", multiple: true },
                target: { type: "string" },
                context: { type: "string" },
                config: { type: "string" },
                "domain-version": { type: "string" },
                "image-uri": { type: "string" },
                format: { type: "string", default: "text" },
                "no-progress": { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        });
    } catch (e) {
        throw new UsageError(parseArgsMessage(e));
    }
    const { values, positionals } = parsed;
    const opts: CheckOptions = {
        dockerfiles: positionals,
        base: "none",
        gpu: values.gpu as boolean,
        buildArgs: Object.create(null) as Record<string, string>,
        format: "text",
        progress: !values["no-progress"],
        help: values.help as boolean,
    };
    if (opts.help) return opts;
    if (positionals.length === 0 && values.image === undefined) throw new UsageError("check needs a Dockerfile, --image <ref>, or both (see --help)");
    if (values.image !== undefined && positionals.length > 1) {
        throw new UsageError(`--image checks one image against at most one Dockerfile, got ${positionals.length} Dockerfiles`);
    }
    const format = values.format as string;
    if (format !== "text" && format !== "json" && format !== "sarif") throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
    opts.format = format;
    const base = values.base as string;
    if (base !== "none" && base !== "local" && base !== "pull") throw new UsageError(`--base must be none, local or pull, got "${base}"`);
    opts.base = base;
    for (const kv of values["build-arg"] ?? []) {
        const eq = kv.indexOf("=");
        if (eq <= 0) throw new UsageError(`--build-arg must be KEY=VALUE, got "${kv}"`);
        // A prototype-less object: `__proto__` is a name like any other (and no ARG declares it).
        Object.defineProperty(opts.buildArgs, kv.slice(0, eq), { value: kv.slice(eq + 1), enumerable: true, writable: true, configurable: true });
    }
    if (values.image !== undefined) opts.image = values.image;
    if (values.target !== undefined) opts.target = values.target;
    if (values.context !== undefined) opts.context = values.context;
    if (values.config !== undefined) opts.configFile = values.config;
    if (values["domain-version"] !== undefined) opts.domainVersion = values["domain-version"];
    if (values["image-uri"] !== undefined) opts.imageUri = values["image-uri"];
    return opts;
}

function readConfig(file: string | undefined): SpecConfig {
    let input: Record<string, unknown> = {};
    if (file !== undefined) {
        // Only a regular file of bounded size: a FIFO, a device or a link to /dev/zero is refused, never read.
        const read = readRegularFile(file, FILE_LIMITS.configBytes);
        if (!read.ok) throw new UsageError(`cannot read config ${file}: ${oneLine(read.reason)}`);
        const text = read.text;
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
        // Spread, not Object.assign: a `__proto__` key of the file stays a key (and is rejected as unknown).
        return loadConfig({ asOf: today(), ...input });
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

/** One target of a run: a Dockerfile (and the image, if any), or the image alone. */
interface Outcome {
    dockerfile?: string;
    result?: CheckBuildResult;
    error?: string;
}

/** The user's words for a check-flow input error. */
function inputErrorMessage(e: CheckInputError): string {
    if (e.code === "build-args") return `--build-arg ${e.names.join(", ")}: not declared by any ARG in ${e.file}`;
    return e.message;
}

async function checkOne(opts: CheckOptions, config: SpecConfig, dockerfile: string | undefined, io: Io): Promise<CheckBuildResult> {
    const needsDocker = opts.image !== undefined || (dockerfile !== undefined && opts.base !== "none");
    const p = needsDocker ? progressPrinter(io, opts.progress) : undefined;
    try {
        return await checkBuild({
            // The path as the user wrote it is what findings show (relative to the working directory).
            dockerfile: dockerfile !== undefined ? { path: dockerfile } : undefined,
            buildArgs: opts.buildArgs,
            target: opts.target,
            context: opts.context,
            image: opts.image !== undefined ? { ref: opts.image } : undefined,
            base: opts.base,
            gpu: opts.gpu,
            domain: opts.domainVersion,
            imageUri: opts.imageUri,
            config,
            signal: io.signal,
            onProgress: p?.report,
            onNotice: (m) => io.stderr(`sagemaker-rstudio: ${oneLine(m, 400)}\n`),
        });
    } finally {
        p?.done();
    }
}

/** Check every target; a target's input error is reported and the others still run. */
export async function check(opts: CheckOptions, io: Io): Promise<Outcome[]> {
    const config = readConfig(opts.configFile);
    const targets: (string | undefined)[] = opts.dockerfiles.length > 0 ? opts.dockerfiles : [undefined];
    const outcomes: Outcome[] = [];
    for (const dockerfile of targets) {
        const outcome: Outcome = {};
        if (dockerfile !== undefined) outcome.dockerfile = dockerfile;
        try {
            outcome.result = await checkOne(opts, config, dockerfile, io);
        } catch (e) {
            if (!(e instanceof CheckInputError)) throw e;
            if (e.code === "aborted") throw e;
            outcome.error = inputErrorMessage(e);
        }
        outcomes.push(outcome);
    }
    return outcomes;
}

function exitCode(outcomes: readonly Outcome[]): number {
    let code = 0;
    for (const o of outcomes) {
        if (o.error !== undefined) code = Math.max(code, 2);
        else if (o.result!.findings.some(isBlocking)) code = Math.max(code, 1);
    }
    return code;
}

function render(opts: CheckOptions, outcomes: readonly Outcome[], io: Io): void {
    const done = outcomes.filter((o) => o.result !== undefined);
    for (const o of outcomes) if (o.error !== undefined) io.stderr(`sagemaker-rstudio: ${oneLine(o.error, 400)}\n`);
    if (opts.format === "json") {
        if (opts.dockerfiles.length <= 1) {
            if (done.length === 1) io.stdout(JSON.stringify({ findings: done[0].result!.findings, facts: redactFacts(done[0].result!.facts) }, null, 2) + "\n");
            return;
        }
        // Several Dockerfiles: one entry per file, in the order given; a file that could not be checked has `error`.
        const results = outcomes.map((o) =>
            o.result !== undefined
                ? { file: o.dockerfile, findings: o.result.findings, facts: redactFacts(o.result.facts), notes: o.result.notes }
                : { file: o.dockerfile, error: o.error },
        );
        io.stdout(JSON.stringify({ results }, null, 2) + "\n");
        return;
    }
    if (opts.format === "sarif") {
        const checks: SarifCheck[] = done.map((o) => {
            const c: SarifCheck = { findings: o.result!.findings, facts: o.result!.facts, notes: o.result!.notes };
            if (o.dockerfile !== undefined) c.dockerfile = o.dockerfile;
            if (opts.image !== undefined) c.image = opts.image;
            return c;
        });
        // A run where every file failed still prints a (result-less) SARIF log: CI uploads what it gets.
        io.stdout(JSON.stringify(sarifReport(checks), null, 2) + "\n");
        return;
    }
    const style: Style = io.isTTY && !process.env.NO_COLOR ? "color" : "plain";
    done.forEach((o, i) => {
        if (i > 0) io.stdout("\n");
        io.stdout(formatText(o.result!.findings, o.result!.facts, style, o.result!.notes));
    });
}

function rulesCommand(argv: string[], io: Io): number {
    let values;
    try {
        ({ values } = parseArgs({ args: argv, strict: true, options: { format: { type: "string", default: "text" }, help: { type: "boolean", short: "h", default: false } } }));
    } catch (e) {
        throw new UsageError(parseArgsMessage(e));
    }
    if (values.help) {
        io.stdout(RULES_USAGE + "\n");
        return 0;
    }
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
        if (command === "rules") return rulesCommand(rest, io);
        if (command !== "check") throw new UsageError(`unknown command "${oneLine(command, 60)}" (expected check or rules; see --help)`);
        const opts = parseCheckArgs(rest);
        if (opts.help) {
            io.stdout(CHECK_USAGE + "\n");
            return 0;
        }
        const outcomes = await check(opts, io);
        render(opts, outcomes, io);
        return exitCode(outcomes);
    } catch (e) {
        if (e instanceof UsageError || e instanceof CheckInputError) {
            io.stderr(`sagemaker-rstudio: ${oneLine(e.message, 400)}\n`);
            return 2;
        }
        throw e;
    }
}
