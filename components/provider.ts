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
import { componentProviderHost, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { RStudioDomain, RStudioImage } from "./index";

export * from "./index";

/** The package name: the first part of the components' type tokens. */
export const PACKAGE_NAME = "sagemaker-rstudio";

/** The repository root: where package.json and tsconfig.json are, which the schema inference reads. */
export const PACKAGE_DIR = path.resolve(__dirname, "..");

/** Options for `componentProviderHost` / `ComponentProvider`. */
export function providerOptions(): ComponentProviderOptions {
    return { name: PACKAGE_NAME, dirname: PACKAGE_DIR, components: [RStudioImage, RStudioDomain] };
}

/** True when this process is Pulumi's plugin runner (the engine started the package as a provider). */
export function runningAsPlugin(): boolean {
    const main = require.main?.filename ?? "";
    return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin[\\/]/.test(main);
}

if (runningAsPlugin()) {
    componentProviderHost(providerOptions()).catch((e: unknown) => {
        console.error(`sagemaker-rstudio provider: ${(e as Error).message}`);
        process.exitCode = 1;
    });
}
