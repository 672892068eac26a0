import { describe, expect, it } from 'vitest';
import { detectStructure } from '../../../electron/core/tables/detect-structure.ts';
import type { RawTable } from '../../../electron/core/tables/types.ts';

function table(lines: string[]): RawTable {
  const rows = lines.flatMap((text, index) => (text.replace(/;/g, '').trim() === '' ? [] : [{ line: index + 1, cells: text.split(';') }]));
  return { file: 't.csv', format: 'csv', rows, warnings: [] };
}

describe('detectStructure', () => {
  it('a plain table: one header row, no title, no footnote', () => {
    const structure = detectStructure(table(['id;stadtteil;2011;2017;gesamt', '1;Altstadt;3323;3807;3866', '2;Neustadt;4039;4698;4850']));
    expect(structure).toMatchObject({ hasHeader: true, headerLines: [1], titleLines: [], footnoteLines: [] });
    expect(structure.header).toEqual(['id', 'stadtteil', '2011', '2017', 'gesamt']);
    expect(structure.dataRows.map((row) => row.line)).toEqual([2, 3]);
  });

  it('a header of names and years only ("Stadtteil;2018;2019")', () => {
    const structure = detectStructure(table(['Stadtteil;2018;2019', 'Altstadt;15,8;15,8', 'Nordstadt;24,1;23']));
    expect(structure.headerLines).toEqual([1]);
    expect(structure.dataRows).toHaveLength(2);
  });

  it('no header row: names "Spalte 1" … and hasHeader false', () => {
    const structure = detectStructure(table(['01 Altstadt;;1.374;35,5%', '02 Neustadt;;2.191;45,2%']));
    expect(structure).toMatchObject({ hasHeader: false, headerLines: [], header: ['Spalte 1', 'Spalte 2', 'Spalte 3', 'Spalte 4'] });
    expect(structure.dataRows).toHaveLength(2);
  });

  it('city-wide tables with text labels and no header (tab_23 style)', () => {
    const structure = detectStructure(table(['Soziale Gruppenarbeit nach § 29 SGB VIII;23;13;7', 'Vollzeitpflege nach § 33 SGB VIII;137;116;106']));
    expect(structure.hasHeader).toBe(false);
  });

  it('titles, three header rows, blank lines and footnotes', () => {
    const structure = detectStructure(
      table([
        'Tabelle 5;Einwohner nach Geschlecht;;;;',
        ';;;;;',
        'Stadtteil;Einwohner;;;;',
        ';2020;;2021;;',
        ';männlich;weiblich;männlich;weiblich',
        'Altstadt;1.900;1.839;2.066;1.800',
        'Neustadt;2.500;2.225;2.624;2.226',
        ';;;;;',
        '1) Ohne Nebenwohnsitze;;;;;',
        'Stand: 31.12.2021;;;;;',
      ]),
    );
    expect(structure.titleLines).toEqual([1]);
    expect(structure.headerLines).toEqual([3, 4, 5]);
    expect(structure.header).toEqual([
      'Stadtteil',
      'Einwohner 2020 männlich',
      'Einwohner 2020 weiblich',
      'Einwohner 2021 männlich',
      'Einwohner 2021 weiblich',
    ]);
    expect(structure.footnoteLines).toEqual([9, 10]);
  });

  it('a short single-cell row directly under the data stays data; one after a blank line is a footnote', () => {
    const structure = detectStructure(table(['Stadtteil;Wert', 'Altstadt;1', 'Neustadt;2', 'Tarup', '', 'Rundungsdifferenzen']));
    expect(structure.dataRows.map((row) => row.cells[0])).toEqual(['Altstadt', 'Neustadt', 'Tarup']);
    expect(structure.footnoteLines).toEqual([6]);
  });

  it('duplicate and empty header names become unique', () => {
    const structure = detectStructure(table(['Name;Wert;Wert;', 'A;1;2;3']));
    expect(structure.header).toEqual(['Name', 'Wert', 'Wert (2)', 'Spalte 4']);
  });

  it('user overrides: header row count, first and last data line', () => {
    const lines = ['Bericht 2021', 'Stadtteil;Anzahl', 'Altstadt;1', 'Neustadt;2', 'Summe;3'];
    expect(detectStructure(table(lines), { headerRowCount: 0 })).toMatchObject({ hasHeader: false, titleLines: [1] });
    expect(detectStructure(table(lines), { headerRowCount: 0 }).dataRows).toHaveLength(4);
    const fixed = detectStructure(table(lines), { firstDataLine: 3, lastDataLine: 4 });
    expect(fixed).toMatchObject({ titleLines: [1], headerLines: [2], footnoteLines: [5], header: ['Stadtteil', 'Anzahl'] });
    expect(fixed.dataRows.map((row) => row.line)).toEqual([3, 4]);
    expect(detectStructure(table(lines), { firstDataLine: 3, headerRowCount: 2 }).headerLines).toEqual([1, 2]);
  });
});
