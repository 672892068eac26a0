import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { IndicatorPage } from '../../renderer/views/indikatoren/IndicatorPage.tsx';
import { GYM, indicatorHandlers, renderWithSelection, SGB2 } from './indicator-fixtures.tsx';

afterEach(cleanup);

const names = (rows: HTMLElement[]) => rows.map((r) => within(r).getByRole('rowheader').textContent);

async function renderPage(indicatorId = SGB2.id) {
  const onEdit = vi.fn();
  const result = renderWithSelection(<IndicatorPage indicatorId={indicatorId} version={0} onEdit={onEdit} />, { initial: { indicatorId } });
  await screen.findAllByTestId('unit-row');
  return { ...result, onEdit };
}

describe('IndicatorPage', () => {
  it('shows name, code, topic path and all metadata, polarity in words', async () => {
    const { onEdit } = await renderPage();
    expect(screen.getByTestId('indicator-title').textContent).toBe('SGB-II-Quote');
    const meta = screen.getByTestId('indicator-meta');
    expect(meta.textContent).toContain('SGB2_QUOTE');
    expect(meta.textContent).toContain('Arbeit und Soziales › Transferleistungen');
    expect(meta.textContent).toContain(SGB2.definition!);
    expect(meta.textContent).toContain('Personen in BG / Einwohner unter 65 × 100');
    expect(meta.textContent).toContain('Bundesagentur für Arbeit');
    expect(meta.textContent).toContain('dl-de/by-2-0');
    expect(meta.textContent).toContain('jährlich');
    expect(screen.getByTestId('indicator-polarity').textContent).toBe('höherer Wert = mehr Bedarf');
    fireEvent.click(screen.getByRole('button', { name: 'Bearbeiten' }));
    expect(onEdit).toHaveBeenCalledWith(expect.objectContaining({ id: SGB2.id }));
  });

  it('takes the latest period and sorts the table by rank (1 = highest value for "need")', async () => {
    await renderPage();
    expect((screen.getByLabelText('Zeitraum') as HTMLSelectElement).value).toBe('2021');
    const rows = screen.getAllByTestId('unit-row');
    expect(names(rows)).toEqual(['02 Neustadt', '03 Nordstadt', '01 Altstadt', '04 Westliche Höhe', '05 Friesischer Berg', '06 Weiche']);
    expect(rows.map((r) => within(r).getByTestId('unit-rank').textContent)).toEqual(['1', '2', '3', '4', '–', '–']);
    expect(rows.map((r) => within(r).getByTestId('unit-value').textContent)).toEqual(['21,9', '20,0', '14,5', '10,5', 'geheim', '–']);
    expect(within(rows[0]!).getByText('vorläufig')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: /Rang/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('sorts by any column and filters by name or key', async () => {
    await renderPage();
    fireEvent.click(screen.getByTestId('sort-value'));
    // Ascending by value; units without a value stay at the end.
    expect(names(screen.getAllByTestId('unit-row'))).toEqual(['04 Westliche Höhe', '01 Altstadt', '03 Nordstadt', '02 Neustadt', '05 Friesischer Berg', '06 Weiche']);
    fireEvent.click(screen.getByTestId('sort-value'));
    expect(names(screen.getAllByTestId('unit-row')).slice(0, 2)).toEqual(['02 Neustadt', '03 Nordstadt']);
    expect(screen.getByRole('columnheader', { name: /Wert/ }).getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByTestId('sort-name'));
    expect(names(screen.getAllByTestId('unit-row'))[0]).toBe('01 Altstadt');
    fireEvent.change(screen.getByLabelText('Gebiete filtern'), { target: { value: 'st04' } });
    expect(names(screen.getAllByTestId('unit-row'))).toEqual(['04 Westliche Höhe']);
  });

  it('ranks "need" indicators by the highest and "better" indicators by the lowest value', async () => {
    await renderPage();
    const ranking = screen.getAllByTestId('ranking-row');
    expect(ranking.map((r) => r.getAttribute('data-unit-id'))).toEqual(['u2', 'u3', 'u1', 'u4', 'u5', 'u6']);
    expect(ranking[0]!.getAttribute('aria-label')).toBe('Rang 1: 02 Neustadt, 21,9 %');
    cleanup();
    await renderPage(GYM.id);
    const gym = screen.getAllByTestId('ranking-row');
    // Lowest transition rate = most need.
    expect(gym.map((r) => r.getAttribute('data-unit-id'))).toEqual(['u2', 'u3', 'u1', 'u5', 'u6', 'u4']);
    expect(screen.getByTestId('indicator-polarity').textContent).toBe('höherer Wert = besser');
  });

  it('clicking a unit in the table or the ranking selects it everywhere on the page', async () => {
    await renderPage();
    fireEvent.click(screen.getByRole('button', { name: '03 Nordstadt' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '03 Nordstadt' }).getAttribute('aria-pressed')).toBe('true'));
    const bar = screen.getAllByTestId('ranking-row').find((r) => r.getAttribute('data-unit-id') === 'u3')!;
    expect(bar.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getAllByTestId('series-selected').map((g) => g.getAttribute('data-unit-id'))).toEqual(['u3']);
    // Strg-click on a bar adds a second unit to the comparison.
    const altstadt = screen.getAllByTestId('ranking-row').find((r) => r.getAttribute('data-unit-id') === 'u1')!;
    fireEvent.click(altstadt, { ctrlKey: true });
    await waitFor(() => expect(screen.getAllByTestId('series-selected').map((g) => g.getAttribute('data-unit-id'))).toEqual(['u3', 'u1']));
  });

  it('draws the class breaks of the current classification into the histogram', async () => {
    renderWithSelection(<IndicatorPage indicatorId={SGB2.id} version={0} onEdit={() => {}} />, {
      initial: { indicatorId: SGB2.id, classification: { method: 'equal-interval', classes: 3, scheme: 'auto', allPeriods: false, manualBreaks: [] } },
    });
    const breaks = await screen.findAllByTestId('histogram-break');
    // 2021: 10.5 … 21.9 in three equal intervals.
    expect(breaks.map((b) => Number(b.getAttribute('data-value')).toFixed(1))).toEqual(['14.3', '18.1']);
  });

  it('archives through the contract', async () => {
    const archive = vi.fn(() => ({ ...SGB2, archived: true }));
    renderWithSelection(<IndicatorPage indicatorId={SGB2.id} version={0} onEdit={() => {}} />, {
      handlers: indicatorHandlers({ 'indicators.archive': archive }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Archivieren' }));
    await waitFor(() => expect(archive).toHaveBeenCalledWith({ id: SGB2.id, archived: true }));
  });
});
