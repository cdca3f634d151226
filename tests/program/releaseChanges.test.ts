// Issue 32: a preview logs, on the Release, the Kubernetes objects it would change, field by
// field: what the plain `pulumi preview`, `--json` and a pulumi/actions comment show. An update
// does not log it (its preview already did).
import * as assert from "assert";
import { renderChart } from "../../policy/rules/chartRender";
import { systemHost } from "../../components/shared/host";
import { fakeHost, PROJECT_ROOT, releaseValuesOf, runProgram } from "./harness";
import { findHelm } from "../chart/helm";
import * as path from "path";

const GET_MANIFEST = "helm get manifest todo-app --namespace todo-dev --kube-context minikube";
const objectChanges = (infos: string[]): string | undefined => infos.find((l) => l.startsWith("Objects the Release todo-dev/todo-app would change"));

/** What the release holds after an `up` with `config`: the chart rendered with the values the program computed. */
async function deployedManifest(config: Record<string, unknown>): Promise<string> {
    const values = releaseValuesOf((await runProgram({ config })).resources) as unknown as Record<string, unknown>;
    const host = { ...systemHost, run: (c: string, a: readonly string[]) => systemHost.run(c === "helm" ? findHelm() : c, a) };
    return renderChart(host, { chartDir: path.join(PROJECT_ROOT, "charts", "todo-app"), releaseName: "todo-app", namespace: "todo-dev", values })
        .filter((o) => o.metadata.annotations?.["helm.sh/hook"] === undefined)
        .map((o) => JSON.stringify(o))
        .join("\n---\n");
}

describe("a preview lists the objects the Release would change", () => {
    it("a values change: the object and field, old → new, against the deployed release", async () => {
        const manifest = await deployedManifest({ backendReplicas: 2 });
        const r = await runProgram({ config: { backendReplicas: 3 }, preview: true, host: fakeHost({ [GET_MANIFEST]: manifest }) });
        assert.strictEqual(objectChanges(r.infos), [
            "Objects the Release todo-dev/todo-app would change (the chart rendered with the planned values, against the deployed release):",
            "    ~ Deployment todo-app-backend: spec.replicas 2 → 3",
        ].join("\n"));
        // Negative control: the same values as deployed.
        const same = await runProgram({ config: { backendReplicas: 2 }, preview: true, host: fakeHost({ [GET_MANIFEST]: manifest }) });
        assert.match(objectChanges(same.infos) ?? "", /deployed release\):\n {4}no object changes$/);
    });

    it("a cluster that can't be asked lists every object as new; an update does not log the list", async () => {
        const r = await runProgram({ preview: true });
        const lines = (objectChanges(r.infos) ?? "").split("\n");
        assert.match(lines[0], /\(the cluster could not be asked: .*; every object is new\):$/);
        assert.ok(lines.includes("    + Deployment todo-app-backend (new)"), lines.join("\n"));
        assert.strictEqual(objectChanges((await runProgram({})).infos), undefined);
    });
});
