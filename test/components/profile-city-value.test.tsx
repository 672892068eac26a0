import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { MethodOutput } from '../../shared/contract.ts';
import { ClassificationControls } from '../../renderer/indicators/ChoroplethLegend.tsx';
import { buildChoropleth } from '../../renderer/indicators/choropleth.ts';
import { populationIndicator, ratioParts, type SeriesRow } from '../../renderer/indicators/values.ts';
import { DEFAULT_CLASSIFICATION } from '../../renderer/state/selection.tsx';
import { UnitTable, type UnitTableRow } from '../../renderer/views/indikatoren/UnitTable.tsx';
import ProfilView from '../../renderer/views/profil/ProfilView.tsx';
import { cityUnitOf, profileRow } from '../../renderer/views/profil/profile-rows.ts';
import { renderWithProviders, type FakeClient } from './helpers.tsx';
import { indicatorHandlers, LEVEL, renderWithSelection, SGB2, summary, UNITS } from './indicator-fixtures.tsx';

afterEach(cleanup);

type Indicator = MethodOutput<'indicators.get'>;
const row = (unitId: string, value: number | null, period = '2021', flag: SeriesRow['flag'] = null): SeriesRow => ({ unitId, period, value, flag });
const units = UNITS.map((u) => ({ id: u.id, name: u.name, code: u.code }));

/** Inhabitants (tagged as the weight), recipients (a count) and their share (derived, with recipe). */
const BEV: Indicator = { ...SGB2, id: 'ind-bev', code: 'bev', name: 'Einwohner insgesamt', polarity: 'neutral', measure: 'absolute', unit: 'Personen', decimals: 0, tags: ['Bezugsbevölkerung'] };
const EMPF: Indicator = { ...SGB2, id: 'ind-empf', code: 'empf', name: 'Leistungsempfänger', polarity: 'need', measure: 'absolute', unit: 'Personen', decimals: 0, tags: [] };
const QUOTE: Indicator = {
  ...SGB2,
  id: 'ind-quote',
  code: 'quote',
  name: 'Empfängerquote',
  computed: true,
  tags: ['berechnet'],
  recipe: { type: 'derived', operation: 'share', a: EMPF.id, b: BEV.id, levelId: LEVEL.id, from: null, to: null },
};
// u1 is tiny (100 inhabitants, 50 %), u2–u6 are big (1000 each, 10 %).
const BEV_SERIES = units.map((u, i) => row(u.id, i === 0 ? 100 : 1000));
const EMPF_SERIES = units.map((u, i) => row(u.id, i === 0 ? 50 : 100));
const QUOTE_SERIES = units.map((u, i) => row(u.id, i === 0 ? 50 : 10));
// The plain SGB2 fixture: 14.5 (u1), 21.9, 20.0, 10.5, suppressed (u5), no row (u6).

