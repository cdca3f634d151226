// scripts/lib/releaseDiagnosis.ts on a namespace's events as kubectl prints them: per workload,
// its Warning reasons since the run started, the most repeated first; older and Normal ones left out.
import * as assert from "assert";
import { CommandRunner } from "../../components/shared/commandRunner";
import { diagnoseRelease, workloadOf } from "../../scripts/lib/releaseDiagnosis";

const event = (kind: string, name: string, reason: string, at: string, type = "Warning", message = `${reason} happened`, count = 1): object => ({
    type, reason, message, count, firstTimestamp: at, lastTimestamp: at, involvedObject: { kind, name },
});

const runnerOver = (items: object[]): CommandRunner => () => ({ code: 0, stdout: JSON.stringify({ items }), stderr: "" });

describe("release failure diagnosis from the namespace's events", () => {
    it("names each workload with its Warnings since the run started", () => {
        const items = [
            event("ReplicaSet", "todo-app-backend-5d9c7b8f4d", "FailedCreate", "2026-12-03T10:00:05Z", "Warning", 'pods "todo-app-backend-5d9c7b8f4d-x2x9k" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false'),
            event("ReplicaSet", "todo-app-backend-5d9c7b8f4d", "FailedCreate", "2026-12-03T10:00:09Z"),
            event("Pod", "todo-app-frontend-chatbot-7f8b9c6d5-abcde", "Failed", "2026-12-03T10:00:07Z", "Warning", "Error: couldn't find key OPENAI_API_KEY in Secret todo-e2e/x"),
            event("Pod", "todo-app-postgresql-0", "Unhealthy", "2026-12-03T10:00:08Z"),
            event("Pod", "todo-app-frontend-web-6c7d8e9f0-zzzzz", "Scheduled", "2026-12-03T10:00:06Z", "Normal"),
            event("Pod", "todo-app-frontend-web-6c7d8e9f0-yyyyy", "Unhealthy", "2026-12-03T09:00:00Z"),
        ];
        const calls: string[][] = [];
        const run: CommandRunner = (cmd, args) => {
            calls.push([cmd, ...args]);
            return { code: 0, stdout: JSON.stringify({ items }), stderr: "" };
        };
        const lines = diagnoseRelease(run, "ctx", "todo-e2e", new Date("2026-12-03T10:00:00Z"));
        assert.deepStrictEqual(calls, [["kubectl", "--context", "ctx", "--namespace", "todo-e2e", "get", "events", "--output", "json"]]);
        assert.deepStrictEqual(lines, [
            'todo-app-backend: FailedCreate (ReplicaSet todo-app-backend-5d9c7b8f4d): pods "todo-app-backend-5d9c7b8f4d-x2x9k" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (×2)',
            "todo-app-frontend-chatbot: Failed (Pod todo-app-frontend-chatbot-7f8b9c6d5-abcde): Error: couldn't find key OPENAI_API_KEY in Secret todo-e2e/x",
            "todo-app-postgresql: Unhealthy (Pod todo-app-postgresql-0): Unhealthy happened",
        ]);
    });

    // What a CI run met: the kubelet's one-off "failed to sync secret cache" came before the
    // readiness probe that kept failing, and the diagnosis named only the hiccup.
    it("leads with the cause that kept repeating, not a one-off that came first", () => {
        const pod = "todo-app-backend-6c6f95d67f-gj526";
        const lines = diagnoseRelease(runnerOver([
            event("Pod", pod, "Failed", "2026-12-03T10:00:05Z", "Warning", "Error: failed to sync secret cache: timed out waiting for the condition"),
            event("Pod", pod, "Unhealthy", "2026-12-03T10:00:20Z", "Warning", 'Readiness probe failed: HTTP probe failed with statuscode: 503', 9),
            event("Pod", "todo-app-backend-6c6f95d67f-x7k2p", "Unhealthy", "2026-12-03T10:00:21Z", "Warning", "Readiness probe failed: HTTP probe failed with statuscode: 503", 5),
        ]), "ctx", "todo-e2e", new Date("2026-12-03T10:00:00Z"));
        assert.deepStrictEqual(lines, [
            `todo-app-backend: Unhealthy (Pod ${pod}): Readiness probe failed: HTTP probe failed with statuscode: 503 (×14)`,
            `todo-app-backend: Failed (Pod ${pod}): Error: failed to sync secret cache: timed out waiting for the condition`,
        ]);
    });

    it("shows, for a reason, the message that repeated most (a missing key, not the cache hiccup)", () => {
        const pod = "todo-app-frontend-chatbot-7f8b9c6d5-abcde";
        const lines = diagnoseRelease(runnerOver([
            event("Pod", pod, "Failed", "2026-12-03T10:00:05Z", "Warning", "Error: failed to sync secret cache: timed out waiting for the condition"),
            event("Pod", pod, "Failed", "2026-12-03T10:00:09Z", "Warning", "Error: couldn't find key OPENAI_API_KEY in Secret todo-e2e/x", 7),
        ]), "ctx", "todo-e2e", new Date("2026-12-03T10:00:00Z"));
        assert.deepStrictEqual(lines, [`todo-app-frontend-chatbot: Failed (Pod ${pod}): Error: couldn't find key OPENAI_API_KEY in Secret todo-e2e/x (×8)`]);
    });

    it("maps controller-generated names back to their workload", () => {
        assert.strictEqual(workloadOf("Pod", "todo-app-redis-0"), "todo-app-redis");
        assert.strictEqual(workloadOf("Pod", "todo-app-test-abcde"), "todo-app-test");
        assert.strictEqual(workloadOf("Deployment", "todo-app-backend"), "todo-app-backend");
    });

    it("says so when the events cannot be read", () => {
        const lines = diagnoseRelease(() => ({ code: 1, stdout: "", stderr: "error: context \"x\" does not exist\n" }), "x", "ns", new Date());
        assert.deepStrictEqual(lines, ['(could not read the namespace\'s events: error: context "x" does not exist)']);
    });
});
