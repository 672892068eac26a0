import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import { DissolveLevelDialog } from '../../renderer/imports/DissolveLevelDialog.tsx';
import {
  attributeFit,
  sameLevelName,
  sortAttributes,
  suggestGroupField,
  suggestLevelName,
  suggestNameField,
} from '../../renderer/imports/dissolve-suggestions.ts';
import { fakeClient, renderWithProviders, type FakeHandlers } from './helpers.tsx';

afterEach(cleanup);

const LEVELS: MethodOutput<'levels.list'> = [
  { id: 'lvl-stadt', key: 'gesamtstadt', name: 'Gesamtstadt', rank: 0, unitCount: 1 },
  { id: 'lvl-st', key: 'stadtteil', name: 'Stadtteil', rank: 1, unitCount: 18 },
];

/** What levels.attributes answers for the Gelsenkirchen Stadtteile (abridged). */
const ATTRIBUTES: MethodOutput<'levels.attributes'> = [
  { name: 'id', distinctCount: 18, examples: ['ST10', 'ST11', 'ST12', 'ST13', 'ST14'], missingCount: 0 },
  { name: 'stadttei00', distinctCount: 18, examples: ['Altstadt', 'Schalke', 'Schalke-Nord', 'Bismarck', 'Bulmke-Hüllen'], missingCount: 0 },
  { name: 'flaeche', distinctCount: 0, examples: [], missingCount: 18 },
  { name: 'bezirk_id', distinctCount: 5, examples: ['1', '2', '3', '4', '5'], missingCount: 0 },
  { name: 'bezirk_bez', distinctCount: 5, examples: ['Mitte', 'Nord', 'West', 'Ost', 'Süd'], missingCount: 0 },
  { name: 'stadt', distinctCount: 1, examples: ['Gelsenkirchen'], missingCount: 0 },
];

const MEMBERS: Record<string, string[]> = {
  Mitte: ['Altstadt', 'Schalke', 'Schalke-Nord', 'Bismarck', 'Bulmke-Hüllen', 'Feldmark', 'Heßler'],
  Nord: ['Buer', 'Scholven', 'Hassel'],
  West: ['Horst', 'Beckhausen'],
  Ost: ['Erle', 'Resse', 'Resser Mark'],
  Süd: ['Neustadt', 'Ückendorf', 'Rotthausen'],
};

function groupsFor(input: MethodInput<'levels.groups'>): MethodOutput<'levels.groups'> {
  const names = Object.keys(MEMBERS);
  return {
    unitCount: 18,
    groups: names.map((name, i) => {
      const key = input.groupField === 'bezirk_id' ? String(i + 1) : name;
      const label = input.groupField === 'bezirk_id' && input.nameField !== 'bezirk_bez' ? key : name;
      return { key, name: label, otherNames: [], members: MEMBERS[name]!.map((n, j) => ({ code: `ST${i + 1}${j}`, name: n })) };
    }),
    withoutGroup: [],
  };
}

const SUMMARY: MethodOutput<'levels.dissolve'> = {
  file: 'Ebene Stadtteil',
  sourceCrs: 'WGS 84',
  created: 5,
  updated: 0,
  unchanged: 0,
  warnings: [{ severity: 'warning', file: 'Ebene Stadtteil', message: 'Süd besteht aus 2 getrennten Teilen (z. B. eine Exklave).' }],
};

function open(handlers: FakeHandlers = {}, props: { initialLevelId?: string } = {}) {
  const client = fakeClient({
    'levels.attributes': () => ATTRIBUTES,
    'levels.groups': groupsFor,
    'levels.dissolve': () => SUMMARY,
    ...handlers,
  });
  const onDissolved = vi.fn();
  const onClose = vi.fn();
  renderWithProviders(<DissolveLevelDialog levels={LEVELS} initialLevelId={props.initialLevelId ?? 'lvl-st'} onDissolved={onDissolved} onClose={onClose} />, { client });
  return { client, onDissolved, onClose };
}

