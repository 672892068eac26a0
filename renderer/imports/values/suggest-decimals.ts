/**
 * How many decimals a new indicator should show, read off the column's sample cells: the most
 * digits after a decimal comma, or after a dot that cannot be a thousands separator ("1.374" can).
 * Null when no cell looks like a number. Only a suggestion for the "Indikator anlegen" form.
 */
export function suggestDecimals(cells: readonly string[]): number | null {
  let most: number | null = null;
  for (const raw of cells) {
    const cell = raw.trim().replace(/\s*%$/, '');
    if (!/^[-+]?\d[\d.,\s\u00a0]*$/.test(cell)) continue;
    const comma = /,(\d+)$/.exec(cell);
    const dot = /\.(\d+)$/.exec(cell);
    const digits = comma ? comma[1]!.length : dot && dot[1]!.length !== 3 ? dot[1]!.length : 0;
    most = Math.max(most ?? 0, digits);
  }
  return most === null ? null : Math.min(most, 6);
}
