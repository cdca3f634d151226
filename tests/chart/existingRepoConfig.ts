// The stack settings docs/EXISTING-REPO.md shows, for the fixture repository: shared by the
// program tests and the e2e stage that deploys it for real.
const REPO = "tests/fixtures/existing-repo";

/** The stack settings docs/EXISTING-REPO.md shows. */
export const EXISTING_REPO_CONFIG = {
    sourceRoot: REPO,
    chartPath: `${REPO}/helm-charts/todo-app`,
    // Their templates set only runAsNonRoot and runAsUser: "restricted" would refuse the pods.
    podSecurityLevel: "baseline",
    backendNodePort: 30002,
    builds: {
        backend: { context: ".", dockerfile: "docker/backend.Dockerfile" },
        frontendWeb: {
            context: ".",
            dockerfile: "docker/frontend-web.Dockerfile",
            target: "runtime",
            args: { NEXT_PUBLIC_API_URL: "{backendPublicUrl}", NEXT_PUBLIC_BETTER_AUTH_URL: "{frontendWebUrl}" },
        },
        // Their chatbot's Dockerfile declares VITE_API_URL, not NEXT_PUBLIC_API_URL.
        frontendChatbot: { context: ".", dockerfile: "docker/frontend-chatbot.Dockerfile", args: { VITE_API_URL: "{backendPublicUrl}" } },
    },
};
