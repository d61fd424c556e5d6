export * from "./core";
export * from "./clinical";
