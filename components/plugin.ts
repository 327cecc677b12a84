/**
 * The component provider as the engine runs it from the published (compiled) package.
 *
 * `componentProviderHost` infers the schema from the TypeScript sources at every plugin start (a type-check of the
 * package and of @pulumi/aws's declarations: seconds). The published package has no sources; `npm run build`
 * (scripts/build.js) runs the same inference once and writes `dist/schema.json`. This provider serves that text on
 * GetSchema and constructs a component by the class name in its type token, returning the outputs the schema lists:
 * what `ComponentProvider` does after its analysis, through the public `Provider` interface only.
 */
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";

/** True when this process is Pulumi's plugin runner (the engine started the package as a provider). */
export function runningAsPlugin(): boolean {
    const main = require.main?.filename ?? "";
    return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin[\\/]/.test(main);
}

let hostingClaimed = false;
/**
 * Claim the one gRPC server of this process: true for the first caller only. The package entry (components/entry.ts)
 * and components/provider.ts both host under the plugin runner; whichever is loaded first serves, the other stays a
 * library (the entry loads provider lazily, at the first Construct).
 */
export function claimHosting(): boolean {
    if (hostingClaimed) return false;
    hostingClaimed = true;
    return true;
}

/** A component class as the provider constructs it. */
export type ComponentClass = new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

/** Where the build writes the schema, relative to this file once compiled (dist/components/plugin.js → dist/schema.json). */
export const PREBUILT_SCHEMA = path.join(__dirname, "..", "schema.json");

/** The schema the build wrote, or undefined when running from the sources (no build output next to them). */
export function readPrebuiltSchema(file: string = PREBUILT_SCHEMA): string | undefined {
    if (path.extname(__filename) !== ".js") return undefined; // sources (ts-node): the schema is inferred, never stale
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

interface SchemaShape {
    name: string;
    version?: string;
    resources?: Record<string, { isComponent?: boolean; properties?: Record<string, unknown> }>;
}

/** Serves a prebuilt schema; constructs the components named by it. */
export class PrebuiltComponentProvider implements provider.Provider {
    readonly version: string;
    private readonly outputs = new Map<string, string[]>();
    private classes?: Map<string, ComponentClass>;

    /**
     * @param components the classes, or a function that loads them: then they (and @pulumi/aws, …) are only loaded
     *   when the engine first constructs a component, not for GetSchema.
     */
    constructor(
        private readonly schemaText: string,
        private readonly components: readonly ComponentClass[] | (() => readonly ComponentClass[]),
    ) {
        const schema = JSON.parse(schemaText) as SchemaShape;
        this.version = schema.version ?? "0.0.0";
        for (const [token, resource] of Object.entries(schema.resources ?? {})) {
            if (resource.isComponent) this.outputs.set(token, Object.keys(resource.properties ?? {}));
        }
        if (typeof components !== "function") this.loadClasses();
    }

    private loadClasses(): Map<string, ComponentClass> {
        if (this.classes === undefined) {
            const list = typeof this.components === "function" ? this.components() : this.components;
            const classes = new Map(list.map((c) => [c.name, c]));
            for (const token of this.outputs.keys()) {
                const name = token.split(":")[2];
                if (!classes.has(name)) throw new Error(`the schema names ${token}, but no component class ${name} was given`);
            }
            this.classes = classes;
        }
        return this.classes;
    }

    async getSchema(): Promise<string> {
        return this.schemaText;
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
        const outputs = this.outputs.get(type);
        const ctor = outputs === undefined ? undefined : this.loadClasses().get(type.split(":")[2]);
        if (outputs === undefined || ctor === undefined) {
            throw new Error(`unknown component type ${type} (this provider serves ${[...this.outputs.keys()].join(", ")})`);
        }
        const instance = new ctor(name, inputs, options) as pulumi.ComponentResource & Record<string, unknown>;
        const state: Record<string, unknown> = {};
        for (const key of outputs) state[key] = instance[key];
        return { urn: instance.urn, state };
    }
}

/** Start the gRPC server the engine talks to (prints the port on stdout, like every plugin). */
export function servePrebuilt(
    schemaText: string,
    components: readonly ComponentClass[] | (() => readonly ComponentClass[]),
    args: string[] = process.argv.slice(2),
): Promise<void> {
    return provider.main(new PrebuiltComponentProvider(schemaText, components), args);
}
