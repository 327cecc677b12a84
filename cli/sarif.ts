import { RULES, type Finding } from "../core";

const INFO_URI = "https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-byoi-specs.html";

/** SARIF 2.1.0 for code scanning: every rule in the driver, one result per finding, Dockerfile line as region. */
export function toSarif(findings: readonly Finding[], dockerfile: string | undefined, notes: readonly string[] = []): object {
    const version: string = require("../package.json").version;
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "sagemaker-rstudio",
                        version,
                        informationUri: INFO_URI,
                        rules: RULES.map((r) => ({
                            id: r.id,
                            name: r.slug,
                            shortDescription: { text: r.summary },
                            fullDescription: { text: r.rationale },
                            help: { text: r.fix },
                            helpUri: `${INFO_URI}#${r.slug}`,
                            defaultConfiguration: { level: r.level === "mandatory" ? "error" : "warning" },
                        })),
                    },
                },
                results: findings.map((f) => {
                    const file = f.file ?? dockerfile;
                    const result: Record<string, unknown> = {
                        ruleId: f.rule,
                        ruleIndex: RULES.findIndex((r) => r.id === f.rule),
                        level: f.level === "mandatory" ? "error" : "warning",
                        message: { text: `${f.message} Fix: ${f.fix}` },
                        properties: { slug: f.slug, source: f.source },
                    };
                    if (file !== undefined) {
                        const physicalLocation: Record<string, unknown> = { artifactLocation: { uri: encodeURI(file.split("\\").join("/")) } };
                        if (f.line !== undefined) physicalLocation.region = { startLine: f.line };
                        result.locations = [{ physicalLocation }];
                    }
                    return result;
                }),
                invocations: [
                    {
                        executionSuccessful: true,
                        toolExecutionNotifications: notes.map((n) => ({ level: "note", message: { text: n } })),
                    },
                ],
            },
        ],
    };
}
