// What a person checks in a browser at the URLs `pulumi up` printed, done by a real headless
// Chromium (playwright-core driving the Chromium that @sparticuz/chromium ships in its npm
// package, so no download outside the registry). Every step fails on a console error, an
// uncaught page error, a failed request or an HTTP error answer, and leaves a screenshot.
import * as fs from "fs";
import * as path from "path";
import sparticuz from "@sparticuz/chromium";
import { Browser, chromium, Page, Request } from "playwright-core";

export interface BrowserStep {
    readonly ui: "web" | "chatbot";
    readonly step: string;
    readonly ms: number;
    readonly screenshot: string;
}

/** A step that failed, naming the UI, the step and its screenshot. */
export class BrowserCheckFailed extends Error {}

const STEP_TIMEOUT_MS = 20_000;

/** Chromium from the npm package (unpacked into the temp directory on first use). */
export async function launchBrowser(): Promise<Browser> {
    // No extra args: the package's defaults include --single-process (closing a context then
    // kills the browser) and turn web security off (a CORS mistake would pass unseen).
    return chromium.launch({ executablePath: await sparticuz.executablePath(), args: ["--disable-dev-shm-usage"], headless: true });
}

/** Runs named steps on one page, each followed by a screenshot and a check for page problems. */
class PageRun {
    readonly steps: BrowserStep[] = [];
    private problems: string[] = [];
    private n = 0;

    constructor(readonly page: Page, private readonly ui: BrowserStep["ui"], private readonly shotsDir: string) {
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        page.on("console", (m) => {
            if (m.type() === "error") {
                this.problems.push(`console error: ${m.text()}`);
            }
        });
        page.on("pageerror", (e) => this.problems.push(`uncaught error: ${e.message}`));
        // Chromium reports a fetch whose (empty, unread) body is still open when the page
        // navigates as ERR_ABORTED, although its answer arrived: only that case is not a problem.
        const answeredOk = new WeakSet<Request>();
        page.on("requestfailed", (r) => {
            if (!(r.failure()?.errorText === "net::ERR_ABORTED" && answeredOk.has(r))) {
                this.problems.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
            }
        });
        page.on("response", (r) => {
            if (r.status() < 400) {
                answeredOk.add(r.request());
            } else {
                this.problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
            }
        });
    }

    async step(name: string, action: () => Promise<void>): Promise<void> {
        const started = Date.now();
        const screenshot = path.join(this.shotsDir, `${this.ui}-${++this.n}-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`);
        let failure: string | undefined;
        try {
            await action();
        } catch (e) {
            failure = (e as Error).message.split("\n")[0];
        }
        await this.page.screenshot({ path: screenshot, fullPage: true }).catch(() => undefined);
        const problems = failure ? [failure, ...this.problems] : this.problems;
        if (problems.length > 0) {
            throw new BrowserCheckFailed(`${this.ui} UI (${this.page.url()}), step "${name}": ${problems.join("; ")} (screenshot ${screenshot})`);
        }
        this.steps.push({ ui: this.ui, step: name, ms: Date.now() - started, screenshot });
    }
}

/** Runs `action` and waits for the answer to the page's `method` request to /api/todos. */
async function answered(page: Page, method: string, action: () => Promise<void>): Promise<void> {
    const response = page.waitForResponse((r) => r.request().method() === method && r.url().includes("/api/todos"));
    await action();
    await response;
}

