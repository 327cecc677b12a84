/**
 * The example in docs/policy-pack.md, produced by a real run: the pack started as the engine starts it, configured
 * with policies/examples/policy-config.json as `--policy-pack-config` would, then sent what a preview of a small
 * stack sends (an RStudioImage whose facts come from tests/policies/example/Dockerfile, the resources it creates,
 * and a domain attaching it), and the diagnostics laid out as the CLI's "Policies:" summary.
 *
 * Print it: `npx ts-node --transpile-only tests/policies/example.ts`. tests/policies/docs.test.ts checks that the
 * docs show exactly this output.
 */
import * as fs from "fs";
import * as path from "path";
import { inspectDockerfile } from "../../inspect/dockerfile";
import {
    POLICIES_DIR,
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
        (out) => console.log(out),
        (e: unknown) => {
            console.error(e instanceof Error ? e.message : String(e));
            process.exitCode = 1;
        },
    );
}
