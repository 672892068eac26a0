import { missingToken, readsAsNumber } from './parse-number.ts';
import type { RawRow, RawTable, StructureOverrides, TableStructure } from './types.ts';

const MAX_HEADER_ROWS = 5;
const FOOTNOTE_START = /^(\*|[¹²³⁴⁵⁶⁷⁸⁹]|\d{1,2}\)|©|quelle|anmerkung|hinweis|fu(ß|ss)note|erl(ä|ae)uterung|zeichenerkl|stand\b)/i;

/**
 * Splits raw rows into title lines, header row(s), data rows and footnotes. Heuristics, each of
 * which the user can override:
 * - titles: leading rows with one filled cell, or two if a blank line follows them;
 * - numeric columns: those whose cells mostly read as numbers;
 * - header rows: leading rows with text in a numeric column, or only distinct years there; below
 *   the first, only rows whose first cell is blank or repeated (merged);
 * - footnotes: trailing rows that start like one ("*", "Quelle", "Anmerkung" …), or a single
 *   cell after a blank line, off column A, or long;
 * - a file whose first row already looks like data has no header: "Spalte 1" … "Spalte n".
 */
export function detectStructure(table: RawTable, overrides: StructureOverrides = {}): TableStructure {
  const rows = table.rows;
  const { numericColumns, width } = scanColumns(rows);

  let firstBody: number;
  let headerCount: number;
  if (overrides.firstDataLine !== undefined) {
    const firstData = indexAtLine(rows, overrides.firstDataLine);
    headerCount = Math.min(firstData, overrides.headerRowCount ?? (firstData > 0 ? 1 : 0));
    firstBody = firstData - headerCount;
  } else {
    firstBody = countTitleRows(rows);
    headerCount = overrides.headerRowCount ?? countHeaderRows(rows, firstBody, numericColumns);
  }

  const firstData = firstBody + headerCount;
  const end =
    overrides.lastDataLine !== undefined
      ? countRows(rows, (row) => row.line <= (overrides.lastDataLine ?? 0))
      : findFootnoteStart(rows, firstData, numericColumns);

  const headerRows = rows.slice(firstBody, firstData);
  const dataRows = rows.slice(firstData, Math.max(firstData, end));
  const columns = Math.max(width, 1);
  return {
    hasHeader: headerRows.length > 0,
    header: headerRows.length > 0 ? combineHeader(headerRows, columns) : generatedNames(columns),
    headerLines: headerRows.map((row) => row.line),
    titleLines: rows.slice(0, firstBody).map((row) => row.line),
    footnoteLines: rows.slice(Math.max(firstData, end)).map((row) => row.line),
    dataRows,
  };
}

/**
 * One pass over all rows: the numeric columns and the table width (last filled column).
 *
 * Every row votes (no sample): a column is numeric when at least as many of its cells read as
 * numbers as read as text. The cell tests have fast paths (parse-number.ts), so the full vote
 * costs a few nanoseconds per cell and stays exactly the rule described above.
 */
function scanColumns(rows: RawRow[]): { numericColumns: Set<number>; width: number } {
  const numeric: number[] = [];
  const text: number[] = [];
  // Columns in the order they first had a number cell (the order of the resulting set).
  const order: number[] = [];
  let width = 0;
  // The first wide row is left out: it is most likely the header and would outvote small tables.
  let first = true;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as RawRow;
    width = Math.max(width, usedWidth(row));
    if (filledCount(row) < 2) continue;
    if (first) {
      first = false;
      continue;
    }
    const cells = row.cells;
    for (let column = 0; column < cells.length; column++) {
      if (isNumberCell(row, column)) {
        const count = numeric[column];
        if (count === undefined) order.push(column);
        numeric[column] = (count ?? 0) + 1;
      } else if (missingToken(cells[column] as string) === undefined) text[column] = (text[column] ?? 0) + 1;
    }
  }
  const numericColumns = new Set<number>();
  for (const column of order) if ((numeric[column] as number) >= (text[column] ?? 0)) numericColumns.add(column);
  return { numericColumns, width };
}

function countTitleRows(rows: RawRow[]): number {
  let count = 0;
  while (count < rows.length && filledCount(rows[count] as RawRow) <= 1) count++;
  // Rows with two cells ("Tabelle 5;Einwohner nach Alter") are titles only if a blank line
  // separates them from the table; without one they are more likely a header row.
  let end = count;
  while (end < rows.length && filledCount(rows[end] as RawRow) <= 2 && !hasNumberCell(rows[end] as RawRow)) {
    const next = rows[end + 1];
    end++;
    if (next && next.line - (rows[end - 1] as RawRow).line > 1) count = end;
  }
  // A table that is nothing but single cells has no title.
  return count >= rows.length ? 0 : count;
}

