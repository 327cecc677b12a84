/**
 * The domain's Workbench line (`YYYY.MM`), parsed in one place for the CLI (`--domain-version`), the RStudioDomain
 * component (`workbenchImageArn` / `workbenchVersion`) and the policy pack (a Domain's
 * `defaultResourceSpec.sagemakerImageArn`). Pure: importable by the policy pack bundle.
 */
import { parseWorkbenchLine, workbenchLine } from "../core/version";

/**
 * `2025.05` from a SageMaker Workbench image ARN (`arn:aws:sagemaker:us-east-1:081975978581:image/rstudio-workbench-2025.05-sagemaker-1.0`,
 * also an image-version ARN `…:image-version/rstudio-workbench-2025.05-sagemaker-1.0/1`) or from a version
 * (`2025.05.1+513.pro3`, `2025.05`). Undefined when the text names no Workbench line.
 *
 * Only the resource part of an ARN is read (after `:image/` or `:image-version/`), so digits of the account or
 * region can never be taken for a version.
 */
export function domainLine(arnOrVersion: string): string | undefined {
    if (typeof arnOrVersion !== "string") return undefined;
    const text = arnOrVersion.trim();
    let subject = text;
    if (text.startsWith("arn:")) {
        const m = /:image(?:-version)?\/(.+)$/.exec(text);
        if (m === null) return undefined;
        subject = m[1];
    }
    const line = parseWorkbenchLine(subject);
    return line === undefined ? undefined : workbenchLine(line);
}
