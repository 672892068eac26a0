import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportFailed, type SourceFile } from '../../../electron/core/geo/types.ts';
import { applyMapping } from '../../../electron/core/tables/apply-mapping.ts';
import { detectStructure } from '../../../electron/core/tables/detect-structure.ts';
import { readTable } from '../../../electron/core/tables/read-table.ts';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { GELSENKIRCHEN_UNITS, bytesFile, encodeWindows1252, testMapping, utf8File } from './helpers.ts';

/** What "Speichern unter → CSV (Trennzeichen-getrennt)" in German Excel produces. */
const GERMAN_EXCEL_CSV = [
  'Bevölkerung nach Stadtteilen;;;;',
  'Gelsenkirchen, Stand 31.12.2023;;;;',
  ';;;;',
  'Stadtteil;2022;;2023;',
  ';Anzahl;Anteil in %;Anzahl;Anteil in %',
  'Heßler;1.234;12,5;1.250;12,7',
  'Ückendorf;12.345;–;12 400,5;x',
  'Bulmke-Hüllen;9.876;-3,2;.;*',
  ';;;;',
  '* vorläufige Angaben;;;;',
  'Quelle: Stadt Gelsenkirchen, Referat Statistik;;;;',
  '',
].join('\r\n');

const GERMAN_MAPPING = testMapping({
  format: 'wide',
  units: { column: 'Stadtteil', match: 'name', level: 'stadtteil' },
  columns: [
    { columnPattern: '^(\\d{4}) Anzahl$', indicator: 'bev_gesamt', period: '$1' },
    { columnPattern: '^(\\d{4}) Anteil in %$', indicator: 'bev_anteil', period: '$1' },
  ],
});

