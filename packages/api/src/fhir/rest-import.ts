import type { FhirRoute } from "./rest";

export const importRoutes: readonly FhirRoute[] = [];
