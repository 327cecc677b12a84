#!/usr/bin/env node
/**
 * Regenerates tests/fixtures/aws-model/: a trimmed copy of AWS's published API models (the botocore service models,
 * `botocore/data/<service>/<api-version>/service-2.json[.gz]`) holding only the operations the components cause and
 * every shape those operations reference (documentation strings dropped). The contract tests read this copy only,
 * never the installed botocore, so they do not depend on what happens to be installed.
 *
 *   node tools/aws-model.js                    # botocore found through `python3 -c "import botocore"`
 *   node tools/aws-model.js --botocore DIR     # DIR is the botocore package directory (holds data/)
 *
 * Each output file records the botocore version and the date it was generated. Review the diff of a regeneration:
 * a changed pattern or a new required member is a change of AWS's contract.
 */
"use strict";
const childProcess = require("child_process");
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

/** The operations whose requests (and responses) the components and the shared-app module depend on. */
const OPERATIONS = {
    sagemaker: [
        "CreateImage",
        "UpdateImage",
        "DescribeImage",
        "CreateImageVersion",
        "DescribeImageVersion",
        "CreateAppImageConfig",
        "CreateDomain",
        "UpdateDomain",
        "DescribeDomain",
        "CreateUserProfile",
        "CreateApp",
        "DeleteApp",
        "DescribeApp",
        "ListApps",
    ],
    ecr: ["CreateRepository", "PutLifecyclePolicy", "PutImageScanningConfiguration", "PutImageTagMutability", "DescribeRepositories"],
    iam: ["CreateRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "AttachRolePolicy", "CreatePolicy"],
};

/**
 * Members whose documentation states a rule the model's structure cannot (a conditional requirement). Their
 * documentation is kept (HTML removed) so the contract tests' conditional rules cite the text they encode.
 */
const KEEP_DOCUMENTATION = {
    sagemaker: [
        "CreateDomainRequest.AppSecurityGroupManagement",
        "UpdateDomainRequest.AppSecurityGroupManagement",
        "UserSettings.SecurityGroups",
        "CreateAppRequest.UserProfileName",
        "CreateAppRequest.SpaceName",
        "CreateDomainRequest.SubnetIds",
        "CreateDomainRequest.VpcId",
        "RStudioServerProAppSettings.UserGroup",
    ],
    ecr: [],
    iam: [],
};

const OUT_DIR = path.resolve(__dirname, "..", "tests", "fixtures", "aws-model");

function parseArgs(argv) {
    const out = {};
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--botocore") out.botocore = argv[++i];
        else if (argv[i] === "--out") out.out = argv[++i];
        else if (argv[i] === "-h" || argv[i] === "--help") out.help = true;
        else throw new Error(`unknown argument ${argv[i]} (use --botocore DIR, --out DIR)`);
    }
    return out;
}

function findBotocore() {
    try {
        return childProcess
            .execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" })
            .trim();
    } catch {
        throw new Error("botocore not found through python3; install it (pip install botocore, or apt-get install python3-botocore) or pass --botocore DIR");
    }
}

function botocoreVersion(dir) {
    const init = fs.readFileSync(path.join(dir, "__init__.py"), "utf8");
    const m = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(init);
    if (!m) throw new Error(`no __version__ in ${path.join(dir, "__init__.py")}`);
    return m[1];
}

/** The newest API version's service-2.json (plain or gzip) of a service. */
function readModel(dir, service) {
    const serviceDir = path.join(dir, "data", service);
    const versions = fs.readdirSync(serviceDir).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort();
    if (versions.length === 0) throw new Error(`no API versions under ${serviceDir}`);
    const apiDir = path.join(serviceDir, versions[versions.length - 1]);
    for (const name of ["service-2.json", "service-2.json.gz"]) {
        const file = path.join(apiDir, name);
        if (!fs.existsSync(file)) continue;
        const raw = fs.readFileSync(file);
        const text = name.endsWith(".gz") ? zlib.gunzipSync(raw).toString("utf8") : raw.toString("utf8");
        return { model: JSON.parse(text), file: path.relative(dir, file) };
    }
    throw new Error(`no service-2.json in ${apiDir}`);
}

