import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ruleAnchor, rulesMarkdown } from "../../cli/rules-doc";
import { RULES, WORKBENCH_RELEASES, WORKBENCH_SOURCE } from "../../core";

const doc = rulesMarkdown();

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const githubAnchor = (heading: string) => heading.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");

describe("docs/rules.md: how each rule decides and what it cannot see", () => {
    it("every rule has a section with evidence and blind spots, under a stable anchor", () => {
        for (const r of RULES) {
            assert.ok(r.evidence.length > 40 && r.blindSpots.length > 40, `${r.id} documents its evidence and blind spots`);
            const heading = `## ${r.id} ${r.slug}`;
            assert.ok(doc.includes(`\n${heading}\n`), heading);
            assert.equal(githubAnchor(`${r.id} ${r.slug}`), ruleAnchor(r));
            assert.ok(doc.includes(`(#${ruleAnchor(r)})`), `index links to #${ruleAnchor(r)}`);
            const section = doc.slice(doc.indexOf(`\n${heading}\n`), doc.indexOf("\n## ", doc.indexOf(`\n${heading}\n`) + 1));
            assert.match(section, /\*\*How it decides \(evidence\):\*\* \S/);
            assert.match(section, /\*\*What it cannot see:\*\* \S/);
        }
    });

    it("explains basis/unverified, carries the version table with its source, and what to build on after 2026", () => {
        assert.match(doc, /## How findings are decided/);
        assert.match(doc, /\*\*unverified\*\*/);
        assert.ok(doc.includes(`[RStudio versioning](${WORKBENCH_SOURCE.url})`));
        assert.ok(doc.includes(`read ${WORKBENCH_SOURCE.read}`));
        for (const r of WORKBENCH_RELEASES) assert.ok(doc.includes(`| ${r.version}`), r.version);
        assert.match(doc, /\| us-east-1 \| 081325390199 \|/);
        assert.match(doc, /## Base images after 2026/);
        assert.match(doc, /posit\/workbench-session-complete:&lt;workbench version>-&lt;os>/, "placeholders are escaped, not read as HTML tags");
        assert.doesNotMatch(doc.replace(/<!--[^]*?-->/g, ""), /<(?!\/?a[ >])[A-Za-z]/, "no raw tag-like text outside comments");
    });

    it("the committed docs/rules.md is the generated one", () => {
        assert.equal(fs.readFileSync(path.join(__dirname, "../../docs/rules.md"), "utf8"), doc, "run: npx sagemaker-rstudio rules --format markdown > docs/rules.md");
    });
});
