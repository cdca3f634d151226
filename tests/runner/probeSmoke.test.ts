// The probe smoke (smokeDepth "probes"): the checks come from the chart's own objects (probes,
// named and numbered ports, Services' selectors and NodePorts), and each is asked of a stub
// server on 127.0.0.1 whose port plays the NodePort.
import * as assert from "assert";
import * as net from "net";
import { AddressInfo } from "net";
import { Forwarder, nodeHostOf, probeChecks, runProbeSmoke, Service, Workload } from "../../scripts/lib/probeSmoke";
import { serve } from "./smokeStubs";

const labels = (component: string): Record<string, string> => ({ "app.kubernetes.io/name": "todo-app", "app.kubernetes.io/component": component });

/** A Deployment as `kubectl get -o json` returns it, with one container. */
function deployment(name: string, container: Workload["spec"]["template"]["spec"]["containers"][number]): Workload {
    return { kind: "Deployment", metadata: { name }, spec: { template: { metadata: { labels: labels(name) }, spec: { containers: [container] } } } };
}

function service(name: string, ports: NonNullable<Service["spec"]["ports"]>): Service {
    return { metadata: { name }, spec: { selector: labels(name), ports } };
}

/** The second fixture's shapes: a probe on a named port, a numbered one, a TCP-only chatbot. */
function fixtureObjects(nodePorts: { backend: number; web: number; chatbot: number }): { workloads: Workload[]; services: Service[] } {
    return {
        workloads: [
            deployment("backend", { name: "backend", ports: [{ name: "http", containerPort: 8000 }], readinessProbe: { httpGet: { path: "/readyz", port: "http" } }, livenessProbe: { httpGet: { path: "/healthz", port: "http" } } }),
            deployment("web", { name: "web", ports: [{ containerPort: 3000 }], livenessProbe: { httpGet: { path: "/api/status", port: 3000 } } }),
            deployment("chatbot", { name: "chatbot", ports: [{ name: "http", containerPort: 3000 }], readinessProbe: { tcpSocket: { port: "http" } } }),
        ],
        services: [
            service("backend", [{ port: 8000, targetPort: "http", nodePort: nodePorts.backend }]),
            service("web", [{ port: 3000, targetPort: 3000, nodePort: nodePorts.web }]),
            service("chatbot", [{ port: 3001, targetPort: "http", nodePort: nodePorts.chatbot }]),
        ],
    };
}

