// The stack file docs/EXISTING-REPO.md section 1 shows, read from the page itself, so the block a
// user copies is the one the tests deploy (tests/e2e/nextjsMonorepo.test.ts) and validate
// (tests/chart/existingRepoDoc.test.ts). Parsed with the yaml package, as Pulumi's stack files are YAML.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../program/harness";

export const EXISTING_REPO_DOC = "docs/EXISTING-REPO.md";
/** The fixture the section 1 stack file is tested with. */
export const NEXTJS_MONOREPO = "tests/fixtures/nextjs-monorepo";

/** Section 1's first ```yaml block, as the stack's plain settings without the `todo-app:` prefix. */
export function docStackConfig(projectRoot = PROJECT_ROOT): Record<string, unknown> {
    const text = fs.readFileSync(path.join(projectRoot, EXISTING_REPO_DOC), "utf8");
    const section = text.slice(text.indexOf("## 1. "), text.indexOf("## 2. "));
    const block = /```yaml\n([\s\S]*?)```/.exec(section);
    if (block === null) throw new Error(`${EXISTING_REPO_DOC} section 1 has no yaml block`);
    const config = (parse(block[1]) as { config: Record<string, unknown> }).config;
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/^todo-app:/, ""), v]));
}
