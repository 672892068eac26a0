import type { ImportIssue } from '../../../shared/import-issue.ts';
import { decideDecimal, missingToken, voteDecimal, type DecimalSeparator } from './parse-number.ts';
import type { RawRow } from './types.ts';

/**
 * The decimal separator of every value column: the column's own unambiguous cells decide; a column
 * without any (only "1.374", "999" …) follows the file's other columns, and without any evidence
 * in the file it is read German-style, with a warning naming the column.
 */
export function decideColumnDecimals(
  rows: RawRow[],
  valueColumns: Array<{ index: number; name: string }>,
  allColumns: number[],
  file: string,
): { decimals: Map<number, DecimalSeparator>; warnings: ImportIssue[] } {
  const texts = (column: number) => rows.filter((row) => !row.numeric?.[column]).map((row) => row.cells[column] ?? '');
  const fileDecision = decideDecimal(allColumns.flatMap(texts));
  const decimals = new Map<number, DecimalSeparator>();
  const warnings: ImportIssue[] = [];
  for (const { index, name } of valueColumns) {
    const cells = texts(index);
    const own = decideDecimal(cells);
    const decision = own ?? fileDecision ?? ',';
    decimals.set(index, decision);
    const ambiguous = cells.find((text) => missingToken(text) === undefined && /\d[.,]\d{3}\b/.test(text) && voteDecimal(text) === null);
    if (own === undefined && fileDecision === undefined && ambiguous !== undefined) {
      warnings.push({
        severity: 'warning',
        file,
        field: name,
        message:
          `Zahlen wie „${ambiguous}“ sind mehrdeutig; gelesen mit ${decision === ',' ? 'Dezimalkomma (Punkt = Tausender)' : 'Dezimalpunkt'}. ` +
          'Falls das nicht stimmt, das Zahlenformat in der Zuordnung festlegen.',
      });
    }
  }
  return { decimals, warnings };
}
