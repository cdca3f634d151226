// What the Minikube stage reads from a run: polling until the cluster answers, and how long each
// `minikube image load` took by the engine's own events.
import { EngineRun } from "../e2e/engine";

/** Polls `read` every 5 s until it returns a value, or fails after `seconds` with the last answer. */
export async function eventually<T>(what: string, seconds: number, read: () => T | undefined): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const value = read();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
        await new Promise((r) => setTimeout(r, 5000));
    }
}

/** Seconds each `minikube image load` took in a run, from the engine's own events. */
export function loadSeconds(run: EngineRun): Record<string, number> {
    const loads = run.steps.filter((s) => s.type === "command:local:Command" && s.name.endsWith("-load") && s.op !== "same");
    return Object.fromEntries(
        [...new Set(loads.map((s) => s.name))].map((name) => {
            const started = loads.find((s) => s.name === name && !s.done)!.at;
            const done = loads.find((s) => s.name === name && s.done)?.at ?? NaN;
            return [name.replace(/^images-|-load$/g, ""), done - started];
        }),
    );
}
