// The Minikube profile a dev stack deploys to: running, and with a container runtime the
// image-load mode works with. Its nominal size only earns a warning: whether the chart's pods fit
// is judged by the program before any resource, from the node's allocatable CPU and memory less
// what other pods request (components/release/capacityCheck.ts). The none driver does not even
// honour --cpus, and a 2-core host refuses --cpus 4.
import { loadModeForRuntime, parseProfile, profileNames } from "../../components/cluster/minikube";
import { CheckResult, firstLine, StackTarget } from "./checkBasics";
import { CommandRunner, NOT_FOUND } from "../../components/shared/commandRunner";

export const MIN_MINIKUBE_CPUS = 4;
export const MIN_MINIKUBE_MEMORY_MB = 8192;

/** The Minikube profile: running, its size (a warning when small), and a container runtime the image-load mode works with. */
export function checkMinikube(run: CommandRunner, stack: StackTarget): CheckResult[] {
    const profile = stack.minikubeProfile;
    const name = `minikube '${profile}'`;
    const start = `minikube start -p ${profile} --cpus ${MIN_MINIKUBE_CPUS} --memory 8g`;
    const r = run("minikube", ["profile", "list", "-o", "json"]);
    if (r.code === NOT_FOUND) {
        return [{ name, status: "fail", detail: `minikube is not installed or not on PATH (stack '${stack.stack}' deploys to the Minikube profile '${profile}')`, fix: `install it (https://minikube.sigs.k8s.io/docs/start/), then ${start}` }];
    }
    const missing = (names: string[]): CheckResult => ({
        name,
        status: "fail",
        detail: `the Minikube profile '${profile}' does not exist (profiles: ${names.join(", ") || "none"})`,
        fix: `${start}, or point the stack at another profile: pulumi config set minikubeProfile <profile> -s ${stack.stack}`,
    });
    let found: ReturnType<typeof parseProfile>;
    let names: string[];
    try {
        found = parseProfile(r.stdout, profile);
        names = profileNames(r.stdout);
    } catch {
        if (/no minikube profile/i.test(`${r.stdout}\n${r.stderr}`)) {
            return [missing([])];
        }
        return [{ name, status: "fail", detail: `'minikube profile list -o json' failed: ${firstLine(r.stderr) ?? firstLine(r.stdout) ?? `exit code ${r.code}`}`, fix: `check 'minikube profile list', then ${start}` }];
    }
    if (!found) {
        return [missing(names)];
    }
    if (found.status !== "Running" && found.status !== "OK") {
        return [{ name, status: "fail", detail: `the Minikube profile '${profile}' is ${found.status}, not Running`, fix: `minikube start -p ${profile}` }];
    }
    const results: CheckResult[] = [];
    if (found.cpus < MIN_MINIKUBE_CPUS || found.memoryMb < MIN_MINIKUBE_MEMORY_MB) {
        results.push({
            name,
            status: "warn",
            detail: `the Minikube profile '${profile}' has ${found.cpus} CPUs and ${found.memoryMb} MiB, less than the ${MIN_MINIKUBE_CPUS} CPUs and ${MIN_MINIKUBE_MEMORY_MB} MiB the app is comfortable with; the deploy checks first that the chart's requests fit in what the node has free`,
            fix: `if the deploy says the app does not fit: lower resources.*.requests or the replicas, or minikube delete -p ${profile} && ${start} (a profile's size is fixed when it is created)`,
        });
    } else {
        results.push({ name, status: "ok", detail: `${found.status}, ${found.cpus} CPUs, ${found.memoryMb} MiB, driver ${found.driver}` });
    }

    const runtime = found.containerRuntime;
    // The program's own rule (components/cluster/minikube.ts): unset imageLoad follows the runtime.
    const mode = stack.imageLoad || (stack.registry ? "registry" : loadModeForRuntime(runtime));
    if (runtime !== "docker" && mode === "docker-env") {
        results.push({
            name: "container runtime",
            status: "fail",
            detail: `the Minikube profile '${profile}' runs ${runtime}, so images built in its Docker daemon (imageLoad docker-env) would not be seen by its kubelet`,
            fix: `pulumi config rm imageLoad -s ${stack.stack} (the default follows the runtime)`,
        });
    } else {
        results.push({ name: "container runtime", status: "ok", detail: `${runtime}, images reach it by imageLoad ${mode}` });
    }
    return results;
}
