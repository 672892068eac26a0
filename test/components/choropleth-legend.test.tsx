import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { schemeRdBu, schemeYlOrRd } from 'd3-scale-chromatic';
import { ChoroplethLegend } from '../../renderer/indicators/ChoroplethLegend.tsx';
import { buildChoropleth } from '../../renderer/indicators/choropleth.ts';
import { classColors, NO_DATA_COLOR } from '../../renderer/indicators/ramps.ts';
import { DEFAULT_CLASSIFICATION, type ClassificationSettings } from '../../renderer/state/selection.tsx';
import type { SeriesRow, UnitInfo } from '../../renderer/indicators/values.ts';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

/** Ten units: values 1…7, one null, one without any row, one suppressed. */
const units: UnitInfo[] = Array.from({ length: 10 }, (_, i) => ({ id: `u${i + 1}`, name: `Gebiet ${i + 1}`, code: `G${i + 1}` }));
const series: SeriesRow[] = [
  ...[1, 2, 3, 4, 5, 6, 7].map((value, i) => ({ unitId: `u${i + 1}`, period: '2021', value, flag: null })),
  { unitId: 'u8', period: '2021', value: null, flag: null },
  // u9: no row at all
  { unitId: 'u10', period: '2021', value: 4, flag: 'suppressed' },
];
const equal3: ClassificationSettings = { ...DEFAULT_CLASSIFICATION, method: 'equal-interval', classes: 3 };

function choropleth(polarity: 'need' | 'better' | 'neutral', settings = equal3) {
  return buildChoropleth({ indicator: { polarity, measure: 'relative' }, series, units, period: '2021', settings });
}

describe('ChoroplethLegend', () => {
  it('lists each class with its German-formatted range and count, then "keine Daten" and "geheim gehalten"', () => {
    renderWithProviders(
      <ChoroplethLegend
        indicator={{ name: 'SGB-II-Quote', unit: '%', decimals: 1, polarity: 'need' }}
        period="2021"
        choropleth={choropleth('need')}
        settings={equal3}
        onSettingsChange={() => {}}
        periodCount={5}
      />,
    );
    const legend = screen.getByTestId('choropleth-legend');
    const rows = within(legend).getAllByTestId('legend-row');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['class', 'class', 'class', 'no-data', 'suppressed']);
    expect(rows.map((r) => r.querySelector('.legend-range')?.textContent)).toEqual([
      '1,0 – 3,0 %',
      '3,0 – 5,0 %',
      '5,0 – 7,0 %',
      'keine Daten',
      'geheim gehalten',
    ]);
    // Upper bounds inclusive: {1,2,3}, {4,5}, {6,7}; no data = the null and the unit without a row.
    expect(within(legend).getAllByTestId('legend-count').map((c) => c.textContent)).toEqual(['3', '2', '2', '2', '1']);
    expect(within(legend).getByRole('heading', { name: 'SGB-II-Quote' })).toBeTruthy();
    expect(legend.textContent).toContain('höher = mehr Bedarf');
  });

  it('offers the five methods, 3–7 classes and the whole-series option; changes go to the callback', () => {
    const onChange = vi.fn();
    renderWithProviders(
      <ChoroplethLegend
        indicator={{ name: 'SGB-II-Quote', unit: '%', decimals: 1, polarity: 'need' }}
        period="2021"
        choropleth={choropleth('need')}
        settings={equal3}
        onSettingsChange={onChange}
        periodCount={5}
      />,
    );
    const method = screen.getByLabelText('Methode') as HTMLSelectElement;
    expect([...method.options].map((o) => o.text)).toEqual([
      'Quantile',
      'Gleiche Intervalle',
      'Natürliche Brüche (Jenks)',
      'Standardabweichung',
      'Manuell',
    ]);
    expect([...(screen.getByLabelText('Klassen') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['3', '4', '5', '6', '7']);
    fireEvent.change(screen.getByLabelText('Klassen'), { target: { value: '6' } });
    expect(onChange).toHaveBeenLastCalledWith({ classes: 6 });
    fireEvent.click(screen.getByLabelText('über alle Jahre klassifizieren'));
    expect(onChange).toHaveBeenLastCalledWith({ allPeriods: true });
    // Manual starts from the breaks on screen.
    fireEvent.change(method, { target: { value: 'manual' } });
    expect(onChange).toHaveBeenLastCalledWith({ method: 'manual', manualBreaks: [3, 5] });
  });

  it('can be collapsed to keep the map free', () => {
    renderWithProviders(
      <ChoroplethLegend
        indicator={{ name: 'SGB-II-Quote', unit: '%', decimals: 1, polarity: 'need' }}
        period="2021"
        choropleth={choropleth('need')}
        settings={equal3}
        onSettingsChange={() => {}}
        periodCount={5}
      />,
    );
    const toggle = screen.getByRole('button', { name: 'Legende einklappen' });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('choropleth-legend').querySelector('table')?.closest('[hidden]')).not.toBeNull();
  });
});

describe('colour ramp and polarity', () => {
  it('puts the darkest colour on the high values for "need" and on the low values for "better"', () => {
    const ramp = [...schemeYlOrRd[3]!];
    const need = choropleth('need');
    const better = choropleth('better');
    expect(need.scheme).toBe('YlOrRd');
    expect(need.colors).toEqual(ramp);
    expect(better.colors).toEqual([...ramp].reverse());
    // Unit colours follow: value 7 is "most need" for need, "best" for better.
    expect(need.unitColors.get('u7')).toBe(ramp[2]);
    expect(better.unitColors.get('u7')).toBe(ramp[0]);
    expect(need.unitColors.get('u8')).toBe(NO_DATA_COLOR);
    expect(need.suppressedUnits).toEqual(new Set(['u10']));
  });

  it('uses a blue ramp for neutral indicators and a diverging one around the mean for standard deviations', () => {
    expect(choropleth('neutral').scheme).toBe('Blues');
    const sd = choropleth('need', { ...equal3, method: 'standard-deviation', classes: 4 });
    expect(sd.scheme).toBe('RdBu');
    // High values red (warm = more need), low values blue; flipped for "better".
    const sdBetter = choropleth('better', { ...equal3, method: 'standard-deviation', classes: 4 });
    expect(sd.colors.at(-1)).toBe(schemeRdBu[4]![0]);
    expect(sd.colors[0]).toBe(schemeRdBu[4]![3]);
    expect(sdBetter.colors).toEqual([...sd.colors].reverse());
  });

  it('keeps the neutral middle colour at the centre when the classes are uneven around it', () => {
    // Two classes below the centre, one containing it, one above: 5-colour ramp, centre = middle.
    const classes = [
      { from: 0, to: 2 },
      { from: 2, to: 4 },
      { from: 4, to: 6 },
      { from: 6, to: 8 },
    ];
    const colors = classColors('RdBu', classes, 'need', 5);
    const ramp = [...schemeRdBu[5]!].reverse();
    expect(colors).toEqual([ramp[0], ramp[1], ramp[2], ramp[3]]);
  });
});
