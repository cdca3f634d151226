// Where the smoke test points: the service URLs read from the stack's outputs, and what it says
// when an output is missing or is the program's advice rather than a URL.
import * as assert from "assert";
import { targetsFromOutputs } from "../../scripts/lib/smokeReport";

describe("runner smoke test", () => {
    describe("targets from stack outputs", () => {
        it("takes the NodePort URLs", () => {
            assert.deepStrictEqual(
                targetsFromOutputs({ frontendWebUrl: "http://192.168.49.2:30000", frontendChatbotUrl: "http://192.168.49.2:30001", backendUrl: "http://todo-app-backend.todo-dev.svc.cluster.local:8000" }),
                { targets: { web: "http://192.168.49.2:30000", chatbot: "http://192.168.49.2:30001", backend: undefined }, problems: [] },
            );
        });
        it("includes the backend's public URL when the stack has one", () => {
            const { targets } = targetsFromOutputs({ frontendWebUrl: "http://n:30000", frontendChatbotUrl: "http://n:30001", backendPublicUrl: "http://n:30002" });
            assert.strictEqual(targets?.backend, "http://n:30002");
        });
        it("an empty URL output (no NodePort answers here) points at the deploy's log line, not at a missing deploy", () => {
            assert.deepStrictEqual(targetsFromOutputs({ frontendWebUrl: "", frontendChatbotUrl: "http://192.168.49.2:30001" }), {
                problems: ['frontendWebUrl is empty: no URL answers from this machine (the deploy\'s log line "frontendWebUrl is empty: …" names the command that prints one)'],
            });
            assert.deepStrictEqual(targetsFromOutputs({ frontendWebUrl: "run: this", frontendChatbotUrl: "http://n:30001" }).problems, ["frontendWebUrl is not a URL: run: this"]);
        });
        it("says when the stack has not been deployed", () => {
            assert.deepStrictEqual(targetsFromOutputs({}), {
                problems: ["the stack has no output frontendWebUrl (has it been deployed? npm run up)", "the stack has no output frontendChatbotUrl (has it been deployed? npm run up)"],
            });
        });
    });
});
