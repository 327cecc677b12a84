/**
 * The regeneration script (tools/aws-model.js) on a small synthetic botocore tree: the tests never read the
 * installed botocore, so the script's trimming is checked on a model made here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";

interface Tool {
    readModel(dir: string, service: string): { model: any; file: string };
    trimService(model: any, operations: string[], keep: string[]): { metadata: Record<string, string>; operations: Record<string, any>; shapes: Record<string, any> };
    botocoreVersion(dir: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tool = require("../../tools/aws-model.js") as Tool;

const MODEL = {
    metadata: { apiVersion: "2017-07-24", protocol: "json", jsonVersion: "1.1", targetPrefix: "SageMaker", serviceId: "SageMaker", uid: "x" },
    operations: {
        CreateThing: { name: "CreateThing", input: { shape: "CreateThingRequest" }, output: { shape: "CreateThingResponse" }, errors: [{ shape: "ResourceInUse" }], documentation: "<p>op</p>" },
        Unrelated: { name: "Unrelated", input: { shape: "UnrelatedRequest" } },
    },
    shapes: {
        CreateThingRequest: {
            type: "structure",
            required: ["Name"],
            members: {
                Name: { shape: "Name", documentation: "<p>The name. <b>Required</b> when <code>Mode</code> is <code>X</code>.</p>" },
                Items: { shape: "ItemList", documentation: "<p>items</p>" },
            },
            documentation: "<p>request</p>",
        },
        CreateThingResponse: { type: "structure", members: { Arn: { shape: "Arn" } } },
        ItemList: { type: "list", member: { shape: "Item" }, max: 3 },
        Item: { type: "structure", members: { Tags: { shape: "TagMap" } } },
        TagMap: { type: "map", key: { shape: "Name" }, value: { shape: "Arn" } },
        Name: { type: "string", pattern: "[a-z]+", max: 63, documentation: "<p>a name</p>" },
        Arn: { type: "string", max: 256 },
        ResourceInUse: { type: "structure", members: {}, exception: true },
        UnrelatedRequest: { type: "structure", members: { X: { shape: "Unused" } } },
        Unused: { type: "string" },
    },
};

describe("contract: the AWS model regeneration script (tools/aws-model.js)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "botocore-"));
        fs.writeFileSync(path.join(dir, "__init__.py"), "__version__ = '9.8.7'\n");
        // An older API version beside the newest one: the newest is read (gzip, as pip installs it).
        fs.mkdirSync(path.join(dir, "data", "sagemaker", "2010-01-01"), { recursive: true });
        fs.writeFileSync(path.join(dir, "data", "sagemaker", "2010-01-01", "service-2.json"), JSON.stringify({ ...MODEL, operations: {} }));
        fs.mkdirSync(path.join(dir, "data", "sagemaker", "2017-07-24"), { recursive: true });
        fs.writeFileSync(path.join(dir, "data", "sagemaker", "2017-07-24", "service-2.json.gz"), zlib.gzipSync(JSON.stringify(MODEL)));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads the newest API version (plain or gzip) and botocore's version", () => {
        const { model, file } = tool.readModel(dir, "sagemaker");
        assert.strictEqual(file.split(path.sep).join("/"), "data/sagemaker/2017-07-24/service-2.json.gz");
        assert.ok(model.operations.CreateThing);
        assert.strictEqual(tool.botocoreVersion(dir), "9.8.7");
    });

    it("keeps the operations asked for and every shape they reach (lists, maps, outputs), without documentation", () => {
        const t = tool.trimService(MODEL, ["CreateThing"], ["CreateThingRequest.Name"]);
        assert.deepStrictEqual(Object.keys(t.operations), ["CreateThing"]);
        assert.deepStrictEqual(t.operations.CreateThing, { input: "CreateThingRequest", output: "CreateThingResponse", errors: ["ResourceInUse"] });
        assert.deepStrictEqual(Object.keys(t.shapes), ["Arn", "CreateThingRequest", "CreateThingResponse", "Item", "ItemList", "Name", "TagMap"]);
        assert.strictEqual(t.shapes.CreateThingRequest.documentation, undefined);
        assert.strictEqual(t.shapes.Name.documentation, undefined);
        assert.strictEqual(t.shapes.CreateThingRequest.members.Items.documentation, undefined);
        // The kept documentation is plain text, inline markup joined without stray spaces.
        assert.strictEqual(t.shapes.CreateThingRequest.members.Name.documentation, "The name. Required when Mode is X.");
        assert.deepStrictEqual(t.shapes.Name, { type: "string", pattern: "[a-z]+", max: 63 });
        assert.deepStrictEqual(t.metadata, { apiVersion: "2017-07-24", protocol: "json", jsonVersion: "1.1", targetPrefix: "SageMaker", serviceId: "SageMaker" });
    });

    it("fails loudly when an operation, a shape or a kept documentation is gone", () => {
        assert.throws(() => tool.trimService(MODEL, ["DeleteThing"], []), /operation DeleteThing is not in the SageMaker model/);
        assert.throws(() => tool.trimService(MODEL, ["CreateThing"], ["CreateThingRequest.Mode"]), /no documentation kept for CreateThingRequest\.Mode/);
        const broken = { ...MODEL, shapes: { ...MODEL.shapes, ItemList: { type: "list", member: { shape: "Missing" } } } };
        assert.throws(() => tool.trimService(broken, ["CreateThing"], []), /shape Missing is referenced but not defined/);
    });
});
