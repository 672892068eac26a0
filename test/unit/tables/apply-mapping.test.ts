import { describe, expect, it } from 'vitest';
import { applyMapping } from '../../../electron/core/tables/apply-mapping.ts';
import { readTable } from '../../../electron/core/tables/read-table.ts';
import { flensburgUnits, testMapping, utf8File } from './helpers.ts';

const UNITS = flensburgUnits();

const STADTTEIL = { column: 'Stadtteil', level: 'stadtteil' };

const WIDE = testMapping({
  units: STADTTEIL,
  format: 'wide',
  columns: [
    { columnPattern: '^Anzahl_(\\d{4})$', indicator: 'sgb2_anzahl', period: '$1' },
    { columnPattern: '^Anteil_(\\d{4})$', indicator: 'sgb2_anteil', period: '$1' },
  ],
});

const COUNTS = testMapping({ units: STADTTEIL, format: 'wide', columns: [{ columnPattern: '^Anzahl_(\\d{4})$', indicator: 'sgb2_anzahl', period: '$1' }] });

async function apply(csv: string, map = WIDE) {
  return applyMapping(await readTable(utf8File('sgb2.csv', csv)), map, UNITS);
}

describe('applyMapping: problems by line and column', () => {
  it('a value that is not a number', async () => {
    const result = await apply('Stadtteil;Anzahl_2021;Anteil_2021\nAltstadt;475;13,4\nNeustadt;1.116;24,5 Proz.\nTarup;150;3,1\n');
    expect(result.issues).toEqual([
      { severity: 'error', file: 'sgb2.csv', line: 3, field: 'Anteil_2021', message: '„24,5 Proz.“ ist keine Zahl.' },
    ]);
    expect(result.invalidLines).toEqual([3]);
    expect(result.importable).toBe(false);
    // The valid rows are there for the preview, and importable with keepValidRowsOnly.
    expect(result.values.map((value) => value.line)).toEqual([2, 2, 4, 4]);
    const lenient = await apply('Stadtteil;Anzahl_2021\nAltstadt;x1\nTarup;150\n', { ...COUNTS, keepValidRowsOnly: true });
    expect(lenient).toMatchObject({ importable: true, invalidLines: [2], stats: { validRows: 1, invalidRows: 1, values: 1 } });
  });

  it('an unknown unit is listed for manual assignment, with candidates and lines', async () => {
    const result = await apply('Stadtteil;Anzahl_2021\nAltstadt;475\nNordstat;2170\nFlensburg gesamt;12000\nNordstat;1\n', COUNTS);
    expect(result.issues.map((issue) => [issue.line, issue.field])).toEqual([
      [3, 'Stadtteil'],
      [4, 'Stadtteil'],
      [5, 'Stadtteil'],
    ]);
    expect(result.issues[0]?.message).toBe(
      'Die Raumeinheit „Nordstat“ gibt es in dieser Ebene nicht. Infrage kommen: 03 Nordstadt (STGT03). Bitte manuell zuordnen oder die Zeile auslassen.',
    );
    expect(result.unmatchedUnits).toEqual([
      { raw: 'Nordstat', reason: 'not-found', candidates: [{ code: 'STGT03', name: '03 Nordstadt' }], lines: [3, 5] },
      { raw: 'Flensburg gesamt', reason: 'not-found', candidates: [], lines: [4] },
    ]);

    // The saved mapping remembers the user's decisions for next year.
    const assigned = testMapping({
      ...COUNTS,
      units: { column: 'Stadtteil', level: 'stadtteil', assignments: { Nordstat: 'STGT03', 'Flensburg gesamt': null } },
    });
    const again = await apply('Stadtteil;Anzahl_2021\nAltstadt;475\nNordstat;2170\nFlensburg gesamt;12000\n', assigned);
    expect(again.issues).toEqual([]);
    expect(again.stats).toMatchObject({ values: 2, skippedRows: 1 });
  });

  it('a duplicate (unit, period, indicator) names both lines', async () => {
    const result = await apply('Stadtteil;Anzahl_2021\nAltstadt;475\n01 Altstadt;476\nTarup;150\n', COUNTS);
    expect(result.issues).toEqual([
      {
        severity: 'error',
        file: 'sgb2.csv',
        line: 3,
        field: 'Anzahl_2021',
        message: 'Doppelter Wert für 01 Altstadt, 2021, sgb2_anzahl: Zeile 2 (Spalte „Anzahl_2021“) und Zeile 3 (Spalte „Anzahl_2021“). Welcher gilt, bitte in der Datei klären.',
      },
    ]);
    expect(result.invalidLines).toEqual([2, 3]);
    expect(result.values.map((value) => value.unitCode)).toEqual(['STGT13']);
  });

  it('a column named in the mapping but missing in the file', async () => {
    const map = testMapping({ units: STADTTEIL, format: 'wide', period: '2021', columns: [{ column: 'Anteil_in_%', indicator: 'sgb2_anteil' }] });
    const result = await apply('Stadtteil;Anzahl_2021\nAltstadt;475\n', map);
    expect(result.issues).toEqual([
      {
        severity: 'error',
        file: 'sgb2.csv',
        line: 1,
        field: 'Anteil_in_%',
        message: 'Die Spalte „Anteil_in_%“ aus der Zuordnung fehlt in der Datei. Vorhandene Spalten: „Stadtteil“, „Anzahl_2021“.',
      },
    ]);
    expect(result).toMatchObject({ importable: false, values: [] });
    const noUnitColumn = await apply('Name;Anzahl_2021\nAltstadt;475\n', COUNTS);
    expect(noUnitColumn.issues[0]).toMatchObject({ line: 1, field: 'Stadtteil' });
  });

  it('a pattern that matches no column, and a column that yields no period', async () => {
    const result = await apply('Stadtteil;Anzahl_gesamt\nAltstadt;475\n', testMapping({ units: STADTTEIL, format: 'wide', columns: [{ columnPattern: '^Anzahl_(.+)$', indicator: 'x', period: '$1' }] }));
    expect(result.issues).toEqual([
      expect.objectContaining({ line: 1, field: 'Anzahl_gesamt', message: expect.stringContaining('kein Zeitraum („gesamt“)') }),
    ]);
    const none = await apply('Stadtteil;Wert\nAltstadt;475\n', WIDE);
    expect(none.issues.map((issue) => issue.field)).toEqual(['^Anzahl_(\\d{4})$', '^Anteil_(\\d{4})$']);
  });

  it('rows without any value are skipped with a warning, a row without unit is an error', async () => {
    const result = await apply('Stadtteil;Anzahl_2021;Anteil_2021\nAltstadt;;\n;5;1\nTarup;150;-\n');
    expect(result.issues.map((issue) => [issue.severity, issue.line])).toEqual([
      ['warning', 2],
      ['error', 3],
    ]);
    expect(result.values).toEqual([
      { line: 4, column: 'Anzahl_2021', unitCode: 'STGT13', period: '2021', indicator: 'sgb2_anzahl', value: 150, flag: null },
      { line: 4, column: 'Anteil_2021', unitCode: 'STGT13', period: '2021', indicator: 'sgb2_anteil', value: null, flag: 'missing' },
    ]);
  });

  it('a file with no data rows or no values is not importable and says why', async () => {
    const onlyHeader = await apply('Stadtteil;Anzahl_2021\n', COUNTS);
    expect(onlyHeader).toMatchObject({ importable: false, values: [] });
    expect(onlyHeader.issues).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('keine Datenzeilen') })]);
    const blank = await apply('Stadtteil;Anzahl_2021;Wert\nAltstadt;;1\nTarup;;2\n', COUNTS);
    expect(blank.issues.at(-1)).toMatchObject({ severity: 'error', message: 'Die zugeordneten Spalten enthalten keine Werte.' });
  });

  it('headers typed with decomposed umlauts still match', async () => {
    const map = testMapping({ units: STADTTEIL, format: 'wide', period: '2021', columns: [{ column: 'Beschäftigte', indicator: 'svb_anzahl' }] });
    const result = await apply('Stadtteil;Besch\u0061\u0308ftigte\nAltstadt;1593\n', map);
    expect(result.values).toHaveLength(1);
  });

  it('percent as fraction, dash as zero, forced decimal point', async () => {
    const map = testMapping({ ...WIDE, numbers: { percent: 'fraction', dash: 'zero', decimal: '.' } });
    const result = await apply('Stadtteil;Anzahl_2021;Anteil_2021\nAltstadt;1,475;13.4%\nTarup;–;3.1 %\n', map);
    expect(result.issues).toEqual([]);
    expect(result.values.map((value) => value.value)).toEqual([1475, 0.134, 0, 0.031]);
  });
});

