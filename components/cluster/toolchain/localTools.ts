// The tools on the machine that runs the program: the Docker daemon (every image is built by
// it) and helm (the chart is rendered and checked with it before any resource). Each check over
// a CommandRunner, so tests replay captured output. (Node.js is the runner's check: a Node.js
// too old to load the SDK could not run this one.)
import * as semver from "semver";
import { CommandRunner, NOT_FOUND } from "../../shared/commandRunner";
import { CheckResult, firstLine } from "./checkResult";

export function checkDocker(run: CommandRunner): CheckResult {
    const r = run("docker", ["info"]);
    if (r.code === NOT_FOUND) {
        return { name: "docker", status: "fail", detail: "docker is not installed or not on PATH", fix: "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/" };
    }
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.code !== 0 || /Cannot connect to the Docker daemon|error during connect|permission denied/i.test(text)) {
        const reason = firstLine(text, /(Cannot connect to the Docker daemon|error during connect|permission denied).*/i) ?? firstLine(r.stderr) ?? `exit code ${r.code}`;
        const fix = /permission denied/i.test(reason)
            ? "add yourself to the docker group (sudo usermod -aG docker $USER), log out and in again, then check that 'docker info' works"
            : "start Docker (Docker Desktop, or: sudo systemctl start docker), then check that 'docker info' works";
        return { name: "docker", status: "fail", detail: `the Docker daemon is not reachable: ${reason.replace(/^ERROR:\s*/, "")}`, fix };
    }
    const version = /Server Version:\s*(\S+)/.exec(r.stdout)?.[1];
    return { name: "docker", status: "ok", detail: version ? `Docker Engine ${version}` : "the Docker daemon answers" };
}

export function checkHelm(run: CommandRunner): CheckResult {
    const fix = "install Helm 3: https://helm.sh/docs/intro/install/ (the program renders the chart with helm template to check its pods before deploying; also for release history and rollback)";
    const r = run("helm", ["version", "--short"]);
    if (r.code === NOT_FOUND) {
        return { name: "helm", status: "fail", detail: "helm is not installed or not on PATH", fix };
    }
    // What helm printed (v3.16.2+g13654a5), and semver's reading of it.
    const m = /v?\d+(?:\.\d+){0,2}\S*/.exec(r.stdout);
    const version = semver.coerce(r.stdout);
    if (r.code !== 0 || !m || !version) {
        return { name: "helm", status: "fail", detail: `'helm version --short' failed: ${firstLine(r.stderr) ?? firstLine(r.stdout) ?? `exit code ${r.code}`}`, fix };
    }
    if (version.major < 3) {
        return { name: "helm", status: "fail", detail: `${m[0]} is Helm 2; Helm 3 or later is needed`, fix };
    }
    return { name: "helm", status: "ok", detail: m[0] };
}
