// Issues 25 and 32: the object diff a preview logs on the Release (plain `pulumi preview` and
// `npm run preview` alike), on the real chart rendered by the real helm with the values the
// program computes.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderChart } from "../../policy/rules/chartRender";
import { Host, systemHost } from "../../components/shared/host";
import { diffObjects, NO_CHANGES } from "../../components/release/objectDiff";
import { releaseChanges } from "../../components/release/releaseChanges";
import { fakeHost, PROJECT_ROOT, releaseValuesOf, runProgram } from "../program/harness";
import { EXISTING_REPO_CONFIG } from "./existingRepoConfig";
import { editedChartCopy, findHelm } from "./helm";

/** The machine's git and tar, and the pinned helm the chart tests use. */
const host: Host = { ...systemHost, run: (command, args) => systemHost.run(command === "helm" ? findHelm() : command, args) };
const CHART = path.join(PROJECT_ROOT, "charts", "todo-app");

async function computedValues(config: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return releaseValuesOf((await runProgram({ config })).resources) as unknown as Record<string, unknown>;
}
const render = (chartDir: string, values: Record<string, unknown>, release = "todo-app") => renderChart(host, { chartDir, releaseName: release, namespace: "todo-dev", values });

describe("the Release's rendered-object diff", () => {
    it("a one-line chart edit shows as the changed field of the object it renders, old → new", async () => {
        const values = await computedValues();
        const edited = editedChartCopy(CHART, "templates/postgresql-statefulset.yaml", ["terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 45"]);
        try {
            assert.deepStrictEqual(diffObjects(render(CHART, values), render(edited, values)), ["~ StatefulSet todo-app-postgresql: spec.template.spec.terminationGracePeriodSeconds 30 → 45"]);
        } finally {
            fs.rmSync(edited, { recursive: true, force: true });
        }
    });

    it("a values-only change shows in every object it reaches, and nothing else", async () => {
        const lines = diffObjects(render(CHART, await computedValues()), render(CHART, await computedValues({ backendReplicas: 3 })));
        assert.deepStrictEqual(lines, ["~ Deployment todo-app-backend: spec.replicas 2 → 3"]);
    });

    it("the same values and chart: no object changes", async () => {
        const values = await computedValues();
        assert.deepStrictEqual(diffObjects(render(CHART, values), render(CHART, values)), [NO_CHANGES]);
    });

    it("a Secret's data never appears, only that it changed; added and removed objects are named", () => {
        const chart = path.join(PROJECT_ROOT, EXISTING_REPO_CONFIG.chartPath);
        const withSecret = (data: Record<string, string>) => render(chart, { secrets: { name: "app-secrets", managed: true, data } });
        const lines = diffObjects(withSecret({ API_KEY: "OLD-SECRET-VALUE" }), withSecret({ API_KEY: "NEW-SECRET-VALUE" }));
        assert.deepStrictEqual(lines, ["~ Secret app-secrets: changed (Secret contents are not shown)"]);
        const gone = diffObjects(withSecret({ API_KEY: "OLD-SECRET-VALUE" }), render(chart, { secrets: { name: "app-secrets", managed: false } }));
        assert.deepStrictEqual(gone, ["- Secret app-secrets (removed)"]);
        assert.ok(!JSON.stringify([lines, gone]).includes("SECRET-VALUE"));
        assert.deepStrictEqual(diffObjects([], withSecret({ A: "B" })).filter((l) => l.startsWith("+ Secret")), ["+ Secret app-secrets (new)"]);
    });

    it("against the deployed release: `helm get manifest`; hooks left out; not installed yet lists every object as new", async () => {
        const values = await computedValues();
        const deployed = render(CHART, values).filter((o) => !o.metadata.annotations?.["helm.sh/hook"]);
        const manifest = deployed.map((o) => JSON.stringify(o)).join("\n---\n");
        const planned = { chartDir: CHART, releaseName: "todo-app", namespace: "todo-dev", kubeContext: "ctx", values: { ...values, backend: { ...(values.backend as object), replicaCount: 3 } } };
        const get = "helm get manifest todo-app --namespace todo-dev --kube-context ctx";
        const lines = releaseChanges(fakeHost({ [get]: manifest }), planned);
        assert.deepStrictEqual(lines, ["Objects the Release todo-dev/todo-app would change (the chart rendered with the planned values, against the deployed release):", "~ Deployment todo-app-backend: spec.replicas 2 → 3"]);
        const notInstalled: Host = { ...host, run: (c, a) => (a[0] === "get" ? (() => { throw new Error("Error: release: not found"); })() : host.run(c, a)) };
        const fresh = releaseChanges(notInstalled, planned);
        assert.match(fresh[0], /\(not installed yet; every object is new\)/);
        assert.ok(fresh.slice(1).every((l) => l.startsWith("+ ")) && fresh.includes("+ Deployment todo-app-backend (new)"), fresh.join("\n"));
    });
});
