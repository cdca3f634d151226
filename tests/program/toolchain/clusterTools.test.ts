// The program's checks of what talks to the cluster (kubectl, and the metrics API off Minikube)
// over captured command output: each passing and failing, with the exact message and fix.
import * as assert from "assert";
import { checkKubectl, checkMetricsApi } from "../../../components/cluster/toolchain/clusterTools";
import { fakeRunner, HEALTHY, ok } from "./fixtures";

describe("toolchain", () => {
    describe("kubectl", () => {
        it("accepts a client and shows its version", () => {
            assert.deepStrictEqual(checkKubectl(fakeRunner(HEALTHY)), { name: "kubectl", status: "ok", detail: "v1.31.4" });
        });

        it("fails when it is missing, saying what it is for", () => {
            const r = checkKubectl(fakeRunner({}));
            assert.strictEqual(r.status, "fail");
            assert.match(r.fix!, /kubernetes.io\/docs\/tasks\/tools.*prunes Secrets/);
        });
    });

    describe("metrics API (not on Minikube, whose addon the program enables)", () => {
        const query = 'kubectl --context kind-dev get apiservice v1beta1.metrics.k8s.io -o jsonpath={.status.conditions[?(@.type=="Available")].status}';

        it("passes when the metrics API is Available on the stack's context", () => {
            assert.strictEqual(checkMetricsApi(fakeRunner({ [query]: ok("True") }), "kind-dev", true, true).status, "ok");
        });

        it("warns when metrics-server is missing, with the command that installs it", () => {
            const r = checkMetricsApi(fakeRunner({}), "kind-dev", true, true);
            assert.strictEqual(r.status, "warn");
            assert.match(r.detail, /not installed on 'kind-dev': the chart's autoscalers .* will never change the pod counts/);
            assert.match(r.fix!, /^kubectl --context kind-dev apply -f https:\/\/github.com\/kubernetes-sigs\/metrics-server\/releases\/latest\/download\/components.yaml \(on kind, also add --kubelet-insecure-tls/);
        });

        it("is only a note when nothing the stack deploys autoscales", () => {
            assert.deepStrictEqual(checkMetricsApi(fakeRunner({}), "kind-dev", true, false), {
                name: "metrics API",
                status: "ok",
                detail: "not installed on 'kind-dev': `kubectl top` will not work; nothing this stack deploys needs it",
            });
        });

        it("warns when it is registered but not Available", () => {
            const q = query.replace("kind-dev", "prod");
            assert.match(checkMetricsApi(fakeRunner({ [q]: ok("False") }), "prod", false, true).detail, /registered but not Available on 'prod'/);
        });
    });
});
