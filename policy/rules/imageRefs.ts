// What makes an image ref pinned, in one place: the image loader refuses to load an unpinned
// ref, and the policy pack refuses to deploy one. Pure, so the pack can import it.

/** Why `ref` is not pinned, or undefined: a tag other than `latest`, or a digest, pins it. */
export function imageRefProblem(ref: string): "is empty" | "has no tag" | "is tagged latest" | undefined {
    if (ref.trim() === "" || ref.includes("<none>")) {
        return "is empty";
    }
    const at = ref.indexOf("@");
    const name = at === -1 ? ref : ref.slice(0, at);
    // The tag's colon comes after the last slash (a registry's port comes before it).
    const colon = name.indexOf(":", name.lastIndexOf("/") + 1);
    const tag = colon === -1 ? "" : name.slice(colon + 1);
    if (tag === "latest") {
        return "is tagged latest";
    }
    return tag === "" && at === -1 ? "has no tag" : undefined;
}
