/**
 * From what a program registers (a Pulumi resource type and its inputs, as the mocks see them) to the AWS API
 * requests the bridged AWS provider (pulumi-aws, built on terraform-provider-aws) sends for it.
 *
 * The mapping follows the provider's create/update functions (terraform-provider-aws internal/service/{sagemaker,
 * ecr,iam}, read 2026-11-30): camelCase inputs become the API's members (PascalCase for SageMaker and IAM, camelCase
 * for ECR), single nested blocks become structures, `tags` maps become `Tags` lists of `{Key, Value}`, empty strings
 * and empty lists are left out (the provider's expand functions skip them), and names the provider generates are
 * generated here the way it does (Pulumi auto-names `<resource name>-<7 hex>`; terraform `id.UniqueId()` client
 * tokens). Nested members are found in AWS's model by a case-insensitive match of the input's name (the provider
 * names its blocks after the API's members); the few that differ are listed in ALIASES.
 *
 * A resource type this module does not know is an error: an AWS resource must never pass the contract tests unseen.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { SHARED_APP } from "../../components/shared-app";
import { loadService, ServiceName, Shape } from "./aws-model";

/** One API call a registered resource causes. */
export interface ApiCall {
    service: ServiceName;
    operation: string;
    request: Record<string, unknown>;
    /** Member path → the Pulumi input path it came from. */
    origins: Record<string, string>;
    /** `type name` of the resource. */
    resource: string;
}

/** What the mocks recorded for one resource. */
export interface RegisteredResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

/** Resource types that cause no AWS API request of the kinds under contract (components, local builds, reads). */
export const NOT_AWS_REQUESTS: Record<string, string> = {
    "sagemaker-rstudio:index:RStudioImage": "component resource (its children are validated)",
    "sagemaker-rstudio:index:RStudioDomain": "component resource (its children are validated)",
    "docker:index/image:Image": "docker build and push to ECR through the Docker registry API, not an AWS API call",
    "pulumi:providers:aws": "provider configuration",
    "pulumi:providers:docker": "provider configuration",
};

/** Input names that differ from the API member beyond letter case (Pulumi name → API member), per shape. */
const ALIASES: Record<string, Record<string, string>> = {
    CreateAppImageConfigRequest: { jupyterLabImageConfig: "JupyterLabAppImageConfig" },
};

