// What the benchmark measures, the same way for this program and for the baseline: each
// scenario's wall-clock seconds until the app serves again, and where they went.

/** Seconds of one scenario, and its parts (build, load, release/rollout, ...) where known. */
export interface Timing {
    readonly seconds: number;
    readonly phases: Readonly<Record<string, number>>;
}

export interface Deployer {
    readonly label: string;
    /** Nothing built, nothing deployed → every URL serving and the smoke test green. */
    coldDeploy(): Promise<Timing>;
    /** Nothing changed → done (and serving). */
    rerun(): Promise<Timing>;
    /** One line added to a backend source file → new backend pods serving. */
    editBackend(): Promise<Timing>;
    /** One line added to a frontend-web source file → new frontend pods serving. */
    editFrontend(): Promise<Timing>;
    /** BETTER_AUTH_SECRET rotated → the pods that read it rolled and serving. */
    rotateSecret(): Promise<Timing>;
    /** Removes everything it deployed. */
    teardown(): Promise<void>;
}

/** Files the edit scenarios touch (a comment line each time, so every edit is a real change). */
export const EDITED_FILES = {
    backend: ["apps", "backend", "app", "__init__.py"],
    frontendWeb: ["apps", "frontend-web", "app", "layout.tsx"],
} as const;

export function editLine(n: number): string {
    return `\n// bench edit ${n} ${Date.now()}\n`;
}

export function pythonEditLine(n: number): string {
    return `\n# bench edit ${n} ${Date.now()}\n`;
}

/** Runs `work` and returns its seconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<[number, T]> {
    const start = Date.now();
    const value = await work();
    return [(Date.now() - start) / 1000, value];
}
