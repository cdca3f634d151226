// The smoke test for any chart (smokeDepth "probes"): what to check comes from what the chart
// itself declares, read back from the deployed objects. Each workload's readiness probe (else its
// liveness probe) is asked through the NodePort of the Service that selects its pods (or, with
// none, through `kubectl port-forward`), as the kubelet asks it (HTTP: 200-399 passes; TCP: a
// connection); then every URL output gets one request that passes below 500 (a redirect to a
// login page or a 404 on `/` is a running app). Traffic goes to the node address the URL
// outputs name, the address NodePorts answer on, or to 127.0.0.1 for a port-forward.
import * as net from "net";
import { CheckLoop, CheckLoopOptions, SmokeReport } from "./smokeChecks";
import { Attempt, excerpt, request } from "./smokeHttp";

interface Port {
    readonly name?: string;
    readonly containerPort?: number;
}

interface Probe {
    readonly httpGet?: { readonly path?: string; readonly port: number | string; readonly scheme?: string };
    readonly tcpSocket?: { readonly port: number | string };
}

interface Container {
    readonly name: string;
    readonly ports?: readonly Port[];
    readonly readinessProbe?: Probe;
    readonly livenessProbe?: Probe;
}

/** A Deployment or StatefulSet as `kubectl get -o json` returns it (the fields read here). */
export interface Workload {
    readonly kind: string;
    readonly metadata: { readonly name: string };
    readonly spec: { readonly template: { readonly metadata?: { readonly labels?: Record<string, string> }; readonly spec: { readonly containers: readonly Container[] } } };
}

export interface Service {
    readonly metadata: { readonly name: string };
    readonly spec: { readonly selector?: Record<string, string>; readonly ports?: ReadonlyArray<{ readonly port: number; readonly targetPort?: number | string; readonly nodePort?: number }> };
}

/** One check the chart's own declarations call for. */
export type ProbeCheck =
    | { readonly name: string; readonly workload: string; readonly kind: "http"; readonly url: string }
    | { readonly name: string; readonly workload: string; readonly kind: "tcp"; readonly host: string; readonly port: number }
    /** No NodePort reaches it: through `kubectl port-forward <target> :<port>`, HTTP when `path` is set. */
    | { readonly name: string; readonly workload: string; readonly kind: "forward"; readonly target: string; readonly port: number; readonly path?: string; readonly reason: string }
    | { readonly name: string; readonly workload: string; readonly kind: "unreachable"; readonly reason: string };

/** Opens a port-forward to `port` of `target` while `use` runs (portForward.ts; stubbed in tests). */
export type Forwarder = <T>(target: string, port: number, use: (localPort: number) => Promise<T>) => Promise<T>;

/**
 * The probe checks of every workload: its first container with a readiness (else liveness) probe,
 * reached on `nodeHost` through a NodePort of a Service whose selector matches the pod's labels
 * and whose targetPort is the probe's port (by number or by name).
 */
export function probeChecks(workloads: readonly Workload[], services: readonly Service[], nodeHost: string | undefined): ProbeCheck[] {
    return workloads.flatMap((w): ProbeCheck[] => {
        const workload = `${w.kind} ${w.metadata.name}`;
        const labels = w.spec.template.metadata?.labels ?? {};
        const container = w.spec.template.spec.containers.find((c) => c.readinessProbe ?? c.livenessProbe);
        const which = container?.readinessProbe ? "readiness" : "liveness";
        const probe = container?.readinessProbe ?? container?.livenessProbe;
        const probePort = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (container === undefined || probePort === undefined) {
            return [{ name: `${workload}: no HTTP or TCP probe`, workload, kind: "unreachable", reason: "the chart declares no readiness or liveness probe to ask" }];
        }
        const byName = (p: number | string): Port | undefined => (container.ports ?? []).find((cp) => (typeof p === "string" ? cp.name === p : cp.containerPort === p));
        const containerPort = typeof probePort === "number" ? probePort : byName(probePort)?.containerPort;
        const nodePort = services
            .filter((s) => s.spec.selector !== undefined && Object.entries(s.spec.selector).every(([k, v]) => labels[k] === v))
            .flatMap((s) => s.spec.ports ?? [])
            .find((sp) => {
                const target = sp.targetPort ?? sp.port;
                return target === containerPort || (typeof target === "string" && byName(target)?.containerPort === containerPort);
            })?.nodePort;
        const label = probe?.httpGet ? `${which} probe GET ${probe.httpGet.path ?? "/"}` : `${which} probe TCP :${String(probePort)}`;
        const name = `${workload}: ${label}`;
        if (nodePort === undefined || nodeHost === undefined) {
            const why = nodePort === undefined ? `no NodePort Service sends port ${String(containerPort ?? probePort)} to it` : "no URL output names the node's address";
            if (containerPort === undefined || probe?.httpGet?.scheme === "HTTPS") {
                return [{ name, workload, kind: "unreachable", reason: `${why}; Kubernetes' own probe passed (the Release waited for Ready)` }];
            }
            const target = `${w.kind.toLowerCase()}/${w.metadata.name}`;
            return [{ name, workload, kind: "forward", target, port: containerPort, path: probe?.httpGet ? probe.httpGet.path ?? "/" : undefined, reason: why }];
        }
        if (probe?.httpGet) {
            const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
            return [{ name, workload, kind: "http", url: `${scheme}://${nodeHost}:${nodePort}${probe.httpGet.path ?? "/"}` }];
        }
        return [{ name, workload, kind: "tcp", host: nodeHost, port: nodePort }];
    });
}

