import type { PythonPackageFact } from "../facts";
import { specifierKeepsBelow, versionBelow } from "../python";
import type { Rule, RuleResult } from "../types";
import { missingResult, place, result, unknownResult } from "./util";

export const pythonPackages: Rule = {
    id: "RSB004",
    slug: "python-packages",
    level: "mandatory",
    summary: "The Python packages boto3, awscli and sagemaker (constrained below 3: sagemaker[local]<3) are installed.",
    fix: "Add RUN pip install --upgrade boto3 awscli 'sagemaker[local]<3' (with the Python the image's sessions use, e.g. /opt/python/${PYTHON_VERSION}/bin/pip).",
    rationale:
        "AWS requires boto3, awscli and sagemaker[local]<3: the sagemaker SDK 3.x changed its interface, and reticulate-based R code written for SageMaker expects 2.x.",
    evidence:
        "The Python package list: requirements the Dockerfile installs (pip/pip3/python -m pip/uv pip, -r files read from the build context, conda/mamba/micromamba and environment.yml), plus the inspected base image's installed distributions; or the *.dist-info metadata in the built image. sagemaker must be constrained below 3 (a specifier that keeps it there) or installed below 3.",
    blindSpots:
        "Partial when the base image was not inspected or a requirements file could not be read: a missing package is then unverified (an unconstrained sagemaker the Dockerfile installs is still a verified finding). Which Python the sessions use is not checked.",
    evaluate(facts) {
        const fact = facts.pythonPackages;
        if (fact.state === "unknown") {
            return [unknownResult(facts, fact, "list of installed Python packages", `Installed Python packages could not be determined: ${fact.reason}.`)];
        }
        const pkgs: PythonPackageFact[] = fact.value;
        const out: RuleResult[] = [];
        const missing = (name: string) => out.push(missingResult(facts, fact, `install of the Python package ${name}`, `The Python package ${name}`));
        for (const name of ["boto3", "awscli"]) {
            if (!pkgs.some((p) => p.name === name)) missing(name);
        }
        const sagemaker = pkgs.filter((p) => p.name === "sagemaker");
        if (sagemaker.length === 0) missing("sagemaker");
        for (const p of sagemaker) {
            if (p.version !== undefined) {
                if (!versionBelow(p.version, 3)) {
                    out.push(result(facts, fact, `sagemaker ${p.version} is installed; SageMaker RStudio needs sagemaker<3.`, `${place(facts, fact, p)} has sagemaker ${p.version} installed`, p));
                }
            } else if (!specifierKeepsBelow(p.specifier, 3)) {
                const as = p.raw ?? `sagemaker${p.specifier}`;
                const why = p.specifier === "" ? "has no version constraint" : "does not keep it below 3";
                out.push(result(facts, fact, `The requirement "${as}" ${why}; AWS requires sagemaker[local]<3.`, `${place(facts, fact, p)} requires "${as}"`, p));
            }
        }
        return out;
    },
};
