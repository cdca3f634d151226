// Step 4 of a deployment: the Kubernetes Secrets, from Pulumi secrets. One per workload, with
// only the keys it reads, so rotating a key rolls exactly the workloads that read it (and
// PostgreSQL never restarts for an app secret). Each is immutable and auto-named by Pulumi
// (`<resource name>-<random>`): a change of its data replaces it (the kubernetes provider
// treats Secret data as immutable), the replacement gets a fresh name, the Release switches
// the pods to it, and Pulumi deletes the old one only after the Release succeeded (replacements
// are create-before-delete). An atomic rollback therefore finds the previous Secret intact, and
// no running pod ever loses the Secret it reads. Replaced Secrets are retained, not deleted:
// `helm rollback` to a kept revision needs the Secret that revision names; secretHistory.ts
// deletes those older than the Release's history. A name derived from the data would collide
// when a value goes back to an earlier one while that earlier Secret still awaits deletion
// after a failed upgrade (tests/e2e stage f). The chart gets names, never data.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** The workloads that read a Secret, and the keys each reads (the services' runtime contract). */
export const SECRET_READERS = {
    backend: ["DATABASE_URL", "BETTER_AUTH_SECRET", "OPENAI_API_KEY"],
    frontendWeb: ["BETTER_AUTH_SECRET"],
    frontendChatbot: ["OPENAI_API_KEY"],
    postgresql: ["POSTGRES_PASSWORD"],
} as const;
export type SecretReader = keyof typeof SECRET_READERS;

/** Keys the program knows but may have no value for, and the config key that gives one. */
const OPTIONAL_KEYS: Readonly<Record<string, string>> = { OPENAI_API_KEY: "openaiApiKey" };

/**
 * What each workload's Secret will hold, known from the settings alone (for the chart check
 * before anything is created): the keys with a value, and the optional keys left unset.
 */
export function secretContents(inClusterDatabase: boolean, configured: ReadonlySet<string>): Partial<Record<SecretReader, { keys: string[]; unset: Record<string, string> }>> {
    const hasValue = (key: string): boolean => OPTIONAL_KEYS[key] === undefined || configured.has(OPTIONAL_KEYS[key]);
    const contents: Partial<Record<SecretReader, { keys: string[]; unset: Record<string, string> }>> = {};
    for (const reader of Object.keys(SECRET_READERS) as SecretReader[]) {
        if (reader === "postgresql" && !inClusterDatabase) {
            continue;
        }
        const known: readonly string[] = SECRET_READERS[reader];
        contents[reader] = {
            keys: known.filter(hasValue),
            unset: Object.fromEntries(known.filter((k) => !hasValue(k)).map((k) => [k, OPTIONAL_KEYS[k]])),
        };
    }
    return contents;
}

export interface AppSecretsArgs {
    /** The chart's fullname: the registry pull Secret is `<fullname>-registry`. */
    readonly fullname: string;
    readonly namespace: string;
    /** External database; undefined (dev only) composes one for the chart's in-cluster PostgreSQL. */
    readonly databaseUrl?: pulumi.Output<string>;
    /** Undefined: generated once with @pulumi/random and kept in state. */
    readonly betterAuthSecret?: pulumi.Output<string>;
    /** Undefined: the key is left out (or empty, where the chart requires it) and the chatbot says chat is disabled. */
    readonly openaiApiKey?: pulumi.Output<string>;
    /** `host:port` of the chart's in-cluster PostgreSQL Service, used when databaseUrl is undefined. */
    readonly postgresqlHost: string;
    /** Unset optional keys a pod of the chart requires (chartPreflight.ts): written as "". */
    readonly emptyKeys?: Readonly<Partial<Record<SecretReader, readonly string[]>>>;
    /** Registry credentials for a kubernetes.io/dockerconfigjson pull Secret (prod pushes). */
    readonly registry?: { readonly server: string; readonly username: string; readonly password: pulumi.Output<string> };
}

/** The `.dockerconfigjson` of a pull Secret. */
export function dockerConfigJson(server: string, username: string, password: string): string {
    const auth = Buffer.from(`${username}:${password}`).toString("base64");
    return JSON.stringify({ auths: { [server]: { username, password, auth } } });
}

