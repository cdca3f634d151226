// What "looks secret" means, in one place: used to refuse secret-looking build args and plain
// Helm values before they can land in an image layer, a ConfigMap or a state file.

/** Names such as DATABASE_URL, BETTER_AUTH_SECRET, OPENAI_API_KEY, POSTGRES_PASSWORD, GITHUB_TOKEN. */
const SECRET_NAME = /(SECRET|API_?KEY|PASSWORD|PASSWD|TOKEN|PRIVATE_?KEY|DATABASE_URL|CREDENTIAL)/i;
/** A connection URL that carries a password: scheme://user:password@host. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^/@\s]+@/i;

export function secretLookingName(name: string): boolean {
    return SECRET_NAME.test(name);
}

export function secretLookingValue(name: string, value: string): boolean {
    return secretLookingName(name) || URL_WITH_PASSWORD.test(value);
}

/** Dotted paths of every key or string value below `obj` that looks secret. */
export function findSecretLookingEntries(obj: unknown, prefix = ""): Array<[string, unknown]> {
    if (obj === null || typeof obj !== "object") {
        return [];
    }
    const found: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
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
