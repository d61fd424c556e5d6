import { format, formatDistanceToNowStrict } from "date-fns";

export const fmtDate = (d: Date | string | null | undefined) => (d ? format(new Date(d), "d MMM yyyy") : "—");
export const fmtDateTime = (d: Date | string | null | undefined) => (d ? format(new Date(d), "d MMM yyyy, HH:mm") : "—");
export const fmtAgo = (d: Date | string) => `${formatDistanceToNowStrict(new Date(d))} ago`;
export const isoDay = (d: Date) => format(d, "yyyy-MM-dd");
export const humanize = (s: string) => s.replaceAll("_", " ");
