import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { KINDERTEILHABE_DIMENSIONS } from '../../shared/stats/composite-presets.ts';
import type { ChoroplethPaint, MapCanvasProps } from '../../renderer/map/MapCanvas.tsx';
import IndizesView from '../../renderer/views/indizes/IndizesView.tsx';
import { GYM, indicatorHandlers, LEVEL, renderWithSelection, SGB2, summary } from './indicator-fixtures.tsx';
import type { FakeClient, FakeHandlers } from './helpers.tsx';

// MapLibre needs WebGL; the preview map is replaced by a stub that shows what it was asked to paint.
vi.mock('../../renderer/map/MapCanvas.tsx', () => ({
  MapCanvas: (props: MapCanvasProps) => {
    const paint: ChoroplethPaint | null | undefined = props.choropleth;
    return (
      <div
        data-testid="map-stub"
        aria-label={props.label}
        data-colors={paint ? JSON.stringify(Object.fromEntries(paint.unitColors)) : ''}
        data-hatched={paint ? [...paint.hatched].sort().join(',') : ''}
        data-tooltip-u6={props.describeUnit?.('u6') ?? ''}
      />
    );
  },
}));

afterEach(cleanup);

type Indicator = MethodOutput<'indicators.get'>;

/** Inhabitants (a neutral count) and a neutral share: no direction of its own. */
const BEV: Indicator = { ...SGB2, id: 'ind-bev', code: 'bev_gesamt', name: 'Einwohner insgesamt', shortName: null, polarity: 'neutral', measure: 'absolute', unit: 'Personen', decimals: 0 };
const MIG: Indicator = { ...SGB2, id: 'ind-mig', code: 'migration_anteil', name: 'Anteil mit Migrationshintergrund', shortName: null, polarity: 'neutral', measure: 'relative' };
const CATALOGUE = [SGB2, GYM, BEV, MIG];

type Preview = MethodOutput<'indices.preview'>;
const PREVIEW: Preview = {
  units: [
    { unitId: 'u1', total: 0.2, classLabel: 'Bedarf durchschnittlich', dimensions: [{ name: 'Arbeit', score: 0.2 }], message: null },
    { unitId: 'u2', total: 1.4, classLabel: 'Bedarf hoch', dimensions: [{ name: 'Arbeit', score: 1.4 }], message: null },
    { unitId: 'u3', total: 0.9, classLabel: 'Bedarf erhöht', dimensions: [{ name: 'Arbeit', score: 0.9 }], message: null },
    { unitId: 'u4', total: -1.3, classLabel: 'Bedarf sehr gering', dimensions: [{ name: 'Arbeit', score: -1.3 }], message: null },
    { unitId: 'u5', total: null, classLabel: null, dimensions: [], message: `nicht im Index: keine Werte für ${SGB2.id}` },
    { unitId: 'u6', total: null, classLabel: null, dimensions: [], message: 'nicht im Index: weniger als 300 Einwohner' },
  ],
  warnings: [`Der Indikator „${GYM.id}“ hat in allen Einheiten des Index denselben Wert und trägt nichts zum Index bei.`],
};

function handlers(overrides: FakeHandlers = {}): FakeHandlers {
  const details = new Map(CATALOGUE.map((i) => [i.id, i]));
  return indicatorHandlers({
    'indicators.list': () => CATALOGUE.map(summary),
    'indicators.get': ({ id }) => details.get(id)!,
    'indices.preview': () => PREVIEW,
    ...overrides,
  });
}

async function renderBuilder(overrides: FakeHandlers = {}) {
  const onNavigate = vi.fn();
  const result = renderWithSelection(<IndizesView appInfo={null} onNavigate={onNavigate} />, { handlers: handlers(overrides) });
  await screen.findByTestId('index-dimensions');
  return { ...result, onNavigate };
}

function start(preset: string) {
  fireEvent.change(screen.getByLabelText('Vorlage oder gespeicherter Index'), { target: { value: preset } });
  fireEvent.click(screen.getByRole('button', { name: 'Übernehmen' }));
}

