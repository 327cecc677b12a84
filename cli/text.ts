import type { Finding, ImageFacts } from "../core";

export type Style = "color" | "plain";

const paint = (style: Style, code: string, s: string) => (style === "color" ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Findings for people: one block per finding (where, rule, message, fix), then a summary line. */
export function formatText(findings: readonly Finding[], facts: ImageFacts, style: Style, notes: readonly string[] = []): string {
    const lines: string[] = [];
    for (const f of findings) {
        const where = f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ""}` : f.source === "image" ? facts.imageRef ?? "image" : f.source;
        const level = f.level === "mandatory" ? paint(style, "31;1", "mandatory") : paint(style, "33", "advisory");
        lines.push(`${paint(style, "1", where)}  ${f.rule} ${f.slug}  ${level}`);
        lines.push(`  ${f.message}`);
        lines.push(`  ${paint(style, "2", "fix:")} ${f.fix}`);
        lines.push("");
    }
    for (const n of notes) lines.push(`${paint(style, "2", "note:")} ${n}`);
    if (notes.length > 0) lines.push("");
    const mandatory = findings.filter((f) => f.level === "mandatory").length;
    const advisory = findings.length - mandatory;
    const subject = [facts.file, facts.imageRef].filter((x) => x !== undefined).join(" + ");
    const verdict = mandatory > 0 ? paint(style, "31;1", "FAIL") : paint(style, "32;1", "PASS");
    lines.push(`${verdict} ${subject}: ${mandatory} mandatory, ${advisory} advisory finding${findings.length === 1 ? "" : "s"} (${facts.sources.filter((s) => s !== "context").join(" + ")} facts)`);
    return lines.join("\n") + "\n";
}
