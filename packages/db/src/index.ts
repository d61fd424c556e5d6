export * from "./client";
export * as schema from "./schema";
export * from "./repos/audit";
export * from "./repos/users";
export * from "./repos/sessions";
export * from "./repos/patients";
export * from "./repos/login-throttle";
export { seedDemo, demoPassword, demoUsers } from "./seed/demo";
