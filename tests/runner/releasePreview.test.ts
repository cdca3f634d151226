// scripts/lib/releasePreview.ts reading the Release's planned inputs out of a preview's events.
import * as assert from "assert";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { UNKNOWN_PLACEHOLDER } from "../../scripts/lib/objectDiff";
import { plannedRelease } from "../../scripts/lib/releasePreview";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const preEvent = (type: string, inputs: Record<string, unknown>): EngineEvent =>
    ({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata: { op: "update", urn: `urn:pulumi:dev::todo-app::${type}::release`, type, provider: "", new: { type, urn: "", id: "", parent: "", provider: "", inputs, outputs: {} } } } }) as unknown as EngineEvent;

describe("the Release's planned inputs from a preview's events", () => {
    it("takes name, namespace, chart and values; an unknown value becomes the visible placeholder", () => {
        const planned = plannedRelease(preEvent("kubernetes:helm.sh/v3:Release", { name: "todo-app", namespace: "todo-dev", chart: "charts/todo-app", values: { secrets: { name: UNKNOWN }, list: [UNKNOWN, 1] } }));
        assert.deepStrictEqual(planned, { name: "todo-app", namespace: "todo-dev", chart: "charts/todo-app", values: { secrets: { name: UNKNOWN_PLACEHOLDER }, list: [UNKNOWN_PLACEHOLDER, 1] } });
    });

    it("ignores other resources and events without inputs", () => {
        assert.strictEqual(plannedRelease(preEvent("kubernetes:core/v1:Secret", { name: "x", chart: "y" })), undefined);
        assert.strictEqual(plannedRelease({ sequence: 1, timestamp: 0 } as EngineEvent), undefined);
    });
});
