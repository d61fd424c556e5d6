import { patientListInputSchema } from "@stepwise/domain";

/** The server's own rule for a search term; loaded with the first keystroke, not with the home. */
const searchSchema = patientListInputSchema.pick({ search: true });

export function searchTermError(search: string): string | undefined {
  const result = searchSchema.safeParse({ search });
  return result.success ? undefined : result.error.issues[0]?.message;
}
