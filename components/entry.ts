/**
 * package.json "main" of the published package: what Pulumi's plugin runner loads when the engine starts the package
 * as a plugin (`require(<package folder>)` follows "main", not "exports").
 *
 * - Under the plugin runner: serve dist/schema.json (components/plugin.ts), and load the components, with
 *   @pulumi/aws and the rest, only when the engine first constructs one: GetSchema is answered without them.
 *   Nothing is exported: the runner hosts exported component classes itself, which would start a second server.
 * - Anywhere else (a `require` of the folder by path): exactly the library entry, components/provider.
 * `import`/`require` of the package name go through package.json "exports" to components/provider directly.
 */
import { claimHosting, readPrebuiltSchema, runningAsPlugin, servePrebuilt } from "./plugin";

type Library = typeof import("./provider");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = (): Library => require("./provider") as Library;

if (runningAsPlugin() && claimHosting()) {
    const schema = readPrebuiltSchema();
    // Without the build's schema (a dist/ built by tsc alone) the schema is inferred at start, as the SDK does.
    const hosting = schema !== undefined ? servePrebuilt(schema, () => library().providerOptions().components) : library().hostProvider();
    hosting.catch((e: unknown) => {
        console.error(`sagemaker-rstudio provider: ${(e as Error).message}`);
        process.exitCode = 1;
    });
} else {
    module.exports = library();
}
