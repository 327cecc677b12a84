/**
 * Pulumi components for custom RStudio images on Amazon SageMaker.
 *
 * TypeScript programs import these directly; other languages get them through the component provider
 * (`components/provider.ts`, `PulumiPlugin.yaml`) with `pulumi package add`.
 */
export { RStudioImage, RSTUDIO_IMAGE_TYPE, BUILD_PLATFORM, DEFAULT_KEEP_IMAGES, BaseImageInspection, FindingLevel } from "./image";
export type {
    RStudioImageArgs,
    RStudioImageOptions,
    RStudioChecks,
    RStudioDeprecatedVersion,
    RStudioCustomImage,
    RStudioFinding,
    ImageInspector,
    RegistryAuth,
} from "./image";
export {
    RStudioDomain,
    RSTUDIO_DOMAIN_TYPE,
    MAX_CUSTOM_IMAGES,
    AuthMode,
    AppNetworkAccessType,
    RStudioAccessStatus,
    RStudioUserGroup,
} from "./domain";
export type {
    RStudioDomainArgs,
    RStudioDomainCustomImage,
    RStudioDomainSettingsBlock,
    RStudioServerProDomainSettingsBlock,
    RStudioResourceSpec,
    RStudioUserSettingsBlock,
    RSessionAppSettingsBlock,
    RStudioServerProAppSettingsBlock,
} from "./domain";
