/**
 * Comparable forms of unit names and keys. Names: case, umlauts (ä → ae, or folded to a), ß → ss,
 * accents, underscores/hyphens/punctuation and a leading number ("03 Nordstadt" → "nordstadt").
 */

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
const LEADING_NUMBER = /^(?:\d+[.)]?\s+)+/;

/** "03 Westliche_Höhe" → "westliche hoehe". Idempotent. */
export function normaliseName(text: string): string {
  return finish(lower(text).replace(/[äöüß]/g, (char) => UMLAUTS[char] ?? char));
}

/** Like normaliseName but umlauts lose their dots ("Jürgensby" and "Jurgensby" → "jurgensby"). */
export function foldName(text: string): string {
  return finish(lower(text).replace(/ß/g, 'ss'));
}

/** The number in front of a name ("03 Nordstadt" → 3), used to refuse "04 Nordstadt" ↔ "03 Nordstadt". */
export function leadingNumber(text: string): number | undefined {
  const match = /^\s*(\d+)[\s._)-]+\D/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** "stgt-01" → "STGT01"; all-digit keys lose leading zeros ("05513000" → "5513000"). */
export function normaliseKey(text: string): string {
  const key = text.toUpperCase().replace(/[\s_.\-/]/g, '');
  return /^\d+$/.test(key) ? key.replace(/^0+(?=\d)/, '') : key;
}

/** The trailing digits of a key-like text ("STGT01" → "1", "1" → "1"); undefined for names. */
export function keySuffix(text: string): { prefix: string; number: string } | undefined {
  const match = /^([A-Za-z]{0,10})[\s_.-]?(\d+)$/.exec(text.trim());
  if (!match?.[2]) return undefined;
  return { prefix: (match[1] ?? '').toUpperCase(), number: match[2].replace(/^0+(?=\d)/, '') };
}

function lower(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

function finish(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const withoutNumber = plain.replace(LEADING_NUMBER, '');
  return withoutNumber === '' ? plain : withoutNumber;
}
