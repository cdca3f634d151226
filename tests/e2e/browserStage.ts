// The e2e stage's browser checks: a real Chromium at the URLs in the stack outputs, as a
// person opens them. Screenshots of every step go to one folder (printed, git-ignored).
import * as assert from "assert";
import * as path from "path";
import { Browser } from "playwright-core";
import { BrowserStep, checkChatbot, checkWebUi, launchBrowser } from "../../scripts/lib/browserChecks";
import { PROJECT_ROOT } from "../program/harness";

export const SCREENSHOTS = path.join(PROJECT_ROOT, ".e2e-output", "screenshots");
/** What the stub answers a message with (tests/e2e/openai-stub/server.js). */
export const STUB_REPLY = "stub reply: What should I do first?";

let browser: Browser | undefined;

function summary(steps: readonly BrowserStep[]): string {
    return steps.map((s) => `${s.ui}: ${s.step} (${(s.ms / 1000).toFixed(1)} s)`).join("; ");
}

function urls(outputs: Readonly<Record<string, unknown>>): { web: string; chatbot: string } {
    const web = String(outputs.frontendWebUrl);
    const chatbot = String(outputs.frontendChatbotUrl);
    assert.match(web, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(chatbot, /^http:\/\/127\.0\.0\.1:\d+$/);
    return { web, chatbot };
}

/** No key set: the web UI's whole flow, and the chatbot saying chat is disabled. */
export async function browserWithoutKey(outputs: Readonly<Record<string, unknown>>): Promise<string> {
    browser ??= await launchBrowser();
    const { web, chatbot } = urls(outputs);
    const dir = path.join(SCREENSHOTS, "without-key");
    const webRun = await checkWebUi(browser, web, dir);
    const chat = await checkChatbot(browser, chatbot, dir, { chatEnabled: false, todoCount: webRun.todosAtLoad });
    return summary([...webRun.steps, ...chat]);
}

/** Key set and OPENAI_BASE_URL at the stub: a message gets the stub's answer; the count matches the web UI's. */
export async function browserWithKey(outputs: Readonly<Record<string, unknown>>): Promise<string> {
    browser ??= await launchBrowser();
    const { web, chatbot } = urls(outputs);
    const dir = path.join(SCREENSHOTS, "with-key");
    const webRun = await checkWebUi(browser, web, dir);
    const chat = await checkChatbot(browser, chatbot, dir, { chatEnabled: true, reply: STUB_REPLY, todoCount: webRun.todosAtLoad });
    return summary([...webRun.steps, ...chat]);
}

export async function closeBrowser(): Promise<void> {
    await browser?.close();
    browser = undefined;
}
