/** The AWS "Custom RStudio image specifications" as pure code: facts in, findings out. No I/O here. */
export * from "./facts";
export * from "./types";
export * from "./version";
export * from "./workbench";
export * from "./config";
export * from "./settings";
export * from "./engine";
export * from "./python";
export * from "./gpu";
export * from "./urls";
export { RULES } from "./rules";
