// Non-secret build args that depend on where the app ends up: an existing repository's
// Next.js frontends bake NEXT_PUBLIC_API_URL into the browser bundle at build time, so it
// must equal the URL the browser will use. Placeholders resolve from the cluster and the
// NodePorts; the resolved values feed the content tag, so a new address or port rebuilds
// exactly the images whose args use it.
export type Placeholders = Readonly<Record<string, string | undefined>>;

/** Replaces `{name}` in each arg value; throws naming the arg when a placeholder has no value. */
export function resolveBuildArgs(service: string, args: Readonly<Record<string, string>>, placeholders: Placeholders): Record<string, string> {
    const resolved: Record<string, string> = {};
    for (const [name, template] of Object.entries(args)) {
        resolved[name] = template.replace(/\{([A-Za-z]+)\}/g, (_, key: string) => {
            const value = placeholders[key];
            if (value === undefined) {
                throw new Error(
                    `builds.${service}.args.${name} uses {${key}}, which has no value for this stack ` +
                        `(${key === "nodeAddress" || key.endsWith("Url") ? "set nodeAddress" : `set ${key}`} with pulumi config set).`,
                );
            }
            return value;
        });
    }
    return resolved;
}
