// The command that reaches a Service from this machine when its NodePort can't: shared by the
// cluster description (reachCommand) and the outputs, so it lives apart from both.

/** `kubectl port-forward` to a Service, on an explicit context (never the current one). */
export function portForwardCommand(kubeContext: string, namespace: string, service: string, localPort: number, servicePort: number): string {
    return `kubectl --context ${kubeContext} -n ${namespace} port-forward svc/${service} ${localPort}:${servicePort}`;
}
