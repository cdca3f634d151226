// "Serving": each URL's health endpoint answers 200. The dev loop and the benchmark stop their
// clocks here, after the engine reported the Release's pods Ready.

/** Health endpoints of the stack's public URLs (outputs that are not URLs are skipped). */
export function healthUrls(outputs: Readonly<Record<string, unknown>>): string[] {
    return ["frontendWebUrl", "frontendChatbotUrl"]
        .map((k) => outputs[k])
        .filter((u): u is string => typeof u === "string" && /^https?:\/\//.test(u))
        .map((u) => `${u.replace(/\/$/, "")}/api/health`);
}

/** Resolves true once every URL answers 200, false at the deadline. */
export async function waitServing(urls: readonly string[], deadlineMs: number): Promise<boolean> {
    const end = Date.now() + deadlineMs;
    const ok = async (url: string): Promise<boolean> => {
        try {
            return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;
        } catch {
            return false;
        }
    };
    while (Date.now() < end) {
        if ((await Promise.all(urls.map(ok))).every(Boolean)) {
            return true;
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    return false;
}
