// The end-to-end stages' own images: nothing can be pulled here, so the chart's PostgreSQL
// runs a local stand-in and the chatbot talks to an OpenAI-compatible stub, both built from
// tests/e2e/ and loaded into the cluster the way the program loads the app's images.
import * as path from "path";
import { loadCommandFor } from "../../components/images/imageLoad";
import { E2eCluster, sh } from "../../scripts/lib/cluster";
import { PROJECT_ROOT } from "../program/harness";

export const POSTGRES_STANDIN = "todo-e2e-postgres:16-standin";
export const OPENAI_STUB = "todo-e2e-openai-stub:1";
const SOURCES: Readonly<Record<string, string>> = { [POSTGRES_STANDIN]: "postgres-standin", [OPENAI_STUB]: "openai-stub" };

export function buildTestImages(cluster: E2eCluster, images: readonly string[]): void {
    for (const image of images) {
        sh("docker", ["build", "--quiet", "--tag", image, path.join(PROJECT_ROOT, "tests", "e2e", SOURCES[image])]);
        sh("sh", ["-c", loadCommandFor({ mode: "command", command: cluster.imageLoad, minikubeProfile: "", kindCluster: "" }, image)!]);
    }
}

/** extraValues that swap the chart's PostgreSQL image for the stand-in, like any chart key the program does not model. */
export function standinPostgresValues(): { postgresql: { image: { repository: string; tag: string } } } {
    const [repository, tag] = POSTGRES_STANDIN.split(":");
    return { postgresql: { image: { repository, tag } } };
}
