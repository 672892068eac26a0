/**
 * Numbers as German statistics offices and Excel write them.
 *
 * Ambiguity rule: "1.374" is 1374 in a German file and 1.374 in an English one. The caller decides
 * the decimal separator per column with decideDecimal() (any cell that can only be read one way,
 * e.g. "15,8", "0.5", "1.234.567" or "1.234,5", settles it) and passes it in here; a column
 * without such evidence falls back to the file's other columns and finally to German, because
 * that is what the app's users receive.
 *
 * Tokens (Zeichenerklärung of the German statistics offices, adapted to the methods note):
 *   "", "x", "X", "k.A.", "n.v.", "NA", "#NV", "…" / "..."  → missing (no value; "x" = cell locked
 *                                                             because a value would make no sense)
 *   "-", "–", "—"  → missing by default (the official meaning "nothing, exactly zero" can be chosen
 *                    with dash: 'zero', because municipal files mostly use the dash for "no data")
 *   ".", "*", "/"  → suppressed ("." = unknown or kept secret; "*" = Flensburg's mark for values
 *                    below 4 hidden for privacy; "/" = too uncertain to publish)
 *   trailing "p" / "s" → the value, flagged provisional / estimated
 */

export type DecimalSeparator = ',' | '.';
export type ValueFlag = 'missing' | 'suppressed' | 'estimated' | 'provisional';
export type DashMeaning = 'missing' | 'zero';

export interface NumberOptions {
  /** 'plain' = JS number text from an XLSX numeric cell ('.' decimal, no grouping). */
  decimal: DecimalSeparator | 'plain';
  dash?: DashMeaning;
}

export type ParsedNumber =
  | { ok: true; value: number | null; flag: ValueFlag | null; unit: 'percent' | 'permille' | null; footnoteMark?: string }
  | { ok: false; message: string };

const DASHES = new Set(['-', '–', '—', '−']);
const TOKENS: Record<string, ValueFlag> = {
  '': 'missing',
  x: 'missing',
  'k.a.': 'missing',
  'k.a': 'missing',
  'n.v.': 'missing',
  na: 'missing',
  'n/a': 'missing',
  '#nv': 'missing',
  '#n/a': 'missing',
  '...': 'missing',
  '…': 'missing',
  '.': 'suppressed',
  '*': 'suppressed',
  '/': 'suppressed',
};
const SPACES = ' \\u00A0\\u202F\\u2009';
const GRAMMAR: Record<DecimalSeparator, RegExp> = { ',': grammar(','), '.': grammar('.') };
const PLAIN = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Returns the flag of a missing-value token, or undefined if the text is not one. */
export function missingToken(text: string, dash: DashMeaning = 'missing'): ValueFlag | 'zero' | undefined {
  const trimmed = text.trim();
  if (DASHES.has(trimmed)) return dash === 'zero' ? 'zero' : 'missing';
  return TOKENS[trimmed.toLowerCase().replace(/\s+/g, '')];
}

