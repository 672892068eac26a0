import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMapping, type ImportedValue } from '../../../electron/core/tables/apply-mapping.ts';
import { detectStructure } from '../../../electron/core/tables/detect-structure.ts';
import { readTable } from '../../../electron/core/tables/read-table.ts';
import { STATISTIK, flensburgMapping, flensburgUnits, statistikFile } from './helpers.ts';

const UNITS = flensburgUnits();

const CASES = [
  { mapping: 'tab_1_einwohner.json', file: 'tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv', values: 104 },
  { mapping: 'tab18_sgb2.json', file: 'tab18_Anzahl_der_Regelleistungsberechtigten_nach_SGBII_-_Tabellenblatt1.csv', values: 104 },
  { mapping: 'tab_5_altersgruppen.json', file: 'tab_5_einwohner_in_stadtteilen_2021_nach_altersgruppen.csv', values: 104 },
  { mapping: 'tab_4_altenquotient.json', file: 'tab_4_altenquotient_2011_bis_2021.csv', values: 78 },
  { mapping: 'tab_9_migrationshintergrund.json', file: 'tab_9_anteil_migrationshintergrund.csv', values: 78 },
  { mapping: 'tab_11_beschaeftigte.json', file: 'tab_11_sozialversicherungspflichtig_beschaeftigte.csv', values: 156 },
  { mapping: 'tab_2_geburten.json', file: 'tab_2_anzahl_geburten_und_geburtenquoten.csv', values: 156 },
];

async function run(mappingName: string) {
  const entry = CASES.find((candidate) => candidate.mapping === mappingName)!;
  const table = await readTable(statistikFile(entry.file));
  return applyMapping(table, flensburgMapping(mappingName), UNITS);
}

