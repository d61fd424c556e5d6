import { z } from "zod";
import {
  actionItemSchema,
  assessmentSchema,
  medicationSchema,
  problemSchema,
  procedureOrderSchema,
  psychClearanceSchema,
  therapySessionSchema,
} from "./entities";
import { planItemSchema } from "./plan-item";
import { opioidMonitoringSchema, procedureOutcomeSchema, safetyProfileSchema, safetyResponseSchema } from "./clinical-v2";

/** Everything candidacy and flags read about one patient: loaded by the API, passed in whole. */
export const patientRecordSchema = z.object({
  problems: z.array(problemSchema),
  planItems: z.array(planItemSchema),
  therapySessions: z.array(therapySessionSchema),
  assessments: z.array(assessmentSchema),
  procedures: z.array(procedureOrderSchema),
  clearances: z.array(psychClearanceSchema),
  medications: z.array(medicationSchema),
  /** §6 rows; a record loaded before they existed reads as none recorded. */
  procedureOutcomes: z.array(procedureOutcomeSchema).default([]),
  safetyProfile: safetyProfileSchema.nullable().default(null),
  opioidMonitoring: z.array(opioidMonitoringSchema).default([]),
  safetyResponses: z.array(safetyResponseSchema).default([]),
});
export type PatientRecord = z.infer<typeof patientRecordSchema>;

export const flagInputSchema = patientRecordSchema.extend({
  actionItems: z.array(actionItemSchema).optional(),
});
export type FlagInput = z.infer<typeof flagInputSchema>;

export const evidenceKinds = [
  "plan_item",
  "therapy_session",
  "assessment",
  "procedure",
  "clearance",
  "problem",
  "medication",
  "action_item",
  "procedure_outcome",
  "safety_profile",
  "opioid_monitoring",
  "safety_response",
] as const;
export const evidenceSchema = z.object({
  kind: z.enum(evidenceKinds),
  id: z.string(),
  summary: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;