/** The host of the first URL output that is a plain http://host:port URL (a NodePort URL). */
export function nodeHostOf(urls: readonly string[]): string | undefined {
    for (const u of urls) {
        const parsed = /^https?:\/\//.test(u) ? new URL(u) : undefined;
        if (parsed?.port) return parsed.hostname;
    }
    return undefined;
}

/** Runs the probe checks, then one request per URL output (anything below 500 passes). */
export async function runProbeSmoke(checks: readonly ProbeCheck[], urlOutputs: Readonly<Record<string, string>>, options: CheckLoopOptions, forward?: Forwarder): Promise<SmokeReport> {
    const loop = new CheckLoop(options);
    const run = async (c: ProbeCheck): Promise<unknown> => {
        switch (c.kind) {
            case "unreachable":
                return loop.skip(c.name, c.reason);
            case "http":
                return loop.check(c.name, (t) => probeHttp(c.url, t));
            case "tcp":
                return loop.check(c.name, (t) => probeTcp(c.host, c.port, t));
            case "forward":
                if (forward === undefined) return loop.skip(c.name, `${c.reason}; Kubernetes' own probe passed (the Release waited for Ready)`);
                return forward(c.target, c.port, (local) => loop.check(`${c.name} (port-forward)`, (t) => (c.path !== undefined ? probeHttp(`http://127.0.0.1:${local}${c.path}`, t) : probeTcp("127.0.0.1", local, t)))).catch((e: Error) =>
                    loop.fail(`${c.name} (port-forward)`, e.message),
                );
        }
    };
    await Promise.all(checks.map(run));
    await Promise.all(Object.entries(urlOutputs).map(([key, url]) => loop.check(`${key} GET ${url}`, (t) => answersBelow500(url, t))));
    return loop.report([...checks.flatMap((c) => [c.name, `${c.name} (port-forward)`]), ...Object.entries(urlOutputs).map(([key, url]) => `${key} GET ${url}`)]);
}

/** The kubelet's rule for an HTTP probe: 200-399 passes (redirects are not followed). */
async function probeHttp(url: string, timeoutMs: number): Promise<Attempt<true>> {
    const a = await request("GET", url, undefined, timeoutMs);
    if ("error" in a) return { kind: "retry", detail: `${url}: ${a.error}` };
    const detail = `${url} → HTTP ${a.status}${a.text ? `: ${firstLines(a.text)}` : ""}`;
    return a.status >= 200 && a.status < 400 ? { kind: "pass", detail, value: true } : { kind: "retry", detail };
}

async function answersBelow500(url: string, timeoutMs: number): Promise<Attempt<true>> {
    const a = await request("GET", url, undefined, timeoutMs);
    if ("error" in a) return { kind: "retry", detail: `${url}: ${a.error}` };
    const detail = `${url} → HTTP ${a.status}${a.text ? `: ${firstLines(a.text)}` : ""}`;
    return a.status < 500 ? { kind: "pass", detail, value: true } : { kind: "retry", detail };
}

function probeTcp(host: string, port: number, timeoutMs: number): Promise<Attempt<true>> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port, timeout: timeoutMs });
        const done = (a: Attempt<true>): void => {
            socket.destroy();
            resolve(a);
        };
        socket.once("connect", () => done({ kind: "pass", detail: `${host}:${port} accepts connections`, value: true }));
        socket.once("timeout", () => done({ kind: "retry", detail: `${host}:${port}: connect timed out` }));
        socket.once("error", (e: Error & { code?: string }) => done({ kind: "retry", detail: `${host}:${port}: ${e.code ?? e.message}` }));
    });
}

/** The body's first three lines, flattened for a table cell. */
function firstLines(text: string): string {
    return excerpt(text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 3).join(" | "));
}
