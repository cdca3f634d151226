// The machine the program runs on, answered from captured output: a running docker-driver
// Minikube profile on Linux, its tools healthy. The chart is still rendered by the real helm.
import * as fs from "fs";
import * as path from "path";
import { CommandResult, NOT_FOUND } from "../../components/shared/commandRunner";
import { Host, systemHost } from "../../components/shared/host";
import { findHelm } from "../chart/helm";

/** `kubectl get nodes -o json` output with every node's capacity and allocatable set to `cpu` and `memory`. */
export function resizedNodes(nodesJson: string, cpu: string, memory: string): string {
    const list = JSON.parse(nodesJson) as { items: Array<{ status: { capacity: Record<string, string>; allocatable: Record<string, string> } }> };
    for (const node of list.items) {
        Object.assign(node.status.capacity, { cpu, memory });
        Object.assign(node.status.allocatable, { cpu, memory });
    }
    return JSON.stringify(list);
}

/** A host that answers like a running docker-driver Minikube profile on Linux. */
export function fakeHost(
    overrides: Partial<Record<string, string>> = {},
    platform: NodeJS.Platform = "linux",
    isWsl = false,
    probeOverrides: Record<string, CommandResult> = {},
): Host & { calls: string[] } {
    const fixture = (f: string): string => fs.readFileSync(path.join(__dirname, "fixtures", f), "utf8");
    const answers: Record<string, string> = {
        "minikube profile list -o json": fixture("minikube-profile-list.json"),
        "minikube -p minikube docker-env --shell none": fixture("minikube-docker-env.txt"),
        "minikube -p minikube ip": "192.168.49.2\n",
        // Captured from minikube v1.38.1 with its control plane running; the node resized to the
        // 4 CPUs and 8 GiB of the profile above (the capacity tests use the captured 2 CPUs).
        "kubectl --context minikube get nodes -o json": resizedNodes(fixture("minikube-none/kubectl-get-nodes.json"), "4", "8Gi"),
        "kubectl --context minikube get pods --all-namespaces -o json": fixture("minikube-none/kubectl-get-pods-all.json"),
        // The addons' state (components/cluster/addonStatus.ts), captured likewise.
        "minikube -p minikube addons list -o json": fixture("minikube-none/addons-list.json"),
        "kubectl --context minikube get pods --all-namespaces -l k8s-app in (metrics-server,kubernetes-dashboard) -o json": fixture("minikube-none/kubectl-get-addon-pods.json"),
        ...overrides,
    };
    const calls: string[] = [];
    // The toolchain checks' questions, answered as on a healthy machine (captured output).
    const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: "" });
    const probes: Record<string, CommandResult> = {
        "docker info": ok(fixture("docker-info.txt")),
        "helm version --short": ok(fixture("helm-version-short.txt")),
        "kubectl version --client -o json": ok('{"clientVersion": {"gitVersion": "v1.31.4"}}'),
        "minikube profile list -o json": ok(answers["minikube profile list -o json"]),
        ...probeOverrides,
    };
    return {
        calls,
        platform,
        isWsl,
        // `docker login` of the registry check: accepted unless an override answers its command line.
        probeWithInput(command, args, input) {
            const line = [command, ...args].join(" ").replace(/--config \S+/, "--config <tmp>");
            calls.push(`${line} <<< ${input.length} characters`);
            return probeOverrides[line] ?? ok("Login Succeeded\n");
        },
        probe(command, args) {
            const line = [command, ...args].join(" ");
            const metricsApi = line.includes("get apiservice v1beta1.metrics.k8s.io") ? ok("True") : undefined;
            // The Ingress's TLS Secret of an https stack, there already (components/release/tlsSecretCheck.ts).
            const tlsSecret = / get secret \S+ -o name$/.test(line) ? ok(`secret/${args[args.length - 3]}\n`) : undefined;
            return probes[line] ?? metricsApi ?? tlsSecret ?? { code: NOT_FOUND, stdout: "", stderr: `${command}: command not found` };
        },
        run(command, args) {
            const line = [command, ...args].join(" ");
            // The chart check before any resource renders with the real, pinned helm; `calls`
            // records what the program asks the cluster's tooling (a release's manifest included).
            if (command === "helm" && args[0] !== "get" && overrides[line] === undefined) {
                return systemHost.run(findHelm(), args);
            }
            calls.push(line);
            const answer = answers[line];
            if (answer === undefined) {
                throw new Error(`fake host: no answer for '${line}'`);
            }
            return answer;
        },
    };
}
