/**
 * The RStudio Connect / Package Manager URL rules, shared by RSB005 (image ENV defaults) and by the domain checks
 * (`RStudioServerProDomainSettings.RStudioConnectUrl` / `RStudioPackageManagerUrl`).
 */

/** The pattern AWS's API enforces for both domain URL settings. */
export const RSTUDIO_URL_PATTERN = /^(https:|http:|www\.)\S*$/;

/** Values copied from the spec page's example (`ENV RSTUDIO_CONNECT_URL "YOUR_CONNECT_URL"`). */
const PLACEHOLDER = /^(YOUR_[A-Z0-9_]+|<[^>]*>|CHANGE_?ME|TODO|XXX+|example)$/i;
/** The same placeholders inside a URL (`https://YOUR_CONNECT_URL`, `https://<connect-host>/`); upper case only, so `/your_apps` is a path. */
const PLACEHOLDER_INSIDE = /(^|[^A-Za-z0-9])YOUR_[A-Z0-9_]+|<[^>]*>/;

/**
 * Why a URL value is not acceptable, or undefined when it is. `allowEmpty`: an empty ENV default is allowed
 * (AWS only needs the variable to be defined; the domain setting supplies the value).
 */
export function rstudioUrlProblem(value: string, allowEmpty: boolean): string | undefined {
    if (value === "") return allowEmpty ? undefined : "is empty";
    // Credentials first, so no message below ever repeats a value that carries them.
    if (/^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/@\s]+@/i.test(value.trim())) {
        return "carries credentials in the URL (user:password@…): anyone who can read the image or domain can read them";
    }
    if (PLACEHOLDER.test(value.trim()) || PLACEHOLDER_INSIDE.test(value)) return `is the placeholder "${value}" from the AWS example, not a real URL`;
    if (!RSTUDIO_URL_PATTERN.test(value)) return `"${value}" does not match ^(https:|http:|www\\.)\\S* (AWS rejects it)`;
    return undefined;
}
