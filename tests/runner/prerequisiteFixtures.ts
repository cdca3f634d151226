// Shared by the runner's prerequisite tests: captured command output replayed by a fake runner,
// and the dev stack's target and context they check against.
import * as fs from "fs";
import * as path from "path";
import { CommandResult } from "../../components/shared/commandRunner";
import { PrerequisiteContext, readStackTarget, StackTarget } from "../../scripts/lib/prerequisites";
import { fakeRunner, ok } from "../program/toolchain/fixtures";

export { fakeRunner, ok };

export const DEV: StackTarget = readStackTarget("dev", fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8"));
export const HEALTHY: Record<string, CommandResult> = {
    "pulumi version": ok(fs.readFileSync(path.join(__dirname, "fixtures", "pulumi-version.txt"), "utf8")),
};
export const CTX: PrerequisiteContext = { stack: DEV, nodeVersion: "22.12.0", backendUrl: "file:///work/todo/.pulumi-state", env: { PULUMI_CONFIG_PASSPHRASE: "s3cret" } };
