// components/cluster/addonStatus.ts over what minikube v1.38.1 and its cluster printed
// (fixtures/minikube-none, made by capture.sh there): metrics-server built here and Ready, the
// dashboard enabled with an image that cannot be pulled here.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { addonStatuses, readAddonStatuses } from "../../components/cluster/addonStatus";
import { fakeHost } from "./harness";

const fixture = (f: string): string => fs.readFileSync(path.join(__dirname, "fixtures", "minikube-none", f), "utf8");

describe("the Minikube addons' state, one line each", () => {
    const list = fixture("addons-list.json");
    const pods = fixture("kubectl-get-addon-pods.json");

    it("a Ready addon is healthy; one whose pods cannot start names the pod and the kubelet's reason", () => {
        const [metrics, dashboard] = addonStatuses(list, pods, ["metrics-server", "dashboard"]);
        assert.deepStrictEqual(metrics, { addon: "metrics-server", healthy: true, line: "metrics-server: enabled, 1/1 pods Ready" });
        assert.strictEqual(dashboard.healthy, false);
        assert.match(dashboard.line, /^dashboard: enabled, 0\/\d+ pods Ready: pod kubernetes-dashboard-\S+ (ErrImagePull|ImagePullBackOff) \(.*kubernetesui\/dashboard/);
    });

    it("an addon not enabled yet is said so, not judged", () => {
        const [ingress] = addonStatuses(list, pods, ["ingress"]);
        assert.deepStrictEqual(ingress, { addon: "ingress", healthy: true, line: "ingress: not enabled yet; this deploy enables it and does not wait for its pods" });
    });

    it("an enabled addon with no pod at all is not healthy", () => {
        const [metrics] = addonStatuses(list, JSON.stringify({ items: [] }), ["metrics-server"]);
        assert.deepStrictEqual(metrics, { addon: "metrics-server", healthy: false, line: "metrics-server: enabled, 0/0 pods Ready (no pod labelled k8s-app=metrics-server)" });
    });

    it("asks the profile and the pinned context, and a profile it cannot read is one line, not a failure", () => {
        const host = fakeHost({
            "minikube -p minikube addons list -o json": list,
            "kubectl --context minikube get pods --all-namespaces -l k8s-app in (metrics-server,kubernetes-dashboard) -o json": pods,
        });
        assert.strictEqual(readAddonStatuses(host, "minikube", "minikube", ["metrics-server"])[0].line, "metrics-server: enabled, 1/1 pods Ready");
        const [unread] = readAddonStatuses(fakeHost(), "other", "other", ["metrics-server", "dashboard"]);
        assert.strictEqual(unread.healthy, true);
        assert.match(unread.line, /^metrics-server, dashboard: state not read \(fake host: no answer for 'minikube -p other addons list -o json'\)$/);
    });
});