async function failure(file: SourceFile, options = {}): Promise<ImportIssue[]> {
  const error = await readTable(file, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  const issues = (error as ImportFailed).issues;
  expect(issues.every((issue) => issue.file === file.name && issue.severity === 'error')).toBe(true);
  return issues;
}

describe('CSV from German Excel (Windows-1252, ";", decimal comma, title, two header rows, footnotes)', () => {
  it('detects encoding, delimiter and the parts of the table', async () => {
    const table = await readTable(bytesFile('bevoelkerung.csv', encodeWindows1252(GERMAN_EXCEL_CSV)));
    expect(table).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(table.rows.map((row) => row.line)).toEqual([1, 2, 4, 5, 6, 7, 8, 10, 11]);

    const structure = detectStructure(table);
    expect(structure.titleLines).toEqual([1, 2]);
    expect(structure.headerLines).toEqual([4, 5]);
    expect(structure.header).toEqual(['Stadtteil', '2022 Anzahl', '2022 Anteil in %', '2023 Anzahl', '2023 Anteil in %']);
    expect(structure.dataRows.map((row) => row.cells[0])).toEqual(['Heßler', 'Ückendorf', 'Bulmke-Hüllen']);
    expect(structure.footnoteLines).toEqual([10, 11]);
  });

  it('reads the values: thousands dots and spaces, decimal comma, minus, missing and suppressed tokens', async () => {
    const table = await readTable(bytesFile('bevoelkerung.csv', encodeWindows1252(GERMAN_EXCEL_CSV)));
    const result = applyMapping(table, GERMAN_MAPPING, GELSENKIRCHEN_UNITS);
    expect(result.issues).toEqual([]);
    expect(result.importable).toBe(true);
    const pick = (unitCode: string, indicator: string, period: string) =>
      result.values.find((value) => value.unitCode === unitCode && value.indicator === indicator && value.period === period);
    expect(pick('ST16', 'bev_gesamt', '2022')).toMatchObject({ value: 1234, flag: null, line: 6, column: '2022 Anzahl' });
    expect(pick('ST16', 'bev_anteil', '2023')).toMatchObject({ value: 12.7, flag: null });
    expect(pick('ST51', 'bev_gesamt', '2022')).toMatchObject({ value: 12345 });
    expect(pick('ST51', 'bev_anteil', '2022')).toMatchObject({ value: null, flag: 'missing' });
    expect(pick('ST51', 'bev_gesamt', '2023')).toMatchObject({ value: 12400.5 });
    expect(pick('ST51', 'bev_anteil', '2023')).toMatchObject({ value: null, flag: 'missing' });
    expect(pick('ST14', 'bev_anteil', '2022')).toMatchObject({ value: -3.2 });
    expect(pick('ST14', 'bev_gesamt', '2023')).toMatchObject({ value: null, flag: 'suppressed' });
    expect(pick('ST14', 'bev_anteil', '2023')).toMatchObject({ value: null, flag: 'suppressed' });
    expect(result.values).toHaveLength(12);
    expect(result.stats.flags).toEqual({ missing: 2, suppressed: 2, estimated: 0, provisional: 0 });
  });

  it('the same file as UTF-8 with BOM reads the same; a quoted field with a line break keeps line numbers', async () => {
    const withBreak = GERMAN_EXCEL_CSV.replace('Heßler;', '"Heßler";').replace('* vorläufige Angaben', '"* vorläufige\r\nAngaben"');
    const text = withBreak.replace('Gelsenkirchen, Stand 31.12.2023;;;;', '"Gelsenkirchen,\r\nStand 31.12.2023";;;;');
    const table = await readTable(utf8File('bevoelkerung.csv', text, true));
    expect(table).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
    expect(table.rows[0]?.cells[0]).toBe('Bevölkerung nach Stadtteilen');
    expect(table.rows.map((row) => row.line)).toEqual([1, 2, 5, 6, 7, 8, 9, 11, 13]);
    const result = applyMapping(table, GERMAN_MAPPING, GELSENKIRCHEN_UNITS);
    expect(result.issues).toEqual([]);
    expect(result.values.find((value) => value.unitCode === 'ST51' && value.period === '2022' && value.indicator === 'bev_gesamt')).toMatchObject({
      line: 8,
      value: 12345,
    });
    expect(result.structure.footnoteLines).toEqual([11, 13]);
  });

  it('UTF-8 without BOM, comma-separated with quoted decimal commas (the Flensburg style)', async () => {
    const table = await readTable(utf8File('t.csv', 'id,name,Anteil\n1,Heßler,"12,5"\n2,Ückendorf,"7,25%"\n'));
    expect(table).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(table.rows[2]?.cells).toEqual(['2', 'Ückendorf', '7,25%']);
  });

  it('tab-separated and forced options', async () => {
    const text = 'Stadtteil\tWert\nHeßler\t1,5\n';
    expect((await readTable(utf8File('t.tsv', text))).delimiter).toBe('\t');
    const forced = await readTable(bytesFile('t.csv', encodeWindows1252(text)), { encoding: 'utf-8', delimiter: '\t' });
    expect(forced.encoding).toBe('utf-8');
    expect(forced.rows[1]?.cells[0]).toBe('He\uFFFDler');
  });
});

describe('XLSX', () => {
  async function workbook(): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const info = book.addWorksheet('Info');
    info.addRow(['Erläuterungen']);
    info.state = 'hidden';
    const sheet = book.addWorksheet('Daten');
    sheet.addRow(['Einwohner*innen nach Stadtteilen 2021']);
    sheet.addRow([]);
    sheet.addRow(['Nr', 'Stadtteil', 'Einwohner', null, 'Quote']);
    sheet.mergeCells('C3:D3');
    sheet.addRow([null, null, 'Anzahl', 'Anteil', '']);
    sheet.addRow(['1', 'Heßler', 1374, 0.158, 1.5]);
    sheet.addRow(['2', 'Ückendorf', { formula: 'C5*2', result: 2748 }, 0.2, '1.374']);
    sheet.getCell('D5').numFmt = '0.0%';
    sheet.getCell('D6').numFmt = '0.0%';
    sheet.addRow([]);
    sheet.addRow(['Quelle: Referat Statistik']);
    const second = book.addWorksheet('Vorjahr');
    second.addRow(['Stadtteil', '2020']);
    second.addRow(['Heßler', 1300]);
    return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it('reads the first visible sheet: title row, merged header cells, numbers as plain numbers, percent format', async () => {
    const table = await readTable(bytesFile('statistik.xlsx', await workbook()));
    expect(table).toMatchObject({ format: 'xlsx', sheet: 'Daten', sheets: ['Info', 'Daten', 'Vorjahr'] });
    expect(table.rows.map((row) => row.line)).toEqual([1, 3, 4, 5, 6, 8]);
    const heßler = table.rows.find((row) => row.line === 5)!;
    expect(heßler.cells).toEqual(['1', 'Heßler', '1374', '15.8%', '1.5']);
    expect(heßler.numeric).toEqual([false, false, true, true, true]);

    const structure = detectStructure(table);
    expect(structure.titleLines).toEqual([1]);
    expect(structure.headerLines).toEqual([3, 4]);
    expect(structure.header).toEqual(['Nr', 'Stadtteil', 'Einwohner Anzahl', 'Einwohner Anteil', 'Quote']);
    expect(structure.footnoteLines).toEqual([8]);

    const result = applyMapping(
      table,
      testMapping({
        format: 'wide',
        period: '2021',
        units: { column: 'Nr', match: 'key', level: 'stadtteil', assignments: { '1': 'ST16', '2': 'ST51' } },
        columns: [
          { column: 'Einwohner Anzahl', indicator: 'bev_gesamt' },
          { column: 'Einwohner Anteil', indicator: 'bev_anteil' },
          { column: 'Quote', indicator: 'quote' },
        ],
      }),
      GELSENKIRCHEN_UNITS,
    );
    // Nothing else in the file proves a decimal comma or point, so the reading is flagged.
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', field: 'Quote', message: expect.stringContaining('„1.374“ sind mehrdeutig') })]);
    expect(result.importable).toBe(true);
    expect(result.values.map((value) => [value.unitCode, value.indicator, value.value])).toEqual([
      ['ST16', 'bev_gesamt', 1374],
      ['ST16', 'bev_anteil', 15.8],
      ['ST16', 'quote', 1.5],
      ['ST51', 'bev_gesamt', 2748],
      ['ST51', 'bev_anteil', 20],
      // Text "1.374" next to the numeric cell 1.5 in the same column is still read German-style.
      ['ST51', 'quote', 1374],
    ]);
  });

  it('reads a sheet by name and reports a missing one with the names available', async () => {
    const data = await workbook();
    const table = await readTable(bytesFile('statistik.xlsx', data), { sheet: 'Vorjahr' });
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['Stadtteil', '2020'],
      ['Heßler', '1300'],
    ]);
    const [issue] = await failure(bytesFile('statistik.xlsx', data), { sheet: 'Tabelle1' });
    expect(issue?.message).toContain('„Tabelle1“ fehlt');
    expect(issue?.message).toContain('„Daten“');
  });
});

