import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { seedDemo } from '../../../electron/core/demo/seed-demo.ts';
import { valueTable } from '../../../electron/core/exports/value-table.ts';
import { valuesToCsv } from '../../../electron/core/exports/write-csv.ts';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { importValues } from '../../../electron/core/imports/import-values.ts';
import { runJob } from '../../../electron/core/jobs/run-job.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { canonicalDump } from '../../helpers/canonical-dump.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';
import type { OpenedDatabase } from '../../../electron/core/db/open-database.ts';

/** Bytes as German Excel writes "CSV (Trennzeichen-getrennt)": Windows-1252, `;`, CRLF. */
function windows1252(text: string): Uint8Array {
  const bytes: number[] = [];
  const special: Record<string, number> = { '€': 0x80, '–': 0x96 };
  for (const char of text) bytes.push(special[char] ?? char.charCodeAt(0));
  return new Uint8Array(bytes);
}

const GERMAN_EXCEL = windows1252(
  [
    'Anteil der Kinder in Bedarfsgemeinschaften nach Stadtteilen (in %)',
    ';;',
    'Stadtteil;2020;2021',
    'Altstadt;21,4;20,9',
    'Neustadt;33,1;34,8',
    'Nordstadt;28,0;27,5',
    'Westliche Höhe;9,7;9,2',
    'Friesischer Berg;12,3;12,9',
    'Weiche;15,2;14,1',
    'Südstadt;18,8;19,3',
    'Sandberg;14,5;13,9',
    'Jürgensby;19,9;21,2',
    'Fruerlund;24,6;25,0',
    'Mürwik;11,1;10,4',
    'Engelsby;17,3;17,7',
    'Tarup;2,8;3,1',
    'Quelle: Stadt Flensburg, eigene Berechnung',
  ].join('\r\n'),
);

const KINDER_MAPPING = {
  version: 1,
  name: 'Kinderarmut',
  format: 'wide',
  units: { column: 'Stadtteil', match: 'name', level: 'Stadtteil' },
  columns: [{ columnPattern: '^(\\d{4})$', indicator: 'kinder_bg_anteil', period: '$1' }],
};
const KINDER_CATALOGUE = {
  version: 1 as const,
  indicators: [{ code: 'kinder_bg_anteil', name: 'Kinder in Bedarfsgemeinschaften', polarity: 'need' as const, unit: '%', decimals: 1, measure: 'relative' as const, topic: 'Arbeit und Soziales' }],
};

let demo: OpenedDatabase;
let demoDir: string;
beforeAll(async () => {
  demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-values-'));
  demo = openDatabase(path.join(demoDir, 'demo.sqlite'));
  await seedDemo((job) => runJob(demo.path, job));
});
afterAll(() => {
  demo.close();
  fs.rmSync(demoDir, { recursive: true, force: true });
});