/** Inputs the provider keeps to itself (no request member), per resource type. */
const PROVIDER_ONLY: Record<string, string[]> = {
    "aws:ecr/repository:Repository": ["forceDelete", "region"],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["region"],
    "aws:sagemaker/domain:Domain": ["retentionPolicy", "region"],
    "aws:sagemaker/image:Image": ["region"],
    "aws:sagemaker/imageVersion:ImageVersion": ["region"],
    "aws:sagemaker/appImageConfig:AppImageConfig": ["region"],
    "aws:sagemaker/app:App": ["region"],
    "aws:sagemaker/userProfile:UserProfile": ["region"],
    "aws:iam/role:Role": ["forceDetachPolicies", "namePrefix"],
    "aws:iam/rolePolicy:RolePolicy": ["namePrefix"],
    "aws:iam/policy:Policy": ["namePrefix", "delayAfterPolicyCreationInMs"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [],
};

/** The suffix this module uses for names the provider would generate (7 hex characters, like Pulumi's). */
export const AUTONAME_SUFFIX = "abcdef0";
/** A client token shaped like terraform's `id.UniqueId()`: "terraform-" + 26 digits (36 characters). */
export const CLIENT_TOKEN = "terraform-20261130000000000000000001";

function unsecret(v: unknown): unknown {
    if (typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig) {
        return unsecret((v as Record<string, unknown>).value);
    }
    if (Array.isArray(v)) return v.map(unsecret);
    if (typeof v === "object" && v !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = unsecret(x);
        return out;
    }
    return v;
}

function empty(v: unknown): boolean {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

/** Pulumi's auto-name: `<name>-<7 hex>`, cut to the provider's maximum length for the name. */
function autoname(name: string, max: number): string {
    const full = `${name}-${AUTONAME_SUFFIX}`;
    return full.length <= max ? full : `${name.slice(0, max - AUTONAME_SUFFIX.length - 1)}-${AUTONAME_SUFFIX}`;
}

/**
 * Convert an input value to the API member's value, driven by the model's shape. Unknown input names are passed
 * through under their own name (the validator then reports them as unknown members).
 */
function toApi(service: ServiceName, shapeName: string, value: unknown, memberPath: string, propPath: string, origins: Record<string, string>): unknown {
    const model = loadService(service);
    const shape: Shape = model.shapes[shapeName];
    if (memberPath !== "") origins[memberPath] = propPath;
    if (shape === undefined) return value;
    if (shape.type === "structure") {
        // A single nested block may arrive as a one-element list (terraform's MaxItems: 1 shape).
        const obj = Array.isArray(value) && value.length === 1 ? value[0] : value;
        if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return obj;
        const members = shape.members ?? {};
        const byLower = new Map(Object.keys(members).map((m) => [m.toLowerCase(), m]));
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
            if (empty(v)) continue;
            const member = ALIASES[shapeName]?.[k] ?? byLower.get(k.toLowerCase()) ?? k;
            const childPath = memberPath === "" ? member : `${memberPath}.${member}`;
            const childProp = propPath === "" ? k : `${propPath}.${k}`;
            const ref = members[member];
            out[member] = ref === undefined ? v : toApi(service, ref.shape, v, childPath, childProp, origins);
            if (ref === undefined) origins[childPath] = childProp;
        }
        return out;
    }
    if (shape.type === "list") {
        const memberShape = model.shapes[shape.member!.shape];
        // A `tags` map becomes a list of {Key, Value}.
        if (!Array.isArray(value) && typeof value === "object" && value !== null && memberShape?.members?.Key !== undefined) {
            return Object.entries(value as Record<string, unknown>).map(([Key, Value], i) => {
                origins[`${memberPath}[${i}]`] = `${propPath}.${Key}`;
                return { Key, Value };
            });
        }
        if (!Array.isArray(value)) return value;
        return value.map((item, i) => toApi(service, shape.member!.shape, item, `${memberPath}[${i}]`, `${propPath}[${i}]`, origins));
    }
    return value;
}

/**
 * A request from a resource's inputs: each top-level input converted by the model (names matched case-insensitively
 * unless `names` maps them), provider-only inputs dropped, unknown inputs passed through to be reported.
 */
function requestFrom(
    service: ServiceName,
    operation: string,
    reg: RegisteredResource,
    inputs: Record<string, unknown>,
    names: Record<string, string> = {},
    skip: string[] = [],
): ApiCall {
    const model = loadService(service);
    const shapeName = model.operations[operation].input!;
    const members = model.shapes[shapeName].members ?? {};
    const byLower = new Map(Object.keys(members).map((m) => [m.toLowerCase(), m]));
    const origins: Record<string, string> = {};
    const request: Record<string, unknown> = {};
    const dropped = new Set([...(PROVIDER_ONLY[reg.type] ?? []), ...skip]);
    for (const [k, v] of Object.entries(names)) origins[v] = k;
    for (const [k, raw] of Object.entries(inputs)) {
        if (dropped.has(k) || empty(raw)) continue;
        const member = names[k] ?? ALIASES[shapeName]?.[k] ?? byLower.get(k.toLowerCase()) ?? k;
        origins[member] = k;
        const ref = members[member];
        request[member] = ref === undefined ? raw : toApi(service, ref.shape, raw, member, k, origins);
    }
    // A member left unset is named after the input that would carry it.
    for (const m of Object.keys(members)) if (origins[m] === undefined) origins[m] = `${m[0].toLowerCase()}${m.slice(1)} (not set)`;
    return { service, operation, request, origins, resource: `${reg.type} ${reg.name}` };
}

/** `arn:…:role/<name>` or a name → the role name (a RolePolicy's `role` is the role's id, i.e. its name). */
function roleName(v: unknown): unknown {
    return typeof v === "string" && v.startsWith("arn:") ? v.slice(v.lastIndexOf("/") + 1) : v;
}

/** The API calls a registered resource causes on create (`update`: on a change, where the provider updates in place). */
/** A domain id of AWS's shape, for update requests of a domain whose real id only AWS knows. */
export const SAMPLE_DOMAIN_ID = "d-abcdefghijkl";

export function translate(reg: RegisteredResource, mode: "create" | "update" = "create", id: string = SAMPLE_DOMAIN_ID): ApiCall[] {
    if (NOT_AWS_REQUESTS[reg.type] !== undefined) return [];
    const inputs = unsecret(reg.inputs) as Record<string, any>;
    switch (reg.type) {
        case "aws:ecr/repository:Repository": {
            // CreateRepository takes one encryptionConfiguration; the provider's input is a one-element list.
            const { encryptionConfigurations, name, ...rest } = inputs;
            const call = requestFrom("ecr", "CreateRepository", reg, { ...rest, repositoryName: name ?? autoname(reg.name, 256).toLowerCase() }, { repositoryName: "repositoryName" });
            call.origins.repositoryName = name !== undefined ? "name" : "(auto-name)";
            if (!empty(encryptionConfigurations)) {
                call.request.encryptionConfiguration = toApi("ecr", "EncryptionConfiguration", encryptionConfigurations[0], "encryptionConfiguration", "encryptionConfigurations[0]", call.origins);
            }
            return [call];
        }
        case "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
            const { repository, policy, ...rest } = inputs;
            const call = requestFrom("ecr", "PutLifecyclePolicy", reg, { ...rest, repositoryName: repository, lifecyclePolicyText: policy });
            call.origins.repositoryName = "repository";
            call.origins.lifecyclePolicyText = "policy";
            return [call];
        }
        case "aws:iam/role:Role": {
            const { assumeRolePolicy, name, inlinePolicies, managedPolicyArns, ...rest } = inputs;
            const roleNameValue = name ?? autoname(reg.name, 64);
            const create = requestFrom("iam", "CreateRole", reg, { ...rest, RoleName: roleNameValue, AssumeRolePolicyDocument: assumeRolePolicy });
            create.origins.RoleName = name !== undefined ? "name" : "(auto-name)";
            create.origins.AssumeRolePolicyDocument = "assumeRolePolicy";
            const calls = [create];
            if (mode === "update") {
                const update = requestFrom("iam", "UpdateAssumeRolePolicy", reg, { RoleName: roleNameValue, PolicyDocument: assumeRolePolicy });
                update.origins = { RoleName: create.origins.RoleName, PolicyDocument: "assumeRolePolicy" };
                calls.splice(0, 1, update);
            }
            (Array.isArray(inlinePolicies) ? inlinePolicies : []).forEach((p: Record<string, unknown>, i: number) => {
                const put = requestFrom("iam", "PutRolePolicy", reg, { RoleName: roleNameValue, PolicyName: p.name, PolicyDocument: p.policy });
                put.origins = { RoleName: create.origins.RoleName, PolicyName: `inlinePolicies[${i}].name`, PolicyDocument: `inlinePolicies[${i}].policy` };
                calls.push(put);
            });
            (Array.isArray(managedPolicyArns) ? managedPolicyArns : []).forEach((arn: unknown, i: number) => {
                const attach = requestFrom("iam", "AttachRolePolicy", reg, { RoleName: roleNameValue, PolicyArn: arn });
                attach.origins = { RoleName: create.origins.RoleName, PolicyArn: `managedPolicyArns[${i}]` };
                calls.push(attach);
            });
            return calls;
        }
        case "aws:iam/rolePolicy:RolePolicy": {
            const { role, name, policy, ...rest } = inputs;
            const call = requestFrom("iam", "PutRolePolicy", reg, { ...rest, RoleName: roleName(role), PolicyName: name ?? autoname(reg.name, 128), PolicyDocument: policy });
            Object.assign(call.origins, { RoleName: "role", PolicyName: name !== undefined ? "name" : "(auto-name)", PolicyDocument: "policy" });
            return [call];
        }
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
            const { role, policyArn, ...rest } = inputs;
            const call = requestFrom("iam", "AttachRolePolicy", reg, { ...rest, RoleName: roleName(role), PolicyArn: policyArn });
            Object.assign(call.origins, { RoleName: "role", PolicyArn: "policyArn" });
            return [call];
        }
        case "aws:iam/policy:Policy": {
            const { name, policy, ...rest } = inputs;
            const call = requestFrom("iam", "CreatePolicy", reg, { ...rest, PolicyName: name ?? autoname(reg.name, 128), PolicyDocument: policy });
            Object.assign(call.origins, { PolicyName: name !== undefined ? "name" : "(auto-name)", PolicyDocument: "policy" });
            return [call];
        }
        case "aws:sagemaker/image:Image":
            return [requestFrom("sagemaker", mode === "update" ? "UpdateImage" : "CreateImage", reg, inputs, {}, mode === "update" ? ["tags"] : [])];
        case "aws:sagemaker/imageVersion:ImageVersion": {
            // Every change of an ImageVersion's inputs creates a new version (CreateImageVersion), with a client token.
            const call = requestFrom("sagemaker", "CreateImageVersion", reg, { ...inputs, ClientToken: CLIENT_TOKEN });
            call.origins.ClientToken = "(provider: id.UniqueId())";
            return [call];
        }
        case "aws:sagemaker/appImageConfig:AppImageConfig":
            return [requestFrom("sagemaker", "CreateAppImageConfig", reg, inputs)];
        case "aws:sagemaker/app:App":
            return [requestFrom("sagemaker", "CreateApp", reg, inputs)];
        case "aws:sagemaker/userProfile:UserProfile":
            return [requestFrom("sagemaker", "CreateUserProfile", reg, inputs)];
        case "aws:sagemaker/domain:Domain":
            return mode === "update" ? [updateDomainCall(reg, id, inputs)] : [requestFrom("sagemaker", "CreateDomain", reg, inputs)];
        case "command:local:Command":
            return sharedAppCommandCalls(reg, inputs);
        default:
            throw new Error(`contract translator: no mapping for resource type ${reg.type} (${reg.name}); add one in tests/contract/translate.ts`);
    }
}

