// `kubectl port-forward` for as long as a check needs it: the smoke test's way to a workload
// whose chart gives it no NodePort. kubectl picks a free local port on 127.0.0.1 and says which
// ("Forwarding from 127.0.0.1:41234 -> 3000"); the forward is stopped when the check is done.
// A long-running child, so spawn rather than the synchronous command runner.
import { spawn } from "child_process";

/** Forwards 127.0.0.1:<free port> to `port` of `target` (e.g. deployment/todo-app-backend) while `use` runs. */
export async function withPortForward<T>(context: string, namespace: string, target: string, port: number, use: (localPort: number) => Promise<T>, timeoutMs = 15_000): Promise<T> {
    const child = spawn("kubectl", ["--context", context, "-n", namespace, "port-forward", "--address", "127.0.0.1", target, `:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
    try {
        const localPort = await new Promise<number>((resolve, reject) => {
            let said = "";
            const timer = setTimeout(() => reject(new Error(`kubectl port-forward ${target} :${port} gave no port within ${timeoutMs / 1000} s: ${said.trim()}`)), timeoutMs);
            const read = (chunk: Buffer): void => {
                said += chunk.toString();
                const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(said);
                if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            };
            child.stdout.on("data", read);
            child.stderr.on("data", read);
            child.on("error", (e) => (clearTimeout(timer), reject(e)));
            child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`kubectl port-forward ${target} :${port} exited ${code}: ${said.trim()}`))));
        });
        return await use(localPort);
    } finally {
        child.kill();
    }
}
