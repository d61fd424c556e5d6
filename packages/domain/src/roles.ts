import { z } from "zod";
import { roleLabels, roles } from "./role-labels";

export { roleLabels, roles };
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Roles that can sit on a patient's care team. */
export const clinicalRoles = ["physician", "physical_therapist", "psychologist", "coordinator"] as const satisfies readonly Role[];
export type ClinicalRole = (typeof clinicalRoles)[number];

/** Roles of the clinic's staff: everyone but the patient, who reaches only their own record (the portal). */
export const staffRoles = ["physician", "physical_therapist", "psychologist", "coordinator", "admin"] as const satisfies readonly Role[];
export type StaffRole = (typeof staffRoles)[number];
