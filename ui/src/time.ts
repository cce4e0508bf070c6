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
