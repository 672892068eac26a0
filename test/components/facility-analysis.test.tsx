import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import { CoverageControl } from '../../renderer/facilities/analysis/CoverageControl.tsx';
import { FacilityAnalysisActions } from '../../renderer/facilities/analysis/FacilityAnalysisActions.tsx';
import { FacilityIndicatorDialog } from '../../renderer/facilities/analysis/FacilityIndicatorDialog.tsx';
import { SupplyRatioDialog } from '../../renderer/facilities/analysis/SupplyRatioDialog.tsx';
import { parseDistance, suggestIndicatorCode } from '../../renderer/facilities/analysis/analysis-model.ts';
import { useSelection } from '../../renderer/state/selection.tsx';
import { BEZIRK, derivedHandlers, EW, QUOTE } from './derived-fixtures.tsx';
import { kita, spielplatz } from './facility-fixtures.tsx';
import type { FakeClient, FakeHandlers } from './helpers.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';
import { renderWithSelection } from './indicator-fixtures.tsx';

afterEach(cleanup);

type Coverage = MethodOutput<'facilities.coverage'>;

const facets: MethodOutput<'facilities.list'> = {
  total: 2,
  offset: 0,
  items: [],
  facets: { categories: [{ id: spielplatz.id, count: 2 }], targetGroups: [{ name: 'Kinder 6–10', count: 1 }], capacityUnits: [] },
};

function handlers(overrides: FakeHandlers = {}): FakeHandlers {
  return derivedHandlers({
    'categories.list': () => [spielplatz, kita],
    'facilities.list': () => facets,
    ...overrides,
  });
}

const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;
const callOf = (client: unknown, method: string) => (client as FakeClient).calls.find((c) => c.method === method)?.input;

describe('analysis model', () => {
  it('suggests codes from measure, attribute and categories and reads typed distances', () => {
    expect(suggestIndicatorCode('count', [spielplatz], '')).toBe('anz_spielplatz');
    expect(suggestIndicatorCode('attribute-mean', [{ ...kita, key: 'grundschule' }], 'Schulsozialindex')).toBe('mittel_schulsozialindex_grundschule');
    expect([parseDistance('500'), parseDistance('1.000'), parseDistance('750 m'), parseDistance('0'), parseDistance('abc'), parseDistance('25000')]).toEqual([500, 1000, 750, null, null, null]);
  });
});