/** Polls `condition` until it holds, failing after the step timeout. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const end = Date.now() + STEP_TIMEOUT_MS;
    while (!(await condition())) {
        if (Date.now() > end) {
            throw new Error(`not ${what} within ${STEP_TIMEOUT_MS / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

async function withPage<T>(browser: Browser, ui: BrowserStep["ui"], shotsDir: string, use: (run: PageRun) => Promise<T>): Promise<T> {
    fs.mkdirSync(shotsDir, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    try {
        return await use(new PageRun(await context.newPage(), ui, shotsDir));
    } finally {
        await context.close();
    }
}

/** The web UI: load, add a todo, complete it, reload, delete it, reload. Returns the steps and the list's length at load. */
export async function checkWebUi(browser: Browser, url: string, shotsDir: string): Promise<{ steps: BrowserStep[]; todosAtLoad: number }> {
    return withPage(browser, "web", shotsDir, async (run) => {
        const { page } = run;
        const title = `browser check ${Date.now()}`;
        const item = page.locator("li", { hasText: title });
        const done = page.getByLabel(`Done: ${title}`);
        let todosAtLoad = 0;
        await run.step("page loads", async () => {
            await page.goto(url);
            await page.getByRole("heading", { name: "Todos" }).waitFor();
            await page.getByText("Loading…").waitFor({ state: "detached" });
            todosAtLoad = await page.locator("li").count();
        });
        await run.step("add a todo through the form", async () => {
            await page.getByLabel("New todo").fill(title);
            await answered(page, "POST", () => page.getByRole("button", { name: "Add" }).click());
            await item.waitFor();
        });
        await run.step("mark it complete", async () => {
            // click, not check(): the box is controlled by the list the page reloads after its
            // PATCH, so it turns checked a moment later, not at the click.
            await answered(page, "PATCH", () => done.click());
            await until(() => done.isChecked(), `"${title}" checked`);
        });
        await run.step("reload: still there, still complete", async () => {
            await page.reload();
            await item.waitFor();
            if (!(await done.isChecked())) {
                throw new Error(`"${title}" is no longer complete after a reload`);
            }
        });
        await run.step("delete it: gone after a reload", async () => {
            await answered(page, "DELETE", () => page.getByLabel(`Delete ${title}`).click());
            await item.waitFor({ state: "detached" });
            // The list the page fetches after the DELETE, before navigating away from it.
            await page.waitForLoadState("networkidle");
            await page.reload();
            await page.getByText("Loading…").waitFor({ state: "detached" });
            if ((await item.count()) !== 0) {
                throw new Error(`"${title}" is back after a reload`);
            }
        });
        return { steps: run.steps, todosAtLoad };
    });
}

export interface ChatbotExpectation {
    /** Without a key the page must say chat is disabled; with one, a message gets `reply` on screen. */
    readonly chatEnabled: boolean;
    /** Text the answer must contain (a stub's); undefined accepts any answer from the model. */
    readonly reply?: string;
    /** The count of todos the page must show (the web UI's), when known. */
    readonly todoCount?: number;
}

export async function checkChatbot(browser: Browser, url: string, shotsDir: string, expect: ChatbotExpectation): Promise<BrowserStep[]> {
    return withPage(browser, "chatbot", shotsDir, async (run) => {
        const { page } = run;
        await run.step("page loads with the todo count", async () => {
            await page.goto(url);
            await page.getByRole("heading", { name: "Todo assistant" }).waitFor();
            const count = page.getByText(/You have \d+ todos?\./);
            await count.waitFor();
            const shown = Number(/(\d+)/.exec((await count.textContent()) ?? "")?.[1]);
            if (expect.todoCount !== undefined && shown !== expect.todoCount) {
                throw new Error(`shows ${shown} todos, the web UI ${expect.todoCount}`);
            }
        });
        if (!expect.chatEnabled) {
            await run.step("says chat is disabled", async () => {
                await page.getByText("Chat is disabled: OPENAI_API_KEY is not set.").waitFor();
            });
            return run.steps;
        }
        await run.step("a message gets the answer on screen", async () => {
            await page.getByLabel("Message").fill("What should I do first?");
            await page.getByRole("button", { name: "Send" }).click();
            // The answer line is "Assistant: <text>"; an error shows as "Assistant: Error: ...".
            const answer = page.locator("p", { hasText: "Assistant:" }).last();
            await answer.waitFor({ timeout: 45_000 });
            const text = (await answer.textContent()) ?? "";
            if (/Assistant:\s*Error:/.test(text) || (expect.reply !== undefined && !text.includes(expect.reply))) {
                throw new Error(`the answer on screen is "${text}"${expect.reply ? `, expected "${expect.reply}"` : ""}`);
            }
            if ((await page.getByText("Chat is disabled").count()) > 0) {
                throw new Error("the page says chat is disabled although a key is set");
            }
        });
        return run.steps;
    });
}