describe('profile rows: the city value', () => {
  it('sums counts, recomputes a share from its parts and weights other rates by inhabitants', () => {
    const count = profileRow(summary(EMPF), EMPF_SERIES, units, ['u1'], null);
    expect(count.city).toEqual({ value: 550, method: 'sum', used: 6, missing: 0 });
    // A total is not on the units' scale: no difference, but the share of the city.
    expect(count.reference).toBeNull();
    expect(count.cells[0]).toMatchObject({ difference: null, shareOfCity: (50 / 550) * 100 });

    const share = profileRow(summary(QUOTE), QUOTE_SERIES, units, ['u1'], null, {
      parts: { numerator: EMPF_SERIES, denominator: BEV_SERIES, scale: 100 },
      population: BEV_SERIES,
    });
    expect(share.city?.method).toBe('ratio');
    expect(share.reference).toBeCloseTo((550 / 5100) * 100, 10);
    // The plain mean would be (50 + 5·10)/6 = 16.7 %.
    expect(share.cells[0]!.difference).toBeCloseTo(50 - (550 / 5100) * 100, 10);

    const weighted = profileRow(summary(QUOTE), QUOTE_SERIES, units, ['u1'], null, { population: BEV_SERIES });
    expect(weighted.city?.method).toBe('weighted-mean');
    expect(weighted.reference).toBeCloseTo((100 * 50 + 5 * 1000 * 10) / 5100, 10);

    const plain = profileRow(summary(QUOTE), QUOTE_SERIES, units, ['u1'], null);
    expect(plain.city).toMatchObject({ method: 'unit-mean', used: 6 });
    expect(plain.reference).toBeCloseTo(100 / 6, 10);
  });

  it('an incomplete count has no city sum; a mean says how many units it lacks', () => {
    const sgb2 = profileRow({ ...summary(SGB2), measure: 'absolute' }, [row('u1', 5), row('u2', 7), row('u3', 3, '2021', 'suppressed')], units, ['u1'], null);
    expect(sgb2.city).toEqual({ value: null, method: 'sum', used: 2, missing: 4 });
    expect(sgb2.cells[0]!.shareOfCity).toBeNull();
    const mean = profileRow(summary(SGB2), [row('u1', 5), row('u2', 7)], units, ['u1'], null);
    expect(mean.city).toEqual({ value: 6, method: 'unit-mean', used: 2, missing: 4 });
  });

  it("prefers the city unit's own value in the period", () => {
    const r = profileRow(summary(SGB2), [row('u1', 5), row('u2', 7)], units, ['u1'], null, {
      city: { unitId: 'city', series: [row('city', 6.4), row('city', 9, '2020')] },
      population: BEV_SERIES,
    });
    expect(r.city).toEqual({ value: 6.4, method: 'city-unit', used: 1, missing: 0 });
    expect(r.cells[0]!.difference).toBeCloseTo(5 - 6.4, 10);
  });

  it('marks box-plot outliers among the shown units', () => {
    const series = [1, 2, 3, 4, 5, 40].map((v, i) => row(`u${i + 1}`, v));
    const r = profileRow(summary(SGB2), series, units, ['u6', 'u1'], null);
    expect(r.cells.map((c) => c.outlier)).toEqual(['extreme', 'none']);
  });
});

describe('finding the city unit and the weight', () => {
  const levels = [
    { id: 'stadt', key: 'stadt', name: 'Stadt', rank: 0, unitCount: 1 },
    { id: 'bezirk', key: 'bezirk', name: 'Bezirk', rank: 1, unitCount: 2 },
    { id: 'teil', key: 'teil', name: 'Stadtteil', rank: 2, unitCount: 3 },
  ];
  const lists = new Map<string, Array<{ id: string; parentId: string | null }>>([
    ['stadt', [{ id: 'S', parentId: null }]],
    ['bezirk', [{ id: 'B1', parentId: 'S' }, { id: 'B2', parentId: 'S' }]],
    ['teil', [{ id: 'T1', parentId: 'B1' }, { id: 'T2', parentId: 'B1' }, { id: 'T3', parentId: 'B2' }]],
  ]);

  it('is a one-unit level above that every unit reaches through its parents', () => {
    expect(cityUnitOf(levels, 'teil', lists)).toEqual({ levelId: 'stadt', unitId: 'S' });
    expect(cityUnitOf(levels, 'bezirk', lists)).toEqual({ levelId: 'stadt', unitId: 'S' });
    // A unit without the link: no city unit (its value would not be the city's).
    const broken = new Map(lists);
    broken.set('teil', [...lists.get('teil')!, { id: 'T4', parentId: null }]);
    expect(cityUnitOf(levels, 'teil', broken)).toBeNull();
    expect(cityUnitOf(levels, 'stadt', lists)).toBeNull();
  });

  it('takes the weight only from the tag, never from a name', () => {
    const named = { ...summary(BEV), id: 'x', code: 'bev_gesamt', name: 'Einwohner insgesamt', tags: [] };
    expect(populationIndicator([named], LEVEL.id)).toBeNull();
    expect(populationIndicator([named, summary(BEV)], LEVEL.id)?.id).toBe(BEV.id);
    expect(populationIndicator([summary(BEV)], 'other-level')).toBeNull();
    expect(populationIndicator([summary(BEV)], LEVEL.id, '1999')).toBeNull();
    expect(ratioParts(QUOTE.recipe)).toEqual({ numeratorId: EMPF.id, denominatorId: BEV.id, scale: 100 });
    expect(ratioParts({ type: 'derived', operation: 'change', a: 'x', b: null })).toBeNull();
    expect(ratioParts({ type: 'derived', operation: 'constructor', a: 'x', b: 'y' })).toBeNull();
  });
});