describe('applyMapping: long format', () => {
  const LONG = testMapping({
    format: 'long',
    units: { column: 'Schlüssel', match: 'key', level: 'stadtteil' },
    period: { column: 'Stichtag' },
    indicator: { column: 'Merkmal', codes: { 'Einwohner insgesamt': 'bev_gesamt', 'SGB-II-Quote': 'sgb2_anteil' } },
    value: { column: 'Wert' },
  });

  it('one row per value; periods normalised; unknown indicators and periods reported', async () => {
    const csv = [
      'Schlüssel;Stichtag;Merkmal;Wert',
      '1;31.12.2021;Einwohner insgesamt;3.866',
      '01;2021;SGB-II-Quote;13,4',
      'STGT13;2021-12-31;Einwohner insgesamt;5.596',
      '2;Ende 2021;Einwohner insgesamt;4.850',
      '2;2021;Arbeitslose;1',
      '',
    ].join('\n');
    const result = await apply(csv, LONG);
    expect(result.values.map((value) => [value.unitCode, value.period, value.indicator, value.value])).toEqual([
      ['STGT01', '2021-12-31', 'bev_gesamt', 3866],
      ['STGT01', '2021', 'sgb2_anteil', 13.4],
      ['STGT13', '2021-12-31', 'bev_gesamt', 5596],
    ]);
    expect(result.issues.map((issue) => [issue.line, issue.field, issue.message])).toEqual([
      [5, 'Stichtag', '„Ende 2021“ ist kein Zeitraum (erwartet JJJJ oder TT.MM.JJJJ).'],
      [6, 'Merkmal', 'Der Indikator „Arbeitslose“ ist keinem Indikatorcode zugeordnet.'],
    ]);
  });
});
