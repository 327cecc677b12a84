/**
 * The package entry (`package.json` "main") and the component provider of `pulumi package add`.
 *
 * Imported as a library it only re-exports the components. Loaded by Pulumi's plugin runner
 * (`@pulumi/pulumi/cmd/run-plugin`, which `PulumiPlugin.yaml` makes the engine start), it serves RStudioImage and
 * RStudioDomain under the package name `sagemaker-rstudio`, so the type tokens are
 * `sagemaker-rstudio:index:RStudioImage` and `sagemaker-rstudio:index:RStudioDomain` in every language. (The plugin
 * runner would otherwise name the package after package.json's `name`, `pulumi-sagemaker-rstudio`.)
 */
import * as path from "path";
import * as provider from "@pulumi/pulumi/provider";
import { ComponentProvider, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { RStudioDomain, RStudioImage } from "./index";
import { claimHosting, runningAsPlugin } from "./plugin";

export * from "./index";

/** The package name: the first part of the components' type tokens. */
export const PACKAGE_NAME = "sagemaker-rstudio";

/** The repository root: where package.json and tsconfig.json are, which the schema inference reads. */
export const PACKAGE_DIR = path.resolve(__dirname, "..");

/** Options for `componentProviderHost` / `ComponentProvider`. */
export function providerOptions(): ComponentProviderOptions {
    return { name: PACKAGE_NAME, dirname: PACKAGE_DIR, components: [RStudioImage, RStudioDomain] };
}

/**
 * Properties whose value is a whole number. TypeScript has one `number` type, so the inferred schema says
 * `number`; a Python or Go user should get `int` (AWS's model: ImageVersionNumber and the Version of
 * DescribeImageVersion are integers; an ECR lifecycle `countNumber` is an integer).
 */
export const INTEGER_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    "sagemaker-rstudio:index:RStudioImage": ["imageVersion", "keepImages"],
    "sagemaker-rstudio:index:RStudioCustomImage": ["imageVersionNumber"],
    "sagemaker-rstudio:index:RStudioDomainCustomImage": ["imageVersionNumber"],
    "sagemaker-rstudio:index:RStudioFinding": ["line"],
};

interface SchemaObject {
    properties?: Record<string, { type?: string }>;
    inputProperties?: Record<string, { type?: string }>;
}

/** The inferred schema with what inference cannot say: integers where the value is an integer. */
export function refineSchema(schemaText: string): string {
    const schema = JSON.parse(schemaText) as { resources?: Record<string, SchemaObject>; types?: Record<string, SchemaObject> };
    for (const [token, names] of Object.entries(INTEGER_PROPERTIES)) {
        const target = schema.resources?.[token] ?? schema.types?.[token];
        if (target === undefined) continue;
        for (const table of [target.properties, target.inputProperties]) {
            for (const n of names) if (table?.[n]?.type === "number") table[n].type = "integer";
        }
    }
    return JSON.stringify(schema);
}

/** The component provider with the refined schema. */
export class RStudioComponentProvider extends ComponentProvider {
    private refined?: string;

    async getSchema(): Promise<string> {
        this.refined ??= refineSchema(await super.getSchema());
        return this.refined;
    }
}

/** The schema the plugin serves (the build writes it to dist/schema.json). */
export async function pluginSchema(): Promise<string> {
    return new RStudioComponentProvider(providerOptions()).getSchema();
}

/** Host the provider over gRPC (what `componentProviderHost` does, with the refined schema). */
export function hostProvider(args: string[] = process.argv.slice(2)): Promise<void> {
    return provider.main(new RStudioComponentProvider(providerOptions()), args);
}

// True when this process is Pulumi's plugin runner (one definition, in components/plugin.ts).
export { runningAsPlugin };

if (runningAsPlugin() && claimHosting()) {
    // Loaded as the plugin's entry from the sources (the published package's entry is components/entry.ts, which
    // serves the schema the build inferred): infer the schema now. This module then exports nothing to the plugin
    // runner: it hosts the component classes it finds in the exports itself (componentProviderHost), which would start
    // a second server and print a second port.
    module.exports = {};
    hostProvider().catch((e: unknown) => {
        console.error(`sagemaker-rstudio provider: ${(e as Error).message}`);
        process.exitCode = 1;
    });
}
