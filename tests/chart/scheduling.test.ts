// Where pods may run: each workload's nodeSelector, affinity and tolerations reach its own pods
// and no other's, and the defaults leave the scheduler free.
import * as assert from "assert";
import { devValues, prodValues, render, workloads } from "./helm";

type PodScheduling = { nodeSelector?: unknown; affinity?: unknown; tolerations?: unknown };

/** Per workload name, the scheduling fields of its pod template. */
function schedulingOf(values: object, valuesFiles: string[] = [devValues]): Record<string, PodScheduling> {
    const out: Record<string, PodScheduling> = {};
    for (const w of workloads(render({ valuesFiles, values }))) {
        const spec = w.spec.template.spec as PodScheduling;
        out[w.metadata.name] = { nodeSelector: spec.nodeSelector, affinity: spec.affinity, tolerations: spec.tolerations };
    }
    return out;
}

describe("chart: scheduling per workload", () => {
    it("renders no nodeSelector, affinity or tolerations by default (dev and prod)", () => {
        for (const files of [[devValues], [prodValues]]) {
            for (const [name, fields] of Object.entries(schedulingOf({}, files))) {
                assert.deepStrictEqual(fields, { nodeSelector: undefined, affinity: undefined, tolerations: undefined }, name);
            }
        }
    });

    it("gives each workload its own values, untouched", () => {
        const own = (tier: string): PodScheduling => ({
            nodeSelector: { tier },
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tier", operator: "In", values: [tier] }] }] } } },
            tolerations: [{ key: "dedicated", operator: "Equal", value: tier, effect: "NoSchedule" }],
        });
        const byKey = { backend: "todo-app-backend", frontendWeb: "todo-app-frontend-web", frontendChatbot: "todo-app-frontend-chatbot", postgresql: "todo-app-postgresql" };
        const values = Object.fromEntries(Object.keys(byKey).map((k) => [k, own(k)]));
        const rendered = schedulingOf({ ...values, postgresql: { ...values.postgresql, enabled: true } });
        assert.deepStrictEqual(Object.keys(rendered).sort(), Object.values(byKey).sort());
        for (const [key, name] of Object.entries(byKey)) {
            assert.deepStrictEqual(rendered[name], own(key), name);
        }
    });
});