describe('importing indicator values', () => {
  it('loads the Flensburg statistics into the demo with the catalogue', () => {
    const indicators = demo.sqlite.prepare('SELECT code, polarity, unit FROM indicators').all() as Array<{ code: string; polarity: string; unit: string }>;
    expect(indicators.length).toBe(26);
    expect(indicators.find((i) => i.code === 'sgb2_anteil')).toMatchObject({ polarity: 'need', unit: '%' });
    const altstadt2018 = demo.sqlite
      .prepare("SELECT v.value FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN spatial_units u ON u.id = v.unit_id WHERE i.code = 'sgb2_anteil' AND u.code = 'STGT01' AND v.period = '2018'")
      .get();
    expect(altstadt2018).toEqual({ value: 15.8 });
  });

  it('reads a CSV written the German-Excel way (Windows-1252, ;, decimal comma, title and source lines)', async () => {
    const db = tempDatabase();
    await seedDemo((job) => runJob(db.path, job));
    const summary = await importValues(db.sqlite, blobDirectoryFor(db.path), { name: 'kinderarmut.csv', data: GERMAN_EXCEL }, { mapping: KINDER_MAPPING, catalogue: KINDER_CATALOGUE });
    expect(summary).toMatchObject({ created: 26, values: 26 });
    const ranking = db.sqlite
      .prepare("SELECT u.name FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN spatial_units u ON u.id = v.unit_id WHERE i.code = 'kinder_bg_anteil' AND v.period = '2021' ORDER BY v.value DESC")
      .all() as Array<{ name: string }>;
    expect(ranking.slice(0, 3).map((r) => r.name)).toEqual(['02 Neustadt', '03 Nordstadt', '10 Fruerlund']);
    expect(ranking.at(-1)!.name).toBe('13 Tarup');
  });

  it('refuses a broken value naming file, line and column, and changes nothing', async () => {
    const db = tempDatabase();
    await seedDemo((job) => runJob(db.path, job));
    const before = canonicalDump(db.sqlite);
    const broken = windows1252(new TextDecoder('windows-1252').decode(GERMAN_EXCEL).replace('Weiche;15,2;14,1', 'Weiche;15,2;vierzehn'));
    const failure = await importValues(db.sqlite, blobDirectoryFor(db.path), { name: 'kinderarmut.csv', data: broken }, { mapping: KINDER_MAPPING, catalogue: KINDER_CATALOGUE }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    expect((failure as ImportFailed).issues).toEqual([expect.objectContaining({ file: 'kinderarmut.csv', line: 9, field: '2021' })]);
    expect(canonicalDump(db.sqlite)).toBe(before);
    const partial = await importValues(db.sqlite, blobDirectoryFor(db.path), { name: 'kinderarmut.csv', data: broken }, { mapping: KINDER_MAPPING, catalogue: KINDER_CATALOGUE, keepValidRowsOnly: true });
    expect(partial.values).toBe(24);
  });

  it('writes a long table column-wise: values, flags and only the valid lines', async () => {
    const db = tempDatabase();
    await seedDemo((job) => runJob(db.path, job));
    const csv = new TextEncoder().encode(
      ['Stadtteil;Jahr;Indikator;Wert', 'Altstadt;2030;kinder_bg_anteil;12,5', 'Neustadt;2030;kinder_bg_anteil;.', 'Tarup;2030;kinder_bg_anteil;3,1p', 'Weiche;2030;kinder_bg_anteil;viel', 'Mürwik;2031;kinder_bg_anteil;7'].join('\n'),
    );
    const mapping = { version: 1, name: 'Lang', format: 'long', units: { column: 'Stadtteil', match: 'name', level: 'Stadtteil' }, period: { column: 'Jahr' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } };
    const summary = await importValues(db.sqlite, blobDirectoryFor(db.path), { name: 'lang.csv', data: csv }, { mapping, catalogue: KINDER_CATALOGUE, keepValidRowsOnly: true });
    expect(summary).toMatchObject({ created: 4, values: 4, indicators: ['kinder_bg_anteil'] });
    const stored = db.sqlite
      .prepare(
        `SELECT u.name, v.period, v.value, v.flag FROM indicator_values v JOIN spatial_units u ON u.id = v.unit_id JOIN indicators i ON i.id = v.indicator_id
         WHERE i.code = 'kinder_bg_anteil' AND v.period >= '2030' ORDER BY v.period, u.name`,
      )
      .all();
    // Demo unit names carry their number ("01 Altstadt").
    expect(stored.map((row) => ({ ...(row as { name: string }), name: (row as { name: string }).name.replace(/^\d+ /, '') }))).toEqual(
      expect.arrayContaining([
        { name: 'Altstadt', period: '2030', value: 12.5, flag: null },
        { name: 'Neustadt', period: '2030', value: null, flag: 'suppressed' },
        { name: 'Tarup', period: '2030', value: 3.1, flag: 'provisional' },
        { name: 'Mürwik', period: '2031', value: 7, flag: null },
      ]),
    );
    expect(stored).toHaveLength(4);
  });

  it('refuses unknown indicator codes without a catalogue', async () => {
    const db = tempDatabase();
    await seedDemo((job) => runJob(db.path, job));
    const failure = await importValues(db.sqlite, blobDirectoryFor(db.path), { name: 'k.csv', data: GERMAN_EXCEL }, { mapping: KINDER_MAPPING }).catch((e: unknown) => e);
    expect((failure as ImportFailed).issues[0]!.message).toMatch(/„kinder_bg_anteil“ ist nicht im Katalog/);
  });

  it('re-imports an exported CSV to identical values', async () => {
    const rows = valueTable(demo.sqlite, { indicators: [], level: 'Stadtteil', suppressionThreshold: 0 });
    expect(rows.length).toBe(780);
    const csv = valuesToCsv(rows);
    const before = canonicalDump(demo.sqlite);
    const summary = await importValues(demo.sqlite, blobDirectoryFor(demo.path), { name: 'export.csv', data: csv }, {
      mapping: { version: 1, name: 'Rückimport', format: 'long', units: { column: 'Schlüssel', match: 'key', level: 'Stadtteil' }, period: { column: 'Zeitraum' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } },
    });
    expect(summary).toMatchObject({ created: 0, updated: 0, values: 780 });
    expect(summary.unchanged).toBe(780);
    expect(canonicalDump(demo.sqlite)).toBe(before);
  });

  it('suppresses small counts in exports, never shares', () => {
    const rows = valueTable(demo.sqlite, { indicators: ['sgb2_anzahl', 'sgb2_anteil'], level: 'Stadtteil', suppressionThreshold: 100 });
    const tarupCount = rows.find((r) => r.unitCode === 'STGT13' && r.indicatorCode === 'sgb2_anzahl' && r.period === '2018')!;
    expect(tarupCount).toMatchObject({ value: null, flag: 'suppressed' });
    const tarupShare = rows.find((r) => r.unitCode === 'STGT13' && r.indicatorCode === 'sgb2_anteil' && r.period === '2018')!;
    expect(tarupShare.value).toBe(1.7);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(valuesToCsv(rows));
    expect(csv).toMatch(/STGT13;13 Tarup;2018;sgb2_anzahl;[^\r]*;\.;geheim/);
    expect(csv.startsWith('\uFEFFSchlüssel;')).toBe(true);
  });
});
