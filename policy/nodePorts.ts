// Rule family 5: every NodePort lies in the default NodePort range and is used once per cluster.
// A stack policy, since a collision is between two resources: Services (spec.ports[].nodePort
// of NodePort and LoadBalancer Services) and Helm Releases (`<block>.service.nodePort`). Ports
// only collide within one cluster, so uses are grouped by the resource's Kubernetes provider.
import { StackValidationPolicy } from "@pulumi/policy";
import { asArray, asNumber, asObj, HELM_RELEASE, ResourceView, releaseValues, StackViolation, stackViews, subject, valueBlocks } from "./common/resources";

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const SERVICE_TYPE = /^kubernetes:core\/v1:Service$/;
const EXPOSED = ["NodePort", "LoadBalancer"];

interface NodePortUse {
    readonly port: number;
    /** `Service "web" spec.ports[0].nodePort`, `Release "release" value frontendWeb.service.nodePort`. */
    readonly where: string;
    readonly urn: string;
    readonly cluster: string;
}

function usesOf(r: ResourceView): NodePortUse[] {
    const cluster = r.providerUrn ?? "";
    const uses: NodePortUse[] = [];
    if (SERVICE_TYPE.test(r.type)) {
        const spec = asObj(r.props.spec);
        if (!EXPOSED.includes(String(spec?.type))) {
            return [];
        }
        asArray(spec?.ports).forEach((p, i) => {
            const port = asNumber(asObj(p)?.nodePort);
            if (port !== undefined) {
                uses.push({ port, where: `${subject(r)} spec.ports[${i}].nodePort`, urn: r.urn, cluster });
            }
        });
    } else if (r.type === HELM_RELEASE) {
        for (const [key, block] of valueBlocks(releaseValues(r))) {
            const service = asObj(block.service);
            const port = asNumber(service?.nodePort);
            // The chart ignores nodePort on a ClusterIP Service; an unset type keeps the chart's default.
            if (port !== undefined && service?.type !== "ClusterIP") {
                uses.push({ port, where: `${subject(r)} value ${key}.service.nodePort`, urn: r.urn, cluster });
            }
        }
    }
    return uses;
}

export function checkNodePorts(resources: readonly ResourceView[]): StackViolation[] {
    const out: StackViolation[] = [];
    const seen = new Map<string, NodePortUse[]>();
    for (const use of resources.flatMap(usesOf)) {
        if (!Number.isInteger(use.port) || use.port < NODE_PORT_MIN || use.port > NODE_PORT_MAX) {
            out.push({
                urn: use.urn,
                message: `${use.where} is ${use.port}, outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}: pick a free port in that range (the API server's default --service-node-port-range).`,
            });
            continue;
        }
        const key = `${use.cluster}\n${use.port}`;
        seen.set(key, [...(seen.get(key) ?? []), use]);
    }
    for (const uses of seen.values()) {
        if (uses.length > 1) {
            out.push({
                urn: uses[1].urn,
                message: `NodePort ${uses[0].port} is used ${uses.length} times (${uses.map((u) => u.where).join(", ")}): give each its own port in ${NODE_PORT_MIN}-${NODE_PORT_MAX}.`,
            });
        }
    }
    return out;
}

export const nodePortsInRangeAndUnique: StackValidationPolicy = {
    name: "nodeports-in-range-and-unique",
    description: "Every NodePort (Services, and Helm Release service.nodePort values) lies in 30000-32767 and is used once per cluster across the stack.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        checkNodePorts(stackViews(args.resources)).forEach((v) => reportViolation(v.message, v.urn));
    },
};
