// What "looks secret" means, in one place: used to refuse secret-looking build args and plain
// Helm values before they can land in an image layer, a ConfigMap or a state file.

/**
 * Names such as DATABASE_URL, BETTER_AUTH_SECRET, OPENAI_API_KEY, POSTGRES_PASSWORD,
 * GITHUB_TOKEN, ADMIN_PASS, DB_PWD, STRIPE_KEY, AWS_ACCESS_KEY_ID.
 */
const SECRET_NAME = /(SECRET|API_?KEY|PASSWORD|PASSWD|PASSPHRASE|(^|[^A-Z])PASS([^A-Z]|$)|PWD|TOKEN|PRIVATE_?KEY|ACCESS_?KEY|(^|_)KEY$|DATABASE_URL|CREDENTIAL|(^|_)DSN$)/i;
/** Names that refer to a secret rather than hold one: passwordKey, secretName, existingSecret, secretChecksum. */
const REFERENCE_NAME = /^(existingSecret\w*|\w*([Pp]assword|[Ss]ecret|[Tt]oken)(Key|Name|Ref)|\w*Checksum)$/;
/** A connection URL that carries a password: scheme://user:password@host. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^/@\s]+@/i;

export function secretLookingName(name: string): boolean {
    // Upper-cased so that camelCase names (adminPass, dbPwd) read like their env-var forms.
    if (REFERENCE_NAME.test(name)) {
        return false;
    }
    return SECRET_NAME.test(name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase());
}

export function secretLookingValue(name: string, value: string): boolean {
    return secretLookingName(name) || URL_WITH_PASSWORD.test(value);
}

/**
 * Dotted paths of every key or string value below `obj` that looks secret, including
 * Kubernetes-style `[{name: ADMIN_PASS, value: ...}]` lists, where the name is a value.
 */
export function findSecretLookingEntries(obj: unknown, prefix = ""): Array<[string, unknown]> {
    if (obj === null || typeof obj !== "object") {
        return [];
    }
    const record = obj as Record<string, unknown>;
    if (typeof record.name === "string" && typeof record.value === "string" && secretLookingValue(record.name, record.value)) {
        return [[prefix ? `${prefix}.${record.name}` : record.name, record.value]];
    }
    const found: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(record)) {
        const keyPath = prefix ? `${prefix}.${key}` : key;
        // Only strings can carry a secret; `automountServiceAccountToken: false` is not one.
        if (typeof value === "string" && secretLookingValue(key, value)) {
            found.push([keyPath, value]);
        } else {
            found.push(...findSecretLookingEntries(value, keyPath));
        }
    }
    return found;
}
