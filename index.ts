// Composition root: read the stack's config, deploy, export what a person needs.
// The flow itself lives in components/todoApp.ts; see docs/ARCHITECTURE.md.
import { loadConfig } from "./components/config/loadConfig";
import { systemHost } from "./components/shared/host";
import { deployTodoApp } from "./components/todoApp";
import { validateConfig } from "./components/todoAppSettings";

const app = deployTodoApp(loadConfig(validateConfig), systemHost);

export const frontendWebUrl = app.frontendWebUrl;
export const frontendChatbotUrl = app.frontendChatbotUrl;
export const backendUrl = app.backendUrl;
export const backendPublicUrl = app.backendPublicUrl;
export const images = app.images;
export const namespace = app.namespace;
export const releaseName = app.releaseName;
export const kubeContext = app.kubeContext;
export const smokeDepth = app.smokeDepth;
