import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SpineChart, spinePosition } from '../../renderer/charts/SpineChart.tsx';
import { TrendArrow, trendDirection, trendJudgement } from '../../renderer/charts/TrendArrow.tsx';
import ProfilView from '../../renderer/views/profil/ProfilView.tsx';
import { GYM, renderWithSelection, SGB2 } from './indicator-fixtures.tsx';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

describe('SpineChart', () => {
  const spread = { min: 10, max: 30, q1: 15, q3: 25, reference: 20 };

  it('puts a high value of a "need" indicator on the left (worse)', () => {
    renderWithProviders(<SpineChart {...spread} polarity="need" points={[{ unitId: 'u', name: 'Nordstadt', value: 28 }]} label="SGB II" />);
    const point = screen.getByTestId('spine-point');
    expect(Number(point.getAttribute('data-position'))).toBeCloseTo(0.1);
    expect(Number(point.querySelector('circle')!.getAttribute('cx'))).toBeLessThan(100);
  });

  it('puts a high value of a "better" indicator on the right (better)', () => {
    renderWithProviders(<SpineChart {...spread} polarity="better" points={[{ unitId: 'u', name: 'Nordstadt', value: 28 }]} label="Gymnasium" />);
    expect(Number(screen.getByTestId('spine-point').getAttribute('data-position'))).toBeCloseTo(0.9);
  });

  it('draws range, middle half and the city line, and has a text alternative', () => {
    renderWithProviders(<SpineChart {...spread} polarity="need" points={[]} label="Spanne 10 bis 30" width={214} />);
    const svg = screen.getByRole('img', { name: 'Spanne 10 bis 30' });
    const box = svg.querySelector('.spine-box')!;
    // need: q3 (25) lies left of q1 (15); the box spans the middle half either way.
    expect(Number(box.getAttribute('x'))).toBeCloseTo(7 + 0.25 * 200);
    expect(Number(box.getAttribute('width'))).toBeCloseTo(0.5 * 200);
    expect(Number(screen.getByTestId('spine-reference').getAttribute('x1'))).toBeCloseTo(7 + 0.5 * 200);
    expect(spinePosition(10, 10, 30, 'neutral')).toBe(0);
    expect(spinePosition(5, 5, 5, 'need')).toBe(0.5);
  });
});

describe('TrendArrow', () => {
  it('shows direction by shape and judgement by colour class, with a German label', () => {
    renderWithProviders(<TrendArrow direction="up" polarity="need" previousPeriod="2020" />);
    const arrow = screen.getByRole('img', { name: 'gestiegen gegenüber 2020 – ungünstig' });
    expect(arrow.textContent).toBe('↑');
    expect(arrow.className).toContain('trend--worse');
    cleanup();
    renderWithProviders(<TrendArrow direction="up" polarity="better" previousPeriod="2020" />);
    expect(screen.getByRole('img', { name: 'gestiegen gegenüber 2020 – günstig' }).className).toContain('trend--better');
  });

  it('compares at the displayed precision', () => {
    expect(trendDirection(14.54, 14.46, 1)).toBe('flat');
    expect(trendDirection(14.6, 14.4, 1)).toBe('up');
    expect(trendDirection(3, 4, 0)).toBe('down');
    expect(trendJudgement('down', 'need')).toBe('better');
    expect(trendJudgement('down', 'better')).toBe('worse');
    expect(trendJudgement('up', 'neutral')).toBe('neutral');
  });
});

