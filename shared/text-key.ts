/**
 * German text folded for comparing and keys, in one place so main and renderer agree: the
 * renderer predicts the keys main derives (level names, file names), and search finds
 * "Übergang" for "ubergang".
 */

/** Lower case, ß → ss, accents and umlaut dots dropped: "Übergang" → "ubergang" (for search). */
export function searchKey(text: string): string {
  return text.toLowerCase().replaceAll('ß', 'ss').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Lower case with umlauts spelled out: "Müller Straße" → "mueller strasse". */
export function foldGerman(text: string): string {
  return searchKey(text.trim().toLowerCase().replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue'));
}

/** "Statistischer Bezirk" → "statistischer-bezirk": the stable key of a level or category. */
export function slugKey(name: string): string {
  return foldGerman(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
