/**
 * Registry credentials the way `docker pull` finds them after `docker login`: the Docker config file
 * (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`), in Docker's order for a registry host:
 *
 *   1. `credHelpers[host]`  → `docker-credential-<name> get` (e.g. `ecr-login` for ECR);
 *   2. `credsStore`         → `docker-credential-<name> get` (the desktop keychain, `pass`, …);
 *   3. `auths[host]`        → `auth` (base64 `user:password`), or `username`/`password`, or `identitytoken`.
 *
 * The helper protocol (docker/docker-credential-helpers): the server address on stdin, JSON
 * `{"ServerURL","Username","Secret"}` on stdout; Username `<token>` means Secret is an identity token; "credentials
 * not found" on stdout with a non-zero exit means there are none. Credentials are never logged or put in a message:
 * messages name the config file and the helper, never what they returned.
 */
import { spawn } from "child_process";
import { readFileSync, statSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import { ImageInspectError } from "./errors";

/** What a pull sends as X-Registry-Auth (Engine API AuthConfig). */
export interface RegistryAuthConfig {
    username?: string;
    password?: string;
    identitytoken?: string;
    serveraddress: string;
}

export interface FoundCredential {
    auth: RegistryAuthConfig;
    /** Where it came from, for messages: `auths in /root/.docker/config.json`, `docker-credential-ecr-login`. */
    source: string;
}

/** The key Docker uses for Docker Hub in config files and for helpers. */
export const DOCKER_HUB_KEY = "https://index.docker.io/v1/";
/** The config file is read up to this size (a real one is a few kB). */
export const CONFIG_MAX_BYTES = 1024 * 1024;
/** A credential helper must answer within this time (the ECR helper calls AWS STS/ECR). */
export const HELPER_TIMEOUT_MS = 30_000;
/** A helper's output is read up to this size. */
export const HELPER_OUTPUT_MAX = 64 * 1024;

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
    const dir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== "" ? env.DOCKER_CONFIG : join(env.HOME && env.HOME !== "" ? env.HOME : homedir(), ".docker");
    return join(dir, "config.json");
}

interface AuthEntry {
    auth?: unknown;
    username?: unknown;
    password?: unknown;
    identitytoken?: unknown;
}

interface DockerConfigFile {
    auths?: Record<string, AuthEntry>;
    credsStore?: unknown;
    credHelpers?: Record<string, unknown>;
}

/** `https://host:5000/v2/` → `host:5000` (Docker's ConvertToHostname). */
export function configKeyHost(key: string): string {
    let k = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
    const slash = k.indexOf("/");
    if (slash >= 0) k = k.slice(0, slash);
    return k.toLowerCase();
}

/** The server address a registry host is known by in config files and helpers (Docker Hub has its own). */
export function serverAddress(registry: string | undefined): string {
    return registry === undefined || registry === "docker.io" || registry === "index.docker.io" || registry === "registry-1.docker.io" ? DOCKER_HUB_KEY : registry;
}

function readConfig(path: string, notice: (m: string) => void): DockerConfigFile | undefined {
    let size: number;
    try {
        const st = statSync(path);
        if (!st.isFile()) {
            notice(`the Docker config ${path} is not a regular file; pulling without credentials`);
            return undefined;
        }
        size = st.size;
    } catch {
        return undefined; // no config file: anonymous, as docker pull
    }
    if (size > CONFIG_MAX_BYTES) {
        notice(`the Docker config ${path} is larger than ${CONFIG_MAX_BYTES / 1024} KiB; not read, pulling without credentials`);
        return undefined;
    }
    try {
        const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        return parsed as DockerConfigFile;
    } catch {
        // docker pull warns and goes on without the file, too.
        notice(`the Docker config ${path} is not valid JSON; pulling without credentials`);
        return undefined;
    }
}

function lookup<T>(record: Record<string, T> | undefined, address: string): T | undefined {
    if (record === null || typeof record !== "object") return undefined;
    if (Object.prototype.hasOwnProperty.call(record, address)) return record[address];
    const host = configKeyHost(address);
    for (const key of Object.keys(record)) if (configKeyHost(key) === host) return record[key];
    return undefined;
}

