// Step 4 of a deployment: one Kubernetes Secret from Pulumi secrets. The chart only gets
// its name (and a checksum, so a rotation rolls the pods), never its data: inline secret
// values in a Helm Release have leaked into plaintext diffs.
import * as crypto from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { inClusterHost } from "./chartNames";

export interface AppSecretsArgs {
    /** Name of the Kubernetes Secret the chart's pods read (`secrets.name`). */
    readonly secretName: string;
    readonly namespace: string;
    /** External database; undefined (dev only) composes one for the chart's in-cluster PostgreSQL. */
    readonly databaseUrl?: pulumi.Output<string>;
    /** Undefined: generated once with @pulumi/random and kept in state. */
    readonly betterAuthSecret?: pulumi.Output<string>;
    /** Undefined: the key is left out and the chatbot says chat is disabled. */
    readonly openaiApiKey?: pulumi.Output<string>;
    /** In-cluster PostgreSQL Service name, used when databaseUrl is undefined. */
    readonly postgresqlService: string;
}

/** Runtime rules the apps rely on; checked on the decrypted values inside the engine. */
export function secretProblems(data: Readonly<Record<string, string>>): string[] {
    const problems: string[] = [];
    const url = data.DATABASE_URL ?? "";
    if (!/^(postgresql(\+psycopg)?:\/\/|sqlite:\/\/\/)/.test(url)) {
        problems.push("databaseUrl must start with postgresql://, postgresql+psycopg:// or sqlite:/// (fix: pulumi config set --secret databaseUrl 'postgresql://user:pass@host:5432/db')");
    }
    if ((data.BETTER_AUTH_SECRET ?? "").length < 32) {
        problems.push("betterAuthSecret must be at least 32 characters (fix: pulumi config set --secret betterAuthSecret \"$(openssl rand -base64 32)\")");
    }
    return problems;
}

/** sha256 of the Secret's data: changes exactly when a value changes. */
export function secretChecksum(data: Readonly<Record<string, string>>): string {
    const sorted = Object.keys(data).sort().map((k) => [k, data[k]]);
    return crypto.createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

export class AppSecrets extends pulumi.ComponentResource {
    readonly secretName: pulumi.Output<string>;
    /**
     * Not secret: a sha256 over data that includes a generated or configured 32+ character
     * key can't be reversed, and a plain checksum keeps the Release's diff readable.
     */
    readonly checksum: pulumi.Output<string>;
    /** True when the chart must run its in-cluster PostgreSQL. */
    readonly inClusterDatabase: boolean;

    constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:secrets:AppSecrets", name, {}, opts);
        const generated = (suffix: string, length: number): pulumi.Output<string> =>
            new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this }).result;

        this.inClusterDatabase = args.databaseUrl === undefined;
        const data: Record<string, pulumi.Output<string>> = {
            BETTER_AUTH_SECRET: args.betterAuthSecret ?? generated("better-auth-secret", 48),
        };
        if (args.databaseUrl) {
            data.DATABASE_URL = args.databaseUrl;
        } else {
            const password = generated("postgresql-password", 32);
            data.POSTGRES_PASSWORD = password;
            data.DATABASE_URL = pulumi.interpolate`postgresql://todo:${password}@${inClusterHost(args.postgresqlService, args.namespace, 5432)}/todo`;
        }
        if (args.openaiApiKey) {
            data.OPENAI_API_KEY = args.openaiApiKey;
        }

        const checked = pulumi.secret(
            pulumi.all(data).apply((values) => {
                const problems = secretProblems(values);
                if (problems.length > 0) {
                    throw new pulumi.ResourceError(`Invalid secret configuration:\n  - ${problems.join("\n  - ")}`, this);
                }
                return values;
            }),
        );
        const secret = new k8s.core.v1.Secret(
            name,
            {
                metadata: { name: args.secretName, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" } },
                type: "Opaque",
                stringData: checked,
            },
            { parent: this },
        );
        this.secretName = secret.metadata.name;
        this.checksum = pulumi.unsecret(checked.apply(secretChecksum));
        this.registerOutputs({ secretName: this.secretName, checksum: this.checksum, inClusterDatabase: this.inClusterDatabase });
    }
}
