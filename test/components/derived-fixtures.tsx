import type { MethodOutput } from '../../shared/contract.ts';
import { summary, TOPICS } from './indicator-fixtures.tsx';
import type { FakeHandlers } from './helpers.tsx';

/**
 * Two levels for the derive and aggregate dialogs: four statistical districts (b1–b4) below two
 * Stadtteile (s1: b1, b2; s2: b3, b4), with counts on the district level.
 */
export const BEZIRK = { id: 'lvl-bz', key: 'bezirk', name: 'Statistischer Bezirk', rank: 3, unitCount: 4 };
export const STADTTEIL = { id: 'lvl-st', key: 'stadtteil', name: 'Stadtteil', rank: 2, unitCount: 2 };

export const UNITS: Record<string, Array<{ id: string; code: string; name: string; parentId: string | null }>> = {
  [BEZIRK.id]: [
    { id: 'b1', code: 'B1', name: 'Bezirk 1', parentId: 's1' },
    { id: 'b2', code: 'B2', name: 'Bezirk 2', parentId: 's1' },
    { id: 'b3', code: 'B3', name: 'Bezirk 3', parentId: 's2' },
    { id: 'b4', code: 'B4', name: 'Bezirk 4', parentId: 's2' },
  ],
  [STADTTEIL.id]: [
    { id: 's1', code: 'S1', name: 'Altstadt', parentId: null },
    { id: 's2', code: 'S2', name: 'Neustadt', parentId: null },
  ],
};

type Indicator = MethodOutput<'indicators.get'>;
type Row = MethodOutput<'values.series'>[number];

const base = {
  shortName: null,
  topic: 'Demografie',
  topicId: null,
  kind: 'status' as const,
  tags: [],
  archived: false,
  computed: false,
  definition: null,
  formula: null,
  source: null,
  licence: null,
  attribution: null,
  updateInterval: null,
  referenceDateNote: null,
  notes: null,
  recipe: null,
};

export const EW: Indicator = {
  ...base,
  id: 'ind-ew',
  code: 'bev_gesamt',
  name: 'Einwohner insgesamt',
  unit: 'Personen',
  decimals: 0,
  polarity: 'neutral',
  measure: 'absolute',
  periods: ['2020', '2021'],
  levelIds: [BEZIRK.id],
  valueCount: 8,
};

export const SGB: Indicator = {
  ...base,
  id: 'ind-sgb',
  code: 'sgb2_anzahl',
  name: 'SGB II Anzahl',
  unit: 'Personen',
  decimals: 0,
  polarity: 'need',
  measure: 'absolute',
  periods: ['2020', '2021'],
  levelIds: [BEZIRK.id],
  valueCount: 8,
};

/** A share derived from SGB and EW on the district level. */
export const QUOTE: Indicator = {
  ...base,
  id: 'ind-quote',
  code: 'ANT_sgb2_anzahl_bev_gesamt',
  name: 'Anteil SGB II an Einwohnern',
  unit: '%',
  decimals: 1,
  polarity: 'need',
  measure: 'relative',
  computed: true,
  periods: ['2020', '2021'],
  levelIds: [BEZIRK.id],
  valueCount: 8,
  recipe: { type: 'derived', operation: 'share', a: SGB.id, b: EW.id, levelId: BEZIRK.id, from: null, to: null },
};

/** Values on the Stadtteil level only: no level in common with the counts. */
export const FLAECHE: Indicator = {
  ...base,
  id: 'ind-flaeche',
  code: 'flaeche',
  name: 'Fläche',
  unit: 'km²',
  decimals: 1,
  polarity: 'neutral',
  measure: 'absolute',
  periods: ['2021'],
  levelIds: [STADTTEIL.id],
  valueCount: 2,
};

/** On the district level, but only in 2015: no period in common with the counts. */
export const ALT: Indicator = {
  ...base,
  id: 'ind-alt',
  code: 'alt_2015',
  name: 'Altbestand 2015',
  unit: 'Personen',
  decimals: 0,
  polarity: 'neutral',
  measure: 'absolute',
  periods: ['2015'],
  levelIds: [BEZIRK.id],
  valueCount: 4,
};

const row = (unitId: string, period: string, value: number | null, flag: Row['flag'] = null): Row => ({ unitId, period, value, flag });

/** 2021: b1 10/100 = 10 %, b2 30/200 = 15 %, b3 no count, b4 0/0. */
export const SERIES: Record<string, Row[]> = {
  [`${EW.id}|${BEZIRK.id}`]: [
    row('b1', '2020', 90),
    row('b2', '2020', 180),
    row('b3', '2020', 150),
    row('b4', '2020', 10),
    row('b1', '2021', 100),
    row('b2', '2021', 200),
    row('b3', '2021', 150),
    row('b4', '2021', 0),
  ],
  [`${SGB.id}|${BEZIRK.id}`]: [
    row('b1', '2020', 9),
    row('b2', '2020', 36),
    row('b3', '2020', 15),
    row('b4', '2020', 1),
    row('b1', '2021', 10),
    row('b2', '2021', 30),
    row('b3', '2021', null, 'missing'),
    row('b4', '2021', 0),
  ],
  [`${QUOTE.id}|${BEZIRK.id}`]: [row('b1', '2021', 10), row('b2', '2021', 15), row('b3', '2021', null, 'missing'), row('b4', '2021', null, 'missing')],
  [`${FLAECHE.id}|${STADTTEIL.id}`]: [row('s1', '2021', 1.2), row('s2', '2021', 2.5)],
  [`${ALT.id}|${BEZIRK.id}`]: [row('b1', '2015', 1), row('b2', '2015', 2), row('b3', '2015', 3), row('b4', '2015', 4)],
};

export const ALL = [EW, SGB, QUOTE, FLAECHE, ALT];

function features(levelId: string): MethodOutput<'units.features'> {
  return {
    type: 'FeatureCollection',
    features: (UNITS[levelId] ?? []).map((u) => ({ type: 'Feature', id: u.id, geometry: { type: 'Polygon', coordinates: [] }, properties: { id: u.id, code: u.code, name: u.name } })),
  };
}

export function derivedHandlers(overrides: FakeHandlers = {}): FakeHandlers {
  const all = Object.values(UNITS).flat();
  return {
    'levels.list': () => [STADTTEIL, BEZIRK],
    'topics.list': () => TOPICS,
    'indicators.list': () => ALL.map(summary),
    'indicators.get': ({ id }) => ALL.find((i) => i.id === id)!,
    'values.series': ({ indicatorId, levelId }) => SERIES[`${indicatorId}|${levelId}`] ?? [],
    'units.list': ({ levelId }) => UNITS[levelId] ?? [],
    'units.features': ({ levelId }) => features(levelId),
    'units.get': ({ id }) => {
      const unit = all.find((u) => u.id === id)!;
      const level = unit.id.startsWith('s') ? STADTTEIL : BEZIRK;
      return {
        id: unit.id,
        code: unit.code,
        name: unit.name,
        level: { id: level.id, name: level.name },
        parent: null,
        childCount: 0,
        areaKm2: 1,
        bbox: [0, 0, 1, 1],
        validFrom: null,
        validTo: null,
        attributes: {},
      };
    },
    ...overrides,
  };
}
