// The public side of a stack: the URLs people use (publicUrl, chatbotPublicUrl), the Ingress
// that serves them (class, TLS Secret) and the stack's own certificate for it. https in prod.
import { RawConfig } from "../config/configKeys";
import { Problems, set } from "../config/problems";
import { PublicSettings } from "../config/settings";
import { validateIngressTls } from "./validateIngressTls";

/** An origin or public URL: scheme, host, optional port, nothing after. */
export const ORIGIN = /^https?:\/\/[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?$/;

export function validatePublic(raw: RawConfig, p: Problems, isProd: boolean, tlsKey: string | undefined): PublicSettings {
    const url = (key: "publicUrl" | "chatbotPublicUrl", example: string): string | undefined => {
        const value = p.string(key, raw[key], example);
        if (!value) {
            return undefined;
        }
        const trimmed = value.replace(/\/$/, "");
        if (!ORIGIN.test(trimmed)) {
            p.add(key, value, "must be http(s)://host with no path: the Ingress serves the app at that host's root", set(key, example));
            return undefined;
        }
        if (isProd && !trimmed.startsWith("https://")) {
            p.add(key, value, "a prod stack serves its UI over https (session cookies are Secure)", set(key, example));
        }
        return trimmed;
    };
    const frontendWebUrl = url("publicUrl", "https://todo.example.com");
    const frontendChatbotUrl = url("chatbotPublicUrl", "https://chat.todo.example.com");
    if (frontendChatbotUrl && !frontendWebUrl) {
        p.add("chatbotPublicUrl", frontendChatbotUrl, "needs publicUrl too: one Ingress serves both hosts", set("publicUrl", "https://todo.example.com"));
    }
    if (frontendWebUrl && frontendChatbotUrl && new URL(frontendWebUrl).host === new URL(frontendChatbotUrl).host) {
        p.add("chatbotPublicUrl", frontendChatbotUrl, "must be a different host from publicUrl (each UI is served at its host's root)", set("chatbotPublicUrl", "https://chat.todo.example.com"));
    }
    if (isProd && !frontendWebUrl) {
        p.add("publicUrl", "", "a prod stack needs the https URL people use (Ingress host, BETTER_AUTH_URL, CORS)", set("publicUrl", "https://todo.example.com"));
    }
    const ingressClassName = p.string("ingressClassName", raw.ingressClassName, "nginx") || undefined;
    const tlsSecret = p.string("ingressTlsSecret", raw.ingressTlsSecret, "todo-tls") || undefined;
    for (const [key, value] of [["ingressClassName", ingressClassName], ["ingressTlsSecret", tlsSecret]] as const) {
        if (value && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value)) {
            p.add(key, value, "must be a Kubernetes object name (lower-case letters, digits, '-', '.')", set(key, key === "ingressClassName" ? "nginx" : "todo-tls"));
        }
    }
    const tlsCertificate = p.string("ingressTlsCertificate", raw.ingressTlsCertificate, "\"$(cat tls.crt)\"") || undefined;
    const hosts = [frontendWebUrl, frontendChatbotUrl].filter((u): u is string => u !== undefined).map((u) => new URL(u).hostname);
    validateIngressTls(tlsCertificate, tlsKey, hosts, new Date(), p);
    if (tlsCertificate && !frontendWebUrl?.startsWith("https://")) {
        p.add("ingressTlsCertificate", "(a certificate)", "is only used for an https publicUrl", `pulumi config rm ingressTlsCertificate, or ${set("publicUrl", "https://todo.example.com")}`);
    }
    return { frontendWebUrl, frontendChatbotUrl, ingressClassName, tlsSecret, tlsCertificate };
}

/** The backend's CORS origins: allowedOrigins, else the public URLs; a prod stack lists them explicitly. */
export function allowedOrigins(raw: RawConfig, publicSettings: PublicSettings, isProd: boolean, p: Problems): string[] {
    const originsText = p.string("allowedOrigins", raw.allowedOrigins, "https://todo.example.com") ?? "";
    const configuredOrigins = originsText.split(",").map((o) => o.trim()).filter((o) => o !== "");
    for (const origin of configuredOrigins) {
        if (origin !== "*" && !ORIGIN.test(origin.replace(/\/$/, ""))) {
            p.add("allowedOrigins", originsText, `'${origin}' is not an origin (scheme://host[:port], no path)`, set("allowedOrigins", "https://todo.example.com,https://chat.todo.example.com"));
        }
    }
    const origins = configuredOrigins.length > 0
        ? configuredOrigins.map((o) => o.replace(/\/$/, ""))
        : [publicSettings.frontendWebUrl, publicSettings.frontendChatbotUrl].filter((u): u is string => u !== undefined);
    if (isProd && (origins.length === 0 || origins.includes("*"))) {
        p.add("allowedOrigins", originsText, "a prod stack lists its CORS origins explicitly (no '*'), or sets publicUrl", set("allowedOrigins", "https://todo.example.com"));
    }
    return origins;
}
