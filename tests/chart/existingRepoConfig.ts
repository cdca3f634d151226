// The stack settings for tests/fixtures/existing-repo (the users' own chart's traits, sections
// 3, 5 and 6 of docs/EXISTING-REPO.md): shared by the program tests and the e2e stage that
// deploys it for real. Section 1's stack file itself is read from the page (existingRepoDoc.ts).
const REPO = "tests/fixtures/existing-repo";

/** The first fixture's stack settings, in the form section 1 documents. */
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
