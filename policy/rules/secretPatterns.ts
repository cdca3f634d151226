// What "looks secret" means, in one place: the program refuses secret-looking build args and
// extraValues with it, and the policy pack (policy/secrets.ts) secret-looking ConfigMap data,
// plain env values, build args and Helm values. Pure: no dependency, so the pack can import it.

/** `openaiApiKey`, `OPENAI_API_KEY`, `openai-api-key` → [OPENAI, API, KEY]. */
export function keyWords(key: string): string[] {
    return key
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "")
        .map((w) => w.toUpperCase());
}

/**
 * Whether a name (env var, Helm value key, build arg) names a secret. Split into words
 * (camelCase, snake_case and kebab-case alike), it is secret when it
 * - ends in DATABASE_URL or DSN (SENTRY_DSN, DB_DSN), or in SECRET (BETTER_AUTH_SECRET, clientSecret);
 * - ends in KEY after API, SECRET, PRIVATE, ACCESS or a service name (OPENAI_API_KEY, STRIPE_KEY),
 *   or has the word APIKEY;
 * - has a word containing PASSWORD, PASSWD or PASSPHRASE, or the word PASS or PWD (ADMIN_PASS, DB_PWD);
 * - has a word ending in TOKEN (GITHUB_TOKEN, accessToken; not MAX_TOKENS) or CREDENTIAL(S).
 * Never secret, because they name or hash a secret instead of holding it: names starting with
 * `existing` (existingSecret), ending in NAME, REF or CHECKSUM (secretName, secretChecksum), and
 * `*PasswordKey` (the key of a Secret that holds a password, e.g. postgresql.auth.passwordKey).
 * `secrets` (the chart's values block) is not SECRET, so `secrets.name` passes.
 */
export function secretLookingName(name: string): boolean {
    const w = keyWords(name);
    const last = w[w.length - 1] ?? "";
    const prev = w[w.length - 2] ?? "";
    if (w[0] === "EXISTING" || ["NAME", "REF", "CHECKSUM"].includes(last) || (last === "KEY" && /PASSW(OR)?D/.test(prev))) {
        return false;
    }
    return (
        (prev === "DATABASE" && last === "URL") ||
        last === "DSN" ||
        last === "SECRET" ||
        (last === "KEY" && prev !== "" && !NOT_SECRET_KEYS.includes(prev)) ||
        w.includes("APIKEY") ||
        w.some((x) => /PASSW(OR)?D|PASSPHRASE/.test(x) || x === "PASS" || x === "PWD" || x.endsWith("TOKEN") || /^CREDENTIALS?$/.test(x))
    );
}

/** `<word>_KEY` names that are plainly not secrets (a database or cache key, a sort key). */
const NOT_SECRET_KEYS = ["PRIMARY", "FOREIGN", "SORT", "PARTITION", "CACHE", "ROUTING", "GROUP", "LABEL", "IDEMPOTENCY", "HOST", "PUBLIC", "PUBLISHABLE"];

/** A connection URL that carries a password: scheme://user:password@host. */
export function urlWithPassword(value: string): boolean {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^/@\s]+@/i.test(value);
}

export function secretLookingValue(name: string, value: string): boolean {
    return secretLookingName(name) || urlWithPassword(value);
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
