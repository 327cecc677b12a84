import { isBlocking, type Finding, type ImageFacts } from "../core";

export type Style = "color" | "plain";

const paint = (style: Style, code: string, s: string) => (style === "color" ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Findings for people: one block per finding (where, rule, level, message, what decided it, why it is unverified,
 * fix), then notes and a summary line. Only verified mandatory findings make the verdict FAIL (`isBlocking`).
 */
export function formatText(findings: readonly Finding[], facts: ImageFacts, style: Style, notes: readonly string[] = []): string {
    const lines: string[] = [];
    for (const f of findings) {
        const where = f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ""}` : f.source === "image" ? facts.imageRef ?? "image" : f.source;
        const level =
            f.level === "mandatory"
                ? f.unverified !== undefined
                    ? paint(style, "35", "mandatory, unverified")
                    : paint(style, "31;1", "mandatory")
                : f.unverified !== undefined
                  ? paint(style, "33", "advisory, unverified")
                  : paint(style, "33", "advisory");
        lines.push(`${paint(style, "1", where)}  ${f.rule} ${f.slug}  ${level}`);
        lines.push(`  ${f.message}`);
        lines.push(`  ${paint(style, "2", "basis:")} ${f.basis}`);
        if (f.unverified !== undefined) {
            const consequence = f.level === "mandatory" ? " (not blocking: the built image decides)" : "";
            lines.push(`  ${paint(style, "35", "unverified:")} ${f.unverified}${consequence}`);
        }
        lines.push(`  ${paint(style, "2", "fix:")} ${f.fix}`);
        lines.push("");
    }
    for (const n of notes) lines.push(`${paint(style, "2", "note:")} ${n}`);
    if (notes.length > 0) lines.push("");
    const blocking = findings.filter(isBlocking).length;
    const unverifiedMandatory = findings.filter((f) => f.level === "mandatory" && f.unverified !== undefined).length;
    const advisory = findings.length - blocking - unverifiedMandatory;
    const subject = [facts.file, facts.imageRef].filter((x) => x !== undefined).join(" + ");
    const verdict = blocking > 0 ? paint(style, "31;1", "FAIL") : paint(style, "32;1", "PASS");
    const unverified = unverifiedMandatory > 0 ? `, ${unverifiedMandatory} unverified mandatory` : "";
    const sources = facts.sources.filter((s) => s !== "context").join(" + ");
    const base = facts.baseInspected !== undefined ? `; base image ${facts.baseInspected} inspected` : "";
    lines.push(`${verdict} ${subject}: ${blocking} mandatory, ${advisory} advisory finding${advisory === 1 ? "" : "s"}${unverified} (${sources} facts${base})`);
    return lines.join("\n") + "\n";
}
