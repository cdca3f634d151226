// Command lines of the runner scripts.
import * as assert from "assert";
import { parseRunArgs, parseSmokeArgs, UsageError } from "../../scripts/lib/args";

describe("runner command lines", () => {
    it("defaults to the dev stack", () => {
        assert.deepStrictEqual(parseRunArgs(["up"]), { command: "up", stack: "dev", yes: false, skipSmoke: false });
    });
    it("takes --stack, -s and --stack=", () => {
        assert.strictEqual(parseRunArgs(["preview", "--stack", "prod"]).stack, "prod");
        assert.strictEqual(parseRunArgs(["preview", "-s", "prod"]).stack, "prod");
        assert.strictEqual(parseRunArgs(["destroy", "--stack=prod", "--yes"]).yes, true);
        assert.strictEqual(parseRunArgs(["up", "--skip-smoke"]).skipSmoke, true);
    });
    it("refuses unknown commands and options", () => {
        assert.throws(() => parseRunArgs(["deploy"]), new UsageError("expected one of up, preview, destroy, check, got 'deploy'"));
        assert.throws(() => parseRunArgs(["up", "--force"]), new UsageError("unknown option: --force"));
        assert.throws(() => parseRunArgs(["up", "-s"]), new UsageError("-s needs a value"));
    });
    it("reads smoke URLs or a stack", () => {
        assert.deepStrictEqual(parseSmokeArgs(["--web", "http://127.0.0.1:30000", "--chatbot", "http://127.0.0.1:30001"]), {
            stack: "dev",
            web: "http://127.0.0.1:30000",
            chatbot: "http://127.0.0.1:30001",
            backend: undefined,
            timeoutSeconds: 60,
            browser: false,
        });
        assert.deepStrictEqual(parseSmokeArgs(["-s", "prod", "--timeout", "30"]), { stack: "prod", web: undefined, chatbot: undefined, backend: undefined, timeoutSeconds: 30, browser: false });
        assert.strictEqual(parseSmokeArgs(["--browser"]).browser, true);
    });
    it("wants --web and --chatbot together", () => {
        assert.throws(
            () => parseSmokeArgs(["--web", "http://127.0.0.1:30000"]),
            new UsageError("give --web and --chatbot together (and --backend only with them), or none of them to read a stack's outputs"),
        );
        assert.throws(() => parseSmokeArgs(["--web", "localhost:3000", "--chatbot", "http://x"]), new UsageError("--web must be an http(s) URL, got 'localhost:3000'"));
    });
});
