// The secrets' rules, checked on the decrypted values before any resource exists (inside an
// apply they would only fail after the first resources were registered). Messages name the
// key and the fix, never the value.
import { SecretValues } from "../config/configKeys";
import { Problems, REDACTED, set } from "../config/problems";
import { ImageLoadMode } from "../config/settings";

/**
 * What the backend accepts (apps/backend/app/config.py): postgres:// or postgresql://, or
 * either with a driver suffix (postgresql+psycopg://, postgresql+asyncpg://), which it strips.
 */
export const DATABASE_URL = /^postgres(ql)?(\+[a-z0-9_]+)?:\/\/[^\s/?#]+/i;
export const MIN_AUTH_SECRET_LENGTH = 32;

export interface SecretRulesContext {
    readonly isProd: boolean;
    readonly registryUsername?: string;
    readonly loadMode?: ImageLoadMode;
}

export function validateSecrets(secrets: SecretValues, ctx: SecretRulesContext, p: Problems): void {
    const { databaseUrl, betterAuthSecret, openaiApiKey, registryPassword } = secrets;
    if (databaseUrl !== undefined && !validDatabaseUrl(databaseUrl)) {
        p.add("databaseUrl", REDACTED, "must be a PostgreSQL URL: postgresql://, postgres://, or with a driver such as postgresql+asyncpg://, followed by user:password@host", set("databaseUrl", "'postgresql://user:pass@host:5432/db'", true));
    }
    if (betterAuthSecret !== undefined && betterAuthSecret.length < MIN_AUTH_SECRET_LENGTH) {
        p.add("betterAuthSecret", REDACTED, `must be at least ${MIN_AUTH_SECRET_LENGTH} characters (it has ${betterAuthSecret.length})`, set("betterAuthSecret", "\"$(openssl rand -base64 32)\"", true));
    }
    if (openaiApiKey !== undefined && (openaiApiKey.trim() === "" || /\s/.test(openaiApiKey))) {
        p.add("openaiApiKey", REDACTED, "must be a single token without spaces (unset it to disable chat)", `pulumi config set --secret openaiApiKey 'sk-...', or pulumi config rm openaiApiKey`);
    }
    if (ctx.isProd && databaseUrl === undefined) {
        p.add("databaseUrl", "", "a prod stack needs the external database (there is no in-cluster PostgreSQL in prod)", set("databaseUrl", "'postgresql://user:pass@host/db'", true));
    }
    if (ctx.isProd && betterAuthSecret === undefined) {
        p.add("betterAuthSecret", "", "a prod stack needs a stable auth secret (a generated one would change sessions on every new stack)", set("betterAuthSecret", "\"$(openssl rand -base64 32)\"", true));
    }
    if (ctx.registryUsername && !registryPassword) {
        p.add("registryPassword", "", "registryUsername is set but its password is not", set("registryPassword", "<token>", true));
    }
    if (registryPassword !== undefined && !ctx.registryUsername) {
        p.add("registryUsername", "", "registryPassword is set, but without a user name it is never used", set("registryUsername", "ci-bot"));
    }
    if (ctx.registryUsername && ctx.loadMode !== "registry") {
        p.add("registryUsername", ctx.registryUsername, `is only used when images are pushed (imageLoad registry), not with ${ctx.loadMode ?? "the Minikube default"}`, `pulumi config rm registryUsername, or ${set("registry", "ghcr.io/acme")}`);
    }
}

function validDatabaseUrl(url: string): boolean {
    if (!DATABASE_URL.test(url)) {
        return false;
    }
    try {
        return new URL(url.replace(/^[^:]+/, "postgresql")).hostname !== "";
    } catch {
        return false;
    }
}