/** A shape without documentation (kept: type, members and their locations/flags, required, enum, pattern, min, max…). */
function plainText(html) {
    return html
        .replace(/<\/?(?:p|li|ul|ol|note|important|br)\b[^>]*>/g, " ")
        .replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

function trimShape(shape, shapeName, keepDocs) {
    const out = {};
    for (const [k, v] of Object.entries(shape)) {
        if (k === "documentation") continue;
        if (k === "members") {
            out.members = {};
            for (const [name, member] of Object.entries(v)) {
                const m = {};
                for (const [mk, mv] of Object.entries(member)) if (mk !== "documentation") m[mk] = mv;
                if (keepDocs.has(`${shapeName}.${name}`) && member.documentation) m.documentation = plainText(member.documentation);
                out.members[name] = m;
            }
        } else if (k === "member" || k === "key" || k === "value") {
            const m = {};
            for (const [mk, mv] of Object.entries(v)) if (mk !== "documentation") m[mk] = mv;
            out[k] = m;
        } else {
            out[k] = v;
        }
    }
    return out;
}

function referenced(shape) {
    const refs = [];
    if (shape.members) for (const m of Object.values(shape.members)) refs.push(m.shape);
    for (const k of ["member", "key", "value"]) if (shape[k]) refs.push(shape[k].shape);
    return refs;
}

function trimService(model, operations, keep) {
    const keepDocs = new Set(keep);
    const shapes = {};
    const ops = {};
    const queue = [];
    for (const name of operations) {
        const op = model.operations[name];
        if (!op) throw new Error(`operation ${name} is not in the ${model.metadata.serviceId} model`);
        ops[name] = { input: op.input?.shape, output: op.output?.shape, errors: (op.errors ?? []).map((e) => e.shape) };
        if (op.input) queue.push(op.input.shape);
        if (op.output) queue.push(op.output.shape);
    }
    while (queue.length > 0) {
        const name = queue.pop();
        if (shapes[name] !== undefined) continue;
        const shape = model.shapes[name];
        if (!shape) throw new Error(`shape ${name} is referenced but not defined`);
        shapes[name] = trimShape(shape, name, keepDocs);
        queue.push(...referenced(shape));
    }
    for (const k of keepDocs) {
        const [shape, member] = k.split(".");
        if (!shapes[shape]?.members?.[member]?.documentation) throw new Error(`no documentation kept for ${k}: the member is gone or undocumented`);
    }
    const sorted = {};
    for (const k of Object.keys(shapes).sort()) sorted[k] = shapes[k];
    const metadata = {};
    for (const k of ["apiVersion", "protocol", "jsonVersion", "targetPrefix", "serviceId", "endpointPrefix", "signingName", "xmlNamespace"]) {
        if (model.metadata[k] !== undefined) metadata[k] = model.metadata[k];
    }
    return { metadata, operations: ops, shapes: sorted };
}

function main() {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
        process.stdout.write("usage: node tools/aws-model.js [--botocore DIR] [--out DIR]\n");
        return;
    }
    const dir = args.botocore ?? findBotocore();
    const version = botocoreVersion(dir);
    const outDir = args.out ?? OUT_DIR;
    fs.mkdirSync(outDir, { recursive: true });
    const generated = new Date().toISOString().slice(0, 10);
    for (const [service, operations] of Object.entries(OPERATIONS)) {
        const { model, file } = readModel(dir, service);
        const trimmed = trimService(model, operations, KEEP_DOCUMENTATION[service] ?? []);
        const doc = {
            source: {
                from: `botocore ${version}`,
                file: `botocore/${file.split(path.sep).join("/")}`,
                generated,
                by: "node tools/aws-model.js",
                note: "Trimmed copy of AWS's API model: only these operations and the shapes they reference; documentation removed.",
            },
            ...trimmed,
        };
        const out = path.join(outDir, `${service}.json`);
        fs.writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
        process.stdout.write(`${out}: ${Object.keys(trimmed.operations).length} operations, ${Object.keys(trimmed.shapes).length} shapes (botocore ${version})\n`);
    }
}

module.exports = { OPERATIONS, KEEP_DOCUMENTATION, readModel, trimService, botocoreVersion };

if (require.main === module) {
    try {
        main();
    } catch (e) {
        process.stderr.write(`aws-model: ${e.message}\n`);
        process.exit(1);
    }
}