function addIndicator(dimension: string, name: string, nth = 0) {
  const select = screen.getAllByLabelText(`Indikator zu „${dimension}“ hinzufügen`)[nth] as HTMLSelectElement;
  const option = within(select).getByRole('option', { name }) as HTMLOptionElement;
  fireEvent.change(select, { target: { value: option.value } });
}

const dimensionNames = () => screen.getAllByTestId('dimension-name').map((i) => (i as HTMLInputElement).value);

describe('Index-Baukasten', () => {
  it('starts on the level and its latest period, and a preset fills the dimensions', async () => {
    await renderBuilder();
    expect((screen.getByLabelText('Gebietsebene') as HTMLSelectElement).value).toBe(LEVEL.id);
    expect((screen.getByLabelText('Zeitraum') as HTMLSelectElement).value).toBe('2021');
    expect(dimensionNames()).toEqual(['Dimension 1']);

    start('kinderteilhabe');
    expect(dimensionNames()).toEqual([...KINDERTEILHABE_DIMENSIONS]);
    // Inhabitants found in the catalogue: small areas are left out (300 by default).
    expect((screen.getByLabelText('Einwohnerzahl aus') as HTMLSelectElement).value).toBe(BEV.id);
    expect((screen.getByTestId('index-exclude-small') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Mindestzahl Einwohner') as HTMLInputElement).value).toBe('300');

    start('mss');
    expect(dimensionNames()).toEqual(['Status']);
    // MSS status indicators: the relative "need" indicators on offer (not the counts, not "better").
    const rows = screen.getAllByTestId('index-indicator');
    expect(rows.map((r) => r.getAttribute('data-indicator-id'))).toEqual([SGB2.id]);
    expect((within(rows[0]!).getByTestId('indicator-polarity') as HTMLSelectElement).value).toBe('1');
    expect(screen.getAllByTestId('class-label').map((i) => (i as HTMLInputElement).value)).toEqual(['hoch', 'mittel', 'niedrig', 'sehr niedrig']);
    expect(screen.getAllByTestId('class-cutoff').map((i) => (i as HTMLInputElement).value)).toEqual(['-1', '1', '1,5']);
  });

  it('prefills the polarity from the catalogue and asks for neutral indicators', async () => {
    await renderBuilder();
    addIndicator('Dimension 1', SGB2.name);
    addIndicator('Dimension 1', GYM.name);
    addIndicator('Dimension 1', MIG.name);
    const polarity = (name: string) => screen.getByLabelText(`Richtung von „${name}“`) as HTMLSelectElement;
    expect(polarity(SGB2.name).value).toBe('1');
    expect(polarity(GYM.name).value).toBe('-1');
    expect(polarity(MIG.name).value).toBe('');
    expect(within(polarity(MIG.name)).getByRole('option', { name: 'bitte wählen …' })).toBeTruthy();
    expect(screen.getByTestId('index-issues').textContent).toContain(`Bitte für „${MIG.name}“ die Richtung wählen`);
    expect((screen.getByTestId('open-save-index') as HTMLButtonElement).disabled).toBe(true);
    // Already chosen indicators cannot be added twice.
    const add = screen.getByLabelText('Indikator zu „Dimension 1“ hinzufügen');
    expect((within(add).getByRole('option', { name: SGB2.name }) as HTMLOptionElement).disabled).toBe(true);

    fireEvent.change(polarity(MIG.name), { target: { value: '-1' } });
    expect(screen.queryByTestId('index-issues')).toBeNull();
    expect((screen.getByTestId('open-save-index') as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers geometric mean and minimum only with Rang-Min-Max and says why', async () => {
    await renderBuilder();
    const combine = () => screen.getByLabelText('Zusammenfassen') as HTMLSelectElement;
    const option = (name: string) => within(combine()).getByRole('option', { name }) as HTMLOptionElement;
    expect((screen.getByLabelText('Standardisierung') as HTMLSelectElement).value).toBe('z-score');
    expect(option('geometrisches Mittel').disabled).toBe(true);
    expect(option('Minimum').disabled).toBe(true);
    expect(option('Mittelwert').disabled).toBe(false);
    const hint = screen.getByTestId('combine-hint');
    expect(hint.textContent).toContain('nur mit Rang-Min-Max');
    expect(hint.textContent).toContain('negativ');
    expect(combine().getAttribute('aria-describedby')).toBe(hint.id);

    fireEvent.change(screen.getByLabelText('Standardisierung'), { target: { value: 'rank-min-max' } });
    expect(option('geometrisches Mittel').disabled).toBe(false);
    // Cut-offs move to the 0..1 scale.
    expect(screen.getAllByTestId('class-cutoff').map((i) => (i as HTMLInputElement).value)).toEqual(['0,2', '0,4', '0,6', '0,8']);
    fireEvent.change(combine(), { target: { value: 'geometric-mean' } });
    expect(combine().value).toBe('geometric-mean');

    // Back to z-scores: the combination falls back to the mean.
    fireEvent.change(screen.getByLabelText('Standardisierung'), { target: { value: 'z-score' } });
    expect(combine().value).toBe('mean');
  });

  it('saves the recipe as an indicator: the whole stored object', async () => {
    const saved = { ...SGB2, id: 'ind-arbeit', code: 'arbeit', name: 'Arbeitsindex', topic: 'Indizes', computed: true };
    const save = vi.fn((_input: MethodInput<'indices.save'>) => saved);
    const { client } = await renderBuilder({ 'indices.save': save });
    fireEvent.change(screen.getByLabelText('Name der Dimension'), { target: { value: 'Arbeit' } });
    addIndicator('Arbeit', SGB2.name);
    addIndicator('Arbeit', GYM.name);
    fireEvent.change(screen.getByLabelText(`Gewicht von „${GYM.name}“`), { target: { value: '0,5' } });
    fireEvent.change(screen.getByLabelText('Einwohnerzahl aus'), { target: { value: BEV.id } });
    fireEvent.change(screen.getByLabelText('Mindestzahl Einwohner'), { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('Mittelwert und Streuung'), { target: { value: 'population' } });

    fireEvent.click(screen.getByTestId('open-save-index'));
    const dialog = await screen.findByTestId('save-index-dialog');
    expect((within(dialog).getByLabelText('Thema') as HTMLInputElement).value).toBe('Indizes');
    fireEvent.change(within(dialog).getByLabelText('Schlüssel'), { target: { value: 'arbeit' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Arbeitsindex' } });
    fireEvent.change(within(dialog).getByLabelText('Definition'), { target: { value: 'SGB II und Beschäftigung' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0]![0]).toEqual({
      code: 'arbeit',
      name: 'Arbeitsindex',
      topic: 'Indizes',
      definition: 'SGB II und Beschäftigung',
      stored: {
        type: 'composite-index',
        levelId: LEVEL.id,
        period: '2021',
        populationIndicatorId: BEV.id,
        recipe: {
          dimensions: [
            {
              name: 'Arbeit',
              weight: 1,
              indicators: [
                { indicatorId: SGB2.id, weight: 1, polarity: 1 },
                { indicatorId: GYM.id, weight: 0.5, polarity: -1 },
              ],
            },
          ],
          standardisation: 'z-score',
          weighting: 'population',
          exclusions: { minPopulation: 500 },
          combine: 'mean',
          classes: { cutoffs: [-1, -0.5, 0.5, 1], labels: ['Bedarf sehr gering', 'Bedarf gering', 'Bedarf durchschnittlich', 'Bedarf erhöht', 'Bedarf hoch'] },
        },
      },
    });
    // The preview got the same stored object.
    await waitFor(() =>
      expect((client as FakeClient).calls.filter((c) => c.method === 'indices.preview').at(-1)?.input).toEqual({ stored: save.mock.calls[0]![0].stored }),
    );
    const notice = await screen.findByTestId('index-saved');
    expect(notice.textContent).toContain('„Arbeitsindex“ ist gespeichert');
  });

  it('refuses a key that belongs to an ordinary indicator', async () => {
    const save = vi.fn();
    await renderBuilder({ 'indices.save': save });
    addIndicator('Dimension 1', SGB2.name);
    fireEvent.click(screen.getByTestId('open-save-index'));
    const dialog = await screen.findByTestId('save-index-dialog');
    fireEvent.change(within(dialog).getByLabelText('Schlüssel'), { target: { value: 'sgb2_quote' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'X' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('hat schon der Indikator „SGB-II-Quote“');
    expect(save).not.toHaveBeenCalled();
  });

  it('explains what keeps the recipe from being computed, in German, next to the field', async () => {
    await renderBuilder();
    expect(screen.getByTestId('index-issues').textContent).toContain('„Dimension 1“ braucht mindestens einen Indikator.');
    addIndicator('Dimension 1', SGB2.name);
    fireEvent.click(screen.getByRole('button', { name: 'Dimension hinzufügen' }));
    fireEvent.change(screen.getAllByLabelText('Name der Dimension')[1]!, { target: { value: 'Dimension 1' } });
    addIndicator('Dimension 1', GYM.name, 1);
    const cutoffs = screen.getAllByTestId('class-cutoff');
    fireEvent.change(cutoffs[1]!, { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText(`Gewicht von „${SGB2.name}“`), { target: { value: 'viel' } });
    const issues = screen.getByTestId('index-issues').textContent;
    // From the recipe schema (shared/stats/composite-index.ts) …
    expect(issues).toContain('Die Dimension „Dimension 1“ ist doppelt.');
    expect(issues).toContain('Die Klassengrenzen müssen aufsteigend sein.');
    // … and the builder's own checks.
    expect(issues).toContain(`Gewicht von „${SGB2.name}“: „viel“ ist keine Zahl.`);
    const weight = screen.getByLabelText(`Gewicht von „${SGB2.name}“`);
    expect(weight.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(weight.getAttribute('aria-describedby')!)!.textContent).toContain('ist keine Zahl');
    expect(screen.getByTestId('index-preview-status').textContent).toBe('Die Vorschau erscheint, sobald das Rezept vollständig ist.');
  });

  it('shows the preview on the map and in a sortable table with every sub-index', async () => {
    await renderBuilder();
    fireEvent.change(screen.getByLabelText('Name der Dimension'), { target: { value: 'Arbeit' } });
    addIndicator('Arbeit', SGB2.name);
    const rows = await screen.findAllByTestId('preview-row');
    const order = () => screen.getAllByTestId('preview-row').map((r) => r.getAttribute('data-unit-id'));
    // Highest total first; units not in the index last, with the reason.
    expect(rows.map((r) => r.getAttribute('data-unit-id'))).toEqual(['u2', 'u3', 'u1', 'u4', 'u5', 'u6']);
    expect(within(rows[5]!).getByTestId('preview-message').textContent).toBe('nicht im Index: weniger als 300 Einwohner');
    expect(within(rows[0]!).getByTestId('preview-total').textContent).toBe('1,40');
    expect(within(rows[0]!).getByTestId('preview-class').textContent).toContain('Bedarf hoch');
    expect(screen.getByRole('columnheader', { name: /Arbeit/ })).toBeTruthy();

    fireEvent.click(screen.getByTestId('sort-preview-total'));
    expect(order()).toEqual(['u4', 'u1', 'u3', 'u2', 'u5', 'u6']);
    expect(screen.getByRole('columnheader', { name: /Gesamt/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByTestId('sort-preview-name'));
    expect(order()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    fireEvent.click(screen.getByTestId('sort-preview-name'));
    expect(order()).toEqual(['u4', 'u3', 'u2', 'u1', 'u6', 'u5']);
    fireEvent.click(screen.getByTestId('sort-preview-dimension-0'));
    expect(order()).toEqual(['u2', 'u3', 'u1', 'u4', 'u5', 'u6']);

    // The map: one colour per class, units not in the index hatched, the reason in the tooltip.
    const map = screen.getByTestId('map-stub');
    const colors = JSON.parse(map.getAttribute('data-colors')!) as Record<string, string>;
    expect(Object.keys(colors).sort()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(new Set([colors['u1'], colors['u2'], colors['u3'], colors['u4']]).size).toBe(4);
    expect(map.getAttribute('data-hatched')).toBe('u5,u6');
    expect(map.getAttribute('data-tooltip-u6')).toBe('nicht im Index: weniger als 300 Einwohner');
    // Legend: the class labels with counts, then "nicht im Index".
    const legend = screen.getAllByTestId('index-legend-row').map((r) => [r.getAttribute('data-kind'), r.textContent]);
    expect(legend).toEqual([
      ['class', 'Bedarf sehr gering1'],
      ['class', 'Bedarf gering0'],
      ['class', 'Bedarf durchschnittlich1'],
      ['class', 'Bedarf erhöht1'],
      ['class', 'Bedarf hoch1'],
      ['excluded', 'nicht im Index2'],
    ]);
    expect(screen.getByTestId('index-preview-status').textContent).toBe('4 von 6 Gebieten im Index');
    // Main names indicators by id; the builder shows their names.
    expect(screen.getByTestId('index-warnings').textContent).toBe('Der Indikator „Übergangsquote Gymnasium“ hat in allen Einheiten des Index denselben Wert und trägt nichts zum Index bei.');
    expect(within(screen.getAllByTestId('preview-row')[4]!).getByTestId('preview-message').textContent).toBe('nicht im Index: keine Werte für SGB-II-Quote');
  });

  it('asks main again, debounced, while a weight is typed', async () => {
    const preview = vi.fn(() => PREVIEW);
    await renderBuilder({ 'indices.preview': preview });
    addIndicator('Dimension 1', SGB2.name);
    await screen.findAllByTestId('preview-row');
    expect(preview).toHaveBeenCalledTimes(1);
    const weight = screen.getByLabelText(`Gewicht von „${SGB2.name}“`);
    for (const text of ['2', '2,', '2,5']) fireEvent.change(weight, { target: { value: text } });
    await waitFor(() => expect(preview).toHaveBeenCalledTimes(2));
    expect((preview.mock.calls as unknown as Array<[MethodInput<'indices.preview'>]>)[1]![0].stored).toMatchObject({
      recipe: { dimensions: [{ indicators: [{ indicatorId: SGB2.id, weight: 2.5 }] }] },
    });
  });

  it('edits a saved index: its recipe comes back into the builder', async () => {
    const stored = {
      type: 'composite-index',
      levelId: LEVEL.id,
      period: '2020',
      populationIndicatorId: null,
      recipe: {
        dimensions: [{ name: 'Teilhabe', weight: 2, indicators: [{ indicatorId: GYM.id, weight: 1, polarity: -1 }] }],
        standardisation: 'rank-min-max',
        weighting: 'unweighted',
        exclusions: {},
        combine: 'minimum',
        classes: { cutoffs: [0.5], labels: ['gering', 'hoch'] },
      },
    };
    const index: Indicator = { ...SGB2, id: 'ind-teilhabe', code: 'teilhabe', name: 'Teilhabeindex', topic: 'Indizes', computed: true, recipe: stored };
    const details = new Map([...CATALOGUE, index].map((i) => [i.id, i]));
    await renderBuilder({ 'indicators.list': () => [...CATALOGUE, index].map(summary), 'indicators.get': ({ id }) => details.get(id)! });
    const startSelect = screen.getByLabelText('Vorlage oder gespeicherter Index');
    await within(startSelect).findByRole('option', { name: 'Teilhabeindex (teilhabe)' });
    start('saved:ind-teilhabe');
    expect(dimensionNames()).toEqual(['Teilhabe']);
    expect((screen.getByLabelText('Zeitraum') as HTMLSelectElement).value).toBe('2020');
    expect((screen.getByLabelText('Standardisierung') as HTMLSelectElement).value).toBe('rank-min-max');
    expect((screen.getByLabelText('Zusammenfassen') as HTMLSelectElement).value).toBe('minimum');
    expect(screen.getByTestId('index-editing').textContent).toContain('Teilhabeindex (teilhabe)');
    // The index is not offered as its own input.
    const add = screen.getByLabelText('Indikator zu „Teilhabe“ hinzufügen');
    expect(within(add).queryByRole('option', { name: 'Teilhabeindex' })).toBeNull();
    fireEvent.click(screen.getByTestId('open-save-index'));
    const dialog = await screen.findByTestId('save-index-dialog');
    expect((within(dialog).getByLabelText('Schlüssel') as HTMLInputElement).value).toBe('teilhabe');
    expect(within(dialog).getByText(/wird mit diesem Rezept neu berechnet/)).toBeTruthy();
  });
});
