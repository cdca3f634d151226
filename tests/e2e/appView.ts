// What the end-to-end stage reads back from the cluster: the release's pods, ReplicaSets and
// Secrets, and the smoke test through the URLs a user would open.
import * as assert from "assert";
import { Kube, sh } from "../../scripts/lib/cluster";

export interface PodList {
    items: Array<{
        metadata: { name: string; uid: string; labels: Record<string, string>; deletionTimestamp?: string };
        spec: { securityContext?: { runAsUser?: number }; containers: Array<{ name: string; securityContext?: { runAsUser?: number } }> };
        status: { containerStatuses?: Array<{ name: string; restartCount: number; ready: boolean }> };
    }>;
}

interface NamedList {
    items: Array<{ metadata: { name: string } }>;
}

export class AppView {
    constructor(readonly kube: Kube) {}

    /** The release's pods, the `helm test` pod excluded. */
    pods(): PodList {
        const list = this.kube.json<PodList>(["get", "pods", "-l", "app.kubernetes.io/instance=todo-app"]);
        return { items: list.items.filter((p) => p.metadata.labels["app.kubernetes.io/component"] !== "test") };
    }

    replicaSets(): string[] {
        return this.kube.json<NamedList>(["get", "rs"]).items.map((r) => r.metadata.name).sort();
    }

    /** Workloads (ReplicaSet name without its hash) with a ReplicaSet not in `before`. */
    rolledSince(before: readonly string[]): string[] {
        return this.replicaSets().filter((rs) => !before.includes(rs)).map((rs) => rs.replace(/-[a-z0-9]+$/, "")).sort();
    }

    /** The program's Secrets (not Helm's release records). */
    secretNames(): string[] {
        return this.kube.json<NamedList>(["get", "secrets", "-l", "app.kubernetes.io/part-of=todo-app,app.kubernetes.io/managed-by=pulumi"]).items.map((s) => s.metadata.name).sort();
    }

    /** Decoded data of a Secret. */
    secretData(name: string): Record<string, string> {
        const data = this.kube.json<{ data?: Record<string, string> }>(["get", "secret", name]).data ?? {};
        return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
    }

    /** Container restarts per pod name. */
    restarts(): Record<string, number> {
        return Object.fromEntries(this.pods().items.map((p) => [p.metadata.name, (p.status.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0)]));
    }

    /**
     * Waits until exactly `expected` pods exist and all are Ready. Polls instead of `kubectl
     * wait`, which hangs until its timeout on a pod deleted while it waits (as a rollout does).
     */
    async waitReady(expected: number, seconds = 180): Promise<void> {
        const deadline = Date.now() + seconds * 1000;
        let state = "";
        while (Date.now() < deadline) {
            const items = this.pods().items;
            const ready = items.filter((p) => !p.metadata.deletionTimestamp && (p.status.containerStatuses ?? []).length > 0 && (p.status.containerStatuses ?? []).every((c) => c.ready));
            state = `${ready.length}/${items.length} Ready`;
            if (items.length === expected && ready.length === expected) {
                return;
            }
            await new Promise((r) => setTimeout(r, 2000));
        }
        assert.fail(`pods not Ready within ${seconds}s (${state}, expected ${expected})`);
    }

    /** `npm run smoke` against the stack's URL outputs; fails the test with its report. */
    smoke(outputs: Readonly<Record<string, unknown>>): string {
        const r = sh("npx", ["ts-node", "scripts/smoke.ts", "--web", String(outputs.frontendWebUrl), "--chatbot", String(outputs.frontendChatbotUrl)], { allowFailure: true });
        assert.strictEqual(r.code, 0, `smoke test failed:\n${r.stdout}\n${r.stderr}`);
        return r.stdout;
    }

    /** Each deployed image against its size budget (`npm run image-sizes` exits 1 over budget); the table. */
    imageSizes(images: Readonly<Record<string, string>>): string {
        const sizes = sh("npx", ["ts-node", "scripts/image-sizes.ts", "--image", `backend=${images.backend}`, "--image", `frontend-web=${images.frontendWeb}`, "--image", `frontend-chatbot=${images.frontendChatbot}`], { allowFailure: true });
        assert.strictEqual(sizes.code, 0, `an image is over its budget:\n${sizes.stdout}${sizes.stderr}`);
        return sizes.stdout;
    }

    /** `helm test` of the release; fails the test with helm's output. */
    helmTest(): void {
        const test = this.kube.helm(["test", "todo-app", "--timeout", "120s"], { allowFailure: true });
        assert.strictEqual(test.code, 0, test.stdout + test.stderr);
    }

    /** The last revision of the release's history. */
    lastRevision(): { revision: number; status: string; description: string } {
        const history = JSON.parse(this.kube.helm(["history", "todo-app", "-o", "json"]).stdout) as Array<{ revision: number; status: string; description: string }>;
        return history[history.length - 1];
    }
}
