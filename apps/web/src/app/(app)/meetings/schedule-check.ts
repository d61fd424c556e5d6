import { scheduleMeetingInputSchema, type ScheduleMeetingInput } from "@stepwise/domain";

export type ScheduleField = "title" | "scheduledFor" | "durationMinutes" | "attendeeIds";

/** The server's own rule for a new meeting; loaded when the form is first submitted, not with the page. */
export function checkSchedule(values: unknown): { ok: true; values: ScheduleMeetingInput } | { ok: false; errors: Partial<Record<ScheduleField, string>> } {
  const parsed = scheduleMeetingInputSchema.safeParse(values);
  if (parsed.success) return { ok: true, values: parsed.data };
  const errors: Partial<Record<ScheduleField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ScheduleField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
