import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodOutput } from '../../shared/contract.ts';
import { AggregateDialog } from '../../renderer/views/indikatoren/AggregateDialog.tsx';
import { IndicatorPage } from '../../renderer/views/indikatoren/IndicatorPage.tsx';
import { BEZIRK, derivedHandlers, EW, FLAECHE, QUOTE, SERIES, SGB, STADTTEIL } from './derived-fixtures.tsx';
import type { FakeClient, FakeHandlers } from './helpers.tsx';
import { renderWithSelection } from './indicator-fixtures.tsx';

afterEach(cleanup);

type Row = MethodOutput<'values.series'>[number];
/** What main writes for SGB summed to the Stadtteile: Neustadt 2021 lacks Bezirk 3. */
const SUMMED: Row[] = [
  { unitId: 's1', period: '2020', value: 45, flag: null },
  { unitId: 's2', period: '2020', value: 16, flag: null },
  { unitId: 's1', period: '2021', value: 40, flag: null },
  { unitId: 's2', period: '2021', value: null, flag: 'missing' },
];

function renderDialog(detail: MethodOutput<'indicators.get'>, overrides: FakeHandlers = {}) {
  const onAggregated = vi.fn();
  const result = renderWithSelection(<AggregateDialog detail={detail} fromLevel={BEZIRK} parentLevel={STADTTEIL} version={0} onClose={() => {}} onAggregated={onAggregated} />, {
    handlers: derivedHandlers(overrides),
  });
  return { ...result, onAggregated };
}

const picked = (testId: string) => (within(screen.getByTestId(testId)).getByRole('combobox') as HTMLInputElement).value;
const checked = (method: string) => (screen.getByTestId(`aggregate-method-${method}`) as HTMLInputElement).checked;

