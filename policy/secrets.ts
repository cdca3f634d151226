// Rule family 6: no secret in plaintext configuration. A secret belongs in a Kubernetes Secret
// (created by the program from a Pulumi secret) and is read with secretKeyRef / envFrom; it
// never goes into ConfigMap data, a container's plain env value, a docker build arg, or a Helm
// Release's values (Helm keeps values in plaintext in its release history, and inline secret
// values have leaked into Pulumi diffs: pulumi-kubernetes#2003).
//
// @pulumi/policy 1.21 hands validations the inputs with Pulumi secret markers stripped, so the
// pack can't tell whether a value was a Pulumi secret. It therefore refuses a secret-looking
// Helm value whether or not it is one: the program passes only Secret names (secrets.name and
// each workload's secretName) to the chart. A `kubernetes:core/v1:Secret` is where secrets
// belong, so its data and stringData are not checked.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObj, asString, HELM_RELEASE, isUnknown, ResourceView, resourceView, releaseValues, subject } from "./common/resources";
import { containersOf, podSpec } from "./common/workloads";
import { DOCKER_IMAGE } from "./images";
// The program's own rule (one definition of "looks secret" for the program and the pack).
import { secretLookingName, urlWithPassword } from "./rules/secretPatterns";

const CONFIG_MAP = /^kubernetes:core\/v1:ConfigMap$/;

/**
 * Why an entry looks secret, or undefined. Only a non-empty string can hold a secret; a value not
 * known until the update (computed from another resource's output) is judged by its key alone.
 */
export function secretReason(key: string, value: unknown): string | undefined {
    if (isUnknown(value)) {
        return secretLookingName(key) ? "its name" : undefined;
    }
    if (typeof value !== "string" || value === "") {
        return undefined;
    }
    if (secretLookingName(key)) {
        return "its name";
    }
    return urlWithPassword(value) ? "a URL with a password" : undefined;
}

/** Every leaf below `value` as [dotted path, last key, value]. */
function leaves(value: unknown, path: string, key: string): Array<[string, string, unknown]> {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => leaves(v, `${path}[${i}]`, key));
    }
    const o = asObj(value);
    if (o === undefined) {
        return [[path, key, value]];
    }
    return Object.entries(o).flatMap(([k, v]) => leaves(v, path === "" ? k : `${path}.${k}`, k));
}

const FIX = {
    configMap: "move it to a Kubernetes Secret created from a Pulumi secret, and read it with secretKeyRef or envFrom.secretRef",
    release:
        "put it in the Kubernetes Secret named by secrets.name (created from a Pulumi secret); Helm keeps values in plaintext release history, Pulumi secret or not",
    env: "read it from a Kubernetes Secret with valueFrom.secretKeyRef",
    buildArg: "never pass a secret as a build arg (it stays in the image history); give it to the container at run time from a Kubernetes Secret",
} as const;

export function checkPlaintextSecrets(r: ResourceView): string[] {
    const found: string[] = [];
    const flag = (where: string, key: string, value: unknown, fix: string): void => {
        const reason = secretReason(key, value);
        if (reason !== undefined) {
            found.push(`${subject(r)} ${where} looks like a secret (${reason}): ${fix}.`);
        }
    };
    if (CONFIG_MAP.test(r.type)) {
        for (const field of ["data", "binaryData"]) {
            for (const [k, v] of Object.entries(asObj(r.props[field]) ?? {})) {
                flag(`${field}.${k}`, k, v, FIX.configMap);
            }
        }
    } else if (r.type === HELM_RELEASE) {
        for (const [path, k, v] of leaves(releaseValues(r), "", "")) {
            flag(`value ${path}`, k, v, FIX.release);
        }
    } else if (r.type === DOCKER_IMAGE) {
        for (const [k, v] of Object.entries(asObj(asObj(r.props.build)?.args) ?? {})) {
            flag(`build.args.${k}`, k, v, FIX.buildArg);
        }
    } else {
        for (const c of containersOf(podSpec(r))) {
            for (const e of asArray(c.spec.env)) {
                const name = asString(asObj(e)?.name) ?? "";
                flag(`${c.role} "${c.name}" env ${name}`, name, asObj(e)?.value, FIX.env);
            }
        }
    }
    return found;
}

export const noPlaintextSecrets: ResourceValidationPolicy = {
    name: "no-plaintext-secrets",
    description:
        "No secret-looking key (DATABASE_URL, *_SECRET, *_API_KEY, *PASSWORD*, *TOKEN) or password-bearing URL in ConfigMap data, Helm Release values, plain container env values or docker build args; secrets go in a Kubernetes Secret made from a Pulumi secret.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        checkPlaintextSecrets(resourceView(args)).forEach((m) => reportViolation(m));
    },
};
