// The toolchain checks inside the program: what a missing tool does to a run (every problem
// listed once, as a RunError, nothing registered), and what a healthy machine's run says.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PrerequisiteError } from "../../../components/cluster/toolchain/toolchain";
import { fakeHost, ProgramFailed, runProgram } from "../harness";

const MISSING = { code: 127, stdout: "", stderr: "not found" };

describe("toolchain, in the program", () => {
    it("a machine without docker and helm: both listed once with their fixes, a RunError, nothing registered", async () => {
        const host = fakeHost({}, "linux", false, { "docker info": MISSING, "helm version --short": MISSING });
        await assert.rejects(runProgram({ host }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed, String(e));
            assert.ok(e.cause instanceof PrerequisiteError && e.cause instanceof pulumi.RunError, "the CLI prints a RunError once, with no stack frames");
            assert.match(e.message, /^Missing prerequisites for stack 'dev' \(2 problems\); nothing was created or changed:\n/);
            assert.match(e.message, /\n {2}- docker: docker is not installed or not on PATH\. Fix: install Docker Engine/);
            assert.match(e.message, /\n {2}- helm: helm is not installed or not on PATH\. Fix: install Helm 3/);
            assert.deepStrictEqual(e.resources, []);
            return true;
        });
    });

    it("a healthy machine: one line of what was found, no warning, and the deploy goes on", async () => {
        const { infos, warnings, resources } = await runProgram({ host: fakeHost() });
        assert.ok(infos.includes("Toolchain: docker Docker Engine 20.10.24+dfsg1; helm v3.16.2+g13654a5; kubectl v1.31.4; minikube 'minikube' Running, 4 CPUs, 8192 MiB, driver docker"), infos.join("\n"));
        assert.deepStrictEqual(warnings.filter((w) => /^(docker|helm|kubectl|minikube '[^']*'):/.test(w)), []);
        assert.ok(resources.length > 20);
    });

    it("off Minikube, a missing metrics API is a warning with the install command when an autoscaler needs it, else a note", async () => {
        const query = 'kubectl --context kind-dev get apiservice v1beta1.metrics.k8s.io -o jsonpath={.status.conditions[?(@.type=="Available")].status}';
        const host = fakeHost({ "kind get clusters": "dev\n", "docker inspect -f {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}} dev-control-plane": "172.18.0.2\n" }, "linux", false, { [query]: MISSING });
        const autoscaled = { backend: { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 3 } } };
        const { warnings, resources } = await runProgram({ config: { target: "kind", kindCluster: "dev", extraValues: autoscaled }, host });
        assert.ok(warnings.some((w) => /^metrics API: the metrics API \(metrics-server\) is not installed on 'kind-dev'.*Fix: kubectl --context kind-dev apply -f /.test(w)), warnings.join("\n"));
        assert.ok(resources.length > 20);
        const plain = await runProgram({ config: { target: "kind", kindCluster: "dev" }, host });
        assert.deepStrictEqual(plain.warnings.filter((w) => w.startsWith("metrics API")), []);
        assert.ok(plain.infos.some((i) => /metrics API not installed on 'kind-dev': `kubectl top` will not work/.test(i)), plain.infos.join("\n"));
    });
});
