// The CI workflows: linted with actionlint when it is installed (go install
// github.com/rhysd/actionlint/cmd/actionlint@v1.7.7; it also runs shellcheck on `run:`
// blocks when shellcheck is on PATH), and, independently, their structure asserted from the
// parsed YAML: triggers, permissions, the steps that matter, and secrets only by reference.
import * as assert from "assert";
import { runCommand } from "../../components/shared/commandRunner";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { POLICY_PACK_DIR } from "../../scripts/lib/policyPack";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const FILES = ["preview.yml", "deploy.yml", "e2e.yml"];
/** pulumi/actions v7.0.0, pinned by commit: a moved tag cannot change what runs with the secrets. */
const PULUMI_ACTION = "pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d";

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
}
interface Job {
    "runs-on": string;
    if?: string;
    env?: Record<string, unknown>;
    steps: Step[];
}
interface Workflow {
    name: string;
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
}

function load(file: string): { text: string; workflow: Workflow } {
    const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
    return { text, workflow: YAML.parse(text) as Workflow };
}

function onlyJob(w: Workflow): Job {
    const jobs = Object.values(w.jobs);
    assert.strictEqual(jobs.length, 1, "one job in this workflow");
    return jobs[0];
}

const usesOf = (step: Step, action: string): boolean => (step.uses ?? "").split("@")[0] === action;
const pulumiSteps = (job: Job, command?: string): Step[] => job.steps.filter((s) => usesOf(s, "pulumi/actions") && (command === undefined || s.with?.command === command));
/** The step running `npm run preview` of the dev stack (the scan job's image build). */
const npmPreview = (job: Job): number => job.steps.findIndex((s) => /npm run --silent preview -- --stack dev$/.test(s.run?.trim() ?? ""));

function actionlintBinary(): string | undefined {
    const candidates = [process.env.ACTIONLINT, path.join(os.homedir(), "go", "bin", "actionlint")];
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        candidates.push(path.join(dir, "actionlint"));
    }
    return candidates.find((c): c is string => c !== undefined && c !== "" && fs.existsSync(c));
}

