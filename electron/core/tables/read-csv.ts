import Papa from 'papaparse';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { ImportFailed } from '../geo/types.ts';
import { decodeText } from './decode-text.ts';
import type { RawRow, RawTable, ReadTableOptions } from './types.ts';

const CANDIDATE_DELIMITERS = [';', '\t', ',', '|'];
const SAMPLE_ROWS = 200;
/** What papaparse refuses as a delimiter (it then falls back to ','). */
const BAD_DELIMITERS = ['\r', '\n', '"', '\uFEFF'];
type Newline = '\n' | '\r' | '\r\n';

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
  const parsed = parseWithLines(text, delimiter, file, warnings);
  const rows = hint ? parsed.filter((row) => row.line !== 1) : parsed;
  if (rows.length === 0) throw new ImportFailed([{ severity: 'error', file, message: 'Die Datei ist leer.' }]);
  return { file, format: 'csv', encoding, delimiter, rows, warnings };
}

/**
 * Picks the delimiter under which most rows share one field count (> 1). Title and footnote
 * lines have one field under every candidate, so they do not disturb the vote; ties go to the
 * earlier candidate (';' before ',' because German decimal commas make ',' less reliable).
 */
export function detectDelimiter(text: string): string {
  // The sample is what papaparse returns with preview: the first SAMPLE_ROWS records, blank ones
  // dropped. Without any quote papaparse splits lines and fields plainly, so that is done here on
  // just the first lines instead of the whole file (papaparse would split all of it first).
  const input = withoutBom(text);
  const newline = guessLineEndings(input);
  const lines = input.includes('"') ? undefined : firstLines(input, newline, SAMPLE_ROWS);
  let best = { delimiter: CANDIDATE_DELIMITERS[0] as string, score: 0 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const sample = lines
      ? lines
          .map((line) => line.split(delimiter))
          .filter((row) => row.join('').trim() !== '')
      : Papa.parse<string[]>(text, { delimiter, newline, preview: SAMPLE_ROWS, skipEmptyLines: 'greedy' }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    const score = Math.max(0, ...counts.values());
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * The records of the file with the line each starts on, as papaparse reads them. Two fast paths
 * give exactly papaparse's records and lines (test/unit/tables/read-csv-fast.test.ts compares them
 * with the step-by-step reading below on generated files):
 * - no quote anywhere: papaparse then splits at line breaks and delimiters, and so do we;
 * - with quotes: papaparse parses the whole text in one call (no per-record callback); a record
 *   spans one line plus the line breaks inside its quoted cells.
 * Anything unusual (a BOM left in the text, a delimiter papaparse would replace) is read step by step.
 */
function parseWithLines(text: string, delimiter: string, file: string, warnings: ImportIssue[]): RawRow[] {
  if (text.charCodeAt(0) === 0xfeff || delimiter.length !== 1 || BAD_DELIMITERS.includes(delimiter)) {
    return parseStepwise(text, delimiter, file, warnings);
  }
  const newline = guessLineEndings(text);
  return text.includes('"') ? parseQuoted(text, delimiter, newline, file, warnings) : splitPlain(text, delimiter, newline);
}

function splitPlain(text: string, delimiter: string, newline: Newline): RawRow[] {
  const rows: RawRow[] = [];
  const shared = new SharedTexts();
  // Delimiter positions of the current line (grown when a line has more fields).
  let ends: Int32Array = new Int32Array(64);
  let line = 1;
  let start = 0;
  let next = text.indexOf(delimiter);
  for (;;) {
    const found = text.indexOf(newline, start);
    const end = found === -1 ? text.length : found;
    // What line.split(delimiter) gives, sliced from the text directly into an array of the right size.
    let count = 0;
    while (next !== -1 && next < end) {
      if (count === ends.length - 1) ends = grow(ends);
      ends[count++] = next;
      next = text.indexOf(delimiter, next + 1);
    }
    ends[count++] = end;
    const cells = new Array<string>(count);
    let filled = false;
    let from = start;
    for (let column = 0; column < count; column++) {
      const to = ends[column] as number;
      const cell = shared.get(column, text.slice(from, to).trim());
      if (cell !== '') filled = true;
      cells[column] = cell;
      from = to + 1;
    }
    if (filled) rows.push({ line, cells });
    if (found === -1) break;
    start = found + newline.length;
    line++;
  }
  return rows;
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function parseQuoted(text: string, delimiter: string, newline: Newline, file: string, warnings: ImportIssue[]): RawRow[] {
  const result = Papa.parse<string[]>(text, { delimiter, newline, skipEmptyLines: false });
  // Errors name the record (0-based); its line is only known while counting below.
  const errorLines = new Map<number, number>(result.errors.map((error) => [error.row ?? 0, 0]));
  const rows: RawRow[] = [];
  const shared = new SharedTexts();
  let line = 1;
  for (let index = 0; index < result.data.length; index++) {
    const cells = result.data[index] as string[];
    if (errorLines.has(index)) errorLines.set(index, line);
    let breaks = 1;
    for (const raw of cells) if (raw.includes(newline)) breaks += countOccurrences(raw, newline, 0, raw.length);
    if (tidyCells(cells, shared)) rows.push({ line, cells });
    line += breaks;
  }
  let fatal: ImportIssue | undefined;
  for (const error of result.errors) {
    const issue: ImportIssue = { severity: 'error', file, line: errorLines.get(error.row ?? 0) ?? line, message: csvErrorMessage(error.code) };
    if (error.code === 'MissingQuotes') fatal ??= issue;
    else warnings.push({ ...issue, severity: 'warning' });
  }
  if (fatal) throw new ImportFailed([fatal]);
  return rows;
}

/** Trims the cells in place (sharing repeated texts); true if any cell is filled. */
function tidyCells(cells: string[], shared: SharedTexts): boolean {
  let filled = false;
  for (let column = 0; column < cells.length; column++) {
    const cell = shared.get(column, (cells[column] as string).trim());
    if (cell !== '') filled = true;
    cells[column] = cell;
  }
  return filled;
}

/**
 * One string object per distinct text of a column: a long table repeats its keys, periods and
 * indicator names in every row, and sharing them keeps a million rows small (less to allocate
 * and to collect). A column whose texts mostly differ (the values) stops being shared.
 */
class SharedTexts {
  private static readonly LIMIT = 10_000;
  /** After this many cells a column is only shared further if at most half of them were new. */
  private static readonly TRIAL = 2_000;
  private readonly columns: Array<SharedColumn | null> = [];

  get(column: number, text: string): string {
    let shared = this.columns[column];
    if (shared === null) return text;
    if (shared === undefined) {
      shared = { texts: new Map([[text, text]]), last: text, cells: 0 };
      this.columns[column] = shared;
    }
    shared.cells++;
    // Sorted tables repeat the previous row's period or indicator; that needs no lookup.
    if (text === shared.last) return shared.last;
    const known = shared.texts.get(text);
    if (known !== undefined) {
      shared.last = known;
      return known;
    }
    const distinct = shared.texts.size;
    if (distinct >= SharedTexts.LIMIT || (shared.cells >= SharedTexts.TRIAL && distinct * 2 > shared.cells)) {
      this.columns[column] = null;
      return text;
    }
    shared.texts.set(text, text);
    shared.last = text;
    return text;
  }
}

interface SharedColumn {
  texts: Map<string, string>;
  last: string;
  cells: number;
}

/** The original reading, one papaparse step per record, for the cases the fast paths leave out. */
function parseStepwise(text: string, delimiter: string, file: string, warnings: ImportIssue[]): RawRow[] {
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

/** The first `count` lines (papaparse's preview without quotes). */
function firstLines(text: string, newline: Newline, count: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < count) {
    const found = text.indexOf(newline, start);
    if (found === -1) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, found));
    start = found + newline.length;
  }
  return lines;
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * papaparse's line-ending guess (5.x guessLineEndings), without copying the text: within the
 * first MiB and ignoring quoted parts, '\n' if there is no '\r' or a '\n' comes first, else
 * '\r\n' if at least half of the '\r'-separated parts start with '\n', else '\r'.
 */
export function guessLineEndings(text: string): Newline {
  const end = Math.min(text.length, 1024 * 1024);
  let kept = 0;
  let firstCr = -1;
  let firstLf = -1;
  let crs = 0;
  let crlfs = 0;
  let previous = -1;
  for (let at = 0; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x22) {
      // papaparse removes every "…" pair (lazily, across lines); an unpaired quote stays.
      const close = text.indexOf('"', at + 1);
      if (close !== -1 && close < end) {
        at = close;
        continue;
      }
    } else if (code === 0x0d) {
      if (firstCr === -1) firstCr = kept;
      crs++;
    } else if (code === 0x0a) {
      if (firstLf === -1) firstLf = kept;
      if (previous === 0x0d) crlfs++;
    }
    previous = code;
    kept++;
  }
  if (crs === 0 || (firstLf !== -1 && firstLf < firstCr)) return '\n';
  return crlfs >= (crs + 1) / 2 ? '\r\n' : '\r';
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
