import type { ReactElement, ReactNode } from 'react';
import type { MethodOutput } from '../../shared/contract.ts';
import { SelectionProvider, type SelectionState } from '../../renderer/state/selection.tsx';
import { fakeClient, renderWithProviders, type FakeHandlers } from './helpers.tsx';

/**
 * A small known dataset for the indicator components: one level with six units, two
 * indicators ("need" and "better") over three periods, with a missing, a null and a suppressed value.
 */
export const LEVEL = { id: 'lvl-st', key: 'stadtteil', name: 'Stadtteil', rank: 2, unitCount: 6 };
export const LEVELS: MethodOutput<'levels.list'> = [LEVEL];

export const UNITS = [
  { id: 'u1', code: 'ST01', name: '01 Altstadt' },
  { id: 'u2', code: 'ST02', name: '02 Neustadt' },
  { id: 'u3', code: 'ST03', name: '03 Nordstadt' },
  { id: 'u4', code: 'ST04', name: '04 Westliche Höhe' },
  { id: 'u5', code: 'ST05', name: '05 Friesischer Berg' },
  { id: 'u6', code: 'ST06', name: '06 Weiche' },
];

export const FEATURES: MethodOutput<'units.features'> = {
  type: 'FeatureCollection',
  features: UNITS.map((u) => ({
    type: 'Feature',
    id: u.id,
    geometry: { type: 'Polygon', coordinates: [] },
    properties: { id: u.id, code: u.code, name: u.name },
  })),
};

type Indicator = MethodOutput<'indicators.get'>;

const base = {
  shortName: null,
  kind: 'status' as const,
  measure: 'relative' as const,
  tags: [],
  archived: false,
  computed: false,
  periods: ['2019', '2020', '2021'],
  levelIds: [LEVEL.id],
  formula: null,
  licence: null,
  attribution: null,
  referenceDateNote: null,
  notes: null,
  recipe: null,
};

export const SGB2: Indicator = {
  ...base,
  id: 'ind-sgb2',
  code: 'SGB2_QUOTE',
  name: 'SGB-II-Quote',
  shortName: 'SGB II',
  topic: 'Transferleistungen',
  topicId: 'top-transfer',
  unit: '%',
  decimals: 1,
  polarity: 'need',
  valueCount: 18,
  definition: 'Anteil der Personen in Bedarfsgemeinschaften nach SGB II an der Bevölkerung unter 65 Jahren.',
  formula: 'Personen in BG / Einwohner unter 65 × 100',
  source: 'Bundesagentur für Arbeit',
  licence: 'dl-de/by-2-0',
  updateInterval: 'jährlich',
  tags: ['Armut'],
};

export const GYM: Indicator = {
  ...base,
  id: 'ind-gym',
  code: 'UEBERGANG_GYM',
  name: 'Übergangsquote Gymnasium',
  topic: 'Bildung',
  topicId: 'top-bildung',
  unit: '%',
  decimals: 1,
  polarity: 'better',
  valueCount: 18,
  definition: 'Anteil der Viertklässler, die auf ein Gymnasium wechseln.',
  source: 'Schulamt',
  updateInterval: 'jährlich',
};

export const TOPICS: MethodOutput<'topics.list'> = [
  { id: 'top-arbeit', key: 'arbeit-und-soziales', name: 'Arbeit und Soziales', parentId: null, rank: 2 },
  { id: 'top-transfer', key: 'arbeit-und-soziales/transferleistungen', name: 'Transferleistungen', parentId: 'top-arbeit', rank: 0 },
  { id: 'top-bildung', key: 'bildung', name: 'Bildung', parentId: null, rank: 3 },
];

type Row = MethodOutput<'values.series'>[number];
const row = (unitId: string, period: string, value: number | null, flag: Row['flag'] = null): Row => ({ unitId, period, value, flag });

/**
 * SGB II 2021: u2 21.9 (max), u3 20.0, u1 14.5, u4 10.5, u5 suppressed, u6 no row at all.
 * 2020: u3 rose from 18.5 to 20.0 (worse), u2 fell from 22.5 to 21.9 (better), u1 unchanged.
 */
export const SGB2_SERIES: Row[] = [
  row('u1', '2019', 14.0),
  row('u2', '2019', 23.0),
  row('u3', '2019', 18.0),
  row('u4', '2019', 11.0),
  row('u5', '2019', null, 'suppressed'),
  row('u6', '2019', 6.0),
  row('u1', '2020', 14.5),
  row('u2', '2020', 22.5),
  row('u3', '2020', 18.5),
  row('u4', '2020', 10.8),
  row('u5', '2020', null, 'suppressed'),
  row('u6', '2020', null),
  row('u1', '2021', 14.5),
  row('u2', '2021', 21.9, 'provisional'),
  row('u3', '2021', 20.0),
  row('u4', '2021', 10.5),
  row('u5', '2021', null, 'suppressed'),
];

/** Übergangsquote 2021: u4 highest (62.0, best), u2 lowest (25.0, worst). */
export const GYM_SERIES: Row[] = [
  row('u1', '2020', 44.0),
  row('u2', '2020', 27.0),
  row('u3', '2020', 30.0),
  row('u4', '2020', 60.0),
  row('u5', '2020', 50.0),
  row('u6', '2020', 55.0),
  row('u1', '2021', 45.0),
  row('u2', '2021', 25.0),
  row('u3', '2021', 31.0),
  row('u4', '2021', 62.0),
  row('u5', '2021', 52.0),
  row('u6', '2021', 55.0),
];

export function summary(indicator: Indicator): MethodOutput<'indicators.list'>[number] {
  const { definition: _d, formula: _f, source: _s, licence: _l, attribution: _a, updateInterval: _u, referenceDateNote: _r, notes: _n, recipe: _re, ...rest } = indicator;
  return rest;
}

export function indicatorHandlers(overrides: FakeHandlers = {}): FakeHandlers {
  const details = new Map([SGB2, GYM].map((i) => [i.id, i]));
  const series = new Map([
    [SGB2.id, SGB2_SERIES],
    [GYM.id, GYM_SERIES],
  ]);
  return {
    'levels.list': () => LEVELS,
    'topics.list': () => TOPICS,
    'units.features': () => FEATURES,
    'units.get': ({ id }) => {
      const u = UNITS.find((x) => x.id === id)!;
      return {
        id: u.id,
        code: u.code,
        name: u.name,
        level: { id: LEVEL.id, name: LEVEL.name },
        parent: null,
        childCount: 0,
        areaKm2: 1,
        bbox: [0, 0, 1, 1],
        validFrom: null,
        validTo: null,
        attributes: {},
      };
    },
    'indicators.list': () => [SGB2, GYM].map(summary),
    'indicators.get': ({ id }) => details.get(id)!,
    'values.series': ({ indicatorId }) => series.get(indicatorId) ?? [],
    'values.seriesMany': ({ indicatorIds }) => indicatorIds.map((id) => ({ indicatorId: id, values: series.get(id) ?? [] })),
    ...overrides,
  };
}

/** Renders with the API, i18n and the shared selection (as App provides it). */
export function renderWithSelection(ui: ReactElement, options: { handlers?: FakeHandlers; initial?: Partial<SelectionState> } = {}) {
  const client = fakeClient(options.handlers ?? indicatorHandlers());
  const wrapped = ({ children }: { children: ReactNode }) => <SelectionProvider initial={options.initial ?? {}}>{children}</SelectionProvider>;
  const Wrapper = wrapped;
  return renderWithProviders(<Wrapper>{ui}</Wrapper>, { client });
}
