/**
 * Periods are stored as "YYYY" (a year, for yearly deliveries the reference date 31.12.) or
 * "YYYY-MM-DD" (a reference date). Accepted input: "2021", "2021.0" (Excel), "31.12.2021",
 * "2021-12-31", optionally after "Jahr", "Stand" or "Stichtag".
 */
export function normalisePeriod(text: string): string | undefined {
  const value = text
    .trim()
    .replace(/^(?:jahr|stand|stichtag)\s*:?\s*/i, '')
    .replace(/^(?:zum|am)\s+/i, '');
  const year = /^(\d{4})(?:\.0+)?$/.exec(value);
  if (year?.[1]) return plausibleYear(Number(year[1])) ? year[1] : undefined;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (german) return isoDate(Number(german[3]), Number(german[2]), Number(german[1]));
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (!plausibleYear(year)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function plausibleYear(year: number): boolean {
  return year >= 1800 && year <= 2200;
}
