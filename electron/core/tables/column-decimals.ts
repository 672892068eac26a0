import type { ImportIssue } from '../../../shared/import-issue.ts';
import { missingToken, voteDecimal, type DecimalSeparator } from './parse-number.ts';
import type { RawRow } from './types.ts';

/**
 * The decimal separator of every value column: the column's own unambiguous cells decide; a column
 * without any (only "1.374", "999" …) follows the file's other columns, and without any evidence
 * in the file it is read German-style, with a warning naming the column.
 *
 * Every cell votes (XLSX numeric cells excepted), no sample: a sample could miss the one "15,8"
 * that settles a column of "1.374"s. Votes are counted in one pass over the rows; voteDecimal()
 * answers the usual cells without regular expressions.
 */
export function decideColumnDecimals(
  rows: RawRow[],
  valueColumns: Array<{ index: number; name: string }>,
  allColumns: number[],
  file: string,
): { decimals: Map<number, DecimalSeparator>; warnings: ImportIssue[] } {
  // The columns to count, each once: the file's columns and the value columns.
  const counted = [...new Set([...allColumns, ...valueColumns.map(({ index }) => index)])];
  const comma = new Array<number>(counted.length).fill(0);
  const dot = new Array<number>(counted.length).fill(0);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as RawRow;
    const cells = row.cells;
    const numeric = row.numeric;
    for (let position = 0; position < counted.length; position++) {
      const column = counted[position] as number;
      if (numeric?.[column]) continue;
      const vote = voteDecimal(cells[column] ?? '');
      if (vote === ',') (comma[position] as number)++;
      else if (vote === '.') (dot[position] as number)++;
    }
  }
  const positionOf = new Map(counted.map((column, position) => [column, position]));
  let fileComma = 0;
  let fileDot = 0;
  for (const column of allColumns) {
    const position = positionOf.get(column) as number;
    fileComma += comma[position] as number;
    fileDot += dot[position] as number;
  }
  const fileDecision = decision(fileComma, fileDot);

  const decimals = new Map<number, DecimalSeparator>();
  const warnings: ImportIssue[] = [];
  for (const { index, name } of valueColumns) {
    const position = positionOf.get(index) as number;
    const own = decision(comma[position] as number, dot[position] as number);
    const chosen = own ?? fileDecision ?? ',';
    decimals.set(index, chosen);
    if (own !== undefined || fileDecision !== undefined) continue;
    const ambiguous = firstAmbiguous(rows, index);
    if (ambiguous !== undefined) {
      warnings.push({
        severity: 'warning',
        file,
        field: name,
        message:
          `Zahlen wie „${ambiguous}“ sind mehrdeutig; gelesen mit ${chosen === ',' ? 'Dezimalkomma (Punkt = Tausender)' : 'Dezimalpunkt'}. ` +
          'Falls das nicht stimmt, das Zahlenformat in der Zuordnung festlegen.',
      });
    }
  }
  return { decimals, warnings };
}

/** decideDecimal() on counted votes. */
function decision(comma: number, dot: number): DecimalSeparator | undefined {
  if (comma === 0 && dot === 0) return undefined;
  return dot > comma ? '.' : ',';
}

/** The first cell of the column that could be read either way ("1.374"), for the warning. */
function firstAmbiguous(rows: RawRow[], column: number): string | undefined {
  for (const row of rows) {
    if (row.numeric?.[column]) continue;
    const text = row.cells[column] ?? '';
    if (missingToken(text) === undefined && /\d[.,]\d{3}\b/.test(text) && voteDecimal(text) === null) return text;
  }
  return undefined;
}
