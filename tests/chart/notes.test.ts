// NOTES.txt tells how to reach each service. `helm template` doesn't print NOTES, so the test
// renders it through a throwaway copy of the chart with one extra template that includes it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { chartDir, devValues, findHelm, NAMESPACE, parseManifests, prodValues, RELEASE, run, tempDir } from "./helm";

function renderNotes(valuesFiles: string[], set: string[] = []): string {
  const copy = fs.mkdtempSync(path.join(tempDir(), "notes-chart-"));
  fs.cpSync(chartDir, copy, { recursive: true });
  fs.writeFileSync(
    path.join(copy, "templates", "zz-notes.yaml"),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ include "todo-app/templates/NOTES.txt" . | quote }}\n',
  );
  const r = run(findHelm(), [
    "template", RELEASE, copy, "--namespace", NAMESPACE, "--show-only", "templates/zz-notes.yaml",
    ...valuesFiles.flatMap((f) => ["--values", f]), ...set.flatMap((s) => ["--set", s]),
  ]);
  assert.strictEqual(r.status, 0, r.stderr);
  return parseManifests(r.stdout)[0].data?.notes ?? "";
}

describe("chart: NOTES.txt", () => {
  it("dev: NodePort URLs with the command to find the node IP, port-forward for the ClusterIP backend", () => {
    const notes = renderNotes([devValues]);
    assert.match(notes, /http:\/\/<node-ip>:30000/);
    assert.match(notes, /http:\/\/<node-ip>:30001/);
    assert.match(notes, /minikube ip/);
    assert.match(notes, /kubectl get nodes -o jsonpath=/);
    assert.match(notes, /kubectl port-forward -n todo-app svc\/todo-app-backend 8000:8000/);
    assert.match(notes, /helm test todo-app -n todo-app/);
  });

  it("prod with a ClusterIP frontend and the Ingress: port-forward and the Ingress URL", () => {
    const notes = renderNotes([prodValues], ["ingress.enabled=true", "frontendWeb.service.type=ClusterIP", "frontendWeb.service.nodePort=null"]);
    assert.match(notes, /kubectl port-forward -n todo-app svc\/todo-app-frontend-web 3000:3000/);
    assert.match(notes, /Ingress: http:\/\/todo\.example\.com\/ -> frontend-web/);
    assert.doesNotMatch(notes, /:30000/);
  });
});
