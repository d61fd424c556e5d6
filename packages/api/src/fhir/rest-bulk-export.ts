import type { FhirRoute } from "./rest";

export const bulkExportRoutes: readonly FhirRoute[] = [];
