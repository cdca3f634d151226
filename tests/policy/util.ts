// Policy-test helpers in the style of pulumi/pulumi-policy-aws src/tests/util.ts: build the
// ResourceValidationArgs / StackValidationArgs the policy server would build for a resource type
// and its props, run a policy's validations and collect what it reports.
//
// Props are wrapped in @pulumi/policy's own unknownCheckingProxy, as the server does, so the
// policies are exercised against the same proxy objects they get from the engine.
import * as policy from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { policies } from "../../policy/policies";

export const PROJECT = "todo-app";

const emptyOptions: policy.PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/** One resource of a test stack. */
export interface TestResource {
    readonly type: string;
    readonly props: object;
    /** Pulumi resource name; default "test". */
    readonly name?: string;
    /** Stack in the URN; default "dev". */
    readonly stack?: string;
    /** Provider URN; default: the stack's default Kubernetes provider. */
    readonly provider?: string;
}

export interface PolicyViolation {
    readonly message: string;
    readonly urn?: string;
}

export function urnOf(stack: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

function defaultProvider(stack: string): string {
    return urnOf(stack, "pulumi:providers:kubernetes", "default_4_34_2");
}

class NotApplicable extends Error {}

type AnyConstructor<T> = new (...rest: never[]) => T;

/** What the policy server does: a class matches when its isInstance accepts `{__pulumiType: type}`. */
function isTypeOf(type: string, cls: AnyConstructor<Resource>): boolean {
    const isInstance = (cls as unknown as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function providerOf(r: TestResource): policy.PolicyProviderResource {
    const urn = r.provider ?? defaultProvider(r.stack ?? "dev");
    return { type: urn.split("::")[2]?.split("$").pop() ?? "", urn, name: urn.split("::")[3] ?? "", props: {} };
}

/** What the policy server hands a policy: its schema's defaults, overridden by the given config. */
function configOf(schema: policy.PolicyConfigSchema | undefined, config: object): object {
    const defaults = Object.fromEntries(Object.entries(schema?.properties ?? {}).map(([k, v]) => [k, (v as { default?: unknown }).default]).filter(([, v]) => v !== undefined));
    return { ...defaults, ...config };
}

export function createResourceValidationArgs(r: TestResource, config: object = {}): policy.ResourceValidationArgs {
    const name = r.name ?? "test";
    const props = policy.unknownCheckingProxy(r.props) as Record<string, unknown>;
    return {
        type: r.type,
        props,
        urn: urnOf(r.stack ?? "dev", r.type, name),
        name,
        opts: emptyOptions,
        provider: providerOf(r),
        stackTags: new Map(),
        isType: (cls) => isTypeOf(r.type, cls),
        asType: (cls: AnyConstructor<Resource>) => (isTypeOf(r.type, cls) ? props : undefined),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    } as policy.ResourceValidationArgs;
}

export function createStackValidationArgs(resources: readonly TestResource[], config: object = {}): policy.StackValidationArgs {
    const policyResources = resources.map((r): policy.PolicyResource => {
        const args = createResourceValidationArgs(r);
        return {
            type: args.type,
            props: args.props,
            urn: args.urn,
            name: args.name,
            opts: args.opts,
            provider: args.provider,
            dependencies: [],
            propertyDependencies: {},
            isType: args.isType,
            asType: (cls: AnyConstructor<Resource>) => (isTypeOf(r.type, cls) ? args.props : undefined),
        } as policy.PolicyResource;
    });
    return {
        resources: policyResources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs every validation of a resource policy; violations in report order ([] when not applicable). */
export async function runResourcePolicy(p: policy.ResourceValidationPolicy, r: TestResource, config: object = {}): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(p.validateResource) ? p.validateResource : p.validateResource ? [p.validateResource] : [];
    for (const validate of validations) {
        try {
            await Promise.resolve(validate(createResourceValidationArgs(r, configOf(p.configSchema, config)), (message) => messages.push(message)));
        } catch (e) {
            if (!(e instanceof NotApplicable)) {
                throw e;
            }
        }
    }
    return messages;
}

export async function runStackPolicy(p: policy.StackValidationPolicy, resources: readonly TestResource[], config: object = {}): Promise<PolicyViolation[]> {
    const violations: PolicyViolation[] = [];
    try {
        await Promise.resolve(p.validateStack(createStackValidationArgs(resources, configOf(p.configSchema, config)), (message, urn) => violations.push({ message, urn })));
    } catch (e) {
        if (!(e instanceof NotApplicable)) {
            throw e;
        }
    }
    return violations;
}

export function isStackPolicy(p: policy.ResourceValidationPolicy | policy.StackValidationPolicy): p is policy.StackValidationPolicy {
    return "validateStack" in p && typeof p.validateStack === "function";
}

/** Every policy of the pack over a whole stack: `<policy>: <message>` per violation. */
export async function runPack(resources: readonly TestResource[]): Promise<string[]> {
    const found: string[] = [];
    for (const p of policies) {
        if (isStackPolicy(p)) {
            for (const v of await runStackPolicy(p, resources)) {
                found.push(`${p.name}: ${v.message}`);
            }
        } else {
            for (const r of resources) {
                for (const m of await runResourcePolicy(p, r)) {
                    found.push(`${p.name}: ${m}`);
                }
            }
        }
    }
    return found;
}

/** A deep copy a test may change one field of. */
export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}
