// Role names and their labels without zod: the client shell (presence, navigation) imports these
// through "@stepwise/domain/role-labels" so the schema library stays out of every page's first load.
export const roles = ["physician", "physical_therapist", "psychologist", "coordinator", "admin", "patient"] as const;

export const roleLabels: Record<(typeof roles)[number], string> = {
  physician: "Pain physician",
  physical_therapist: "Physical therapist",
  psychologist: "Psychologist",
  coordinator: "Care coordinator",
  admin: "Administrator",
  patient: "Patient",
};
