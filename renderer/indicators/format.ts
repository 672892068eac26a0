import { localeOf } from '../i18n/index.ts';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: string, decimals: number, signed: boolean): Intl.NumberFormat {
  const key = `${language}|${decimals}|${signed}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeOf(language), {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** A number with the indicator's decimals in the UI language: "12,3", "7.012". */
export function formatNumber(value: number, decimals: number, language: string): string {
  return formatter(language, decimals, false).format(value);
}

/** Unit after a space, as in German typesetting: "12,3 %", "7.012 Personen". */
export function withUnit(text: string, unit: string | null | undefined): string {
  return unit ? `${text} ${unit}` : text;
}

export interface NumberStyle {
  decimals: number;
  unit: string | null;
}

export function formatMeasure(value: number, style: NumberStyle, language: string): string {
  return withUnit(formatNumber(value, style.decimals, language), style.unit);
}

/** Differences with an explicit sign: "+1,2 %", "−0,4 %" (true minus sign). */
export function formatSigned(value: number, style: NumberStyle, language: string): string {
  return withUnit(formatter(language, style.decimals, true).format(value).replace('-', '−'), style.unit);
}

/** Periods are years ("2021") or dates ("2021-12-31" → "31.12.2021"). */
export function formatPeriod(period: string, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (!match) return period;
  const [, y, m, d] = match;
  return language === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}

/** Values typed by a planner: decimal comma or point; thousands separators are not allowed. */
export function parseLocaleNumber(text: string): number | null {
  const trimmed = text.trim().replace(/\s/g, '').replace('−', '-');
  if (!/^-?\d+([.,]\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/** Manual class breaks as typed: "10; 15,5; 20" (semicolons or spaces between numbers). */
export function parseBreakList(text: string): number[] | null {
  const parts = text.split(/[;\s]+/).filter(Boolean);
  const numbers = parts.map(parseLocaleNumber);
  if (numbers.some((n) => n === null)) return null;
  return (numbers as number[]).sort((a, b) => a - b);
}
