// The resources the real program registers under mocks, as the policy server presents them.
import { RecordedResource, runProgram, RunOptions, unwrapSecrets } from "../program/harness";
import { TestResource } from "./util";

/** A recorded registration as the policy server would present it. */
function asPolicyResource(r: RecordedResource, stack: string): TestResource {
    return {
        type: r.type,
        name: r.name,
        stack,
        props: unwrapSecrets(r.inputs) as object,
        // The mocks record a provider reference, `<provider urn>::<provider id>`.
        provider: r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined,
    };
}

export async function programResources(opts: RunOptions & { stack: string }): Promise<TestResource[]> {
    const { resources } = await runProgram(opts);
    return resources.map((r) => asPolicyResource(r, opts.stack));
}
