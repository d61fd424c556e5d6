// Dates as the clinic reads them ("2 Mar 2026, 09:30"), in the browser's time zone. Written out by
// hand rather than with a date library: these are on every page's first load.
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const pad = (n: number) => String(n).padStart(2, "0");
const day = (d: Date) => `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;

export const fmtDate = (d: Date | string | null | undefined) => (d ? day(new Date(d)) : "—");
export const fmtDateTime = (d: Date | string | null | undefined) => {
  if (!d) return "—";
  const date = new Date(d);
  return `${day(date)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
/** "09:30" */
export const fmtTime = (d: Date | string) => {
  const date = new Date(d);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
/** "Wed 2 Dec, 09:30": a visit this week. */
export const fmtWeekdayTime = (d: Date | string) => {
  const date = new Date(d);
  return `${weekdays[date.getDay()]} ${date.getDate()} ${months[date.getMonth()]}, ${fmtTime(date)}`;
};

const dayMinutes = 60 * 24;
const monthMinutes = dayMinutes * 30;
const yearMinutes = dayMinutes * 365;

/**
 * "3 hours ago": the largest whole unit, rounded — seconds under a minute, then minutes, hours,
 * days (under 30), months (under 365; twelve read as a year), years. Days and longer count
 * calendar time across a daylight-saving change.
 */
export const fmtAgo = (d: Date | string, now: Date = new Date()) => {
  const then = new Date(d);
  const [early, late] = then <= now ? [then, now] : [now, then];
  const ms = late.getTime() - early.getTime();
  const minutes = ms / 60_000;
  const calendarMinutes = minutes - (late.getTimezoneOffset() - early.getTimezoneOffset());
  const ago = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} ago`;
  if (minutes < 1) return ago(Math.round(ms / 1000), "second");
  if (minutes < 60) return ago(Math.round(minutes), "minute");
  if (minutes < dayMinutes) return ago(Math.round(minutes / 60), "hour");
  if (calendarMinutes < monthMinutes) return ago(Math.round(calendarMinutes / dayMinutes), "day");
  if (calendarMinutes < yearMinutes) {
    const months = Math.round(calendarMinutes / monthMinutes);
    return months === 12 ? ago(1, "year") : ago(months, "month");
  }
  return ago(Math.round(calendarMinutes / yearMinutes), "year");
};

export const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const humanize = (s: string) => s.replaceAll("_", " ");