describe("CI workflows", () => {
    it("pass actionlint", () => {
        const bin = actionlintBinary();
        assert.ok(bin, "actionlint not found (on PATH, $ACTIONLINT or ~/go/bin). Install it: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7");
        const r = runCommand(bin, ["-no-color", ...FILES.map((f) => path.join(".github", "workflows", f))], { cwd: ROOT });
        assert.strictEqual(`${r.stdout}${r.stderr}`.trim(), "", "actionlint findings");
        assert.strictEqual(r.code, 0);
    });

    describe("secrets", () => {
        for (const file of FILES) {
            it(`${file} references secrets only as \${{ secrets.X }} and never inlines one`, () => {
                const { text } = load(file);
                const code = text.split("\n").filter((l) => !l.trimStart().startsWith("#")).join("\n");
                // Every value of a secret-looking variable is an expression.
                for (const m of code.matchAll(/^\s*(PULUMI_CONFIG_PASSPHRASE|PULUMI_ACCESS_TOKEN|PULUMI_BACKEND_URL|[A-Z_]*(?:TOKEN|PASSWORD|SECRET|API_KEY)[A-Z_]*):\s*(.*)$/gm)) {
                    assert.match(m[2], /^\$\{\{\s*(secrets\.[A-Z_]+|env\.[A-Z_]+|github\.token)\s*\}\}$|^file:\/\/\$\{\{\s*github\.workspace\s*\}\}\/\.pulumi-state$/, `${file}: ${m[1]} must come from secrets, got ${m[2]}`);
                }
                // No key material or well-known token shapes anywhere.
                assert.doesNotMatch(code, /sk-[A-Za-z0-9]{20,}|ghp_[A-Za-z0-9]{20,}|pul-[a-f0-9]{20,}|AKIA[0-9A-Z]{16}|postgres(ql)?:\/\/[^\s$]+:[^\s$]+@/);
                // `secrets.` appears only inside expressions.
                for (const m of code.matchAll(/secrets\.[A-Za-z_]+/g)) {
                    const before = code.slice(0, m.index);
                    assert.ok(before.lastIndexOf("${{") > before.lastIndexOf("}}"), `${file}: ${m[0]} outside \${{ }}`);
                }
            });
        }
        it("preview and deploy take the backend, the passphrase and the prod kubeconfig from repository secrets", () => {
            for (const job of [load("preview.yml").workflow.jobs.preview, onlyJob(load("deploy.yml").workflow)]) {
                assert.strictEqual(job.env?.PULUMI_BACKEND_URL, "${{ secrets.PULUMI_BACKEND_URL }}");
                assert.strictEqual(job.env?.PULUMI_CONFIG_PASSPHRASE, "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
                assert.ok(job.steps.some((st) => st.env?.PROD_KUBECONFIG === "${{ secrets.PROD_KUBECONFIG }}" && /> "\$KUBECONFIG"/.test(st.run ?? "")));
            }
        });
        it("e2e takes the passphrase from a repository secret", () => {
            const job = onlyJob(load("e2e.yml").workflow);
            assert.strictEqual(job.env?.PULUMI_CONFIG_PASSPHRASE, "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
        });
    });

    describe("preview.yml", () => {
        const { workflow } = load("preview.yml");
        const preview = workflow.jobs.preview;
        const scan = workflow.jobs.scan;

        it("runs on pull requests and may comment on them", () => {
            assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request"]);
            assert.strictEqual(workflow.permissions["pull-requests"], "write");
            assert.strictEqual(workflow.permissions.contents, "read");
            assert.deepStrictEqual(Object.keys(workflow.jobs), ["preview", "scan"]);
        });
        it("previews the stack a merge deploys with pulumi/actions, pinned, in one PR comment edited on every push", () => {
            const [step, ...more] = pulumiSteps(preview, "preview");
            assert.deepStrictEqual(more, [], "one preview");
            assert.strictEqual(step.uses, PULUMI_ACTION);
            const deployed = pulumiSteps(onlyJob(load("deploy.yml").workflow), "up")[0];
            assert.strictEqual(step.with?.["stack-name"], deployed.with?.["stack-name"], "the stack deploy.yml updates");
            assert.deepStrictEqual(
                [step.with?.["comment-on-pr"], step.with?.["edit-pr-comment"], step.with?.diff, step.with?.["github-token"]],
                [true, true, true, "${{ github.token }}"],
            );
            assert.strictEqual(pulumiSteps(workflow.jobs.scan).filter((s) => s.with?.command !== undefined).length, 0, "a PR never changes a stack");
            assert.ok(!JSON.stringify(workflow).includes("gh pr comment"), "no comment per push");
        });
        it("scan: builds the images during a dev preview on Minikube, with Node.js 22", () => {
            const minikube = scan.steps.find((s) => usesOf(s, "medyagh/setup-minikube"));
            assert.deepStrictEqual([String(minikube?.with?.cpus), minikube?.with?.memory, minikube?.with?.["container-runtime"]], ["4", "8g", "docker"]);
            assert.strictEqual(String(scan.steps.find((s) => usesOf(s, "actions/setup-node"))?.with?.["node-version"]), "22");
            const set = scan.steps.findIndex((s) => /pulumi config set --stack dev --type bool buildOnPreview true/.test(s.run ?? ""));
            assert.ok(set >= 0 && npmPreview(scan) > set, `config set at ${set}, preview at ${npmPreview(scan)}`);
        });
        it("scans each image the preview built with Trivy, for fixable HIGH and CRITICAL findings", () => {
            const exported = scan.steps.findIndex((s) => s.id === "export");
            assert.ok(exported > npmPreview(scan), "the images are exported after the preview built them");
            assert.match(scan.steps[exported].run ?? "", /minikube -p minikube docker-env[\s\S]*docker save "\$ref" -o "\.trivy\/\$svc\.tar"/);
            const scans = scan.steps.filter((s) => usesOf(s, "aquasecurity/trivy-action"));
            assert.deepStrictEqual(scans.map((s) => s.with?.input), [".trivy/backend.tar", ".trivy/frontend-web.tar", ".trivy/frontend-chatbot.tar"]);
            for (const one of scans) {
                assert.match(one.uses ?? "", /@\d+\.\d+\.\d+$/, "pinned to a release");
                assert.deepStrictEqual(
                    [one.with?.["scan-type"], one.with?.severity, one.with?.["ignore-unfixed"], one.with?.["exit-code"], (one as { "continue-on-error"?: boolean })["continue-on-error"]],
                    ["image", "HIGH,CRITICAL", true, "1", true],
                    `${one.name}: every image reported, fixable HIGH/CRITICAL only`,
                );
                assert.ok(scan.steps.indexOf(one) > exported);
            }
        });
        it("reports the scan in the job summary and fails the PR when a scan found something", () => {
            const report = scan.steps[scan.steps.length - 1];
            assert.strictEqual(report.if, "always() && steps.export.outcome == 'success'");
            for (const id of ["scan-backend", "scan-frontend-web", "scan-frontend-chatbot"]) {
                assert.ok(Object.values(report.env ?? {}).includes(`\${{ steps.${id}.outcome }}`), `${id}'s outcome reaches the summary`);
            }
            assert.match(report.run ?? "", /cat \.trivy\/summary\.md >> "\$GITHUB_STEP_SUMMARY"/);
            assert.match(report.run ?? "", /failed=1[\s\S]*exit "\$failed"\s*$/);
        });
    });

    describe("deploy.yml", () => {
        const { workflow } = load("deploy.yml");
        const job = onlyJob(workflow);
        it("on a merge to main: pulumi up of prod with pulumi/actions, then the smoke test; one deploy at a time", () => {
            assert.deepStrictEqual(Object.keys(workflow.on).sort(), ["push", "workflow_dispatch"]);
            assert.deepStrictEqual((workflow.on.push as { branches: string[] }).branches, ["main"]);
            const [up] = pulumiSteps(job, "up");
            assert.strictEqual(up.uses, PULUMI_ACTION);
            assert.strictEqual(up.with?.["stack-name"], "prod");
            const smoke = job.steps.findIndex((s) => /npm run smoke -- --stack prod/.test(s.run ?? ""));
            assert.ok(smoke > job.steps.indexOf(up));
            assert.deepStrictEqual((workflow as unknown as { concurrency: unknown }).concurrency, { group: "deploy-prod", "cancel-in-progress": false });
        });
    });

    describe("e2e.yml", () => {
        const { workflow } = load("e2e.yml");
        const job = onlyJob(workflow);
        const names = job.steps.map((s) => s.name ?? s.uses ?? "");

        it("starts Minikube and runs up, smoke, up again, destroy, in that order", () => {
            assert.ok(job.steps.some((s) => usesOf(s, "medyagh/setup-minikube")), "setup-minikube step");
            const ups = pulumiSteps(job, "up");
            assert.strictEqual(ups.length, 2);
            const smoke = job.steps.findIndex((s) => /npm run smoke -- --stack dev/.test(s.run ?? ""));
            const order = [job.steps.indexOf(ups[0]), smoke, job.steps.indexOf(ups[1]), job.steps.indexOf(pulumiSteps(job, "destroy")[0])];
            assert.deepStrictEqual([...order].sort((a, b) => a - b), order, names.join(" | "));
            assert.ok(order.every((i) => i >= 0), names.join(" | "));
            for (const s of pulumiSteps(job).filter((step) => step.with?.command !== undefined)) {
                assert.strictEqual(s.with?.["stack-name"], "dev");
                assert.strictEqual(s.uses, PULUMI_ACTION);
            }
        });
        it("requires the second up to change nothing", () => {
            const [first, second] = pulumiSteps(job, "up");
            assert.strictEqual(first.with?.["expect-no-changes"], undefined);
            assert.strictEqual(second.with?.["expect-no-changes"], true);
        });
        it("always destroys, also after a failure", () => {
            const destroy = pulumiSteps(job, "destroy");
            assert.strictEqual(destroy.length, 1);
            assert.strictEqual(destroy[0].if, "always()");
            assert.strictEqual(job.steps[job.steps.length - 1], destroy[0], "destroy is the last step");
        });
        it("does not run on pull requests (it deploys)", () => {
            assert.ok(!("pull_request" in workflow.on) && !("pull_request_target" in workflow.on));
            assert.deepStrictEqual(workflow.permissions, { contents: "read" });
        });
    });

    describe("the policy pack", () => {
        for (const file of FILES) {
            it(`${file}: every preview and up runs policy/ (installed from its lockfile)`, () => {
                for (const job of Object.values(load(file).workflow.jobs)) {
                    const runs = [...pulumiSteps(job, "preview"), ...pulumiSteps(job, "up")];
                    // npm run preview passes the pack itself (scripts/lib/policyPack.ts).
                    assert.ok(runs.length > 0 || npmPreview(job) >= 0);
                    for (const step of runs) {
                        assert.strictEqual(step.with?.policyPacks, "policy", `${step.name}: policyPacks`);
                    }
                    assert.ok(job.steps.some((s) => /npm ci --prefix policy/.test(s.run ?? "")), "the pack's dependencies are installed");
                }
            });
        }

        it("npm run preview/up run the same pack, installed from policy/package-lock.json", () => {
            assert.strictEqual(POLICY_PACK_DIR, path.join(ROOT, "policy"));
            assert.ok(fs.existsSync(path.join(POLICY_PACK_DIR, "PulumiPolicy.yaml")));
            const lock = JSON.parse(fs.readFileSync(path.join(POLICY_PACK_DIR, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
            const pkg = JSON.parse(fs.readFileSync(path.join(POLICY_PACK_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> };
            for (const [name, version] of Object.entries(pkg.dependencies)) {
                assert.strictEqual(lock.packages[`node_modules/${name}`]?.version, version, `${name} locked at ${version}`);
            }
            const run = fs.readFileSync(path.join(ROOT, "scripts", "run.ts"), "utf8");
            assert.strictEqual((run.match(/policyPacks: \[ensurePolicyPack\(out\)\]/g) ?? []).length, 2, "preview and up both pass the pack");
        });
    });
});
