import { describe, expect, it } from 'vitest';
import { applyMapping } from '../../../electron/core/tables/apply-mapping.ts';
import { readTable } from '../../../electron/core/tables/read-table.ts';
import { testMapping, utf8File } from './helpers.ts';

// A long-format delivery as big as a real one: 500 units × 20 indicators × 20 years = 200,000 rows.
// Reading, structure detection and the decimal decision have fast paths; these tests make sure
// that every row is still read and checked, down to the very last one.
const UNITS = Array.from({ length: 500 }, (_, i) => ({ code: `ST${String(i + 1).padStart(4, '0')}`, name: `Gebiet ${i + 1}` }));
const INDICATORS = Array.from({ length: 20 }, (_, i) => `ind_${i + 1}`);
const YEARS = Array.from({ length: 20 }, (_, i) => String(2005 + i));
const ROWS = UNITS.length * INDICATORS.length * YEARS.length;

const LONG = testMapping({
  format: 'long',
  units: { column: 'Schlüssel', match: 'key', level: 'stadtteil' },
  period: { column: 'Jahr' },
  indicator: { column: 'Indikator' },
  value: { column: 'Wert' },
});

/** Lines of the CSV (header first); values are German numbers like "123,4". */
function longLines(): string[] {
  const lines = ['Schlüssel;Jahr;Indikator;Wert'];
  let seed = 1;
  for (const indicator of INDICATORS) {
    for (const year of YEARS) {
      for (const unit of UNITS) {
        seed = (seed * 16807) % 2147483647;
        lines.push(`${unit.code};${year};${indicator};${String(seed % 100000).replace(/(\d)$/, ',$1')}`);
      }
    }
  }
  return lines;
}

async function apply(lines: string[]) {
  return applyMapping(await readTable(utf8File('lieferung.csv', lines.join('\r\n'))), LONG, UNITS);
}

describe('a 200,000-row long table', () => {
  const lines = longLines();
  const lastLine = lines.length;

  it('maps every row to a value', async () => {
    const result = await apply(lines);
    expect(result.issues).toEqual([]);
    expect(result.importable).toBe(true);
    expect(result.values).toHaveLength(ROWS);
    expect(result.stats).toMatchObject({ dataRows: ROWS, validRows: ROWS, invalidRows: 0, values: ROWS });
    const last = result.values.at(-1);
    expect(last).toMatchObject({ line: lastLine, unitCode: 'ST0500', period: '2024', indicator: 'ind_20' });
    expect(last?.value).toBe(Number((lines.at(-1) as string).split(';')[3]?.replace(',', '.')));
  });

  it('reports an error in the very last row with its line', async () => {
    const broken = [...lines.slice(0, -1), 'ST0500;2024;ind_20;12,3x'];
    const result = await apply(broken);
    expect(result.issues).toEqual([{ severity: 'error', file: 'lieferung.csv', line: lastLine, field: 'Wert', message: '„12,3x“ ist keine Zahl.' }]);
    expect(result.invalidLines).toEqual([lastLine]);
    expect(result.importable).toBe(false);
    expect(result.values).toHaveLength(ROWS - 1);
  });

  it('reports an unknown unit, a bad period and a duplicate in the last rows', async () => {
    const broken = [...lines.slice(0, -3), 'ST9999;2024;ind_20;1,5', 'ST0499;2024/25;ind_20;1,5', 'ST0001;2005;ind_1;2,5'];
    const result = await apply(broken);
    expect(result.issues.map((issue) => [issue.line, issue.field])).toEqual([
      [lastLine - 2, 'Schlüssel'],
      [lastLine - 1, 'Jahr'],
      [lastLine, 'Wert'],
    ]);
    expect(result.issues[2]?.message).toBe(
      'Doppelter Wert für Gebiet 1, 2005, ind_1: Zeile 2 (Spalte „Wert“) und Zeile 200001 (Spalte „Wert“). Welcher gilt, bitte in der Datei klären.',
    );
    expect(result.invalidLines).toEqual([2, lastLine - 2, lastLine - 1, lastLine]);
  });

  it('a decimal point in the last row of an otherwise ambiguous column still decides it', async () => {
    // "1.374" could be 1374 or 1.374; only the last row ("0.5") proves a decimal point.
    const ambiguous = lines.map((line, index) => (index === 0 ? line : line.replace(/;[^;]*$/, ';1.374')));
    ambiguous[ambiguous.length - 1] = 'ST0500;2024;ind_20;0.5';
    const result = await apply(ambiguous);
    expect(result.issues).toEqual([]);
    expect(result.values[0]?.value).toBe(1.374);
    expect(result.values.at(-1)?.value).toBe(0.5);
  });
});