/**
 * The environment the components' shared-app command hands its run (components/shared-app-step.ts,
 * SHARED_APP_ENV; names kept here as literals so this test code does not depend on the step's internals).
 */
export const SHARED_APP_COMMAND_ENV = { domainId: "SAGEMAKER_RSTUDIO_DOMAIN_ID", settings: "SAGEMAKER_RSTUDIO_DOMAIN_SETTINGS" } as const;

/**
 * The SageMaker calls the shared-app command's run makes through components/shared-app.ts: DescribeApp/DeleteApp/
 * CreateApp of the shared app and, when settings are given, UpdateDomain with them as
 * RStudioServerProDomainSettingsForUpdate. (Their order and states are tested against the fake endpoint.)
 */
function sharedAppCommandCalls(reg: RegisteredResource, inputs: Record<string, any>): ApiCall[] {
    const env = (inputs.environment ?? {}) as Record<string, string>;
    const domainId = env[SHARED_APP_COMMAND_ENV.domainId];
    if (domainId === undefined) {
        throw new Error(`contract translator: no mapping for resource type ${reg.type} (${reg.name}): not the shared-app command (no ${SHARED_APP_COMMAND_ENV.domainId})`);
    }
    const resource = `${reg.type} ${reg.name}`;
    const app = { DomainId: domainId, UserProfileName: SHARED_APP.userProfileName, AppType: SHARED_APP.appType, AppName: SHARED_APP.appName };
    const appOrigins = { DomainId: `environment.${SHARED_APP_COMMAND_ENV.domainId}`, UserProfileName: "(shared-app)", AppType: "(shared-app)", AppName: "(shared-app)" };
    const calls: ApiCall[] = ["DescribeApp", "DeleteApp", "CreateApp"].map((operation) => ({ service: "sagemaker", operation, request: { ...app }, origins: { ...appOrigins }, resource }));
    const settingsText = env[SHARED_APP_COMMAND_ENV.settings];
    if (settingsText !== undefined) {
        let settings: unknown;
        try {
            settings = JSON.parse(settingsText);
        } catch (e) {
            throw new Error(`${resource}: environment.${SHARED_APP_COMMAND_ENV.settings} is not JSON: ${(e as Error).message}`);
        }
        const prefix = "DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate";
        const origins: Record<string, string> = { DomainId: `environment.${SHARED_APP_COMMAND_ENV.domainId}`, [prefix]: `environment.${SHARED_APP_COMMAND_ENV.settings}` };
        calls.push({ service: "sagemaker", operation: "UpdateDomain", request: { DomainId: domainId, DomainSettingsForUpdate: { RStudioServerProDomainSettingsForUpdate: settings } }, origins, resource });
    }
    return calls;
}