export function parseNumber(text: string, options: NumberOptions): ParsedNumber {
  const token = missingToken(text, options.dash);
  if (token === 'zero') return { ok: true, value: 0, flag: null, unit: null };
  if (token) return { ok: true, value: null, flag: token, unit: null };

  let body = text.trim();
  let flag: ValueFlag | null = null;
  let footnoteMark: string | undefined;
  const mark = /^(.*?)\s*(\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$/.exec(body);
  if (mark?.[1] && /\d/.test(mark[1])) {
    footnoteMark = mark[2];
    body = mark[1];
  }
  const marker = /^(.*\d[%‰]?)\s*([ps])$/i.exec(body);
  if (marker?.[1] && marker[2]) {
    flag = marker[2].toLowerCase() === 'p' ? 'provisional' : 'estimated';
    body = marker[1];
  }
  let unit: 'percent' | 'permille' | null = null;
  const suffix = /^(.*?)[\s\u00A0]*([%‰])$/.exec(body);
  if (suffix?.[1] !== undefined) {
    unit = suffix[2] === '%' ? 'percent' : 'permille';
    body = suffix[1];
  }
  let sign = 1;
  const signed = /^([+\-−–])\s*(.*)$/.exec(body);
  if (signed?.[2] !== undefined) {
    sign = signed[1] === '+' ? 1 : -1;
    body = signed[2];
  }

  const magnitude = options.decimal === 'plain' ? plainNumber(body) : localNumber(body, options.decimal);
  if (magnitude === undefined) return { ok: false, message: notANumber(text, options.decimal) };
  const value = magnitude === 0 ? 0 : sign * magnitude;
  return { ok: true, value, flag, unit, ...(footnoteMark ? { footnoteMark } : {}) };
}

/**
 * Decides the decimal separator of a column from the cells that can only be read one way.
 * Returns undefined when no cell is conclusive (e.g. only "1.374", "999", "35").
 */
export function decideDecimal(texts: Iterable<string>): DecimalSeparator | undefined {
  let comma = 0;
  let dot = 0;
  for (const text of texts) {
    const vote = voteDecimal(text);
    if (vote === ',') comma++;
    else if (vote === '.') dot++;
  }
  if (comma === 0 && dot === 0) return undefined;
  return dot > comma ? '.' : ',';
}

/** The decimal separator a single cell proves, or null if it proves none. */
export function voteDecimal(text: string): DecimalSeparator | null {
  const body = text
    .trim()
    .replace(/^[+\-−–]\s*/, '')
    .replace(/[\s\u00A0]*[%‰]$/, '')
    .replace(/[\s\u00A0\u202F\u2009'’]/g, '');
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return null;
  const lastComma = body.lastIndexOf(',');
  const lastDot = body.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? ',' : '.';
  if (lastComma < 0 && lastDot < 0) return null;
  const separator: DecimalSeparator = lastComma >= 0 ? ',' : '.';
  const parts = body.split(separator);
  // Several separators can only be thousands groups: "1.234.567" proves a decimal comma.
  if (parts.length > 2) return separator === ',' ? '.' : ',';
  const [integer = '', fraction = ''] = parts;
  const couldBeThousands = fraction.length === 3 && integer.length >= 1 && integer.length <= 3 && integer !== '0';
  return couldBeThousands ? null : separator;
}

function localNumber(body: string, decimal: DecimalSeparator): number | undefined {
  const match = GRAMMAR[decimal].exec(body);
  if (!match) return undefined;
  const integer = (match[1] ?? match[3] ?? '').replace(/\D/g, '');
  const fraction = match[4] ?? '';
  if (integer === '' && fraction === '') return undefined;
  return Number(`${integer || '0'}.${fraction || '0'}`);
}

function plainNumber(body: string): number | undefined {
  if (!PLAIN.test(body)) return undefined;
  const value = Number(body);
  return Number.isFinite(value) ? value : undefined;
}

/** Integer part with consistent thousands groups (or none), then an optional fraction. */
function grammar(decimal: DecimalSeparator): RegExp {
  const group = decimal === ',' ? `[.${SPACES}'’]` : `[,${SPACES}'’]`;
  const point = decimal === ',' ? ',' : '\\.';
  return new RegExp(`^(?:(\\d{1,3}(${group})\\d{3}(?:\\2\\d{3})*)|(\\d+))?(?:${point}(\\d+))?$`);
}

function notANumber(text: string, decimal: DecimalSeparator | 'plain'): string {
  const shown = `„${text.trim()}“`;
  if (/^[\d\s.,'’+\-−–%‰]+$/.test(text.trim()) && decimal !== 'plain') {
    const format = decimal === ',' ? 'Dezimalkomma und Punkt als Tausendertrennzeichen' : 'Dezimalpunkt und Komma als Tausendertrennzeichen';
    return `${shown} passt nicht zum Zahlenformat der Spalte (${format}).`;
  }
  return `${shown} ist keine Zahl.`;
}