export class AppSecrets extends pulumi.ComponentResource {
    /** Secret name per workload; postgresql only when the chart runs its own database. */
    readonly names: Readonly<Partial<Record<SecretReader, pulumi.Output<string>>>>;
    /** The pull Secret's name, when registry credentials were given. */
    readonly imagePullSecret?: pulumi.Output<string>;
    /** True when the chart must run its in-cluster PostgreSQL. */
    readonly inClusterDatabase: boolean;
    /** Labels every workload Secret carries (plus app.kubernetes.io/component), for pruning. */
    readonly selector: Readonly<Record<string, string>>;
    /** The component label of every workload that may have Secrets (a Secret whose workload
     * went away, e.g. PostgreSQL's after switching to databaseUrl, is pruned like the others). */
    readonly components: readonly string[];

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:secrets:AppSecrets", name, {}, opts);
        const generated = (suffix: string, length: number): pulumi.Output<string> =>
            new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this }).result;

        this.inClusterDatabase = args.databaseUrl === undefined;
        const values: Record<string, pulumi.Output<string>> = {
            BETTER_AUTH_SECRET: args.betterAuthSecret ?? generated("better-auth-secret", 48),
        };
        if (args.databaseUrl) {
            values.DATABASE_URL = args.databaseUrl;
        } else {
            const password = generated("postgresql-password", 32);
            values.POSTGRES_PASSWORD = password;
            values.DATABASE_URL = pulumi.interpolate`postgresql://todo:${password}@${args.postgresqlHost}/todo`;
        }
        if (args.openaiApiKey) {
            values.OPENAI_API_KEY = args.openaiApiKey;
        }
        const labels = { "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" };
        this.selector = { ...labels, "app.kubernetes.io/instance": args.fullname };
        this.components = (Object.keys(SECRET_READERS) as SecretReader[]).map(kebab);

        const names: Partial<Record<SecretReader, pulumi.Output<string>>> = {};
        for (const reader of Object.keys(SECRET_READERS) as SecretReader[]) {
            if (reader === "postgresql" && !this.inClusterDatabase) {
                continue;
            }
            // Empty where the chart requires a key with no value: the chatbot treats "" as "chat disabled".
            const empty = args.emptyKeys?.[reader] ?? [];
            const keys = SECRET_READERS[reader].filter((k) => values[k] !== undefined || empty.includes(k));
            const data = pulumi.secret(pulumi.all(Object.fromEntries(keys.map((k) => [k, values[k] ?? pulumi.output("")]))));
            const secret = new k8s.core.v1.Secret(
                `${name}-${kebab(reader)}`,
                {
                    // No name: auto-named, so every replacement gets a new one (see the top).
                    metadata: { namespace: args.namespace, labels: { ...this.selector, "app.kubernetes.io/component": kebab(reader) } },
                    type: "Opaque",
                    immutable: true,
                    // No keys (the chatbot without openaiApiKey): no stringData at all. An empty
                    // one is not stored by the API server, so every preview would propose
                    // adding it back, i.e. replacing this immutable Secret.
                    stringData: keys.length > 0 ? data : undefined,
                },
                // A replaced Secret stays for `helm rollback` (see the top); SecretHistory prunes.
                { parent: this, retainOnDelete: true },
            );
            names[reader] = secret.metadata.name;
        }
        this.names = names;

        if (args.registry) {
            const { server, username, password } = args.registry;
            const pull = new k8s.core.v1.Secret(
                `${name}-registry`,
                {
                    metadata: { name: `${args.fullname}-registry`, namespace: args.namespace, labels: { ...labels, "app.kubernetes.io/component": "registry" } },
                    type: "kubernetes.io/dockerconfigjson",
                    stringData: { ".dockerconfigjson": pulumi.secret(password.apply((pw) => dockerConfigJson(server, username, pw))) },
                },
                { parent: this },
            );
            this.imagePullSecret = pull.metadata.name;
        }
        this.registerOutputs({ names: this.names, imagePullSecret: this.imagePullSecret, inClusterDatabase: this.inClusterDatabase });
    }
}

function kebab(reader: SecretReader): string {
    return reader.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
