// Development data: a few indicators with plausible, invented values for the Flensburg demo on
// both levels (13 Stadtteile, 41 Bezirke, 2017–2021), so the map, the indicator page and the
// district profile have something to show — also on the Bezirk level, which the demo statistics
// do not cover. Names end in "(Testdaten)"; codes do not clash with the demo catalogue. `node scripts/dev-seed-values.ts --db FILE` (the host must be stopped: the database is
// locked while it runs). Running it twice changes nothing; the values are deterministic.
//
// The e2e tests import seedDevValues() and run it in-process on their temporary database.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { saveIndicator } from '../electron/core/services/indicators.ts';
import { blobDirectoryFor } from '../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { valueId } from '../electron/core/sync/ids.ts';

export const DEV_PERIODS = ['2017', '2018', '2019', '2020', '2021'] as const;

type Flag = 'missing' | 'suppressed' | 'estimated' | 'provisional' | null;

interface UnitRow {
  id: string;
  code: string;
  name: string;
  levelName: string;
  parentCode: string | null;
}

interface DevIndicator {
  code: string;
  fields: Parameters<typeof saveIndicator>[2]['indicator'];
  /** Value for a unit with deprivation d (0 = well off … 1 = deprived) in year index t. */
  value: (d: number, t: number, noise: number, unit: UnitRow) => number;
}

/**
 * Deprivation per Stadtteil, roughly as Flensburg's social reports describe the city: the
 * inner north and Neustadt highest, the villages on the edge lowest. Districts inherit their
 * Stadtteil's score with their own noise.
 */
const DEPRIVATION: Record<string, number> = {
  STGT01: 0.55, // Altstadt
  STGT02: 0.9, // Neustadt
  STGT03: 0.8, // Nordstadt
  STGT04: 0.35, // Westliche Höhe
  STGT05: 0.45, // Friesischer Berg
  STGT06: 0.6, // Weiche
  STGT07: 0.5, // Südstadt
  STGT08: 0.65, // Sandberg
  STGT09: 0.4, // Jürgensby
  STGT10: 0.3, // Fruerlund
  STGT11: 0.25, // Mürwik
  STGT12: 0.5, // Engelsby
  STGT13: 0.1, // Tarup
};

export const DEV_INDICATORS: DevIndicator[] = [
  {
    code: 'SGB2_QUOTE',
    fields: {
      code: 'SGB2_QUOTE',
      name: 'SGB-II-Quote (Testdaten)',
      shortName: 'SGB II',
      topic: 'Arbeit und Soziales/Transferleistungen',
      unit: '%',
      decimals: 1,
      polarity: 'need',
      kind: 'status',
      measure: 'relative',
      definition: 'Anteil der Personen in Bedarfsgemeinschaften nach SGB II an der Bevölkerung unter 65 Jahren.',
      formula: 'Personen in Bedarfsgemeinschaften (SGB II) / Einwohner unter 65 Jahren × 100',
      source: 'Statistik der Bundesagentur für Arbeit; Einwohnermelderegister der Stadt',
      licence: 'Entwicklungsdaten (erfunden)',
      attribution: 'Quartiersatlas, Testdaten',
      updateInterval: 'jährlich',
      referenceDateNote: 'Stichtag 31.12.',
      notes: 'Testdaten für die Entwicklung – keine echten Werte.',
      tags: ['Armut', 'Transferleistungen'],
    },
    value: (d, t, noise) => 3 + 22 * d + 1.2 * noise - 0.35 * t * (1 - d),
  },
  {
    code: 'KINDERARMUT',
    fields: {
      code: 'KINDERARMUT',
      name: 'Kinderarmut (Testdaten)',
      shortName: 'Kinderarmut',
      topic: 'Arbeit und Soziales/Transferleistungen',
      unit: '%',
      decimals: 1,
      polarity: 'need',
      kind: 'status',
      measure: 'relative',
      definition: 'Anteil der Kinder unter 15 Jahren, die in Bedarfsgemeinschaften nach SGB II leben (Kinderarmut).',
      formula: 'Kinder unter 15 in Bedarfsgemeinschaften / Kinder unter 15 × 100',
      source: 'Statistik der Bundesagentur für Arbeit',
      licence: 'Entwicklungsdaten (erfunden)',
      updateInterval: 'jährlich',
      notes: 'Testdaten. Kleine Bezirke sind geheim gehalten (zu wenige Kinder).',
      tags: ['Kinder', 'Armut'],
    },
    value: (d, t, noise) => 5 + 38 * d + 2.5 * noise + 0.3 * t * d,
  },
  {
    code: 'UEBERGANG_GYM',
    fields: {
      code: 'UEBERGANG_GYM',
      name: 'Übergangsquote Gymnasium (Testdaten)',
      shortName: 'Übergang Gymnasium',
      topic: 'Bildung',
      unit: '%',
      decimals: 1,
      polarity: 'better',
      kind: 'status',
      measure: 'relative',
      definition: 'Anteil der Schülerinnen und Schüler der 4. Klassen, die auf ein Gymnasium wechseln.',
      formula: 'Übergänge auf das Gymnasium / Schülerinnen und Schüler der 4. Klassen × 100',
      source: 'Schulamt der Stadt (Schulstatistik)',
      licence: 'Entwicklungsdaten (erfunden)',
      updateInterval: 'jährlich (Schuljahr)',
      referenceDateNote: 'Schuljahresbeginn',
      tags: ['Bildung', 'Kinder'],
    },
    value: (d, t, noise) => 62 - 38 * d + 3 * noise + 0.6 * t,
  },
  {
    code: 'EINWOHNER',
    fields: {
      code: 'EINWOHNER',
      name: 'Einwohnerinnen und Einwohner (Testdaten)',
      shortName: 'Einwohner',
      topic: 'Demografie',
      unit: 'Personen',
      decimals: 0,
      polarity: 'neutral',
      kind: 'status',
      measure: 'absolute',
      definition: 'Personen mit Hauptwohnsitz im Gebiet.',
      source: 'Einwohnermelderegister der Stadt',
      licence: 'Entwicklungsdaten (erfunden)',
      updateInterval: 'jährlich',
      referenceDateNote: 'Stichtag 31.12.',
    },
    value: (_d, t, noise, unit) => {
      const base = unit.levelName === 'Stadtteil' ? 7000 : 2200;
      return Math.round(base * (1 + 0.45 * noise) * (1 + 0.006 * t));
    },
  },
];

