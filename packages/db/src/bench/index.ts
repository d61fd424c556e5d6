export * from "./clinic";
export * from "./database";
