export * from "./core";
export * from "./clinical";
export * from "./meetings";
export * from "./live";
export * from "./access";
export * from "./summaries";
export * from "./portal";
export * from "./fhir";
