import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../cli/main";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "cli", "bin.js");

export interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/** Run the CLI in-process (fast), capturing output. */
export async function cli(...argv: string[]): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
    return { code, stdout, stderr };
}

/** Run the real executable, as a CI pipeline would. */
export function cliProcess(args: string[], cwd = ROOT, env: Record<string, string> = {}): Run {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temp dir with the given files; returns its path. */
export function tempDir(files: Record<string, string | Buffer>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-cli-"));
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
}

/** A Dockerfile that passes every mandatory rule, to be varied by tests. */
export const GOOD = `ARG RSW_VERSION=2025.05.1
FROM --platform=linux/amd64 rstudio/r-session-complete:jammy-\${RSW_VERSION}
RUN apt-get update && apt-get install -y --no-install-recommends sudo openjdk-11-jdk libpng-dev
RUN R -e "install.packages('reticulate')"
RUN pip install boto3 awscli 'sagemaker[local]<3'
ENV RSTUDIO_CONNECT_URL="" RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co"
ENV RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1
`;

/**
 * GOOD built on `scratch`: the Dockerfile's lists are then complete (nothing inherited), so a finding about something
 * missing rests on evidence (verified) and blocks; on a base that is not inspected the same finding is unverified.
 */
export const GOOD_ON_SCRATCH = GOOD.replace("rstudio/r-session-complete:jammy-${RSW_VERSION}", "scratch");
