import { z } from "zod";
import type { Role } from "./roles";

/** The clinical disciplines that own plan content; coordinator and admin own none. */
export const disciplines = ["physician", "physical_therapist", "psychologist"] as const;
export const disciplineSchema = z.enum(disciplines);
export type Discipline = z.infer<typeof disciplineSchema>;

export const disciplineLabels: Record<Discipline, string> = {
  physician: "physician",
  physical_therapist: "physical therapist",
  psychologist: "psychologist",
};

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