describe('ProfilView', () => {
  async function renderProfile(unitIds: string[]) {
    renderWithSelection(<ProfilView appInfo={null} />, { initial: { unitIds } });
    return screen.findAllByTestId('profile-row');
  }
  const rowOf = (rows: HTMLElement[], indicatorId: string) => rows.find((r) => r.getAttribute('data-indicator-id') === indicatorId)!;

  it('shows value, mean of the units, difference, trend and rank for the selected unit', async () => {
    const rows = await renderProfile(['u3']);
    expect(screen.getByTestId('profile-title').textContent).toBe('Profil: 03 Nordstadt');
    const sgb2 = rowOf(rows, SGB2.id);
    // 2021: 14.5, 21.9, 20.0, 10.5 → mean 16.725
    // The unit stands once under the indicator's name, not in every cell.
    expect(within(sgb2).getByRole('rowheader').textContent).toContain('% · 2021 · höher = mehr Bedarf');
    expect(within(sgb2).getByTestId('profile-value').textContent).toBe('20,0');
    expect(within(sgb2).getByTestId('profile-reference').textContent).toBe('16,7');
    expect(within(sgb2).getByTestId('profile-difference').textContent).toBe('+3,3');
    expect(within(sgb2).getByTestId('profile-rank').textContent).toBe('2 / 4');
    // Nordstadt rose from 18.5 to 20.0: more need = worse.
    const arrow = within(sgb2).getByTestId('trend-arrow');
    expect(arrow.getAttribute('data-direction')).toBe('up');
    expect(arrow.getAttribute('aria-label')).toBe('gestiegen gegenüber 2020 – ungünstig');
    expect(arrow.textContent).toBe('↑');
    // Its high value sits left of the middle (worse) in the spine chart.
    expect(Number(within(sgb2).getByTestId('spine-point').getAttribute('data-position'))).toBeLessThan(0.5);
    expect(screen.getByText(/ungewichtetes Mittel aller Gebiete/)).toBeTruthy();
  });

  it('a falling need indicator is "better"; a rising "better" indicator too', async () => {
    const rows = await renderProfile(['u2']);
    const arrow = within(rowOf(rows, SGB2.id)).getByTestId('trend-arrow');
    expect(arrow.getAttribute('data-direction')).toBe('down');
    expect(arrow.getAttribute('aria-label')).toBe('gesunken gegenüber 2020 – günstig');
    cleanup();
    const again = await renderProfile(['u4']);
    const gym = rowOf(again, GYM.id);
    expect(within(gym).getByTestId('trend-arrow').getAttribute('aria-label')).toBe('gestiegen gegenüber 2020 – günstig');
    // Highest transition rate: best, so far right.
    expect(Number(within(gym).getByTestId('spine-point').getAttribute('data-position'))).toBe(1);
    expect(within(gym).getByTestId('profile-rank').textContent).toBe('6 / 6');
  });

  it('compares units side by side and removes them again', async () => {
    await renderProfile(['u3']);
    fireEvent.change(screen.getByLabelText('Vergleichen mit'), { target: { value: 'u2' } });
    await waitFor(() => expect(screen.getByTestId('profile-title').textContent).toBe('Profil: 03 Nordstadt · 02 Neustadt'));
    const sgb2 = rowOf(screen.getAllByTestId('profile-row'), SGB2.id);
    expect(within(sgb2).getAllByTestId('profile-value').map((c) => c.textContent)).toEqual(['20,0', '21,9 (vorläufig)']);
    expect(within(sgb2).getAllByTestId('spine-point')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: '03 Nordstadt aus dem Vergleich entfernen' }));
    await waitFor(() => expect(screen.getByTestId('profile-title').textContent).toBe('Profil: 02 Neustadt'));
  });

  it('shows suppressed values as such, without rank or trend', async () => {
    const rows = await renderProfile(['u5']);
    const sgb2 = rowOf(rows, SGB2.id);
    expect(within(sgb2).getByTestId('profile-value').textContent).toBe('geheim');
    expect(within(sgb2).getByTestId('profile-rank').textContent).toBe('–');
    expect(within(sgb2).queryByTestId('trend-arrow')).toBeNull();
  });

  it('asks for a unit when none is selected', async () => {
    renderWithSelection(<ProfilView appInfo={null} />);
    expect(await screen.findByText(/Bitte ein Gebiet wählen/)).toBeTruthy();
  });
});
