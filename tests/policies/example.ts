/**
 * The example in docs/policy-pack.md, produced by a real run: the pack started as the engine starts it, configured
 * with policies/examples/policy-config.json as `--policy-pack-config` would, then sent what a preview of a small
 * stack sends (an RStudioImage whose facts come from tests/policies/example/Dockerfile, the resources it creates,
 * and a domain attaching it), and the diagnostics laid out as the CLI's "Policies:" summary.
 *
 * Print it: `npx ts-node --transpile-only tests/policies/example.ts`; with `--write`, also put it into
 * docs/policy-pack.md (after a rule's wording changes). tests/policies/docs.test.ts checks that the docs show
 * exactly this output.
 */
import * as fs from "fs";
import * as path from "path";
import { inspectDockerfile } from "../../inspect/dockerfile";
import {
    POLICIES_DIR,
    REPO_ROOT,
    STACK_URN,
    UNKNOWN,
    buildPack,
    renderPolicies,
    resourceUrn,
    startPack,
    type Diagnostic,
    type EngineResource,
    type PackConfigFile,
} from "./harness";
import { DOMAIN_ARN_2025_05, domain, rstudioImage, rstudioImageChildren } from "./fixtures";

export const EXAMPLE_DOCKERFILE = path.join(__dirname, "example", "Dockerfile");
export const EXAMPLE_CONFIG = path.join(POLICIES_DIR, "examples", "policy-config.json");
export const POLICY_PACK_DOC = path.join(REPO_ROOT, "docs", "policy-pack.md");

const OUTPUT_BLOCK = /(<!-- example-output:start -->\n```text\n)[\s\S]*?(\n```\n<!-- example-output:end -->)/;

/** The fenced block between `<!-- name:start -->` and `<!-- name:end -->` of a markdown text. */
export function docBlock(doc: string, name: string): string | undefined {
    const m = new RegExp(`<!-- ${name}:start -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\`\\n<!-- ${name}:end -->`).exec(doc);
    return m?.[1];
}

/** The resources of the example stack, as a preview sends them. */
export function exampleStack(): EngineResource[] {
    const { facts } = inspectDockerfile(fs.readFileSync(EXAMPLE_DOCKERFILE, "utf8"), { file: "Dockerfile" });
    const image = rstudioImage("rstudio-cpu", { facts, dockerfile: "Dockerfile" });
    // At preview the pushed image's digest is not known yet, so the ImageVersion's baseImage is unknown.
    const children = rstudioImageChildren(image, { baseImage: UNKNOWN });
    const studio = domain("studio", { images: ["rstudio-cpu", "team-legacy"], arn: DOMAIN_ARN_2025_05 });
    return [image, ...children, studio];
}

export async function runExample(): Promise<string> {
    buildPack();
    const config = JSON.parse(fs.readFileSync(EXAMPLE_CONFIG, "utf8")) as PackConfigFile;
    const pack = await startPack(POLICIES_DIR);
    try {
        await pack.configureStack({ dryRun: true });
        const info = await pack.configureFromFile(config);
        const diags: Diagnostic[] = [];
        const resources = exampleStack();
        // The engine attributes Analyze diagnostics to the analyzed resource, stack ones to their URN or the stack.
        for (const r of resources) diags.push(...(await pack.analyze(r)).map((d) => ({ ...d, urn: d.urn || resourceUrn(r) })));
        diags.push(...(await pack.analyzeStack(resources)).map((d) => ({ ...d, urn: d.urn || STACK_URN })));
        return renderPolicies(info.name, info.version, "policies", diags);
    } finally {
        await pack.stop();
    }
}

if (require.main === module) {
    runExample().then(
        (out) => {
            console.log(out);
            if (process.argv.includes("--write")) {
                const doc = fs.readFileSync(POLICY_PACK_DOC, "utf8");
                if (!OUTPUT_BLOCK.test(doc)) throw new Error(`${POLICY_PACK_DOC} has no example-output block`);
                fs.writeFileSync(POLICY_PACK_DOC, doc.replace(OUTPUT_BLOCK, (_m, head: string, tail: string) => head + out + tail));
                console.error(`updated ${path.relative(process.cwd(), POLICY_PACK_DOC)}`);
            }
        },
        (e: unknown) => {
            console.error(e instanceof Error ? e.message : String(e));
            process.exitCode = 1;
        },
    );
}