describe("probe smoke: checks from what the chart declares", () => {
    it("asks each workload's readiness probe (else liveness) through the NodePort of the Service that selects it", () => {
        const { workloads, services } = fixtureObjects({ backend: 30002, web: 30000, chatbot: 30001 });
        assert.deepStrictEqual(probeChecks(workloads, services, "127.0.0.1"), [
            { name: "Deployment backend: readiness probe GET /readyz", workload: "Deployment backend", kind: "http", url: "http://127.0.0.1:30002/readyz" },
            { name: "Deployment web: liveness probe GET /api/status", workload: "Deployment web", kind: "http", url: "http://127.0.0.1:30000/api/status" },
            { name: "Deployment chatbot: readiness probe TCP :http", workload: "Deployment chatbot", kind: "tcp", host: "127.0.0.1", port: 30001 },
        ]);
    });

    it("goes through a port-forward where no NodePort reaches a workload; says why it cannot check one with no probe", () => {
        const { workloads, services } = fixtureObjects({ backend: 30002, web: 30000, chatbot: 30001 });
        const internal = services.map((s) => ({ ...s, spec: { ...s.spec, ports: s.spec.ports!.map(({ port, targetPort }) => ({ port, targetPort })) } }));
        const checks = probeChecks(workloads, internal, "127.0.0.1");
        assert.deepStrictEqual(checks.map((c) => (c.kind === "forward" ? [c.target, c.port, c.path] : c.kind)), [
            ["deployment/backend", 8000, "/readyz"],
            ["deployment/web", 3000, "/api/status"],
            ["deployment/chatbot", 3000, undefined],
        ]);
        assert.match((checks[0] as { reason: string }).reason, /^no NodePort Service sends port 8000 to it$/);
        assert.match((probeChecks(workloads, services, undefined)[0] as { reason: string }).reason, /^no URL output names the node's address/);
        const bare = deployment("worker", { name: "worker" });
        assert.deepStrictEqual(probeChecks([bare], services, "127.0.0.1")[0].kind, "unreachable");
    });

    it("asks a port-forwarded probe on the local port the forward gives, and fails with the forward's error", async () => {
        const app = await serve((req, _b, res) => res.writeHead(req.url === "/readyz" ? 200 : 404).end("ready"));
        const local = Number(new URL(app.url).port);
        const opened: string[] = [];
        const forward: Forwarder = (target, port, use) => (opened.push(`${target}:${port}`), use(local));
        try {
            const checks = [
                { name: "Deployment backend: readiness probe GET /readyz", workload: "Deployment backend", kind: "forward", target: "deployment/backend", port: 8000, path: "/readyz", reason: "no NodePort" },
                { name: "Deployment chatbot: readiness probe TCP :http", workload: "Deployment chatbot", kind: "forward", target: "deployment/chatbot", port: 3000, reason: "no NodePort" },
            ] as const;
            const report = await runProbeSmoke(checks, {}, { deadlineMs: 1_000, retryDelayMs: 20 }, forward);
            assert.deepStrictEqual(report.checks.map((c) => [c.name, c.status]), [
                ["Deployment backend: readiness probe GET /readyz (port-forward)", "PASS"],
                ["Deployment chatbot: readiness probe TCP :http (port-forward)", "PASS"],
            ]);
            assert.deepStrictEqual(opened.sort(), ["deployment/backend:8000", "deployment/chatbot:3000"]);
            const broken = await runProbeSmoke(checks.slice(0, 1), {}, { deadlineMs: 200 }, () => Promise.reject(new Error("kubectl port-forward deployment/backend :8000 exited 1: pods not found")));
            assert.deepStrictEqual(broken.checks.map((c) => [c.status, c.detail]), [["FAIL", "kubectl port-forward deployment/backend :8000 exited 1: pods not found"]]);
            const without = await runProbeSmoke(checks.slice(0, 1), {}, { deadlineMs: 200 });
            assert.deepStrictEqual(without.checks.map((c) => c.status), ["SKIP"]);
        } finally {
            app.server.close();
        }
    });

    it("takes the node's address from a NodePort URL output, never from an https Ingress URL without a port", () => {
        assert.strictEqual(nodeHostOf(["https://todo.example.com", "http://127.0.0.1:30000"]), "127.0.0.1");
        assert.strictEqual(nodeHostOf(["https://todo.example.com", "no NodePort; run: kubectl port-forward ..."]), undefined);
    });

    it("passes a healthy app whose root redirects or is 404, and fails a probe path that answers 503, naming URL, status and body", async () => {
        let webStatus = 200;
        const backend = await serve((req, _b, res) => res.writeHead(req.url === "/readyz" ? 200 : 404).end("ready"));
        const web = await serve((req, _b, res) => {
            if (req.url === "/api/status") res.writeHead(webStatus).end(webStatus === 200 ? "{\"ok\":true}" : "database down\nretry later\nthird\nfourth");
            else res.writeHead(307, { location: "/login" }).end();
        });
        const chatbot = await serve((_req, _b, res) => res.writeHead(404).end("not found"));
        const port = (u: string): number => Number(new URL(u).port);
        try {
            const { workloads, services } = fixtureObjects({ backend: port(backend.url), web: port(web.url), chatbot: port(chatbot.url) });
            const checks = probeChecks(workloads, services, "127.0.0.1");
            const urls = { frontendWebUrl: web.url, frontendChatbotUrl: chatbot.url };
            const healthy = await runProbeSmoke(checks, urls, { deadlineMs: 2_000, retryDelayMs: 20 });
            assert.deepStrictEqual(healthy.checks.map((c) => c.status), ["PASS", "PASS", "PASS", "PASS", "PASS"], JSON.stringify(healthy.checks));
            assert.match(healthy.checks[3].detail, /→ HTTP 307$/);
            assert.match(healthy.checks[4].detail, /→ HTTP 404: not found$/);
            // Negative control: the web UI's probe path answers 503; the failure names it all.
            webStatus = 503;
            const broken = await runProbeSmoke(checks, urls, { deadlineMs: 300, retryDelayMs: 20 });
            assert.strictEqual(broken.ok, false);
            const failed = broken.checks.filter((c) => c.status === "FAIL");
            assert.deepStrictEqual(failed.map((c) => c.name), ["Deployment web: liveness probe GET /api/status"]);
            assert.match(failed[0].detail, new RegExp(`last: http://127\\.0\\.0\\.1:${port(web.url)}/api/status → HTTP 503: database down \\| retry later \\| third$`));
        } finally {
            for (const s of [backend, web, chatbot]) s.server.close();
        }
    });

    it("fails a TCP probe whose port refuses connections, and a URL output that answers 5xx", async () => {
        const closed = net.createServer();
        await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
        const freePort = (closed.address() as AddressInfo).port;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const failing = await serve((_req, _b, res) => res.writeHead(500).end("Internal Server Error"));
        try {
            const report = await runProbeSmoke(
                [{ name: "chatbot tcp", workload: "Deployment chatbot", kind: "tcp", host: "127.0.0.1", port: freePort }],
                { frontendChatbotUrl: failing.url },
                { deadlineMs: 200, retryDelayMs: 20 },
            );
            assert.deepStrictEqual(report.checks.map((c) => [c.status, c.detail.includes("ECONNREFUSED") || c.detail.includes("HTTP 500")]), [["FAIL", true], ["FAIL", true]]);
        } finally {
            failing.server.close();
        }
    });
});