describe('FacilityIndicatorDialog', () => {
  it('counts the chosen category: suggested code and name, the recipe main stores', async () => {
    const onSaved = vi.fn();
    const save = vi.fn((input: { code: string; name: string }) => ({ ...QUOTE, id: 'ind-anz', code: input.code, name: input.name }));
    const { client } = renderWithSelection(<FacilityIndicatorDialog version={0} onClose={() => {}} onSaved={onSaved} />, { handlers: handlers({ 'facilities.indicator': save }) });
    fireEvent.click(await screen.findByTestId('analysis-category-spielplatz'));
    expect(value('facility-indicator-code')).toBe('anz_spielplatz');
    expect(value('facility-indicator-name')).toBe('Anzahl Spielplatz');
    fireEvent.change(screen.getByTestId('facility-indicator-name'), { target: { value: 'Anzahl Spielplätze' } });
    fireEvent.click(screen.getByTestId('facility-indicator-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'ind-anz' })));
    expect(callOf(client, 'facilities.indicator')).toEqual({
      code: 'anz_spielplatz',
      name: 'Anzahl Spielplätze',
      recipe: { measure: 'count', categoryIds: [spielplatz.id], kinds: ['facility'], targetGroup: null, attribute: null },
    });
  });

  it('says what is missing, and asks for the attribute of a mean', async () => {
    const save = vi.fn();
    renderWithSelection(<FacilityIndicatorDialog version={0} onClose={() => {}} onSaved={() => {}} />, { handlers: handlers({ 'facilities.indicator': save }) });
    await screen.findByTestId('analysis-category-kita');
    fireEvent.click(screen.getByTestId('facility-measure-attribute-mean'));
    fireEvent.click(screen.getByTestId('facility-indicator-save'));
    expect(await screen.findByTestId('analysis-error-categories')).toHaveProperty('textContent', 'Bitte mindestens eine Kategorie wählen.');
    expect(screen.getByTestId('facility-indicator-attribute-error').textContent).toBe('Bitte das Merkmal angeben.');
    expect(save).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('analysis-category-kita'));
    fireEvent.change(screen.getByTestId('facility-indicator-attribute'), { target: { value: 'Schulsozialindex' } });
    expect(value('facility-indicator-name')).toBe('Mittlerer Schulsozialindex (Kita)');
    expect(value('facility-indicator-code')).toBe('mittel_schulsozialindex_kita');
    // A code already in the catalogue is said at once.
    fireEvent.change(screen.getByTestId('facility-indicator-code'), { target: { value: EW.code } });
    expect(screen.getByTestId('facility-indicator-code-error').textContent).toBe(`Das Kürzel „${EW.code}“ hat schon ein anderer Indikator.`);
  });

  it('shows main’s refusal of a code next to the field', async () => {
    const save = vi.fn(() => {
      throw new ApiError('duplicate-code', 'Das Kürzel „anz_spielplatz“ hat schon ein anderer Indikator; bitte ein anderes wählen.');
    });
    renderWithSelection(<FacilityIndicatorDialog version={0} onClose={() => {}} onSaved={() => {}} />, { handlers: handlers({ 'facilities.indicator': save }) });
    fireEvent.click(await screen.findByTestId('analysis-category-spielplatz'));
    fireEvent.click(screen.getByTestId('facility-indicator-save'));
    await waitFor(() => expect(screen.getByTestId('facility-indicator-code-error').textContent).toContain('bitte ein anderes wählen'));
  });
});

describe('SupplyRatioDialog', () => {
  it('puts playgrounds per 1,000 of a population indicator on the population’s level', async () => {
    const onSaved = vi.fn();
    const save = vi.fn((input: { code: string }) => ({ ...QUOTE, id: 'ind-vq', code: input.code }));
    const basis = vi.fn((input: { code: string }) => ({ ...QUOTE, id: 'ind-basis', code: input.code }));
    const { client } = renderWithSelection(<SupplyRatioDialog version={0} onClose={() => {}} onSaved={onSaved} />, {
      handlers: handlers({ 'facilities.supplyRatio': save, 'facilities.indicator': basis }),
    });
    fireEvent.click(await screen.findByTestId('analysis-category-spielplatz'));
    fireEvent.click(screen.getByTestId('supply-ratio-save'));
    expect(await screen.findByTestId('supply-target-error')).toHaveProperty('textContent', 'Bitte die Zielgruppe wählen, z. B. Kinder unter 18 Jahren.');

    const box = screen.getByTestId('supply-target');
    fireEvent.click(within(box).getByRole('combobox'));
    fireEvent.click(await within(box).findByRole('option', { name: new RegExp(`^${EW.name}`) }));
    await waitFor(() => expect((screen.getByTestId('supply-level') as HTMLSelectElement).value).toBe(BEZIRK.id));
    expect(value('supply-ratio-code')).toBe('vq_spielplatz_bev_gesamt');
    expect(value('supply-ratio-name')).toBe('Spielplatz pro 1.000 Einwohner insgesamt');
    fireEvent.click(screen.getByTestId('supply-per-100'));
    expect(value('supply-ratio-name')).toBe('Spielplatz pro 100 Einwohner insgesamt');
    fireEvent.click(screen.getByTestId('supply-ratio-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'ind-vq' })));
    // The basis count first, named for itself and following the population's periods.
    expect(callOf(client, 'facilities.indicator')).toEqual({
      code: 'vq_spielplatz_bev_gesamt_basis',
      name: 'Anzahl Spielplatz',
      recipe: { measure: 'count', categoryIds: [spielplatz.id], kinds: ['facility'], followPeriodsOf: [EW.id] },
    });
    expect(callOf(client, 'facilities.supplyRatio')).toEqual({
      code: 'vq_spielplatz_bev_gesamt',
      name: 'Spielplatz pro 100 Einwohner insgesamt',
      facilityIndicatorId: 'ind-basis',
      targetIndicatorId: EW.id,
      levelId: BEZIRK.id,
      per: 100,
    });
  });
});

describe('FacilityAnalysisActions', () => {
  function SelectedIndicator() {
    return <p data-testid="selected">{useSelection().indicatorId ?? '–'}</p>;
  }

  it('renders without a selection and selects the saved indicator', async () => {
    // The Infrastruktur view's tests render it outside a SelectionProvider.
    renderWithProviders(<FacilityAnalysisActions />);
    expect(screen.getByTestId('open-facility-indicator').textContent).toBe('Kennzahl aus Einrichtungen…');
    cleanup();

    const onSaved = vi.fn();
    const save = vi.fn(() => ({ ...QUOTE, id: 'ind-anz' }));
    renderWithSelection(
      <>
        <FacilityAnalysisActions onSaved={onSaved} />
        <SelectedIndicator />
      </>,
      { handlers: handlers({ 'facilities.indicator': save }) },
    );
    fireEvent.click(screen.getByTestId('open-facility-indicator'));
    fireEvent.click(await screen.findByTestId('analysis-category-spielplatz'));
    fireEvent.click(screen.getByTestId('facility-indicator-save'));
    await waitFor(() => expect(screen.getByTestId('selected').textContent).toBe('ind-anz'));
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('facility-indicator-dialog')).toBeNull();
  });
});

describe('CoverageControl', () => {
  const catchment = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, geometry: { type: 'MultiPolygon', coordinates: [] }, properties: { areaKm2: 0.8 } }] };
  const coverage = (distance: number): Coverage => ({
    distance,
    date: '2026-11-25',
    levelId: 'lvl-q',
    facilityCount: 2,
    catchment,
    units: [
      { unitId: 'q2', code: 'Q2', name: 'Quadrat B', areaKm2: 1, coveredKm2: 0, share: 0, facilitiesInside: 0, nearestM: 700 },
      { unitId: 'q1', code: 'Q1', name: 'Quadrat A', areaKm2: 1, coveredKm2: 0.67, share: 0.674, facilitiesInside: 1, nearestM: 0 },
    ],
    uncovered: distance < 700 ? [{ unitId: 'q2', code: 'Q2', name: 'Quadrat B', nearestM: 700 }] : [],
    totalShare: 0.337,
  });

  it('draws the catchment, lists the units out of reach and removes it again', async () => {
    const onCatchment = vi.fn();
    const calls: unknown[] = [];
    const fake = fakeClient({
      'facilities.coverage': (input) => {
        calls.push(input);
        return coverage(input.distance);
      },
    });
    renderWithProviders(<CoverageControl levelId="lvl-q" categories={[kita, spielplatz]} version={0} onCatchment={onCatchment} />, { client: fake });
    fireEvent.click(screen.getByTestId('open-coverage'));
    // Only categories in use are offered (the Kita fixture has none).
    expect(within(screen.getByTestId('coverage-category')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Spielplatz (2)']);
    expect(screen.getByTestId('coverage-distance-500').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('coverage-show'));

    await screen.findByTestId('coverage-uncovered');
    expect(calls).toEqual([{ categoryIds: [spielplatz.id], distance: 500, levelId: 'lvl-q' }]);
    expect(onCatchment).toHaveBeenLastCalledWith(catchment);
    expect(screen.getByTestId('coverage-uncovered').textContent).toBe('Quadrat B (nächste 700 m)');
    expect(screen.getByTestId('coverage-summary').textContent).toBe('34 % der Fläche in Reichweite von 2 Einrichtungen.');
    expect(screen.getAllByTestId('coverage-row').map((r) => r.textContent)).toEqual(['Quadrat A67 %', 'Quadrat B0 %']);

    // A preset applies at once while a coverage is shown.
    fireEvent.click(screen.getByTestId('coverage-distance-300'));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({ categoryIds: [spielplatz.id], distance: 300, levelId: 'lvl-q' });

    // A typed distance; an unusable one cannot be shown.
    fireEvent.change(screen.getByTestId('coverage-distance'), { target: { value: 'weit' } });
    expect((screen.getByTestId('coverage-show') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('coverage-distance'), { target: { value: '1.000' } });
    expect(screen.getByTestId('coverage-distance-1000').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('coverage-show'));
    await screen.findByTestId('coverage-all-covered');

    fireEvent.click(screen.getByTestId('coverage-clear'));
    expect(onCatchment).toHaveBeenLastCalledWith(null);
    expect(screen.queryByTestId('coverage-result')).toBeNull();
  });
});
