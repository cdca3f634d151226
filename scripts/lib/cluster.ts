// Which cluster the end-to-end tests and the benchmark drive, and small wrappers around the real tools.
// E2E_KUBE_CONTEXT / E2E_IMAGE_LOAD / E2E_NODE_ADDRESS select any cluster; when they are
// unset and the local cluster scripts exist ($LOCAL_CLUSTER_DIR, default ../shared/local-cluster),
// that local cluster is set up and started.
import * as fs from "fs";
import * as path from "path";
import { CommandResult, runCommand } from "../../components/shared/commandRunner";
import { PROJECT_ROOT } from "./stack";

export interface E2eCluster {
    readonly kubeContext: string;
    /** Image-load command template with {image}, as the program's imageLoadCommand. */
    readonly imageLoad: string;
    /** Address the NodePorts answer on from this machine. */
    readonly nodeAddress: string;
}

const LOCAL_CLUSTER = process.env.LOCAL_CLUSTER_DIR || path.resolve(PROJECT_ROOT, "..", "shared", "local-cluster");

/** Resolves the target cluster, starting the local one when no other is configured. */
export function e2eCluster(): E2eCluster {
    const { E2E_KUBE_CONTEXT, E2E_IMAGE_LOAD, E2E_NODE_ADDRESS } = process.env;
    if (E2E_KUBE_CONTEXT) {
        if (!E2E_IMAGE_LOAD || !E2E_NODE_ADDRESS) {
            throw new Error("E2E_KUBE_CONTEXT is set: also set E2E_IMAGE_LOAD (e.g. 'minikube -p minikube image load {image}') and E2E_NODE_ADDRESS (e.g. $(minikube ip))");
        }
        return { kubeContext: E2E_KUBE_CONTEXT, imageLoad: E2E_IMAGE_LOAD, nodeAddress: E2E_NODE_ADDRESS };
    }
    if (!fs.existsSync(path.join(LOCAL_CLUSTER, "up"))) {
        throw new Error(`No cluster for the end-to-end tests: set E2E_KUBE_CONTEXT, E2E_IMAGE_LOAD and E2E_NODE_ADDRESS, or provide the local cluster scripts at ${LOCAL_CLUSTER} (or $LOCAL_CLUSTER_DIR)`);
    }
    sh("bash", [path.join(LOCAL_CLUSTER, "setup")], { quiet: true });
    const exports = sh("bash", [path.join(LOCAL_CLUSTER, "up")], { quiet: true }).stdout;
    // `up` prints: export KUBECONFIG=... PATH=...
    for (const [, key, value] of exports.matchAll(/\b(KUBECONFIG|PATH)=("[^"]*"|\S+)/g)) {
        process.env[key] = value.replace(/^"|"$/g, "").replace("$PATH", process.env.PATH ?? "");
    }
    return { kubeContext: "local", imageLoad: `${path.join(LOCAL_CLUSTER, "load-image")} {image}`, nodeAddress: "127.0.0.1" };
}

export interface ShOptions {
    readonly input?: string;
    readonly allowFailure?: boolean;
    readonly quiet?: boolean;
    readonly cwd?: string;
    /** Extra environment variables for the command. */
    readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Runs a command (up to 30 min: image builds, cluster setup); throws with its output unless allowFailure. */
export function sh(command: string, args: readonly string[], opts: ShOptions = {}): CommandResult {
    const r = runCommand(command, args, { input: opts.input, cwd: opts.cwd ?? PROJECT_ROOT, env: { DOCKER_BUILDKIT: "1", ...opts.env }, timeoutMs: 30 * 60_000 });
    if (r.code !== 0 && !opts.allowFailure) {
        throw new Error(`${command} ${args.join(" ")} exited ${r.code}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    }
    return r;
}

export class Kube {
    constructor(readonly context: string, readonly namespace: string) {}

    kubectl(args: readonly string[], opts: ShOptions = {}): CommandResult {
        return sh("kubectl", ["--context", this.context, "-n", this.namespace, ...args], opts);
    }

    json<T>(args: readonly string[]): T {
        return JSON.parse(this.kubectl([...args, "-o", "json"]).stdout) as T;
    }

    helm(args: readonly string[], opts: ShOptions = {}): CommandResult {
        return sh("helm", ["--kube-context", this.context, "-n", this.namespace, ...args], opts);
    }
}
