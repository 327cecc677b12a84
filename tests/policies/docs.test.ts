/**
 * docs/policy-pack.md shows what the pack really prints: its example output is compared with a real run
 * (tests/policies/example.ts), its Dockerfile and config with the files the run uses, its tables with the pack.
 */
import * as assert from "assert";
import * as fs from "fs";
import { POLICIES } from "../../policies/policies";
import { CONFIG_SCHEMAS } from "../../policies/config";
import { EXAMPLE_CONFIG, EXAMPLE_DOCKERFILE, POLICY_PACK_DOC, docBlock, runExample } from "./example";

function block(doc: string, name: string): string {
    const b = docBlock(doc, name);
    assert.ok(b !== undefined, `docs/policy-pack.md has no ${name} block`);
    return b;
}

describe("docs/policy-pack.md", function () {
    const doc = fs.readFileSync(POLICY_PACK_DOC, "utf8");

    it("shows the output of a real run of the example", async () => {
        const out = await runExample();
        assert.strictEqual(block(doc, "example-output"), out, "regenerate with `npx ts-node --transpile-only tests/policies/example.ts --write`");
    });

    it("shows the Dockerfile and config the example uses", () => {
        assert.strictEqual(block(doc, "example-dockerfile"), fs.readFileSync(EXAMPLE_DOCKERFILE, "utf8").trimEnd());
        assert.strictEqual(block(doc, "example-config"), fs.readFileSync(EXAMPLE_CONFIG, "utf8").trimEnd());
    });

    it("lists every policy with its default level, and every config property", () => {
        for (const p of POLICIES) {
            assert.match(doc, new RegExp(`\\| \`${p.name}\` \\| [^|]+ \\| ${p.enforcementLevel} \\|`), p.name);
        }
        for (const schema of Object.values(CONFIG_SCHEMAS)) {
            for (const key of Object.keys(schema.properties)) assert.ok(doc.includes(`| \`${key}\` |`), key);
        }
    });
});
