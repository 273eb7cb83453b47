/** Calendar helpers on plain YYYY-MM-DD strings, the way deadlines are stored and compared. */

export function lastDayOfMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

export const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/** Moves a date by whole months; a month's last day stays the last day, as ledgers mean it. */
export function shiftMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m0 = Number(iso.slice(5, 7)) - 1;
  const day = Number(iso.slice(8, 10));
  const target = y * 12 + m0 + months;
  const ty = Math.floor(target / 12);
  const tm0 = target - ty * 12;
  const endOfMonth = day === lastDayOfMonth(y, m0);
  const td = endOfMonth ? lastDayOfMonth(ty, tm0) : Math.min(day, lastDayOfMonth(ty, tm0));
  return `${ty}-${String(tm0 + 1).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * An instant (ISO timestamp) as officials read it, in China Standard Time whatever the browser's
 * zone: "YYYY-MM-DD HH:mm", or the calendar day alone. The server's clock.cstDate is the same rule.
 */
export function chinaDateTime(instant: string | null | undefined, withSeconds = false): string {
  if (!instant) return '';
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS)
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace('T', ' ');
}

/** The instant a China-time day begins, `plusDays` later, as stored ISO text (for "from day X to day Y" filters). */
export function chinaDayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

/** An instant as a Date whose UTC fields read China wall-clock time: what a spreadsheet's zone-less date cell needs. */
export function chinaWallClock(instant: string): Date {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS);
}

export function chinaDate(instant: string | null | undefined): string {
  return chinaDateTime(instant).slice(0, 10);
}
