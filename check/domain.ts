/**
 * The domain's Workbench line (`YYYY.MM`), parsed in one place for the CLI (`--domain-version`), the RStudioDomain
 * component (`workbenchImageArn` / `workbenchVersion`) and the policy pack (a Domain's
 * `defaultResourceSpec.sagemakerImageArn`). Pure: importable by the policy pack bundle.
 */
import { parseWorkbenchLine, workbenchLine } from "../core/version";
import { workbenchFromImageArn } from "../core/workbench";

/**
 * `2025.05` from a SageMaker Workbench image ARN (`arn:aws:sagemaker:us-east-1:081975978581:image/rstudio-workbench-2025.05-sagemaker-1.0`,
 * also its image-version ARN `…:image-version/rstudio-workbench-2025.05-sagemaker-1.0/1`), read through the one
 * Workbench table (core/workbench.ts `workbenchFromImageArn`), or from a version (`2025.05.1+513.pro3`, `2025.05`).
 * Undefined when the text names no Workbench line: an ARN of another kind or of an image not named
 * `rstudio-workbench-YYYY.MM…` (account or region digits are never taken for a version).
 */
export function domainLine(arnOrVersion: string): string | undefined {
    if (typeof arnOrVersion !== "string") return undefined;
    const text = arnOrVersion.trim();
    if (text.startsWith("arn:")) {
        // An image-version ARN names the same image plus a version number: read it as the image's ARN.
        const image = text.replace(/:image-version\/([^/\s]+)\/\d+$/, ":image/$1");
        return workbenchFromImageArn(image)?.line;
    }
    const line = parseWorkbenchLine(text);
    return line === undefined ? undefined : workbenchLine(line);
}