const previewRows = () =>
  within(screen.getByRole('region', { name: 'Neue Gebiete und woraus sie bestehen' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

describe('DissolveLevelDialog', () => {
  it('offers the levels with several units and lists the attributes with counts and examples', async () => {
    const { client } = open();
    const dialog = screen.getByRole('dialog', { name: 'Ebene durch Zusammenfassen bilden' });
    const source = within(dialog).getByLabelText('Ausgangsebene') as HTMLSelectElement;
    // A level with one unit cannot be merged any further.
    expect([...source.options].map((o) => o.textContent)).toEqual(['Stadtteil (18 Gebiete)']);
    expect(document.activeElement).toBe(source);

    const list = await within(dialog).findByRole('group', { name: 'Zusammenfassen nach Merkmal' });
    await within(list).findByRole('radio', { name: /bezirk_bez/ });
    expect(client.calls.find((c) => c.method === 'levels.attributes')?.input).toEqual({ levelId: 'lvl-st' });
    const labels = within(list).getAllByRole('radio').map((radio) => radio.closest('label')!.textContent);
    // Real groupings first (fewest groups first), then one group, then one value each, then empty.
    expect(labels).toEqual([
      'bezirk_id — 5 Werte: 1, 2, 3 …',
      'bezirk_bez — 5 Werte: Mitte, Nord, West …',
      'stadt — 1 Wert: Gelsenkirchen (ergibt ein einziges Gebiet)',
      'id — 18 Werte: ST10, ST11, ST12 … (jedes Gebiet hat einen eigenen Wert)',
      'stadttei00 — 18 Werte: Altstadt, Schalke, Schalke-Nord … (jedes Gebiet hat einen eigenen Wert)',
      'flaeche — überall leer',
    ]);
    expect((within(list).getByRole('radio', { name: /flaeche/ }) as HTMLInputElement).disabled).toBe(true);
  });

  it('preselects the named grouping, suggests the level name and previews the groups', async () => {
    const { client } = open();
    const radio = (await screen.findByRole('radio', { name: /bezirk_bez/ })) as HTMLInputElement;
    await waitFor(() => expect(radio.checked).toBe(true));
    expect((screen.getByLabelText('Name der neuen Ebene') as HTMLInputElement).value).toBe('Stadtbezirk');
    expect((screen.getByLabelText('Namen der neuen Gebiete aus') as HTMLSelectElement).value).toBe('');

    const preview = screen.getByTestId('dissolve-preview');
    await within(preview).findByTestId('dissolve-preview-summary');
    expect(within(preview).getByTestId('dissolve-preview-summary').textContent).toBe('18 Gebiete werden zu 5 Gebieten der Ebene „Stadtbezirk“ zusammengefasst.');
    expect(previewRows()).toEqual([
      ['Mitte', '7', 'Altstadt, Schalke, Schalke-Nord, Bismarck, Bulmke-Hüllen, Feldmark, Heßler'],
      ['Nord', '3', 'Buer, Scholven, Hassel'],
      ['West', '2', 'Horst, Beckhausen'],
      ['Ost', '3', 'Erle, Resse, Resser Mark'],
      ['Süd', '3', 'Neustadt, Ückendorf, Rotthausen'],
    ]);
    expect(client.calls.filter((c) => c.method === 'levels.groups').at(-1)?.input).toEqual({ levelId: 'lvl-st', groupField: 'bezirk_bez' });
  });

  it('for a numeric key suggests the attribute that names the groups, and shows key and name', async () => {
    const { client } = open();
    await screen.findByRole('radio', { name: /bezirk_id/ });
    fireEvent.click(screen.getByRole('radio', { name: /bezirk_id/ }));
    expect((screen.getByLabelText('Namen der neuen Gebiete aus') as HTMLSelectElement).value).toBe('bezirk_bez');
    await waitFor(() => expect(previewRows()[0]).toEqual(['Mitte (1)', '7', expect.stringContaining('Altstadt')]));
    expect(client.calls.filter((c) => c.method === 'levels.groups').at(-1)?.input).toEqual({ levelId: 'lvl-st', groupField: 'bezirk_id', nameField: 'bezirk_bez' });
    // Back to the key itself as name.
    fireEvent.change(screen.getByLabelText('Namen der neuen Gebiete aus'), { target: { value: '' } });
    await waitFor(() => expect(previewRows()[0]![0]).toBe('1'));
  });

  it('runs the dissolve as a job with progress and shows the result with warnings', async () => {
    let finish: (summary: MethodOutput<'levels.dissolve'>) => void = () => {};
    const { client, onDissolved } = open({ 'levels.dissolve': () => new Promise((resolve) => (finish = resolve)) });
    await screen.findByTestId('dissolve-preview-summary');
    fireEvent.change(screen.getByLabelText('Name der neuen Ebene'), { target: { value: ' Bezirk ' } });
    await waitFor(() => expect(screen.getByTestId('dissolve-preview-summary').textContent).toContain('„Bezirk“'));
    fireEvent.click(screen.getByRole('button', { name: 'Ebene bilden' }));

    const progress = await screen.findByTestId('dissolve-progress');
    await waitFor(() => expect(document.activeElement).toBe(progress));
    const input = client.calls.find((c) => c.method === 'levels.dissolve')?.input as MethodInput<'levels.dissolve'>;
    expect(input).toMatchObject({ sourceLevel: 'Stadtteil', groupField: 'bezirk_bez', level: 'Bezirk' });
    expect(input).not.toHaveProperty('nameField');
    act(() => client.emit('job.progress', { jobId: 'other', phase: 'schreiben', done: 1, total: 5 }));
    expect(progress.textContent).not.toContain('Speichern');
    act(() => client.emit('job.progress', { jobId: input.jobId, phase: 'schreiben', done: 2, total: 5 }));
    expect(progress.textContent).toContain('Speichern');
    expect(progress.textContent).toContain('2 / 5');

    await act(async () => finish(SUMMARY));
    const result = await screen.findByTestId('dissolve-result');
    await waitFor(() => expect(document.activeElement).toBe(result));
    expect(result.textContent).toContain('Ebene „Bezirk“ gebildet: 5 Gebiete aus 18 Gebieten der Ebene „Stadtteil“.');
    expect(result.textContent).toContain('Neu angelegt5');
    expect(result.textContent).toContain('Die Karte zeigt jetzt die Ebene „Bezirk“.');
    expect(within(result).getByTestId('dissolve-warnings').textContent).toContain('Süd besteht aus 2 getrennten Teilen');
    expect(onDissolved).toHaveBeenCalledWith(SUMMARY, 'Bezirk');
    expect(screen.getAllByRole('button', { name: 'Schließen' })).toHaveLength(2);
  });

  it('shows the issues of a refused dissolve, says nothing changed, and goes back to the choice', async () => {
    const issue = { severity: 'error' as const, file: 'Ebene Stadtteil', field: 'bezirk_bez', message: 'Rotthausen (ST52) hat kein Merkmal „bezirk_bez“ und lässt sich keiner Gruppe zuordnen.' };
    open({
      'levels.dissolve': () => {
        throw new ApiError('import-failed', issue.message, [issue]);
      },
    });
    await screen.findByTestId('dissolve-preview-summary');
    fireEvent.click(screen.getByRole('button', { name: 'Ebene bilden' }));
    const failure = await screen.findByTestId('dissolve-failure');
    await waitFor(() => expect(document.activeElement).toBe(failure));
    expect(within(failure).getByText('Zusammenfassen nicht möglich – 1 Fehler:')).toBeTruthy();
    expect(within(failure).getByTestId('dissolve-issues').textContent).toBe(`Fehler: Ebene Stadtteil, Feld bezirk_bez: ${issue.message}`);
    expect(within(failure).getByText('Die Datenbank wurde nicht verändert.')).toBeTruthy();
    fireEvent.click(within(failure).getByRole('button', { name: 'Zurück zur Auswahl' }));
    expect((screen.getByRole('radio', { name: /bezirk_bez/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Name der neuen Ebene') as HTMLInputElement).value).toBe('Stadtbezirk');
  });

  it('blocks the run while units have no value, and when the new level is the source level', async () => {
    open({
      'levels.groups': (input) => ({ ...groupsFor(input), withoutGroup: [{ code: 'ST52', name: 'Rotthausen' }] }),
    });
    const missing = await screen.findByTestId('dissolve-without-group');
    expect(missing.textContent).toBe('1 Gebiet hat keinen Wert in „bezirk_bez“ und lässt sich keiner Gruppe zuordnen: Rotthausen (ST52)');
    expect((screen.getByRole('button', { name: 'Ebene bilden' }) as HTMLButtonElement).disabled).toBe(true);
    cleanup();

    open();
    await screen.findByTestId('dissolve-preview-summary');
    const name = screen.getByLabelText('Name der neuen Ebene') as HTMLInputElement;
    fireEvent.change(name, { target: { value: 'stadtteil' } });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Die neue Ebene braucht einen anderen Namen als die Ausgangsebene.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Ebene bilden' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(name, { target: { value: 'Gesamtstadt' } });
    expect(screen.getByText('Die Ebene „Gesamtstadt“ gibt es schon; ihre Gebiete werden mit diesem Ergebnis aktualisiert.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Ebene bilden' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows an error when the attributes cannot be read, and closes with Esc', async () => {
    const { onClose } = open({
      'levels.attributes': () => {
        throw new ApiError('not-found', 'Diese Ebene gibt es nicht (mehr).');
      },
    });
    expect((await screen.findByRole('alert')).textContent).toBe('Diese Ebene gibt es nicht (mehr).');
    fireEvent.keyDown(screen.getByLabelText('Ausgangsebene'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});

describe('dissolve suggestions', () => {
  it('rates, sorts and picks attributes for grouping', () => {
    expect(ATTRIBUTES.map((a) => attributeFit(a, 18))).toEqual(['each', 'each', 'empty', 'groups', 'groups', 'single']);
    expect(sortAttributes(ATTRIBUTES, 18).map((a) => a.name)).toEqual(['bezirk_id', 'bezirk_bez', 'stadt', 'id', 'stadttei00', 'flaeche']);
    expect(suggestGroupField(ATTRIBUTES, 18)).toBe('bezirk_bez');
    expect(suggestGroupField(ATTRIBUTES.filter((a) => a.name !== 'bezirk_bez'), 18)).toBe('bezirk_id');
    expect(suggestGroupField(ATTRIBUTES.filter((a) => !a.name.startsWith('bezirk')), 18)).toBeNull();
  });

  it('names numeric groups from a matching attribute, and the level from the attribute', () => {
    expect(suggestNameField(ATTRIBUTES, 'bezirk_id')).toBe('bezirk_bez');
    expect(suggestNameField(ATTRIBUTES, 'bezirk_bez')).toBeNull();
    expect(suggestLevelName('bezirk_bez', 'Stadtteil')).toBe('Stadtbezirk');
    expect(suggestLevelName('stadt', 'Stadtteil')).toBe('Gesamtstadt');
    expect(suggestLevelName('SOZIALRAUM_NR', 'Stadtteil')).toBe('Sozialraum');
    expect(suggestLevelName('bezirk', 'Stadtbezirk')).toBe('');
    expect(sameLevelName('Straßenzug ', 'strassenzug')).toBe(true);
    expect(sameLevelName('Stadtteil', 'Stadtbezirk')).toBe(false);
  });
});