describe('ProfilView: the Stadtwert column', () => {
  function handlers() {
    const all = [SGB2, BEV, EMPF, QUOTE];
    const details = new Map(all.map((i) => [i.id, i]));
    const series = new Map<string, SeriesRow[]>([
      [BEV.id, BEV_SERIES],
      [EMPF.id, EMPF_SERIES],
      [QUOTE.id, QUOTE_SERIES],
      [SGB2.id, [row('u1', 14.5), row('u2', 21.9), row('u3', 20.0), row('u4', 10.5), row('u5', 12.0), row('u6', 11.0)]],
    ]);
    return indicatorHandlers({
      'indicators.list': () => all.map(summary),
      'indicators.get': ({ id }) => details.get(id)!,
      'values.seriesMany': ({ indicatorIds }) => indicatorIds.map((id) => ({ indicatorId: id, values: series.get(id) ?? [] })),
    });
  }

  it('says for every row how the city value was made, in one values.seriesMany call', async () => {
    const { client } = renderWithSelection(<ProfilView appInfo={null} />, { handlers: handlers(), initial: { unitIds: ['u1'] } });
    const calls = (client as FakeClient).calls;
    const rows = await screen.findAllByTestId('profile-row');
    const reference = (id: string) => within(rows.find((r) => r.getAttribute('data-indicator-id') === id)!).getByTestId('profile-reference');
    expect(reference(BEV.id).textContent).toBe('5.100');
    expect(reference(BEV.id).getAttribute('data-method')).toBe('sum');
    expect(reference(QUOTE.id).getAttribute('data-method')).toBe('ratio');
    expect(reference(QUOTE.id).textContent).toBe('10,8');
    expect(reference(SGB2.id).getAttribute('data-method')).toBe('weighted-mean');
    const cell = reference(SGB2.id).closest('td')!;
    expect(cell.getAttribute('title')).toContain('Mit „Einwohner insgesamt“ gewichtetes Mittel');
    expect(cell.querySelector('sup')!.textContent).toBe('d');
    // Counts: the unit's share of the city instead of a difference.
    const bevRow = rows.find((r) => r.getAttribute('data-indicator-id') === BEV.id)!;
    expect(within(bevRow).getByTestId('profile-share').textContent).toBe('2,0 % d. Stadt');
    const methods = screen.getAllByTestId('profile-reference-method').map((li) => li.getAttribute('data-method'));
    expect(methods).toEqual(['sum', 'ratio', 'weighted-mean']);
    expect(screen.getByTestId('profile-footnote').textContent).toContain('Summe aller Gebiete der Ebene „Stadtteil“');
    expect(calls.filter((c) => c.method === 'values.seriesMany')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'values.series')).toHaveLength(0);
  });
});