describe('AggregateDialog', () => {
  it('sums a count to the parent level and lists the parents that got no value', async () => {
    const aggregate = vi.fn(() => ({ values: 4, periods: ['2020', '2021'], incompleteParents: 1 }));
    const { onAggregated, client } = renderDialog(SGB, {
      'values.aggregate': aggregate,
      'values.series': ({ indicatorId, levelId }) => (levelId === STADTTEIL.id ? SUMMED : (SERIES[`${indicatorId}|${levelId}`] ?? [])),
    });
    expect(screen.getByRole('heading', { name: 'Auf die Ebene Stadtteil aggregieren' })).toBeTruthy();
    expect(checked('sum')).toBe(true);
    const dialog = screen.getByTestId('aggregate-dialog');
    expect(dialog.textContent).toContain('Für Anzahlen (Einwohner, Empfänger, Plätze): die Werte der Untereinheiten werden addiert.');
    expect(dialog.textContent).toContain('Wenn nur die Quoten vorliegen');
    expect(dialog.textContent).toContain('bekommt es keinen Wert (Kennzeichen „fehlt“)');
    expect(screen.queryByTestId('aggregate-overwrite')).toBeNull();

    fireEvent.click(screen.getByTestId('aggregate-submit'));
    const result = await screen.findByTestId('aggregate-result');
    expect((client as FakeClient).calls.find((c) => c.method === 'values.aggregate')?.input).toEqual({
      indicatorId: SGB.id,
      fromLevelId: BEZIRK.id,
      method: 'sum',
      numeratorId: null,
      denominatorId: null,
      weightId: null,
    });
    expect(onAggregated).toHaveBeenCalledWith(STADTTEIL.id);
    expect(result.textContent).toContain('Gespeichert: 4 Einträge (Gebiet × Zeitraum) auf der Ebene Stadtteil, 2020, 2021.');
    const warning = within(result).getByTestId('aggregate-incomplete');
    expect(warning.textContent).toContain('In 1 Fall (Gebiet × Zeitraum) fehlten Werte von Untereinheiten');
    expect(within(warning).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Neustadt (2021)']);
  });

  it('recomputes a derived share from its parts by default; weighted mean takes the inhabitants; says what is missing', async () => {
    const aggregate = vi.fn(() => ({ values: 4, periods: ['2020', '2021'], incompleteParents: 0 }));
    const { client } = renderDialog({ ...QUOTE, levelIds: [BEZIRK.id, STADTTEIL.id] }, { 'values.aggregate': aggregate });
    expect(checked('rate')).toBe(true);
    await waitFor(() => expect(picked('aggregate-numerator')).toBe(SGB.name));
    expect(picked('aggregate-denominator')).toBe(EW.name);
    expect((screen.getByTestId('aggregate-scale') as HTMLSelectElement).value).toBe('100');
    // Values on the parent level exist already: they will be overwritten.
    expect(screen.getByTestId('aggregate-overwrite').textContent).toContain('werden für die berechneten Zeiträume überschrieben');

    fireEvent.click(screen.getByTestId('aggregate-method-weighted-mean'));
    expect(picked('aggregate-weight')).toBe(EW.name);
    fireEvent.click(within(screen.getByTestId('aggregate-weight')).getByRole('button', { name: /abwählen/ }));
    fireEvent.click(screen.getByTestId('aggregate-submit'));
    expect(screen.getByTestId('aggregate-error-weight').textContent).toBe('Bitte die Gewichtung wählen (z. B. Einwohner).');

    fireEvent.click(screen.getByTestId('aggregate-method-sum'));
    expect(screen.getByTestId('aggregate-sum-warning').textContent).toContain('Quoten zu addieren ergibt keinen sinnvollen Wert');

    fireEvent.click(screen.getByTestId('aggregate-method-rate'));
    const denominator = screen.getByTestId('aggregate-denominator');
    fireEvent.click(within(denominator).getByRole('combobox'));
    fireEvent.click(within(denominator).getByRole('option', { name: new RegExp(`^${SGB.name}`) }));
    expect(screen.getByTestId('aggregate-error-denominator').textContent).toBe('Zähler und Nenner sind derselbe Indikator.');
    fireEvent.click(screen.getByTestId('aggregate-submit'));
    expect(aggregate).not.toHaveBeenCalled();

    fireEvent.click(within(denominator).getByRole('combobox'));
    fireEvent.click(within(denominator).getByRole('option', { name: new RegExp(`^${EW.name}`) }));
    fireEvent.click(screen.getByTestId('aggregate-submit'));
    await screen.findByTestId('aggregate-result');
    expect((client as FakeClient).calls.find((c) => c.method === 'values.aggregate')?.input).toEqual({
      indicatorId: QUOTE.id,
      fromLevelId: BEZIRK.id,
      method: 'rate',
      numeratorId: SGB.id,
      denominatorId: EW.id,
      weightId: null,
      scale: 100,
    });
    expect(screen.getByTestId('aggregate-result').textContent).toContain('Alle Gebiete der Ebene Stadtteil haben einen Wert.');
  });
});

describe('IndicatorPage with derived indicators and levels', () => {
  it('shows the recipe of a derived indicator in words', async () => {
    renderWithSelection(<IndicatorPage indicatorId={QUOTE.id} version={0} onEdit={() => {}} />, { handlers: derivedHandlers(), initial: { indicatorId: QUOTE.id } });
    await waitFor(() => expect(screen.getByTestId('indicator-recipe').textContent).toContain('Berechnet: SGB II Anzahl ÷ Einwohner insgesamt × 100'));
    expect(screen.getByTestId('indicator-recipe').textContent).toContain('Auf der Ebene Statistischer Bezirk; wird neu berechnet');
  });

  it('offers aggregation only where the units have parents, then shows the parent level', async () => {
    let aggregated = false;
    const handlers = derivedHandlers({
      'indicators.get': ({ id }) => {
        const detail = [SGB, FLAECHE].find((i) => i.id === id)!;
        return aggregated && id === SGB.id ? { ...detail, levelIds: [BEZIRK.id, STADTTEIL.id] } : detail;
      },
      'values.aggregate': () => {
        aggregated = true;
        return { values: 4, periods: ['2020', '2021'], incompleteParents: 1 };
      },
      'values.series': ({ indicatorId, levelId }) => (levelId === STADTTEIL.id && indicatorId === SGB.id ? SUMMED : (SERIES[`${indicatorId}|${levelId}`] ?? [])),
    });
    const { client } = renderWithSelection(<IndicatorPage indicatorId={FLAECHE.id} version={0} onEdit={() => {}} />, { handlers, initial: { indicatorId: FLAECHE.id } });
    await screen.findAllByTestId('unit-row');
    // Stadtteile have no parents here: the units were asked, no button.
    await waitFor(() => expect((client as FakeClient).calls).toContainEqual({ method: 'units.list', input: { levelId: STADTTEIL.id } }));
    await screen.findAllByTestId('unit-row');
    expect(screen.queryByTestId('open-aggregate')).toBeNull();
    cleanup();

    renderWithSelection(<IndicatorPage indicatorId={SGB.id} version={0} onEdit={() => {}} />, { handlers, initial: { indicatorId: SGB.id, levelId: BEZIRK.id } });
    fireEvent.click(await screen.findByRole('button', { name: 'Auf höhere Ebene aggregieren…' }));
    fireEvent.click(await screen.findByTestId('aggregate-submit'));
    await screen.findByTestId('aggregate-result');
    fireEvent.click(screen.getByTestId('aggregate-close'));
    await waitFor(() => expect((screen.getByTestId('indicator-level') as HTMLSelectElement).value).toBe(STADTTEIL.id));
    const options = [...(screen.getByTestId('indicator-level') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['Stadtteil', 'Statistischer Bezirk']);
    await waitFor(() => expect(screen.getAllByTestId('unit-row').map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Altstadt', 'Neustadt']));
    expect(screen.getAllByTestId('unit-value').map((c) => c.textContent)).toEqual(['40', '–']);
  });
});
