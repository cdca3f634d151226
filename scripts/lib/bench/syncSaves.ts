// Saves that change what a service answers, for timing the dev loop's sync from the file's
// write to the first response that carries the change (the benchmark) and for checking that a
// synced edit is served (the end-to-end stage). Each save stamps a new marker into a response.
import * as fs from "fs";
import * as path from "path";

export interface StampedEdit {
    /** The file, relative to the project. */
    readonly file: readonly string[];
    /** The URL path whose response carries the marker. */
    readonly urlPath: string;
    /** Rewrites the file's text so the response carries `marker`. */
    readonly stamp: (text: string, marker: string) => string;
}

function replacing(pattern: RegExp, replacement: (marker: string) => string): StampedEdit["stamp"] {
    return (text, marker) => {
        if (!pattern.test(text)) {
            throw new Error(`the edit's pattern ${pattern} is not in the file: the benchmark's edit needs updating`);
        }
        return text.replace(pattern, replacement(marker));
    };
}

export const STAMPED_EDITS = {
    /** The backend's liveness answer gains a field. */
    backend: {
        file: ["apps", "backend", "app", "main.py"],
        urlPath: "/health",
        stamp: replacing(/return \{"status": "ok"(, "saved": "[^"]*")?\}/, (m) => `return {"status": "ok", "saved": "${m}"}`),
    },
    /** The web UI's health route names a new service string. */
    frontendWeb: {
        file: ["apps", "frontend-web", "app", "api", "health", "route.ts"],
        urlPath: "/api/health",
        stamp: replacing(/service: "frontend-web[^"]*"/, (m) => `service: "frontend-web ${m}"`),
    },
} as const satisfies Record<string, StampedEdit>;

/** Writes the stamped file, then polls `baseUrl` until a response carries the marker; returns the seconds from the write. */
export async function saveUntilServed(projectDir: string, edit: StampedEdit, baseUrl: string, marker: string, timeoutMs: number): Promise<number> {
    const file = path.join(projectDir, ...edit.file);
    const text = edit.stamp(fs.readFileSync(file, "utf8"), marker);
    const url = `${baseUrl.replace(/\/$/, "")}${edit.urlPath}`;
    const start = Date.now();
    fs.writeFileSync(file, text);
    while (Date.now() - start < timeoutMs) {
        try {
            const body = await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
            if (body.includes(marker)) {
                return (Date.now() - start) / 1000;
            }
        } catch {
            // restarting: the reloading server is between workers
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${url} did not answer with ${marker} within ${timeoutMs / 1000} s of saving ${edit.file.join("/")}`);
}
