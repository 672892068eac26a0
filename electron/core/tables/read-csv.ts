import Papa from 'papaparse';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { ImportFailed } from '../geo/types.ts';
import { decodeText } from './decode-text.ts';
import type { RawRow, RawTable, ReadTableOptions } from './types.ts';

const CANDIDATE_DELIMITERS = [';', '\t', ',', '|'];
const SAMPLE_ROWS = 200;

/** Reads CSV/TSV text bytes into rows with their source line numbers. */
export function readCsv(file: string, data: Uint8Array, options: ReadTableOptions = {}): RawTable {
  if (data[0] === 0xfe && data[1] === 0xff) {
    throw new ImportFailed([
      { severity: 'error', file, message: 'Die Datei ist als UTF-16 (Big Endian) kodiert. Bitte als CSV (UTF-8) speichern.' },
    ]);
  }
  const { text, encoding } = decodeText(data, options.encoding);
  if (text.trim() === '') throw new ImportFailed([{ severity: 'error', file, message: 'Die Datei ist leer.' }]);

  // Excel understands a first line "sep=;" and so do we; the line itself is not data.
  const hint = /^sep=(.)\r?\n/i.exec(text);
  const delimiter = options.delimiter ?? hint?.[1] ?? detectDelimiter(text);
  const warnings: ImportIssue[] = [];
  const rows = parseWithLines(text, delimiter, file, warnings).filter((row) => !(hint && row.line === 1));
  if (rows.length === 0) throw new ImportFailed([{ severity: 'error', file, message: 'Die Datei ist leer.' }]);
  return { file, format: 'csv', encoding, delimiter, rows, warnings };
}

/**
 * Picks the delimiter under which most rows share one field count (> 1). Title and footnote
 * lines have one field under every candidate, so they do not disturb the vote; ties go to the
 * earlier candidate (';' before ',' because German decimal commas make ',' less reliable).
 */
export function detectDelimiter(text: string): string {
  let best = { delimiter: CANDIDATE_DELIMITERS[0] as string, score: 0 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const sample = Papa.parse<string[]>(text, { delimiter, preview: SAMPLE_ROWS, skipEmptyLines: 'greedy' }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    const score = Math.max(0, ...counts.values());
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function parseWithLines(text: string, delimiter: string, file: string, warnings: ImportIssue[]): RawRow[] {
  const rows: RawRow[] = [];
  let start = 0;
  let line = 1;
  let linebreak = '\n';
  let fatal: ImportIssue | undefined;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      linebreak = result.meta.linebreak || linebreak;
      // The cursor points past the record's line break, so the next record starts there.
      const end = result.meta.cursor;
      for (const error of result.errors) {
        const issue: ImportIssue = { severity: 'error', file, line, message: csvErrorMessage(error.code) };
        if (error.code === 'MissingQuotes') fatal ??= issue;
        else warnings.push({ ...issue, severity: 'warning' });
      }
      const cells = result.data.map((cell) => cell.trim());
      if (cells.some((cell) => cell !== '')) rows.push({ line, cells });
      line += countOccurrences(text, linebreak, start, end);
      start = end;
    },
  });
  if (fatal) throw new ImportFailed([fatal]);
  return rows;
}

function countOccurrences(text: string, needle: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf(needle, from); at !== -1 && at < to; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function csvErrorMessage(code: string): string {
  if (code === 'MissingQuotes') {
    return 'Ein Anführungszeichen wird nicht geschlossen; der Rest der Datei wäre sonst ein einziges Feld. Bitte die Zeile prüfen.';
  }
  if (code === 'InvalidQuotes') return 'Ein Anführungszeichen steht mitten in einem Feld; die Zeile wurde trotzdem gelesen. Bitte prüfen.';
  return 'Die Zeile ist kein gültiges CSV; sie wurde so gut wie möglich gelesen.';
}
