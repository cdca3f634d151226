// The backend's CORS origin, in whatever key the chart's backend reads it. Ours reads
// ALLOWED_ORIGINS; an existing chart may declare FRONTEND_URL (or CORS_ORIGINS, ...) in its
// `backend.env` defaults, pointing at an address that is not where the web UI runs here, so the
// browser's preflight fails. The program fills every origin key the chart declares there.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { asRecord } from "../../policy/rules/plainData";

/** A key naming where the browser's requests come from: FRONTEND_URL, ALLOWED_ORIGINS, CORS_ORIGIN, ... */
const ORIGIN_KEY = /(^|_)(ORIGINS?|FRONTEND_URL)$/;

export interface OriginInputs {
    readonly chartDir: string;
    /** The web UI's URL in the browser, when known (publicUrl or the NodePort URL). */
    readonly frontendWebUrl?: string;
    readonly frontendChatbotUrl?: string;
    /** `allowedOrigins` as configured (empty: not set). */
    readonly allowedOrigins: readonly string[];
    /** `extraValues.backend.env`: what the user set by hand wins and is left alone. */
    readonly userEnv: Readonly<Record<string, unknown>>;
}

export interface OriginEnv {
    readonly env: Readonly<Record<string, string>>;
    readonly warnings: readonly string[];
}

/** The chart's declared `backend.env` defaults (empty when it has none). */
export function chartBackendEnv(chartDir: string): Readonly<Record<string, unknown>> {
    const file = path.join(chartDir, "values.yaml");
    const values = fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, "utf8")) as unknown) : undefined;
    return asRecord(asRecord(asRecord(values).backend).env);
}

/**
 * Origin values for every origin key the chart declares: a plural key (ALLOWED_ORIGINS) gets
 * the list (allowedOrigins, else both UIs' URLs), a singular one (FRONTEND_URL) the web UI's
 * URL. ALLOWED_ORIGINS from allowedOrigins is always set (our backend reads it).
 */
export function backendOriginEnv(o: OriginInputs): OriginEnv {
    const env: Record<string, string> = {};
    const warnings: string[] = [];
    if (o.allowedOrigins.length > 0) {
        env.ALLOWED_ORIGINS = o.allowedOrigins.join(",");
    }
    const uiUrls = [o.frontendWebUrl, o.frontendChatbotUrl].filter((u): u is string => u !== undefined);
    for (const [key, chartDefault] of Object.entries(chartBackendEnv(o.chartDir))) {
        if (!ORIGIN_KEY.test(key) || key in o.userEnv || key in env) {
            continue;
        }
        const plural = key.endsWith("S");
        const value = plural ? (o.allowedOrigins.length > 0 ? o.allowedOrigins.join(",") : uiUrls.join(",")) : o.frontendWebUrl;
        if (value) {
            env[key] = value;
        } else {
            warnings.push(
                `the chart's backend reads ${key} (default ${JSON.stringify(chartDefault)}) and the web UI's URL is not known here (no NodePort, no publicUrl), ` +
                    `so it stays at that default and the browser's CORS preflight may fail. Fix: pulumi config set --path 'extraValues.backend.env.${key}' <the web UI's URL>`,
            );
        }
    }
    return { env, warnings };
}
