/** Diff-only outputs: extracting and validating a subagent's one unified diff. */
export * from "./extract";
export * from "./validate";