/** Small deterministic generator (mulberry32) so every run writes the same numbers. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  return h >>> 0;
}

function units(db: Database): UnitRow[] {
  return db
    .prepare(
      `SELECT u.id, u.code, u.name, l.name AS levelName, p.code AS parentCode
       FROM spatial_units u JOIN spatial_levels l ON l.id = u.level_id
       LEFT JOIN spatial_units p ON p.id = u.parent_id
       WHERE u.deleted = 0 AND l.name IN ('Stadtteil', 'Statistischer Bezirk')
       ORDER BY u.code`,
    )
    .all() as UnitRow[];
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * Special cases, so the legend's own entries and the flags have something to show:
 * - Kinderarmut: three small districts suppressed every year, Tarup suppressed in 2017;
 * - SGB-II-Quote: Engelsby (Stadtteil) missing in 2018 (null), 2021 provisional everywhere;
 * - Übergangsquote: one district without a row in 2019 (no data at all), Sandberg 2020 estimated.
 */
function special(code: string, unit: UnitRow, period: string): { value?: null; flag: Flag } | null {
  if (code === 'KINDERARMUT' && ['STBZ083', 'STBZ116', 'STBZ132'].includes(unit.code)) return { value: null, flag: 'suppressed' };
  if (code === 'KINDERARMUT' && unit.code === 'STGT13' && period === '2017') return { value: null, flag: 'suppressed' };
  if (code === 'SGB2_QUOTE' && unit.code === 'STGT12' && period === '2018') return { value: null, flag: null };
  if (code === 'SGB2_QUOTE' && period === '2021') return { flag: 'provisional' };
  if (code === 'UEBERGANG_GYM' && unit.code === 'STGT08' && period === '2020') return { flag: 'estimated' };
  return null;
}

export interface SeedResult {
  indicators: Array<{ id: string; code: string }>;
  values: number;
}

/** Creates the development indicators and their values in an opened database. */
export function seedDevValues(sqlite: Database, dbPath: string): SeedResult {
  const writer = new ChangeWriter(sqlite, { blobDirectory: blobDirectoryFor(dbPath) });
  const all = units(sqlite);
  if (all.length === 0) throw new Error('Keine Stadtteile/Bezirke in der Datenbank: bitte zuerst einmal den Host starten (lädt die Demo).');
  const rows: Array<{ id: string; values: Record<string, unknown> }> = [];
  const created: SeedResult['indicators'] = [];
  for (const indicator of DEV_INDICATORS) {
    const { id } = saveIndicator(writer, sqlite, { indicator: indicator.fields });
    created.push({ id, code: indicator.code });
    const decimals = indicator.fields.decimals ?? 1;
    for (const unit of all) {
      const stadtteil = unit.levelName === 'Stadtteil' ? unit.code : (unit.parentCode ?? '');
      const next = random(hash(`${indicator.code}|${unit.code}`));
      const d = Math.min(1, Math.max(0, (DEPRIVATION[stadtteil] ?? 0.5) + (unit.levelName === 'Stadtteil' ? 0 : (next() - 0.5) * 0.3)));
      const unitNoise = next() * 2 - 1;
      for (const [t, period] of DEV_PERIODS.entries()) {
        if (indicator.code === 'UEBERGANG_GYM' && unit.code === 'STBZ044' && period === '2019') continue;
        const override = special(indicator.code, unit, period);
        const raw = indicator.value(d, t, unitNoise + (next() - 0.5) * 0.4, unit);
        const value = override && 'value' in override ? null : Math.max(0, round(raw, decimals));
        rows.push({
          id: valueId(id, unit.id, period),
          values: { indicator_id: id, unit_id: unit.id, period, value, flag: override?.flag ?? null },
        });
      }
    }
  }
  writer.transaction((tx) => tx.bulkInsert('indicator_values', rows));
  return { indicators: created, values: rows.length };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' } } });
  if (!values.db) {
    console.error('Aufruf: node scripts/dev-seed-values.ts --db DATEI');
    return 2;
  }
  const db = openDatabase(values.db);
  try {
    const result = seedDevValues(db.sqlite, db.path);
    console.log(`${result.indicators.length} Indikatoren, ${result.values} Werte in ${db.path}`);
    return 0;
  } finally {
    db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main(process.argv.slice(2)));
}
