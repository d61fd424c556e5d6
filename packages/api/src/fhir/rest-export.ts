import type { FhirRoute } from "./rest";

export const exportRoutes: readonly FhirRoute[] = [];