describe('ProfilView: a city-level unit', () => {
  it("shows the city unit's own value (a) when a one-unit level sits above", async () => {
    const STADT = { id: 'lvl-stadt', key: 'stadt', name: 'Stadt', rank: 0, unitCount: 1 };
    const handlers = indicatorHandlers({
      'levels.list': () => [STADT, LEVEL],
      'units.list': ({ levelId }) =>
        levelId === STADT.id ? [{ id: 'city', code: 'S', name: 'Stadt', parentId: null }] : UNITS.map((u) => ({ ...u, parentId: 'city' })),
      'values.seriesMany': ({ indicatorIds, levelId }) =>
        indicatorIds.map((id) => ({
          indicatorId: id,
          values: levelId === STADT.id ? (id === SGB2.id ? [row('city', 15.2)] : []) : id === SGB2.id ? [row('u1', 14.5), row('u2', 21.9)] : [],
        })),
    });
    renderWithSelection(<ProfilView appInfo={null} />, { handlers, initial: { unitIds: ['u1'] } });
    const rows = await screen.findAllByTestId('profile-row');
    const sgb2 = within(rows.find((r) => r.getAttribute('data-indicator-id') === SGB2.id)!);
    await vi.waitFor(() => expect(sgb2.getByTestId('profile-reference').getAttribute('data-method')).toBe('city-unit'));
    expect(sgb2.getByTestId('profile-reference').textContent).toBe('15,2');
    expect(sgb2.getByTestId('profile-difference').textContent).toBe('−0,7');
    expect(screen.getByTestId('profile-footnote').textContent).toContain('Wert des Gebiets der Gesamtstadt');
  });
});

describe('outliers in the unit table and the classes', () => {
  const tableRows: UnitTableRow[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 60].map((value, i) => ({
    unitId: `t${i}`,
    name: `Gebiet ${i}`,
    code: `T${i}`,
    value,
    flag: null,
    rank: 10 - i,
  }));

  it('marks outliers in the unit table with the rule as tooltip', () => {
    renderWithProviders(<UnitTable rows={tableRows} selected={[]} style={{ decimals: 0, unit: null }} onSelect={() => {}} caption="Werte" />);
    const marks = screen.getAllByTestId('outlier-mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.closest('tr')!.getAttribute('data-unit-id')).toBe('t9');
    expect(marks[0]!.getAttribute('title')).toBe('Ausreißer nach IQR-Regel (außerhalb Q1 − 1,5·IQR … Q3 + 1,5·IQR)');
  });

  it('classes without outliers: the outlier lands in the last class and the counts still add up', () => {
    const series: SeriesRow[] = tableRows.map((r) => ({ unitId: r.unitId, period: '2021', value: r.value, flag: null }));
    const settings = { ...DEFAULT_CLASSIFICATION, method: 'equal-interval' as const, classes: 3 };
    const input = { indicator: { polarity: 'need' as const, measure: 'relative' }, series, units: tableRows.map((r) => ({ id: r.unitId, name: r.name, code: r.code })), period: '2021' };
    const plain = buildChoropleth({ ...input, settings }).classification;
    // With 60 in the data, 1…9 all fall into the first of three equal classes.
    expect(plain.classes.map((c) => c.count)).toEqual([9, 0, 1]);
    const without = buildChoropleth({ ...input, settings: { ...settings, excludeOutliers: true } }).classification;
    expect(without.breaks[0]).toBe(1);
    expect(without.breaks.at(-1)).toBe(60);
    expect(without.breaks[1]).toBeCloseTo(1 + 8 / 3, 10);
    expect(without.classes.map((c) => c.count)).toEqual([3, 3, 4]);
    expect(without.unitClass.get('t9')).toBe(2);
    expect(without.outliers).toBe(1);
    expect(plain.outliers).toBe(0);
  });

  it('the option sits in the classification panel and reports the outliers', () => {
    const onChange = vi.fn();
    const settings = { ...DEFAULT_CLASSIFICATION, excludeOutliers: true };
    renderWithProviders(<ClassificationControls settings={settings} onChange={onChange} periodCount={1} breaks={[1, 5, 60]} decimals={0} outliers={1} />);
    const box = screen.getByLabelText('Ausreißer bei der Klasseneinteilung nicht berücksichtigen') as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(screen.getByTestId('outliers-note').textContent).toContain('1 Ausreißer liegt in einer äußeren Klasse.');
    fireEvent.click(box);
    expect(onChange).toHaveBeenCalledWith({ excludeOutliers: false });
  });
});
