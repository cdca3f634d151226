// Secret keys stored in plaintext in the stack file: `pulumi config set databaseUrl …` without
// --secret writes the password into Pulumi.<stack>.yaml as it is, and the engine accepts it.
// Pulumi.yaml cannot declare these keys `secret: true`: the CLI (3.230) then requires each one,
// and refuses an empty default as "must be encrypted", so every optional secret (databaseUrl in
// dev, openaiApiKey) would become mandatory. So the program reads the stack file itself: a
// value stored encrypted is a `{secure: …}` map there, a plaintext one a bare string.
import { parse } from "yaml";
import { SECRET_KEYS, SecretKey } from "./configKeys";
import { Problems, REDACTED } from "./problems";

/** The secret keys whose value the stack file holds in plaintext (config from elsewhere is not judged). */
export function plaintextSecretKeys(stackFileText: string, project: string): SecretKey[] {
    const config = (parse(stackFileText) as { config?: Record<string, unknown> } | null)?.config ?? {};
    return SECRET_KEYS.filter((key) => typeof config[`${project}:${key}`] === "string");
}

/** One problem per plaintext secret, with the command that stores it encrypted. */
export function reportPlaintextSecrets(keys: readonly SecretKey[], stackFile: string, p: Problems): void {
    for (const key of keys) {
        p.add(
            key,
            REDACTED,
            `is stored in plaintext in ${stackFile} (anyone who can read the file or its history can read it)`,
            `pulumi config set --secret ${key} '<the value>' (the same value, now encrypted); the plaintext stays in the file's version history, so rotate the value if the file was ever committed or shared`,
        );
    }
}
