export * from "./password";
export * from "./policy";
export * from "./authenticate";
export * from "./env";
export * from "./safe-redirect";
