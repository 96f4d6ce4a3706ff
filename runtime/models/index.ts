export * from "./bedrock";
export * from "./dry-run";
export * from "./provider";
export * from "./recorded";
