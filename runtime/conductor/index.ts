/** The Conductor input contract: parsing, choosing tasks, routing them to agents. */
export * from "./dispatch";
export * from "./folder";
export * from "./plan";
export * from "./tracks";
