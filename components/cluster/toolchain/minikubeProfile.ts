// The Minikube profile a dev stack deploys to: installed, existing and running. Its nominal size
// only earns a warning: whether the chart's pods fit is judged before any resource, from the
// node's allocatable CPU and memory less what other pods request (../../release/capacityCheck.ts).
// The none driver does not even honour --cpus, and a 2-core host refuses --cpus 4. Whether the
// image-load mode suits its container runtime is describeCluster's rule (../clusterTarget.ts).
import { parseProfile, profileNames } from "../minikube";
import { CheckResult, firstLine } from "./checkResult";
import { CommandRunner, NOT_FOUND } from "../../shared/commandRunner";

const MIN_MINIKUBE_CPUS = 4;
const MIN_MINIKUBE_MEMORY_MB = 8192;

/** The Minikube profile: there and running, and its size (a warning when small). */
export function checkMinikube(run: CommandRunner, profile: string, stack: string): CheckResult {
    const name = `minikube '${profile}'`;
    const start = `minikube start -p ${profile} --cpus ${MIN_MINIKUBE_CPUS} --memory 8g`;
    const r = run("minikube", ["profile", "list", "-o", "json"]);
    if (r.code === NOT_FOUND) {
        return { name, status: "fail", detail: `minikube is not installed or not on PATH (stack '${stack}' deploys to the Minikube profile '${profile}')`, fix: `install it (https://minikube.sigs.k8s.io/docs/start/), then ${start}` };
    }
    const missing = (names: string[]): CheckResult => ({
        name,
        status: "fail",
        detail: `the Minikube profile '${profile}' does not exist (profiles: ${names.join(", ") || "none"})`,
        fix: `${start}, or point the stack at another profile: pulumi config set minikubeProfile <profile> -s ${stack}`,
    });
    let found: ReturnType<typeof parseProfile>;
    let names: string[];
    try {
        found = parseProfile(r.stdout, profile);
        names = profileNames(r.stdout);
    } catch {
        if (/no minikube profile/i.test(`${r.stdout}\n${r.stderr}`)) {
            return missing([]);
        }
        return { name, status: "fail", detail: `'minikube profile list -o json' failed: ${firstLine(r.stderr) ?? firstLine(r.stdout) ?? `exit code ${r.code}`}`, fix: `check 'minikube profile list', then ${start}` };
    }
    if (!found) {
        return missing(names);
    }
    if (found.status !== "Running" && found.status !== "OK") {
        return { name, status: "fail", detail: `the Minikube profile '${profile}' is ${found.status}, not Running`, fix: `minikube start -p ${profile}` };
    }
    if (found.cpus < MIN_MINIKUBE_CPUS || found.memoryMb < MIN_MINIKUBE_MEMORY_MB) {
        return {
            name,
            status: "warn",
            detail: `the Minikube profile '${profile}' has ${found.cpus} CPUs and ${found.memoryMb} MiB, less than the ${MIN_MINIKUBE_CPUS} CPUs and ${MIN_MINIKUBE_MEMORY_MB} MiB the app is comfortable with; the deploy checks first that the chart's requests fit in what the node has free`,
            fix: `if the deploy says the app does not fit: lower resources.*.requests or the replicas, or minikube delete -p ${profile} && ${start} (a profile's size is fixed when it is created)`,
        };
    }
    return { name, status: "ok", detail: `${found.status}, ${found.cpus} CPUs, ${found.memoryMb} MiB, driver ${found.driver}` };
}
