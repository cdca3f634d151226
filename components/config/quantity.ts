// Kubernetes resource quantities ("250m", "0.5", "256Mi", "1G", "1e3"), parsed so that
// validation can reject typos and compare requests with limits before anything deploys.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+]?[0-9]+(?:\.[0-9]*)?|[+]?\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

/** The quantity's value in base units (cores or bytes), or undefined when it is not a valid quantity. */
export function parseQuantity(text: string): number | undefined {
    const match = QUANTITY.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const [, number, suffix, exponent] = match;
    const value = parseFloat(number);
    if (exponent !== undefined) {
        return value * 10 ** parseInt(exponent, 10);
    }
    return value * (BINARY[suffix ?? ""] ?? DECIMAL[suffix ?? ""]);
}
