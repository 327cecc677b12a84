/**
 * Entry point of the `sagemaker-rstudio` policy pack. The language host runs the bundle of this file
 * (policies/bin/index.js, built by `npm run build:policies`), never the TypeScript: see policies/build.js.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./policies";

new PolicyPack(PACK_NAME, {
    displayName: "SageMaker custom RStudio images",
    description:
        'Enforces the AWS "Custom RStudio image specifications" (rules RSB001-RSB016) on RStudioImage components, SageMaker image versions, domains and docker images.',
    tags: ["aws", "sagemaker", "rstudio"],
    policies: POLICIES,
});
