import type { ValueTableRow } from './value-table.ts';

const FLAG_LABELS: Record<string, string> = { missing: 'fehlt', suppressed: 'geheim', estimated: 'geschätzt', provisional: 'vorläufig' };
export const CSV_HEADER = ['Schlüssel', 'Gebiet', 'Zeitraum', 'Indikator', 'Bezeichnung', 'Einheit', 'Wert', 'Kennzeichen'];

/**
 * CSV the way German Excel opens it without a wizard: UTF-8 with BOM, `;`, decimal comma, CRLF.
 * Text that Excel would run as a formula (= + - @ and tab/CR) gets a leading apostrophe.
 */
export function valuesToCsv(rows: ValueTableRow[]): Uint8Array {
  const lines = [CSV_HEADER.map(quote).join(';')];
  for (const row of rows) {
    lines.push(
      [row.unitCode, row.unitName, row.period, row.indicatorCode, row.indicatorName, row.unit ?? '', formatNumber(row), flagText(row)]
        .map((cell, index) => (index === 6 ? cell : quote(neutralise(cell))))
        .join(';'),
    );
  }
  const text = `\uFEFF${lines.join('\r\n')}\r\n`;
  return new TextEncoder().encode(text);
}

/** Numbers with all their digits (round trips), decimal comma, no thousands separator. */
function formatNumber(row: ValueTableRow): string {
  if (row.value === null) return row.flag === 'suppressed' ? '.' : '';
  return String(row.value).replace('.', ',');
}

function flagText(row: ValueTableRow): string {
  return row.flag ? (FLAG_LABELS[row.flag] ?? row.flag) : '';
}

export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[;"\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
