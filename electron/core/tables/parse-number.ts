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
  // Fast answer for the usual cells ("1.374", "Altstadt", "ST01"): nothing the lookup below can
  // find starts with a digit or with an ASCII letter other than c, k, n or x.
  if (text.length > 0 && cannotStartToken(text.charCodeAt(0))) return undefined;
  const trimmed = text.trim();
  if (DASHES.has(trimmed)) return dash === 'zero' ? 'zero' : 'missing';
  const key = trimmed.toLowerCase().replace(/\s+/g, '');
  // Own keys only: a cell reading "constructor" is text, not a token.
  return Object.hasOwn(TOKENS, key) ? TOKENS[key] : undefined;
}

export function parseNumber(text: string, options: NumberOptions): ParsedNumber {
  if (options.decimal !== 'plain') {
    const simple = simpleNumber(text, options.decimal);
    if (simple !== undefined) return { ok: true, value: simple, flag: null, unit: null };
  }
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
  const shape = simpleShape(text);
  if (shape === SHAPE_OTHER) return null;
  if (shape !== SHAPE_COMPLEX) return shapeVote(shape);
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

// Fast paths. Nearly every cell of a real table is a plain number ("123", "-12,5", "1.234,5"), a
// name or key ("Altstadt", "ST01") or a short token. The scanners below recognise these shapes
// with one pass over the characters and without allocating; anything else goes through the
// regular expressions above, so every result is exactly what the full grammar gives.

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COMMA = 44;
const DOT = 46;
const MINUS = 45;
/** 10^k for k ≤ 15, exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

function cannotStartToken(code: number): boolean {
  if (code >= DIGIT_0 && code <= DIGIT_9) return true;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 122 && lower !== 99 && lower !== 107 && lower !== 110 && lower !== 120;
}

/**
 * The value of "-?INTEGER(POINT DIGITS)?" where INTEGER is plain digits or thousands groups
 * ("1.234.567" with decimal ','), at most 15 digits in all; undefined for anything else (the
 * caller then runs the full grammar). Exact: the digits form an integer N < 2^53 and the value
 * is N / 10^k, one correctly rounded division, which is the double Number("I.F") returns.
 */
export function simpleNumber(text: string, decimal: DecimalSeparator): number | undefined {
  const length = text.length;
  const point = decimal === ',' ? COMMA : DOT;
  const group = decimal === ',' ? DOT : COMMA;
  let at = 0;
  let negative = false;
  if (text.charCodeAt(0) === MINUS) {
    negative = true;
    at = 1;
  }
  let value = 0;
  // Integer part: a run of digits, then either groups of three behind `group` (only after a
  // first run of 1-3 digits) or nothing.
  const start = at;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    value = value * 10 + (code - DIGIT_0);
    at++;
  }
  const firstRun = at - start;
  if (firstRun === 0) return undefined;
  let digits = firstRun;
  if (at < length && text.charCodeAt(at) === group) {
    if (firstRun > 3) return undefined;
    while (at < length && text.charCodeAt(at) === group) {
      for (let k = 1; k <= 3; k++) {
        const code = text.charCodeAt(at + k);
        if (!(code >= DIGIT_0 && code <= DIGIT_9)) return undefined;
        value = value * 10 + (code - DIGIT_0);
      }
      digits += 3;
      at += 4;
    }
  }
  let fraction = 0;
  if (at < length) {
    if (text.charCodeAt(at) !== point) return undefined;
    at++;
    while (at < length) {
      const code = text.charCodeAt(at);
      if (code < DIGIT_0 || code > DIGIT_9) return undefined;
      value = value * 10 + (code - DIGIT_0);
      fraction++;
      at++;
    }
    if (fraction === 0) return undefined;
  }
  digits += fraction;
  if (digits > 15) return undefined;
  const magnitude = fraction === 0 ? value : value / (POWERS_OF_TEN[fraction] as number);
  return magnitude === 0 ? 0 : negative ? -magnitude : magnitude;
}

/** simpleShape(): the text proves nothing and is no number in any grammar (it has a letter …). */
const SHAPE_OTHER = -1;
/** simpleShape(): not recognised by the scanner; the full rules decide. */
const SHAPE_COMPLEX = -2;

/**
 * Shape of a cell for voteDecimal() and the number test of the structure detection, packed in one
 * integer: "-?D+" → 0, "-?D+[.,]D+" → (integer digits << 12 | fraction digits) << 2 | 1 (comma)
 * or 2 (point), with integer "0" marked by integer digits 0. SHAPE_OTHER when the text contains an
 * ASCII character no number (and no vote) can contain; SHAPE_COMPLEX otherwise.
 */
function simpleShape(text: string): number {
  const length = text.length;
  let at = text.charCodeAt(0) === MINUS ? 1 : 0;
  const start = at;
  while (at < length && isDigit(text.charCodeAt(at))) at++;
  const integer = at - start;
  if (integer === 0 || integer >= 4096) return otherOrComplex(text);
  if (at === length) return 0;
  const separator = text.charCodeAt(at);
  if (separator !== COMMA && separator !== DOT) return otherOrComplex(text);
  const fractionStart = ++at;
  while (at < length && isDigit(text.charCodeAt(at))) at++;
  const fraction = at - fractionStart;
  if (at !== length || fraction === 0 || fraction >= 4096) return otherOrComplex(text);
  const zero = integer === 1 && text.charCodeAt(start) === DIGIT_0;
  return ((((zero ? 0 : integer) << 12) | fraction) << 2) | (separator === COMMA ? 1 : 2);
}

function shapeVote(shape: number): DecimalSeparator | null {
  const kind = shape & 3;
  if (kind === 0) return null;
  const separator: DecimalSeparator = kind === 1 ? ',' : '.';
  const integer = shape >>> 14;
  const fraction = (shape >>> 2) & 4095;
  // Same rule as below: "1.374" could be thousands; "0.374", "1.37" and "1234.5" cannot.
  const couldBeThousands = fraction === 3 && integer >= 1 && integer <= 3;
  return couldBeThousands ? null : separator;
}

/**
 * Characters that can occur in a number (digits, separators, spaces, signs, "%", "'", "*" and
 * the markers p/s) or in a vote; any other ASCII character rules both out. Non-ASCII characters
 * ("‰", "−", "¹", non-breaking spaces) are left to the full rules.
 */
function otherOrComplex(text: string): number {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 128 && !NUMBER_ASCII[code]) return SHAPE_OTHER;
  }
  return SHAPE_COMPLEX;
}

const NUMBER_ASCII: boolean[] = Array.from({ length: 128 }, (_, code) => {
  const char = String.fromCharCode(code);
  return /[\d.,'*%+\-\s]/.test(char) || 'pPsS'.includes(char);
});

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/**
 * Whether parseNumber() reads the cell as a number (not a token) with a decimal comma or a
 * decimal point, i.e. whether it counts as a number in the structure detection.
 */
export function readsAsNumber(text: string): boolean {
  const shape = simpleShape(text);
  if (shape === SHAPE_OTHER) return false;
  if (shape !== SHAPE_COMPLEX) return true;
  return (['.', ','] as const).some((decimal) => {
    const parsed = parseNumber(text, { decimal });
    return parsed.ok && parsed.value !== null;
  });
}