/**
 * UpdateDomain as the provider sends it on a change of an `aws.sagemaker.Domain`'s settings (resourceDomainUpdate:
 * DefaultUserSettings, DomainSettingsForUpdate, DefaultSpaceSettings; the network and auth inputs force a
 * replacement instead). Also the call a domain defined elsewhere makes with the settings blocks an RStudioDomain
 * outputs in `existingDomainId`/`settingsOnly` mode.
 */
export function updateDomainCall(reg: RegisteredResource, domainId: string, inputs: Record<string, any>): ApiCall {
    const origins: Record<string, string> = { DomainId: "(the domain's id, from AWS)" };
    const request: Record<string, unknown> = { DomainId: domainId };
    const settings = unsecret(inputs.domainSettings) as Record<string, any> | undefined;
    if (!empty(inputs.defaultUserSettings)) {
        request.DefaultUserSettings = toApi("sagemaker", "UserSettings", unsecret(inputs.defaultUserSettings), "DefaultUserSettings", "defaultUserSettings", origins);
    }
    if (!empty(inputs.defaultSpaceSettings)) {
        request.DefaultSpaceSettings = toApi("sagemaker", "DefaultSpaceSettings", unsecret(inputs.defaultSpaceSettings), "DefaultSpaceSettings", "defaultSpaceSettings", origins);
    }
    if (settings !== undefined && settings !== null) {
        // DomainSettings (create) → DomainSettingsForUpdate: the RStudio block is RStudioServerProDomainSettingsForUpdate.
        const { rStudioServerProDomainSettings, ...other } = settings;
        const forUpdate: Record<string, unknown> = { ...other };
        if (!empty(rStudioServerProDomainSettings)) forUpdate.rStudioServerProDomainSettingsForUpdate = rStudioServerProDomainSettings;
        const converted = toApi("sagemaker", "DomainSettingsForUpdate", forUpdate, "DomainSettingsForUpdate", "domainSettings", origins) as Record<string, unknown>;
        const rs = "DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate";
        for (const k of Object.keys(origins)) {
            if (k.startsWith(rs)) origins[k] = origins[k].replace("domainSettings.rStudioServerProDomainSettingsForUpdate", "domainSettings.rStudioServerProDomainSettings");
        }
        if (Object.keys(converted).length > 0) request.DomainSettingsForUpdate = converted;
    }
    return { service: "sagemaker", operation: "UpdateDomain", request, origins, resource: `${reg.type} ${reg.name}` };
}
