import type { AppRouter, inferRouterInputs, inferRouterOutputs } from "@stepwise/api";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type CarePlan = RouterOutputs["carePlan"]["get"];
