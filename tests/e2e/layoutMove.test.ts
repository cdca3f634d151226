// Issue 22: every resource now lives under one `todo:index:TodoApp` component, where the flat
// layout registered them at the stack's root. A stack deployed by the last commit of that
// layout must keep its resources: today's program, on that stack, creates the component and
// nothing else; it replaces and deletes nothing, and the cluster's objects keep their uids.
// The app sources and Dockerfiles stay that commit's, so only the program and chart differ.
// Runs alone, like every stage here: one deployment at a time.
import * as assert from "assert";
import { Kube, sh } from "../../scripts/lib/cluster";
import { copyProjectAt, replaceWithCheckout } from "../../scripts/lib/projectCopy";
import { stackConfig } from "../program/harness";
import { clusterSettings, EngineRun, EngineStack, prepareStage } from "./engine";
import { buildTestImages, POSTGRES_STANDIN, standinPostgresValues } from "./testImages";

/** The last commit before the TodoApp component (components/ flat, resources at the root). */
const FLAT_LAYOUT_COMMIT = "fab2d520460ddb72fd218a3739ada08be5582f06";
const NAMESPACE = "todo-layout";
const COMPONENT = "create TodoApp todo-app";
/** Steps that would end a resource's identity. */
const IDENTITY_LOST = ["delete", "replace", "create-replacement", "delete-replaced", "discard"];

/** kind/name → uid of the app's objects: a replaced object gets a new uid. */
function uids(kube: Kube): Record<string, string> {
    const list = kube.json<{ items: Array<{ kind: string; metadata: { name: string; uid: string } }> }>(["get", "deployments,statefulsets,services,secrets,persistentvolumeclaims"]);
    const ns = kube.json<{ metadata: { uid: string } }>(["get", "namespace", NAMESPACE]);
    return Object.fromEntries([["Namespace/" + NAMESPACE, ns.metadata.uid], ...list.items.map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.uid])]);
}

function assertIdentityKept(run: EngineRun, what: string): void {
    const lost = run.steps.filter((s) => IDENTITY_LOST.includes(s.op)).map((s) => `${s.op} ${s.type} ${s.name}`);
    assert.deepStrictEqual(lost, [], `${what}: nothing replaced or deleted`);
    // Started steps count too: a preview need not report a component's outputs.
    const created = [...new Set(run.steps.filter((s) => s.op === "create").map((s) => `create ${s.type.split(":").pop()} ${s.name}`))];
    assert.deepStrictEqual(created, [COMPONENT], `${what}: the component is the only new resource (${JSON.stringify(run.counts)})`);
}

describe("a stack deployed before the TodoApp component keeps its resources (aliases)", function () {
    this.bail(true);
    let stack: EngineStack;
    let kube: Kube;
    let objectsBefore: Record<string, string>;

    before(async function () {
        this.timeout(10 * 60_000);
        const cluster = prepareStage(NAMESPACE);
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        buildTestImages(cluster, [POSTGRES_STANDIN]);
        const config = {
            ...stackConfig("dev"),
            ...clusterSettings(cluster),
            namespace: NAMESPACE,
            extraValues: standinPostgresValues(),
        };
        stack = await EngineStack.create("layout", copyProjectAt(FLAT_LAYOUT_COMMIT), config, {});
    });

    after(async function () {
        this.timeout(10 * 60_000);
        await stack?.destroy();
        if (kube) sh("kubectl", ["--context", kube.context, "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
    });

    it(`the flat layout (${FLAT_LAYOUT_COMMIT.slice(0, 7)}) deploys with every resource at the stack's root`, async function () {
        this.timeout(20 * 60_000);
        const run = await stack.up();
        assert.deepStrictEqual(Object.keys(run.counts), ["create"], JSON.stringify(run.counts));
        assert.ok(!run.steps.some((s) => s.type === "todo:index:TodoApp"), "the old program has no TodoApp component");
        objectsBefore = uids(kube);
        assert.ok(Object.keys(objectsBefore).some((k) => k.startsWith("Deployment/")), JSON.stringify(objectsBefore));
        console.log(`      flat layout up: ${JSON.stringify(run.counts)}`);
    });

    it("today's program previews the component as the one create; nothing replaced or deleted", async function () {
        this.timeout(10 * 60_000);
        // The app sources and Dockerfiles of that commit stay: a change there since (the Dockerfiles'
        // dev stages, issue 34) rightly rebuilds images and replaces their load steps, which says
        // nothing about the move. Only the program and the chart are today's.
        replaceWithCheckout(stack.projectDir, ["apps", "docker"]);
        const preview = await stack.preview();
        assertIdentityKept(preview, "preview");
        const updated = [...new Set(preview.steps.filter((s) => s.op === "update").map((s) => `${s.type} ${s.name}`))];
        console.log(`      preview after the move: ${JSON.stringify(preview.counts)}${updated.length ? `; updated in place: ${updated.join(", ")}` : ""}`);
    });

    it("`up` creates the component, keeps every object (same uids), and the next preview is empty", async function () {
        this.timeout(20 * 60_000);
        const run = await stack.up();
        assertIdentityKept(run, "up");
        const after = uids(kube);
        const kept = Object.fromEntries(Object.keys(objectsBefore).map((k) => [k, after[k]]));
        assert.deepStrictEqual(kept, objectsBefore, "the cluster's objects are the same objects");
        // When today's chart differs from that commit's, the engine upgrades the Release and Helm
        // records revision 2 in a Secret of its own; nothing else may be new.
        const upgraded = run.steps.some((s) => s.op === "update" && s.type === "kubernetes:helm.sh/v3:Release");
        const added = Object.keys(after).filter((k) => !(k in objectsBefore));
        assert.deepStrictEqual(added, upgraded ? ["Secret/sh.helm.release.v1.todo-app.v2"] : [], "no new object but Helm's record of the upgrade");
        const again = await stack.preview(true);
        assert.deepStrictEqual(Object.keys(again.counts), ["same"], JSON.stringify(again.counts));
        console.log(`      up after the move: ${JSON.stringify(run.counts)}; then preview ${JSON.stringify(again.counts)}`);
    });
});