function valueOf(values: ImportedValue[], unitCode: string, indicator: string, period: string): number | null | undefined {
  const found = values.filter((value) => value.unitCode === unitCode && value.indicator === indicator && value.period === period);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

describe('Flensburg statistics with their saved mappings', () => {
  it.each(CASES)('$mapping gives $values values, all units matched, no issue', async ({ mapping, values }) => {
    const result = await run(mapping);
    expect(result.issues).toEqual([]);
    expect(result.unmatchedUnits).toEqual([]);
    expect(result.importable).toBe(true);
    expect(result.values).toHaveLength(values);
    expect(new Set(result.values.map((value) => value.unitCode)).size).toBe(13);
    expect(result.values.every((value) => value.flag === null && typeof value.value === 'number')).toBe(true);
    expect(result.values.every((value) => /^\d{4}$/.test(value.period))).toBe(true);
  });

  it('every mapping in the folder is covered and every indicator is in the catalogue', () => {
    const files = readdirSync(resolve(STATISTIK, 'mappings')).sort();
    expect(files).toEqual(CASES.map((entry) => entry.mapping).sort());
    const catalogue = JSON.parse(readFileSync(resolve(STATISTIK, 'indikatoren.json'), 'utf8')) as {
      indicators: Array<Record<string, unknown>>;
    };
    const codes = new Set(catalogue.indicators.map((indicator) => indicator.code));
    expect(codes.size).toBe(catalogue.indicators.length);
    for (const file of files) {
      const mapping = flensburgMapping(file);
      if (mapping.format !== 'wide') throw new Error('Flensburg mappings are wide');
      for (const rule of mapping.columns) expect(codes, `${file}: ${rule.indicator}`).toContain(rule.indicator);
    }
    for (const indicator of catalogue.indicators) {
      expect(indicator).toMatchObject({ source: 'Statistikstelle der Stadt Flensburg', licence: 'CC0 1.0', updateInterval: 'jährlich' });
      expect(['need', 'better', 'neutral']).toContain(indicator.polarity);
      expect(['status', 'dynamic']).toContain(indicator.kind);
      expect(['absolute', 'relative']).toContain(indicator.measure);
      for (const key of ['name', 'shortName', 'topic', 'unit', 'definition', 'notes']) expect(indicator[key], `${String(indicator.code)}.${key}`).toBeTruthy();
    }
  });

  it('tab_1: years, "gesamt" as 2021, and the 2021 shares by sex', async () => {
    const { values } = await run('tab_1_einwohner.json');
    expect(valueOf(values, 'STGT13', 'bev_gesamt', '2021')).toBe(5596);
    expect(valueOf(values, 'STGT13', 'bev_gesamt', '2011')).toBe(4115);
    expect(valueOf(values, 'STGT11', 'bev_gesamt', '2020')).toBe(15283);
    expect(valueOf(values, 'STGT01', 'bev_anteil_maennlich', '2021')).toBe(53.4);
    expect(valueOf(values, 'STGT01', 'bev_anteil_weiblich', '2021')).toBe(46.6);
    expect(values.find((value) => value.unitCode === 'STGT13' && value.period === '2021' && value.indicator === 'bev_gesamt')).toMatchObject({
      line: 14,
      column: 'gesamt',
    });
  });

  it('tab18: SGB II counts and shares, "23" without decimals read as 23', async () => {
    const { values } = await run('tab18_sgb2.json');
    expect(valueOf(values, 'STGT01', 'sgb2_anteil', '2018')).toBe(15.8);
    expect(valueOf(values, 'STGT03', 'sgb2_anteil', '2019')).toBe(23);
    expect(valueOf(values, 'STGT07', 'sgb2_anteil', '2018')).toBe(19);
    expect(valueOf(values, 'STGT03', 'sgb2_anzahl', '2018')).toBe(2481);
    expect(valueOf(values, 'STGT13', 'sgb2_anzahl', '2021')).toBe(150);
  });

  it('tab_5: age groups of 2021, the duplicate "gesamt" column left out', async () => {
    const result = await run('tab_5_altersgruppen.json');
    expect(valueOf(result.values, 'STGT01', 'bev_u18', '2021')).toBe(360);
    expect(valueOf(result.values, 'STGT11', 'bev_80plus', '2021')).toBe(1596);
    expect(valueOf(result.values, 'STGT13', 'bev_u7', '2021')).toBe(453);
    expect(result.stats.unusedColumns).toEqual(['stadtteil', 'gesamt']);
  });

  it('tab_4: old-age ratio with decimal commas', async () => {
    const { values } = await run('tab_4_altenquotient.json');
    expect(valueOf(values, 'STGT01', 'altenquotient', '2011')).toBe(14.8);
    expect(valueOf(values, 'STGT04', 'altenquotient', '2020')).toBe(43);
    expect(valueOf(values, 'STGT11', 'altenquotient', '2021')).toBe(52.8);
  });

  it('tab_9: no header row, thousands dots, percentages; the columns as documented', async () => {
    const table = await readTable(statistikFile('tab_9_anteil_migrationshintergrund.csv'));
    const detected = detectStructure(table);
    expect(detected.hasHeader).toBe(false);
    expect(detected.header).toHaveLength(10);
    expect(detected.dataRows).toHaveLength(13);

    const { values } = await run('tab_9_migrationshintergrund.json');
    expect(valueOf(values, 'STGT01', 'migration_anzahl', '2021')).toBe(1374);
    expect(valueOf(values, 'STGT01', 'migration_anteil', '2021')).toBe(35.5);
    expect(valueOf(values, 'STGT03', 'migration_anzahl', '2021')).toBe(5782);
    expect(valueOf(values, 'STGT03', 'auslaender_anzahl', '2021')).toBe(4109);
    expect(valueOf(values, 'STGT11', 'migration_deutsche_anzahl', '2021')).toBe(2082);
    expect(valueOf(values, 'STGT13', 'auslaender_anteil', '2021')).toBe(4.4);
    // The reading holds for every row: foreigners + Germans with migration background = all.
    for (const unit of UNITS) {
      const all = valueOf(values, unit.code, 'migration_anzahl', '2021')!;
      expect(valueOf(values, unit.code, 'auslaender_anzahl', '2021')! + valueOf(values, unit.code, 'migration_deutsche_anzahl', '2021')!).toBe(all);
    }
  });

  it('tab_11: employment; "Beschäftigungsquote_gesamt_2021" continues the series, "45%" is 45', async () => {
    const { values } = await run('tab_11_beschaeftigte.json');
    expect(valueOf(values, 'STGT01', 'beschaeftigungsquote', '2017')).toBe(43);
    expect(valueOf(values, 'STGT01', 'beschaeftigungsquote', '2021')).toBe(50.6);
    expect(valueOf(values, 'STGT03', 'beschaeftigungsquote_frauen', '2021')).toBe(45);
    expect(valueOf(values, 'STGT11', 'svb_anzahl', '2021')).toBe(4740);
  });

  it('tab_2: births and birth rate, "Anzahl_gesamt"/"Quote" as 2021', async () => {
    const { values } = await run('tab_2_geburten.json');
    expect(valueOf(values, 'STGT01', 'geburten_anzahl', '2021')).toBe(31);
    expect(valueOf(values, 'STGT01', 'geburtenquote', '2021')).toBe(28.3);
    expect(valueOf(values, 'STGT08', 'geburten_anzahl', '2011')).toBe(122);
    expect(valueOf(values, 'STGT12', 'geburtenquote', '2020')).toBe(53);
  });
});