/** Credentials for `registry` (undefined = Docker Hub) from the Docker config, or undefined (pull anonymously). */
export async function findCredentials(
    registry: string | undefined,
    opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; notice?: (m: string) => void } = {},
): Promise<FoundCredential | undefined> {
    const env = opts.env ?? process.env;
    const notice = opts.notice ?? (() => {});
    const path = dockerConfigPath(env);
    const config = readConfig(path, notice);
    if (config === undefined) return undefined;
    const address = serverAddress(registry);
    const helper = lookup(config.credHelpers, address) ?? (typeof config.credsStore === "string" && config.credsStore !== "" ? config.credsStore : undefined);
    if (typeof helper === "string" && helper !== "") {
        const where = lookup(config.credHelpers, address) !== undefined ? `credHelpers for ${address}` : "credsStore";
        return fromHelper(helper, address, `${where} in ${path}`, env, opts.signal);
    }
    const entry = lookup(config.auths, address);
    if (entry === undefined || entry === null || typeof entry !== "object") return undefined;
    const source = `auths in ${path}`;
    if (typeof entry.identitytoken === "string" && entry.identitytoken !== "") {
        return { auth: { identitytoken: entry.identitytoken, serveraddress: address }, source };
    }
    if (typeof entry.auth === "string" && entry.auth !== "") {
        const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        if (colon <= 0) throw new ImageInspectError("registry-auth", `the auths entry for ${address} in ${path} is not base64 of user:password`);
        return { auth: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: address }, source };
    }
    if (typeof entry.username === "string" && typeof entry.password === "string") {
        return { auth: { username: entry.username, password: entry.password, serveraddress: address }, source };
    }
    return undefined;
}

/** Helper names are a program-name suffix: no path separators (a config must not run an arbitrary file). */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function fromHelper(name: string, address: string, where: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<FoundCredential | undefined> {
    if (!HELPER_NAME.test(name)) {
        return Promise.reject(new ImageInspectError("registry-auth", `the credential helper name in ${where} is not a program name suffix (letters, digits, . _ -)`));
    }
    const program = `docker-credential-${name}`;
    return new Promise((resolve, reject) => {
        const timeout = AbortSignal.timeout(HELPER_TIMEOUT_MS);
        const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
        const child = spawn(program, ["get"], { env, stdio: ["pipe", "pipe", "pipe"], signal: combined });
        let out = Buffer.alloc(0);
        let tooBig = false;
        child.stdout.on("data", (b: Buffer) => {
            if (out.length + b.length > HELPER_OUTPUT_MAX) tooBig = true;
            else out = Buffer.concat([out, b]);
        });
        child.stderr.resume(); // never shown: a helper may print anything there
        child.stdin.on("error", () => {});
        child.stdin.end(address);
        child.on("error", (e: NodeJS.ErrnoException) => {
            if (signal?.aborted) reject(new ImageInspectError("scan-failed", "image inspection aborted"));
            else if (timeout.aborted) reject(new ImageInspectError("registry-auth", `${program} (${where}) did not answer within ${HELPER_TIMEOUT_MS / 1000} s`));
            else if (e.code === "ENOENT") reject(new ImageInspectError("registry-auth", `${program} (named by ${where}) is not on PATH: install it, or remove it from the config`));
            else reject(new ImageInspectError("registry-auth", `${program} (${where}) could not be run: ${e.code ?? "error"}`));
        });
        child.on("close", (code) => {
            if (combined.aborted) return; // reported by "error"
            const text = out.toString("utf8");
            if (code !== 0) {
                // "credentials not found in native keychain": no credentials for this registry, pull anonymously.
                if (/credentials not found/i.test(text)) resolve(undefined);
                else reject(new ImageInspectError("registry-auth", `${program} get (${where}) failed with exit code ${code} for ${address}`));
                return;
            }
            if (tooBig) return reject(new ImageInspectError("registry-auth", `${program} get (${where}) wrote more than ${HELPER_OUTPUT_MAX / 1024} KiB`));
            let parsed: { Username?: unknown; Secret?: unknown };
            try {
                parsed = JSON.parse(text) as typeof parsed;
            } catch {
                return reject(new ImageInspectError("registry-auth", `${program} get (${where}) did not answer with JSON`));
            }
            const user = typeof parsed.Username === "string" ? parsed.Username : "";
            const secret = typeof parsed.Secret === "string" ? parsed.Secret : "";
            if (secret === "") return resolve(undefined);
            const source = program;
            if (user === "<token>") resolve({ auth: { identitytoken: secret, serveraddress: address }, source });
            else resolve({ auth: { username: user, password: secret, serveraddress: address }, source });
        });
    });
}

/** Replace every occurrence of a secret in `text` (a registry or daemon message quoted back). */
export function redactSecrets(text: string, auth: RegistryAuthConfig | undefined): string {
    let out = text;
    for (const s of [auth?.password, auth?.identitytoken]) {
        if (s !== undefined && s.length >= 4) out = out.split(s).join("[secret]");
    }
    return out;
}
