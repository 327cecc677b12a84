import * as assert from "assert";
import { checkRegistered } from "./contract";
import { iamPolicyProblems, lifecyclePolicyProblems } from "./documents";

const KEEP_10 = {
    rules: [{ rulePriority: 1, description: "Keep the newest 10 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 }, action: { type: "expire" } }],
};
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const PULL = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "Pull", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: "arn:aws:ecr:us-east-1:123456789012:repository/x" },
        { Sid: "Token", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ],
};

describe("contract: JSON documents the API takes as strings (ECR lifecycle policies, IAM policies)", () => {
    it("a keep-newest-N lifecycle policy conforms; AWS's documented mistakes are named", () => {
        assert.deepStrictEqual(lifecyclePolicyProblems(JSON.stringify(KEEP_10)), []);
        const rule = KEEP_10.rules[0];
        const bad = (r: object) => lifecyclePolicyProblems(JSON.stringify({ rules: [{ ...rule, ...r }] }));
        assert.deepStrictEqual(bad({ rulePriority: 0 }), ["rules[0].rulePriority must be a whole number ≥ 1"]);
        assert.deepStrictEqual(bad({ selection: { ...rule.selection, tagStatus: "tagged" } }), ["rules[0].selection: tagStatus tagged needs tagPrefixList or tagPatternList"]);
        assert.deepStrictEqual(bad({ selection: { ...rule.selection, countType: "sinceImagePushed" } }), ["rules[0].selection.countUnit must be days with sinceImagePushed"]);
        assert.deepStrictEqual(bad({ selection: { ...rule.selection, countNumber: 0 } }), ["rules[0].selection.countNumber must be a whole number ≥ 1"]);
        assert.deepStrictEqual(bad({ action: { type: "delete" } }), ["rules[0].action.type must be expire"]);
        const anyFirst = { rules: [rule, { ...rule, rulePriority: 2, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 } }] };
        assert.deepStrictEqual(lifecyclePolicyProblems(JSON.stringify(anyFirst)), ["the rule with tagStatus any must have the highest rulePriority"]);
        assert.deepStrictEqual(lifecyclePolicyProblems("{rules:"), [lifecyclePolicyProblems("{rules:")[0]]);
        assert.match(lifecyclePolicyProblems("{rules:")[0], /^not JSON/);
    });

    it("IAM: a trust policy needs a Principal, an identity policy a Resource; actions are service:Action", () => {
        assert.deepStrictEqual(iamPolicyProblems(JSON.stringify(TRUST), "trust"), []);
        assert.deepStrictEqual(iamPolicyProblems(JSON.stringify(PULL), "identity"), []);
        assert.deepStrictEqual(iamPolicyProblems(JSON.stringify(TRUST), "identity"), ["Statement[0]: Resource or NotResource is required", "Statement[0]: an identity policy takes no Principal"]);
        const noPrincipal = { ...TRUST, Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] };
        assert.deepStrictEqual(iamPolicyProblems(JSON.stringify(noPrincipal), "trust"), ["Statement[0]: a trust policy needs a Principal"]);
        const sloppy = { Version: "2012-10-17", Statement: { Effect: "allow", Action: ["GetLicense", "license-manager:*"], Resource: "*", NotResource: "x" } };
        assert.deepStrictEqual(iamPolicyProblems(JSON.stringify(sloppy), "identity"), [
            "Statement[0].Effect must be Allow or Deny",
            "Statement[0]: Resource and NotResource cannot both be given",
            'Statement[0].Action "GetLicense" is not service:Action',
        ]);
        assert.deepStrictEqual(iamPolicyProblems(JSON.stringify({ ...PULL, Version: "2012-10-18" }), "identity"), ['Version must be 2012-10-17 (got "2012-10-18")']);
    });

    it("the document rules run in the contract check, naming the resource's property", () => {
        const { violations } = checkRegistered([
            { type: "aws:iam/rolePolicy:RolePolicy", name: "p", inputs: { role: "r", policy: JSON.stringify(TRUST) } },
            { type: "aws:iam/role:Role", name: "r", inputs: { assumeRolePolicy: JSON.stringify(TRUST) } },
        ]);
        assert.deepStrictEqual(
            violations.map((v) => [v.resource, v.property, v.member, v.rule]),
            [
                ["aws:iam/rolePolicy:RolePolicy p", "policy", "PutRolePolicy.PolicyDocument", "Statement[0]: Resource or NotResource is required (AWS: IAM User Guide, IAM JSON policy element reference)"],
                ["aws:iam/rolePolicy:RolePolicy p", "policy", "PutRolePolicy.PolicyDocument", "Statement[0]: an identity policy takes no Principal (AWS: IAM User Guide, IAM JSON policy element reference)"],
            ],
        );
    });
});
