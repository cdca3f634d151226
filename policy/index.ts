// The todo-app policy pack: `pulumi preview --policy-pack policy` (after `npm install` here).
// Every policy is mandatory: a violation fails the preview or update. See README.md for what
// the pack checks and what it can't see.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("todo-app", { policies, enforcementLevel: "mandatory" });
