/**
 * JSON documents the API takes as strings, checked against the grammar AWS documents for them (the API model only
 * says "a string"): ECR lifecycle policies and IAM policy documents (identity policies and role trust policies).
 *
 * Sources (read 2026-11-30):
 * - Amazon ECR User Guide, "Lifecycle policy properties in Amazon ECR" (lifecycle_policy_parameters) and
 *   "Lifecycle policies" (LifecyclePolicies, the JSON template).
 * - IAM User Guide, "IAM JSON policy element reference" (reference_policies_elements: Action/NotAction,
 *   Principal/NotPrincipal and Resource/NotResource are mutually exclusive) and "IAM JSON policy elements:
 *   Resource" ("Statements must include either a Resource or a NotResource element"; identity policies);
 *   "IAM JSON policy elements: Version" (2012-10-17, or the older 2008-10-17).
 */

function parse(text: unknown): { value?: any; problem?: string } {
    if (typeof text !== "string") return { problem: `not a string (${typeof text})` };
    try {
        return { value: JSON.parse(text) };
    } catch (e) {
        return { problem: `not JSON: ${(e as Error).message}` };
    }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const positiveInteger = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 1;

/** Problems of an ECR lifecycle policy text (empty: conforms). */
export function lifecyclePolicyProblems(text: unknown): string[] {
    const { value, problem } = parse(text);
    if (problem !== undefined) return [problem];
    if (!isObject(value) || !Array.isArray(value.rules) || value.rules.length === 0) return ["`rules` must be a non-empty list"];
    const out: string[] = [];
    const priorities = new Set<number>();
    let anyPriority: number | undefined;
    let highest = -Infinity;
    value.rules.forEach((rule: unknown, i: number) => {
        const at = `rules[${i}]`;
        if (!isObject(rule)) return void out.push(`${at} must be an object`);
        if (!positiveInteger(rule.rulePriority)) out.push(`${at}.rulePriority must be a whole number ≥ 1`);
        else if (priorities.has(rule.rulePriority)) out.push(`${at}.rulePriority ${rule.rulePriority} is not unique`);
        else priorities.add(rule.rulePriority);
        if (typeof rule.rulePriority === "number") highest = Math.max(highest, rule.rulePriority);
        const s = rule.selection;
        if (!isObject(s)) out.push(`${at}.selection is required`);
        else {
            if (!["tagged", "untagged", "any"].includes(s.tagStatus)) out.push(`${at}.selection.tagStatus must be tagged, untagged or any`);
            const lists = s.tagPrefixList !== undefined || s.tagPatternList !== undefined;
            if (s.tagStatus === "tagged" && !lists) out.push(`${at}.selection: tagStatus tagged needs tagPrefixList or tagPatternList`);
            if (s.tagStatus === "untagged" && lists) out.push(`${at}.selection: tagStatus untagged must omit tagPrefixList and tagPatternList`);
            if (s.tagStatus === "any") anyPriority = rule.rulePriority;
            if (!["imageCountMoreThan", "sinceImagePushed"].includes(s.countType)) out.push(`${at}.selection.countType must be imageCountMoreThan or sinceImagePushed`);
            if (!positiveInteger(s.countNumber)) out.push(`${at}.selection.countNumber must be a whole number ≥ 1`);
            if (s.countType === "sinceImagePushed" && s.countUnit !== "days") out.push(`${at}.selection.countUnit must be days with sinceImagePushed`);
            if (s.countType === "imageCountMoreThan" && s.countUnit !== undefined) out.push(`${at}.selection.countUnit is only for sinceImagePushed`);
        }
        if (!isObject(rule.action) || rule.action.type !== "expire") out.push(`${at}.action.type must be expire`);
    });
    if (anyPriority !== undefined && anyPriority !== highest) out.push("the rule with tagStatus any must have the highest rulePriority");
    return out;
}

const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

/** Problems of an IAM policy document: `identity` (role/managed policy) or `trust` (a role's assume-role policy). */
export function iamPolicyProblems(text: unknown, kind: "identity" | "trust"): string[] {
    const { value, problem } = parse(text);
    if (problem !== undefined) return [problem];
    if (!isObject(value)) return ["the policy must be a JSON object"];
    const out: string[] = [];
    if (value.Version !== "2012-10-17" && value.Version !== "2008-10-17") out.push(`Version must be 2012-10-17 (got ${JSON.stringify(value.Version)})`);
    const statements = Array.isArray(value.Statement) ? value.Statement : isObject(value.Statement) ? [value.Statement] : undefined;
    if (statements === undefined || statements.length === 0) return [...out, "Statement must be an object or a non-empty list"];
    const sids = new Set<string>();
    statements.forEach((st: unknown, i: number) => {
        const at = `Statement[${i}]`;
        if (!isObject(st)) return void out.push(`${at} must be an object`);
        if (st.Sid !== undefined) {
            if (typeof st.Sid !== "string" || !/^[A-Za-z0-9]*$/.test(st.Sid)) out.push(`${at}.Sid must be letters and digits`);
            else if (sids.has(st.Sid)) out.push(`${at}.Sid ${st.Sid} is not unique`);
            else sids.add(st.Sid);
        }
        if (st.Effect !== "Allow" && st.Effect !== "Deny") out.push(`${at}.Effect must be Allow or Deny`);
        const pairs: [string, string][] = [
            ["Action", "NotAction"],
            ["Resource", "NotResource"],
            ["Principal", "NotPrincipal"],
        ];
        for (const [a, b] of pairs) if (st[a] !== undefined && st[b] !== undefined) out.push(`${at}: ${a} and ${b} cannot both be given`);
        const actions = st.Action ?? st.NotAction;
        const list = typeof actions === "string" ? [actions] : Array.isArray(actions) ? actions : undefined;
        if (list === undefined || list.length === 0) out.push(`${at}.Action is required`);
        else for (const a of list) if (typeof a !== "string" || !ACTION.test(a)) out.push(`${at}.Action ${JSON.stringify(a)} is not service:Action`);
        if (kind === "identity") {
            if (st.Resource === undefined && st.NotResource === undefined) out.push(`${at}: Resource or NotResource is required`);
            if (st.Principal !== undefined || st.NotPrincipal !== undefined) out.push(`${at}: an identity policy takes no Principal`);
        } else if (st.Principal === undefined && st.NotPrincipal === undefined) {
            out.push(`${at}: a trust policy needs a Principal`);
        }
    });
    return out;
}
