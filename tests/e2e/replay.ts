// Carries out what the program registered (captured under mocks) with the real tools, the
// way the providers would: docker build each image, run each load command, kubectl apply
// each Kubernetes object, helm upgrade --install the Release. Like Pulumi, a resource whose
// inputs did not change since the previous replay is left alone. Nothing is re-derived
// here: every argument comes from the captured inputs.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { RecordedResource, T, unwrapSecrets } from "../program/harness";
import { Kube, sh } from "./cluster";

export interface ReplayStep {
    readonly resource: string;
    readonly action: "build" | "load" | "apply" | "helm upgrade" | "delete replaced" | "unchanged";
    readonly seconds: number;
}

export interface ReplayResult {
    readonly steps: ReplayStep[];
    /** helm's exit status (0 when the upgrade succeeded or did not run). */
    readonly helmStatus: number;
    readonly helmOutput: string;
}

interface DockerBuildInputs {
    imageName: string;
    build: { context: string; dockerfile: string; target?: string; platform?: string; args?: Record<string, string> };
}

interface ReleaseInputs {
    name: string;
    namespace: string;
    chart: string;
    values: Record<string, unknown>;
    timeout: number;
    maxHistory: number;
    atomic: boolean;
    cleanupOnFail?: boolean;
}

const ORDER = [T.image, T.command, T.namespace, T.secret, T.release];

/** apiVersion/kind from a kubernetes:<group>/<version>:<Kind> type token. */
function manifestOf(r: RecordedResource): Record<string, unknown> {
    const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(r.type);
    assert.ok(m, `not a Kubernetes object type: ${r.type}`);
    const [, group, version, kind] = m;
    return { apiVersion: group === "core" ? version : `${group}/${version}`, kind, ...(unwrapSecrets(r.inputs) as Record<string, unknown>) };
}

function timed(resource: string, action: ReplayStep["action"], run: () => void): ReplayStep {
    const start = Date.now();
    run();
    return { resource, action, seconds: (Date.now() - start) / 1000 };
}

/** metadata.name of a captured Kubernetes object. */
function objectName(r: RecordedResource): string {
    return String((unwrapSecrets(r.inputs.metadata) as { name?: unknown } | undefined)?.name ?? "");
}

/**
 * Replays `next`, skipping resources identical in `previous`. Returns what ran and how long it
 * took. Like Pulumi's default create-before-delete replacement, a previous object whose name
 * changed (a rotated, content-named Secret) is deleted only after everything else, the Release
 * included, succeeded: after a failed upgrade it stays, as it does in Pulumi's state until the
 * next successful `pulumi up`.
 */
export function replay(next: readonly RecordedResource[], previous: readonly RecordedResource[], kube: Kube, projectRoot: string): ReplayResult {
    const steps: ReplayStep[] = [];
    let helmStatus = 0;
    let helmOutput = "";
    const sorted = next.filter((r) => ORDER.includes(r.type as (typeof ORDER)[number])).sort((a, b) => ORDER.indexOf(a.type as (typeof ORDER)[number]) - ORDER.indexOf(b.type as (typeof ORDER)[number]));
    for (const r of sorted) {
        const label = `${r.type.split(":").pop()} ${r.name}`;
        const before = previous.find((p) => p.type === r.type && p.name === r.name);
        if (before && isDeepStrictEqual(before.inputs, r.inputs)) {
            steps.push({ resource: label, action: "unchanged", seconds: 0 });
            continue;
        }
        const inputs = unwrapSecrets(r.inputs);
        switch (r.type) {
            case T.image: {
                const { imageName, build } = inputs as DockerBuildInputs;
                // Paths are relative to the project, where the docker provider runs.
                const args = [
                    "build", "--file", path.resolve(projectRoot, build.dockerfile), "--tag", imageName,
                    ...(build.target ? ["--target", build.target] : []),
                    ...(build.platform ? ["--platform", build.platform] : []),
                    ...Object.entries(build.args ?? {}).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
                    path.resolve(projectRoot, build.context),
                ];
                steps.push(timed(label, "build", () => sh("docker", args)));
                break;
            }
            case T.command:
                steps.push(timed(label, "load", () => sh("sh", ["-c", String((inputs as { create: string }).create)])));
                break;
            case T.release: {
                const rel = inputs as ReleaseInputs;
                assert.strictEqual(rel.namespace, kube.namespace);
                withPrivateFile(JSON.stringify(rel.values), (valuesFile) => {
                    const args = [
                        "upgrade", "--install", rel.name, path.resolve(projectRoot, rel.chart),
                        "--values", valuesFile, "--wait", "--timeout", `${rel.timeout}s`, "--history-max", String(rel.maxHistory),
                        ...(rel.atomic ? ["--atomic"] : []), ...(rel.cleanupOnFail ? ["--cleanup-on-fail"] : []),
                    ];
                    steps.push(timed(label, "helm upgrade", () => {
                        const out = kube.helm(args, { allowFailure: true });
                        helmStatus = out.status ?? -1;
                        helmOutput = out.stdout + out.stderr;
                    }));
                });
                break;
            }
            default:
                // Written to a private file: a Secret's data must not pass through a command line.
                withPrivateFile(JSON.stringify(manifestOf(r)), (file) => {
                    steps.push(timed(label, "apply", () => sh("kubectl", ["--context", kube.context, "apply", "--server-side", "--force-conflicts", "--field-manager", "pulumi-replay", "-f", file])));
                });
        }
    }
    if (helmStatus === 0) {
        const kept = new Set(next.filter((r) => r.type === T.secret).map(objectName));
        for (const old of previous.filter((r) => r.type === T.secret && !kept.has(objectName(r)))) {
            steps.push(timed(`Secret ${objectName(old)}`, "delete replaced", () => kube.kubectl(["delete", "secret", objectName(old), "--ignore-not-found"])));
        }
    }
    return { steps, helmStatus, helmOutput };
}

/** Runs `use` with `content` in a file only this user can read (it may hold a Secret's data), removed afterwards whatever happens. */
function withPrivateFile(content: string, use: (file: string) => void): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-e2e-"));
    try {
        const file = path.join(dir, "manifest.json");
        fs.writeFileSync(file, content, { mode: 0o600 });
        use(file);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
