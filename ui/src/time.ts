// Received times as the desk reads them: "14:05" today, "Tue 14:05" this
// week, "27 Nov 14:05" this year, "27 Nov 2025" before.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number): string {
  return n.toString().padStart(2, "0");
}

/** A short local time for an RFC 3339 stamp from the core. */
export function shortTime(stamp: string, now: Date = new Date()): string {
  const at = new Date(stamp);
  if (Number.isNaN(at.getTime())) return stamp;
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const sameDay = at.toDateString() === now.toDateString();
  if (sameDay) return clock;
  const ageDays = (now.getTime() - at.getTime()) / 86_400_000;
  if (ageDays >= 0 && ageDays < 6) return `${WEEKDAYS[at.getDay()]} ${clock}`;
  const day = `${at.getDate()} ${MONTHS[at.getMonth()]}`;
  if (at.getFullYear() === now.getFullYear()) return `${day} ${clock}`;
  return `${day} ${at.getFullYear()}`;
}

/** The exact local time, for tooltips. */
export function exactTime(stamp: string): string {
  const at = new Date(stamp);
  if (Number.isNaN(at.getTime())) return stamp;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

const COPY_DATE = /^(?:(\d{4})|-)-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * The copy's own date as the desk reads it, in the copy's own time zone
 * (its local day is the day "on Wednesday" is counted from): "5 Dec 2025",
 * "5 Dec 2025 05:24 UTC+05:30", "14 May" when the copy gives no year.
 */
export function copyDateLabel(iso: string): string {
  const m = COPY_DATE.exec(iso.trim());
  if (!m) return iso;
  const [, year, month, day, hour, minute, zone] = m;
  const monthIndex = Number(month) - 1;
  if (monthIndex < 0 || monthIndex > 11) return iso;
  let label = `${Number(day)} ${MONTHS[monthIndex]}${year ? ` ${year}` : ""}`;
  if (hour !== undefined && zone !== undefined) {
    label += ` ${hour}:${minute} ${zone === "Z" || zone === "+00:00" ? "UTC" : `UTC${zone}`}`;
  }
  return label;
}
