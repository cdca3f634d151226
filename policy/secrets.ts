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

const CONFIG_MAP = /^kubernetes:core\/v1:ConfigMap$/;

/** `scheme://user:password@host...`: a connection URL that carries a password, whatever its key. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^/@\s]+@/i;

/** `openaiApiKey`, `OPENAI_API_KEY`, `openai-api-key` → [OPENAI, API, KEY]. */
export function keyWords(key: string): string[] {
    return key
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "")
        .map((w) => w.toUpperCase());
}

/**
 * Whether a key names a secret. Split into words (camelCase, snake_case, kebab-case alike), a
 * key is secret when it
 * - ends in DATABASE_URL;
 * - ends in SECRET (BETTER_AUTH_SECRET, clientSecret), or in API_KEY, SECRET_KEY, PRIVATE_KEY,
 *   ACCESS_KEY, or has the word APIKEY;
 * - has a word containing PASSWORD or PASSWD (POSTGRES_PASSWORD, dbPassword);
 * - has a word ending in TOKEN (GITHUB_TOKEN, accessToken; not MAX_TOKENS).
 * Never secret, because they name or hash a secret instead of holding it: keys starting with
 * `existing` (existingSecret), ending in NAME, REF or CHECKSUM (secretName, secretChecksum), and
 * `*PasswordKey` (the key of a Secret that holds the password, e.g. postgresql.auth.passwordKey).
 * `secrets` (the values block) is not SECRET, so `secrets.name` and `secrets.managed` pass.
 */
export function secretLookingKey(key: string): boolean {
    const w = keyWords(key);
    const last = w[w.length - 1] ?? "";
    const prev = w[w.length - 2] ?? "";
    if (w[0] === "EXISTING" || ["NAME", "REF", "CHECKSUM"].includes(last) || (last === "KEY" && /PASSW(OR)?D/.test(prev))) {
        return false;
    }
    return (
        (prev === "DATABASE" && last === "URL") ||
        last === "SECRET" ||
        (last === "KEY" && ["API", "SECRET", "PRIVATE", "ACCESS"].includes(prev)) ||
        w.includes("APIKEY") ||
        w.some((x) => /PASSW(OR)?D/.test(x) || x.endsWith("TOKEN"))
    );
}

/**
 * Why an entry looks secret, or undefined. Only a non-empty string can hold a secret; a value not
 * known until the update (computed from another resource's output) is judged by its key alone.
 */
export function secretReason(key: string, value: unknown): string | undefined {
    if (isUnknown(value)) {
        return secretLookingKey(key) ? "its name" : undefined;
    }
    if (typeof value !== "string" || value === "") {
        return undefined;
    }
    if (secretLookingKey(key)) {
        return "its name";
    }
    return URL_WITH_PASSWORD.test(value) ? "a URL with a password" : undefined;
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
