// The `{name}` placeholders a build arg may use (`builds.<service>.args`): validation accepts
// exactly these, and the plan gives each one a value, so the two can't drift apart.
export const BUILD_ARG_PLACEHOLDERS = [
    "nodeAddress",
    "backendNodePort",
    "frontendWebNodePort",
    "frontendChatbotNodePort",
    "backendPublicUrl",
    "frontendWebUrl",
    "frontendChatbotUrl",
] as const;

export type BuildArgPlaceholder = (typeof BUILD_ARG_PLACEHOLDERS)[number];