/** Header rows at the top of the body, which starts at rows[start]. */
function countHeaderRows(rows: RawRow[], start: number, numericColumns: Set<number>): number {
  const bodyLength = Math.max(0, rows.length - start);
  const body = (index: number): RawRow | undefined => (index >= 0 && index < bodyLength ? rows[start + index] : undefined);
  // A lone row of text is a header without data (the caller reports the missing data).
  if (bodyLength === 1) return hasNumberCell(body(0) as RawRow) ? 0 : 1;
  let count = 0;
  while (count < Math.min(bodyLength - 1, MAX_HEADER_ROWS) && isHeaderLike(body(count) as RawRow, numericColumns)) {
    // Lower header rows leave the label column blank (or repeat a merged cell); a row with its own
    // label there is data, even if a bad value in it looks like text.
    const row = body(count) as RawRow;
    const above = body(count - 1);
    if (above && row.cells[0] !== '' && row.cells[0] !== above.cells[0]) break;
    count++;
  }
  return count;
}

function isHeaderLike(row: RawRow, numericColumns: Set<number>): boolean {
  const cells = [...numericColumns].map((column) => ({ column, text: row.cells[column] ?? '' })).filter(({ text }) => text !== '');
  if (cells.some(({ column, text }) => !isNumberCell(row, column) && missingToken(text) === undefined)) return true;
  // "Stadtteil;2018;2019": a row of distinct years over the numeric columns labels them.
  const years = cells.map(({ text }) => text);
  return years.length > 0 && years.every((text) => /^(19|20|21)\d\d$/.test(text)) && new Set(years).size === years.length;
}

function findFootnoteStart(rows: RawRow[], firstData: number, numericColumns: Set<number>): number {
  let end = rows.length;
  while (end > firstData + 1) {
    const row = rows[end - 1] as RawRow;
    const previous = rows[end - 2] as RawRow;
    const filled = filledColumns(row);
    const first = row.cells[filled[0] ?? 0] ?? '';
    const hasNumbers = [...numericColumns].some((column) => isNumberCell(row, column));
    const marked = FOOTNOTE_START.test(first) && !hasNumbers;
    // A lone cell is a footnote when it continues one below, is long, follows a blank line or is off column A.
    const continuesFootnote = rows[end]?.line === row.line + 1;
    const lone = filled.length <= 1 && (continuesFootnote || first.length > 40 || row.line - previous.line > 1 || (filled[0] ?? 0) > 0);
    if (!marked && !lone) break;
    end--;
  }
  return end;
}

/** Joins several header rows per column; blanks in upper rows repeat the label to their left (merged cells). */
function combineHeader(headerRows: RawRow[], width: number): string[] {
  const grid = headerRows.map((row) => Array.from({ length: width }, (_, column) => clean(row.cells[column] ?? '')));
  for (let level = 0; level < grid.length - 1; level++) {
    const upper = grid[level] as string[];
    let carry = '';
    for (let column = 0; column < width; column++) {
      if (upper[column] !== '') carry = upper[column] as string;
      else if (carry !== '' && grid.slice(level + 1).some((lower) => lower[column] !== '')) upper[column] = carry;
    }
  }
  const names = Array.from({ length: width }, (_, column) => {
    const parts = grid.map((row) => row[column] as string).filter((part, index, all) => part !== '' && part !== all[index - 1]);
    return parts.join(' ') || `Spalte ${column + 1}`;
  });
  return uniqueNames(names);
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

function generatedNames(width: number): string[] {
  return Array.from({ length: width }, (_, column) => `Spalte ${column + 1}`);
}

function clean(text: string): string {
  // NFC: a header typed on macOS (decomposed umlauts) must still match the saved mapping.
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function indexAtLine(rows: RawRow[], line: number): number {
  const index = rows.findIndex((row) => row.line >= line);
  return index === -1 ? rows.length : index;
}

function isNumberCell(row: RawRow, column: number): boolean {
  const text = row.cells[column] ?? '';
  if (text === '') return false;
  if (row.numeric?.[column]) return true;
  return readsAsNumber(text);
}

function hasNumberCell(row: RawRow): boolean {
  return row.cells.some((_, column) => isNumberCell(row, column));
}

function filledColumns(row: RawRow): number[] {
  return row.cells.flatMap((cell, column) => (cell !== '' ? [column] : []));
}

function filledCount(row: RawRow): number {
  let count = 0;
  const cells = row.cells;
  for (let column = 0; column < cells.length; column++) if (cells[column] !== '') count++;
  return count;
}

function usedWidth(row: RawRow): number {
  const cells = row.cells;
  for (let column = cells.length - 1; column >= 0; column--) if (cells[column] !== '') return column + 1;
  return 0;
}

function countRows(rows: RawRow[], test: (row: RawRow) => boolean): number {
  let count = 0;
  for (let index = 0; index < rows.length; index++) if (test(rows[index] as RawRow)) count++;
  return count;
}
