// Issue 22, item 4: the chart's own values-<environment>.yaml reaches the Release, layered
// between the chart's values.yaml and the program's computed values (which win on what they
// own), with extraValues last. Rendered with the real helm, as the Release would.
import * as assert from "assert";
import * as path from "path";
import { PROD_CONFIG, PROD_SECRETS, PROJECT_ROOT, releaseValuesOf, runProgram } from "../program/harness";
import { Manifest, ofKind, render } from "./helm";

type Deployment = Manifest & { spec: { replicas?: number; template: { spec: { terminationGracePeriodSeconds: number } } } };

async function backendDeployment(stack: "dev" | "prod", config: Record<string, unknown>, secrets: Record<string, string> = {}): Promise<Deployment> {
    const { resources } = await runProgram({ stack, config, secrets });
    const manifests = render({ chart: path.join(PROJECT_ROOT, "charts", "todo-app"), values: releaseValuesOf(resources), release: "todo-app", namespace: `todo-${stack}` });
    return ofKind<Deployment>(manifests, "Deployment").find((d) => d.metadata.name === "todo-app-backend")!;
}

describe("the chart's per-environment values file", () => {
    it("a key set only in values-prod.yaml (shutdown) reaches the prod stack's pods, not dev's", async () => {
        const prod = await backendDeployment("prod", PROD_CONFIG, PROD_SECRETS);
        assert.strictEqual(prod.spec.template.spec.terminationGracePeriodSeconds, 50, "values-prod.yaml: shutdown.terminationGracePeriodSeconds 50");
        const dev = await backendDeployment("dev", {});
        assert.strictEqual(dev.spec.template.spec.terminationGracePeriodSeconds, 45, "values.yaml's 45: values-dev.yaml doesn't set it");
    });

    it("the program wins on what it owns, and extraValues over both", async () => {
        // values-dev.yaml says 2 backend replicas; the program's backendReplicas says 3.
        assert.strictEqual((await backendDeployment("dev", { backendReplicas: 3 })).spec.replicas, 3);
        const extra = await backendDeployment("prod", { ...PROD_CONFIG, extraValues: { shutdown: { terminationGracePeriodSeconds: 60 } } }, PROD_SECRETS);
        assert.strictEqual(extra.spec.template.spec.terminationGracePeriodSeconds, 60);
    });
});
