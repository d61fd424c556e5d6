import { z } from "zod";
import { disciplineLabels, disciplines, type Discipline } from "./meeting-text";
import type { Role } from "./roles";

export { disciplineLabels, disciplines, type Discipline };
export const disciplineSchema = z.enum(disciplines);

/** Role names and discipline names coincide by design; this is the one place that says so. */
export function disciplineOfRole(role: Role): Discipline | null {
  switch (role) {
    case "physician":
    case "physical_therapist":
    case "psychologist":
      return role;
    case "coordinator":
    case "admin":
    case "patient":
      return null;
  }
}