describe('files that are not tables', () => {
  it('an empty file', async () => {
    const [issue] = await failure(bytesFile('leer.csv', new Uint8Array()));
    expect(issue?.message).toBe('Die Datei ist leer.');
    await failure(utf8File('nur-bom.csv', ' \r\n', true));
  });

  it('a PNG renamed to .csv', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const [issue] = await failure(bytesFile('statistik.csv', png));
    expect(issue?.message).toContain('PNG');
  });

  it('a zip that is not a workbook, and a broken zip', async () => {
    const zip = zipSync({ 'readme.txt': new TextEncoder().encode('hallo') });
    expect((await failure(bytesFile('daten.xlsx', zip)))[0]?.message).toContain('keine Excel-Arbeitsmappe');
    expect((await failure(bytesFile('daten.xlsx', zip.subarray(0, 20))))[0]?.message).toContain('beschädigt');
  });

  it('an old binary .xls', async () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await failure(bytesFile('alt.xls', xls)))[0]?.message).toContain('.xls');
  });

  it('an unterminated quote names the line it starts on', async () => {
    const [issue] = await failure(utf8File('kaputt.csv', 'a;b\n1;2\n3;"offen\n4;5\n'));
    expect(issue).toMatchObject({ line: 3 });
    expect(issue?.message).toContain('Anführungszeichen');
  });
});
