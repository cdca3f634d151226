// Issue 25: the pod-level rules on the pods a Release renders (policy/renderedPods.ts), with the
// real chart, the real helm and the resources the program registers.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { releaseRenderedPods } from "../../policy/renderedPods";
import { PROJECT_ROOT } from "../program/harness";
import { EXISTING_REPO_CONFIG } from "../chart/existingRepoConfig";
import { editedChartCopy } from "../chart/helm";
import { RELEASE } from "./fixtures";
import { programResources } from "./programResources";
import { runStackPolicy, TestResource } from "./util";

/** The program's dev resources, with the Release pointed at `chart`. */
async function withChart(chart?: string, config: Record<string, unknown> = {}): Promise<TestResource[]> {
    const resources = await programResources({ stack: "dev", config });
    return resources.map((r) => (r.type === RELEASE && chart ? { ...r, props: { ...r.props, chart } } : r));
}

const messages = async (resources: TestResource[]): Promise<string[]> => (await runStackPolicy(releaseRenderedPods, resources)).map((v) => v.message);

describe("policy release-rendered-pods", function () {
    this.timeout(60_000);

    it("passes the program's Release as it is", async () => {
        assert.deepStrictEqual(await messages(await withChart()), []);
    });

    it("fails a chart edit that drops runAsNonRoot, naming the object and the field", async () => {
        // The helpers stop passing runAsNonRoot on, to the pod and to the containers (the values keep it).
        const chart = editedChartCopy(path.join(PROJECT_ROOT, "charts/todo-app"), "templates/_helpers.tpl",
            [`(pick . "runAsNonRoot" "runAsUser"`, `(pick . "runAsUser"`],
            [`toYaml (omit . "fsGroup")`, `toYaml (omit . "fsGroup" "runAsNonRoot")`]);
        try {
            const found = await messages(await withChart(chart));
            assert.ok(found.length > 0);
            assert.match(found[0], /^Release "release" \(chart .*\) renders Deployment todo-app-backend, which the namespace's Pod Security level "restricted" forbids: container "backend" securityContext\.runAsNonRoot \(set runAsNonRoot: true/);
        } finally {
            fs.rmSync(chart, { recursive: true, force: true });
        }
    });

    it("fails a chart edit that drops a probe", async () => {
        const chart = editedChartCopy(path.join(PROJECT_ROOT, "charts/todo-app"), "templates/deployment.yaml", [`{{- range $probe := list "livenessProbe" "readinessProbe" }}`, `{{- range $probe := list "livenessProbe" }}`]);
        try {
            const found = await messages(await withChart(chart));
            assert.ok(found.includes(`Release "release" (chart ${chart}) renders Deployment "todo-app-backend" container "backend" has no readinessProbe: add it to the container's spec.`), found.join("\n"));
        } finally {
            fs.rmSync(chart, { recursive: true, force: true });
        }
    });

    it("judges by the level the stack's namespace enforces", async () => {
        const existing = await withChart(undefined, { ...EXISTING_REPO_CONFIG });
        assert.deepStrictEqual(await messages(existing), [], "baseline admits the existing repository's pods");
        const restricted = existing.map((r) => (r.type === "kubernetes:core/v1:Namespace" ? { ...r, props: { metadata: { name: "todo-dev", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } } } : r));
        const found = await messages(restricted);
        assert.ok(found.some((m) => /renders Deployment todo-app-backend, which the namespace's Pod Security level "restricted" forbids: container "backend" securityContext\.allowPrivilegeEscalation/.test(m)), found.join("\n"));
    });

    it("minimumLevel (the pack's config): a namespace weaker than it is refused, naming both levels; at or above it passes", async () => {
        const existing = await withChart(undefined, { ...EXISTING_REPO_CONFIG });
        const strict = (await runStackPolicy(releaseRenderedPods, existing, { minimumLevel: "restricted" })).map((v) => v.message);
        assert.deepStrictEqual(strict, ['Release "release" deploys into namespace todo-dev, whose Pod Security level "baseline" is weaker than the pack\'s minimumLevel "restricted": make the chart pass "restricted" and set podSecurityLevel to it.']);
        // Negative control: the default minimum (baseline) admits it, and the program's own dev stack (restricted) passes "restricted".
        assert.deepStrictEqual(await messages(existing), []);
        assert.deepStrictEqual((await runStackPolicy(releaseRenderedPods, await withChart(), { minimumLevel: "restricted" })).map((v) => v.message), []);
    });
});
