import { differenceInYears, parseISO } from "date-fns";

export function ageOn(dateOfBirth: string, now: Date): number {
  return differenceInYears(now, parseISO(dateOfBirth));
}
