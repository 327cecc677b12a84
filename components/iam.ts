/**
 * The IAM policy documents the components create, each with the AWS page it follows (read 2026-11-30).
 */

/** A role SageMaker assumes: trusted by `sagemaker.amazonaws.com` only. */
export const SAGEMAKER_TRUST_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/**
 * The ECR actions a principal needs to pull an image (ECR user guide, "Private repository policies" and the IAM
 * service authorization reference for Amazon ECR, read 2026-11-30): a registry token (`ecr:GetAuthorizationToken`,
 * which has no resource-level scoping, so it is granted on `*`), the manifest (`ecr:BatchGetImage`), layer URLs
 * (`ecr:GetDownloadUrlForLayer`) and layer presence (`ecr:BatchCheckLayerAvailability`). SageMaker assumes the
 * image's role (CreateImage `RoleArn`) to pull the base image when it creates an image version and when it starts
 * an RSession; AWS's BYOI guide attaches AmazonSageMakerFullAccess to it, of which pulling is the only part this
 * role is used for. We grant exactly these on the one repository. (A repository encrypted with a customer managed
 * KMS key also needs `kms:Decrypt` on that key: pass your own `roleArn` then.)
 */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"] as const;

/** The image-pull role's policy: pull from one repository. */
export function pullPolicyDocument(repositoryArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "PullThisRepository", Effect: "Allow", Action: [...ECR_PULL_ACTIONS], Resource: repositoryArn },
            { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        ],
    });
}

/**
 * The RStudio `DomainExecution` role's policy, exactly as AWS's "Create an Amazon SageMaker AI domain with RStudio
 * using the AWS CLI" page (rstudio-create-cli, read 2026-11-30) gives it: the RStudio licence in License Manager,
 * RStudio logs in CloudWatch Logs, and `sagemaker:CreateApp`, which "allows SageMaker to automatically launch an
 * RStudioServerPro app when the existing RStudioServerPro app is in a Deleted or Failed status".
 */
export const DOMAIN_EXECUTION_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Action: [
                "license-manager:ExtendLicenseConsumption",
                "license-manager:ListReceivedLicenses",
                "license-manager:GetLicense",
                "license-manager:CheckoutLicense",
                "license-manager:CheckInLicense",
                "logs:CreateLogDelivery",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DeleteLogDelivery",
                "logs:Describe*",
                "logs:GetLogDelivery",
                "logs:GetLogEvents",
                "logs:ListLogDeliveries",
                "logs:PutLogEvents",
                "logs:PutResourcePolicy",
                "logs:UpdateLogDelivery",
                "sagemaker:CreateApp",
            ],
            Resource: "*",
        },
    ],
});

/**
 * The AWS managed policy AWS's SageMaker domain prerequisites ("Amazon SageMaker AI domain overview" → "Set up
 * for organizations", and the RStudio prerequisites page, read 2026-11-30) attach to the users' default execution
 * role: SageMaker access for what users start from RStudio (training jobs, endpoints, their RSession apps).
 */
export function sagemakerFullAccessPolicyArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/AmazonSageMakerFullAccess`;
}

/**
 * ECR pull access for the users' default execution role (AWS's BYOI prerequisites for Studio/RStudio custom images,
 * read 2026-11-30: the execution role must be able to pull the custom image from ECR). Explicit rather than relying
 * on the managed policy's current ECR statements.
 */
export const USER_ECR_PULL_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Sid: "PullCustomImages", Effect: "Allow", Action: [...ECR_PULL_ACTIONS, "ecr:GetAuthorizationToken"], Resource: "*" },
    ],
});

/** The partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}
