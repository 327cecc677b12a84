import type { PythonPackageFact } from "../facts";
import { specifierKeepsBelow, versionBelow } from "../python";
import type { Rule, RuleResult } from "../types";
import { notInstalledHint, result } from "./util";

export const pythonPackages: Rule = {
    id: "RSB004",
    slug: "python-packages",
    level: "mandatory",
    summary: "The Python packages boto3, awscli and sagemaker (constrained below 3: sagemaker[local]<3) are installed.",
    fix: "Add RUN pip install --upgrade boto3 awscli 'sagemaker[local]<3' (with the Python the image's sessions use, e.g. /opt/python/${PYTHON_VERSION}/bin/pip).",
    rationale:
        "AWS requires boto3, awscli and sagemaker[local]<3: the sagemaker SDK 3.x changed its interface, and reticulate-based R code written for SageMaker expects 2.x.",
    evaluate(facts) {
        const fact = facts.pythonPackages;
        if (fact.state === "unknown") {
            return [result(facts, fact, `Installed Python packages could not be determined: ${fact.reason}.`, undefined, { level: "advisory" })];
        }
        const pkgs: PythonPackageFact[] = fact.value;
        const out: RuleResult[] = [];
        for (const name of ["boto3", "awscli"]) {
            if (!pkgs.some((p) => p.name === name)) out.push(result(facts, fact, `The Python package ${name} is ${notInstalledHint(fact)}.`));
        }
        const sagemaker = pkgs.filter((p) => p.name === "sagemaker");
        if (sagemaker.length === 0) {
            out.push(result(facts, fact, `The Python package sagemaker is ${notInstalledHint(fact)}.`));
        }
        for (const p of sagemaker) {
            if (p.version !== undefined) {
                if (!versionBelow(p.version, 3)) out.push(result(facts, fact, `sagemaker ${p.version} is installed; SageMaker RStudio needs sagemaker<3.`, p));
            } else if (!specifierKeepsBelow(p.specifier, 3)) {
                const as = p.raw ?? `sagemaker${p.specifier}`;
                const why = p.specifier === "" ? "has no version constraint" : "does not keep it below 3";
                out.push(result(facts, fact, `The requirement "${as}" ${why}; AWS requires sagemaker[local]<3.`, p));
            }
        }
        return out;
    },
};
