import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodOutput } from '../../shared/contract.ts';
import { mssDynamicRecipe, mssStatusRecipe } from '../../shared/stats/composite-presets.ts';
import type { MapCanvasProps } from '../../renderer/map/MapCanvas.tsx';
import IndizesView from '../../renderer/views/indizes/IndizesView.tsx';
import { crossPreviews, groupCounts } from '../../renderer/views/indizes/mss-groups.ts';
import { indicatorHandlers, LEVEL, renderWithSelection, SGB2, summary, UNITS } from './indicator-fixtures.tsx';

vi.mock('../../renderer/map/MapCanvas.tsx', () => ({
  MapCanvas: (props: MapCanvasProps) => <div data-testid="map-stub" aria-label={props.label} />,
}));

afterEach(cleanup);

type Indicator = MethodOutput<'indicators.get'>;
type Preview = MethodOutput<'indices.preview'>;

/** A change indicator as the derive dialog makes it: kind 'dynamic', polarity of its source. */
const SGB2_CHANGE: Indicator = { ...SGB2, id: 'ind-sgb2-change', code: 'sgb2_veraenderung', name: 'SGB-II-Quote: Veränderung 2019–2021', kind: 'dynamic', unit: 'Prozentpunkte', computed: true };
const BEV: Indicator = { ...SGB2, id: 'ind-bev', code: 'bev', name: 'Einwohner insgesamt', polarity: 'neutral', measure: 'absolute', unit: 'Personen', decimals: 0, tags: ['Bezugsbevölkerung'] };

const stored = (recipe: ReturnType<typeof mssStatusRecipe>) => ({ type: 'composite-index', recipe, levelId: LEVEL.id, period: '2021', populationIndicatorId: BEV.id });
const STATUS_INDEX: Indicator = { ...SGB2, id: 'ind-status', code: 'mss_status', name: 'Statusindex (MSS)', measure: 'standardised', computed: true, recipe: stored(mssStatusRecipe([SGB2.id])) };
const DYNAMIC_INDEX: Indicator = { ...SGB2, id: 'ind-dyn', code: 'mss_dynamik', name: 'Dynamikindex (MSS)', measure: 'standardised', computed: true, recipe: stored(mssDynamicRecipe([SGB2_CHANGE.id])) };

const unit = (unitId: string, classLabel: string | null): Preview['units'][number] => ({
  unitId,
  total: classLabel ? 0 : null,
  classLabel,
  dimensions: [],
  message: classLabel ? null : 'nicht im Index: weniger als 300 Einwohner',
});
const STATUS_PREVIEW: Preview = {
  units: [unit('u1', 'mittel'), unit('u2', 'sehr niedrig'), unit('u3', 'niedrig'), unit('u4', 'hoch'), unit('u5', 'mittel'), unit('u6', null)],
  warnings: [],
};
const DYNAMIC_PREVIEW: Preview = {
  units: [unit('u1', 'stabil'), unit('u2', 'negativ'), unit('u3', 'negativ'), unit('u4', 'positiv'), unit('u5', 'stabil'), unit('u6', null)],
  warnings: [],
};

function handlers(catalogue: Indicator[]) {
  const details = new Map(catalogue.map((i) => [i.id, i]));
  return indicatorHandlers({
    'indicators.list': () => catalogue.map(summary),
    'indicators.get': ({ id }) => details.get(id)!,
    'indices.preview': ({ stored: s }) => {
      const labels = (s as { recipe: { classes: { labels: string[] } } }).recipe.classes.labels;
      return labels.length === 3 ? DYNAMIC_PREVIEW : STATUS_PREVIEW;
    },
  });
}

function start(preset: string) {
  fireEvent.change(screen.getByLabelText('Vorlage oder gespeicherter Index'), { target: { value: preset } });
  fireEvent.click(screen.getByRole('button', { name: 'Übernehmen' }));
}

describe('MSS Dynamik preset', () => {
  it('builds the dynamic index from the change indicators, 3 classes; the status preset leaves them out', async () => {
    renderWithSelection(<IndizesView appInfo={null} />, { handlers: handlers([SGB2, SGB2_CHANGE, BEV]) });
    await screen.findByTestId('index-dimensions');
    expect(within(screen.getByLabelText('Vorlage oder gespeicherter Index')).getByRole('option', { name: 'MSS Dynamik (Berlin)' })).toBeTruthy();

    start('mssDynamic');
    expect(screen.getAllByTestId('dimension-name').map((i) => (i as HTMLInputElement).value)).toEqual(['Dynamik']);
    expect(screen.getAllByTestId('index-indicator').map((r) => r.getAttribute('data-indicator-id'))).toEqual([SGB2_CHANGE.id]);
    expect(screen.getAllByTestId('class-label').map((i) => (i as HTMLInputElement).value)).toEqual(['positiv', 'stabil', 'negativ']);
    expect(screen.getAllByTestId('class-cutoff').map((i) => (i as HTMLInputElement).value)).toEqual(['-1', '1']);
    // The tagged inhabitants are taken for the 300-inhabitant rule.
    expect((screen.getByLabelText('Einwohnerzahl aus') as HTMLSelectElement).value).toBe(BEV.id);
    expect(screen.getByText(/Veränderungen der Statusindikatoren/)).toBeTruthy();

    start('mss');
    expect(screen.getAllByTestId('index-indicator').map((r) => r.getAttribute('data-indicator-id'))).toEqual([SGB2.id]);
  });

  it('crosses a saved status and a saved dynamic index into the 12 groups', async () => {
    renderWithSelection(<IndizesView appInfo={null} />, { handlers: handlers([SGB2, SGB2_CHANGE, BEV, STATUS_INDEX, DYNAMIC_INDEX]) });
    const panel = await screen.findByTestId('mss-groups');
    await waitFor(() => expect(within(panel).getAllByTestId('mss-group-row')).toHaveLength(6));
    const rows = within(panel).getAllByTestId('mss-group-row');
    // Sorted by group: hoch/positiv (1.1) first, units in no group last.
    expect(rows.map((r) => [r.getAttribute('data-unit-id'), r.getAttribute('data-group')])).toEqual([
      ['u4', '1.1'],
      ['u1', '2.2'],
      ['u5', '2.2'],
      ['u3', '3.3'],
      ['u2', '4.3'],
      ['u6', ''],
    ]);
    expect(rows[0]!.textContent).toContain('1.1 – Status hoch, Dynamik positiv');
    expect(rows[5]!.textContent).toContain('weniger als 300 Einwohner');
    const count = (group: string) => within(panel).getAllByTestId('mss-count').find((c) => c.getAttribute('data-group') === group)!.textContent;
    expect(count('2.2')).toBe('2.2 2');
    expect(count('1.2')).toBe('1.2 0');
  });

  it('without both indices it says what to save', async () => {
    renderWithSelection(<IndizesView appInfo={null} />, { handlers: handlers([SGB2, STATUS_INDEX]) });
    expect((await screen.findByTestId('mss-groups-hint')).textContent).toContain('MSS-Dynamikindex');
  });
});

describe('crossPreviews', () => {
  it('counts every unit with a group once', () => {
    const rows = crossPreviews(STATUS_PREVIEW, DYNAMIC_PREVIEW, UNITS.map((u) => ({ id: u.id, name: u.name })));
    const counts = groupCounts(rows);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
    expect(counts[1]![1]).toBe(2);
  });
});
