import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import { ACCEPTED_UNIT_FILES, ImportUnitsDialog } from '../../renderer/imports/ImportUnitsDialog.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const preview: MethodOutput<'imports.preview'> = {
  file: 'Stadtteile.shp',
  sourceCrs: 'EPSG:25832',
  featureCount: 13,
  geometryKind: 'polygon',
  fields: ['AREA_ID', 'AREA_NAME', 'PARENT_ARE'],
  sample: [
    { AREA_ID: 'STGT01', AREA_NAME: '01 Altstadt', PARENT_ARE: 'STGM01001000' },
    { AREA_ID: 'STGT02', AREA_NAME: '02 Neustadt', PARENT_ARE: 'STGM01001000' },
    { AREA_ID: 'STGT03', AREA_NAME: '03 Nordstadt', PARENT_ARE: 'STGM01001000' },
    { AREA_ID: 'STGT04', AREA_NAME: '04 Westliche Höhe', PARENT_ARE: 'STGM01001000' },
  ],
  suggested: { codeField: 'AREA_ID', nameField: 'AREA_NAME', parentField: null },
  warnings: [],
};

function chooseFiles(names: string[]) {
  const input = screen.getByLabelText('Dateien auswählen…') as HTMLInputElement;
  const files = names.map((name) => new File([new Uint8Array([1, 2, 3])], name));
  fireEvent.change(input, { target: { files } });
  return input;
}

async function reachForm(client: ReturnType<typeof fakeClient>) {
  renderWithProviders(<ImportUnitsDialog existingLevels={['Stadtteil']} onImported={() => {}} onClose={() => {}} />, { client });
  chooseFiles(['Stadtteile.shp', 'Stadtteile.dbf', 'Stadtteile.shx', 'Stadtteile.prj']);
  await screen.findByTestId('import-feature-count');
}

describe('ImportUnitsDialog', () => {
  it('offers the accepted file types and is a labelled dialog', () => {
    renderWithProviders(<ImportUnitsDialog existingLevels={[]} onImported={() => {}} onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Gebiete importieren' });
    const input = within(dialog).getByLabelText('Dateien auswählen…') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    expect(input.accept).toBe(ACCEPTED_UNIT_FILES);
    expect(ACCEPTED_UNIT_FILES).toBe('.geojson,.json,.zip,.shp,.dbf,.shx,.prj,.cpg,.gpkg,.kml,.kmz');
  });

  it('previews the files: count, CRS, fields with 3 sample rows, prefilled selects', async () => {
    const client = fakeClient({ 'imports.preview': () => preview });
    await reachForm(client);
    const call = client.calls.find((c) => c.method === 'imports.preview');
    const input = call?.input as { kind: string; files: { name: string; data: Uint8Array }[] };
    expect(input.kind).toBe('units');
    expect(input.files.map((f) => f.name)).toEqual(['Stadtteile.shp', 'Stadtteile.dbf', 'Stadtteile.shx', 'Stadtteile.prj']);
    expect(input.files[0]!.data).toBeInstanceOf(Uint8Array);
    expect(screen.getByTestId('import-feature-count').textContent).toBe('13');
    expect(screen.getByText('EPSG:25832')).toBeTruthy();
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['AREA_ID', 'AREA_NAME', 'PARENT_ARE']);
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 3);
    expect((screen.getByLabelText('Schlüsselfeld') as HTMLSelectElement).value).toBe('AREA_ID');
    expect((screen.getByLabelText('Namensfeld') as HTMLSelectElement).value).toBe('AREA_NAME');
    expect((screen.getByLabelText('Übergeordnete Einheit') as HTMLSelectElement).value).toBe('');
  });

  it('shows every issue of an import-failed error with its location and says nothing changed', async () => {
    const issues = [
      { severity: 'error', file: 'Stadtteile.shp', feature: 3, field: 'AREA_ID', message: 'Der Schlüssel ist leer.' },
      { severity: 'error', file: 'Stadtteile.shp', feature: 7, message: 'Die Fläche ist ungültig (Selbstüberschneidung).' },
      { severity: 'warning', file: 'Stadtteile.dbf', field: 'AREA_NAME', message: 'Zeichensatz unklar, Latin-1 angenommen.' },
    ];
    const client = fakeClient({
      'imports.preview': () => preview,
      'imports.units': () => {
        throw new ApiError('import-failed', 'Der Import wurde abgebrochen: 2 Fehler in Stadtteile.shp.', issues);
      },
    });
    await reachForm(client);
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));

    const failure = await screen.findByTestId('import-failure');
    // Main's message does not repeat the issues here, so it is the headline.
    expect(failure.textContent).toContain('Der Import wurde abgebrochen: 2 Fehler in Stadtteile.shp.');
    expect(document.activeElement).toBe(failure);
    const items = within(within(failure).getByTestId('import-issues')).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Fehler: Stadtteile.shp, Objekt 3, Feld AREA_ID: Der Schlüssel ist leer.',
      'Fehler: Stadtteile.shp, Objekt 7: Die Fläche ist ungültig (Selbstüberschneidung).',
      'Hinweis: Stadtteile.dbf, Feld AREA_NAME: Zeichensatz unklar, Latin-1 angenommen.',
    ]);
    expect(within(failure).getByText('Die Datenbank wurde nicht verändert.')).toBeTruthy();

    const call = client.calls.find((c) => c.method === 'imports.units')?.input as Record<string, unknown>;
    expect(call).toMatchObject({ level: 'Stadtteil', codeField: 'AREA_ID', nameField: 'AREA_NAME' });
    expect(call).not.toHaveProperty('parentField');
    expect(typeof call['jobId']).toBe('string');

    // Back to the mapping to try again.
    fireEvent.click(within(failure).getByRole('button', { name: 'Zurück zur Zuordnung' }));
    expect((screen.getByLabelText('Ebene') as HTMLInputElement).value).toBe('Stadtteil');
  });

  it('heads the list with a count when the message only repeats the issues', async () => {
    const issue = { severity: 'error' as const, file: 'a.geojson', feature: 2, message: 'Die Geometrie fehlt.' };
    const client = fakeClient({
      'imports.preview': () => preview,
      'imports.units': () => {
        throw new ApiError('import-failed', 'Die Geometrie fehlt.', [issue]);
      },
    });
    await reachForm(client);
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    const failure = await screen.findByTestId('import-failure');
    expect(within(failure).getByText('Import nicht möglich – 1 Fehler gefunden:')).toBeTruthy();
    expect(within(failure).getByTestId('import-issues').textContent).toBe('Fehler: a.geojson, Objekt 2: Die Geometrie fehlt.');
    expect(within(failure).getByText('Die Datenbank wurde nicht verändert.')).toBeTruthy();
  });

  it('does not claim "nothing changed" for errors other than import-failed', async () => {
    const client = fakeClient({
      'imports.preview': () => preview,
      'imports.units': () => {
        throw new ApiError('connection-lost', 'Keine Verbindung zum lokalen Quartiersatlas-Dienst.');
      },
    });
    await reachForm(client);
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    const failure = await screen.findByTestId('import-failure');
    expect(failure.textContent).toContain('Keine Verbindung');
    expect(within(failure).queryByText('Die Datenbank wurde nicht verändert.')).toBeNull();
  });

  it('shows issues of a failed preview', async () => {
    const client = fakeClient({
      'imports.preview': () => {
        throw new ApiError('import-failed', 'Zum Shapefile fehlen Dateien.', [
          { severity: 'error', file: 'Stadtteile.shp', message: 'Die Datei Stadtteile.dbf fehlt. Bitte alle Teile auswählen.' },
        ]);
      },
    });
    renderWithProviders(<ImportUnitsDialog existingLevels={[]} onImported={() => {}} onClose={() => {}} />, { client });
    chooseFiles(['Stadtteile.shp']);
    const failure = await screen.findByTestId('import-failure');
    expect(failure.textContent).toContain('Zum Shapefile fehlen Dateien.');
    expect(within(failure).getByTestId('import-issues').textContent).toContain(
      'Stadtteile.shp: Die Datei Stadtteile.dbf fehlt. Bitte alle Teile auswählen.',
    );
  });

  it('shows progress from job.progress events and the summary on success', async () => {
    let finish: (summary: MethodOutput<'imports.units'>) => void = () => {};
    const client = fakeClient({
      'imports.preview': () => preview,
      'imports.units': () => new Promise((resolve) => (finish = resolve)),
    });
    const onImported = vi.fn();
    renderWithProviders(<ImportUnitsDialog existingLevels={[]} onImported={onImported} onClose={() => {}} />, { client });
    chooseFiles(['stadtteile.geojson']);
    await screen.findByTestId('import-feature-count');
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));

    const progress = await screen.findByTestId('import-progress');
    const jobId = (client.calls.find((c) => c.method === 'imports.units')?.input as { jobId: string }).jobId;
    act(() => client.emit('job.progress', { jobId: 'someone-else', phase: 'schreiben', done: 1, total: 2 }));
    expect(progress.textContent).not.toContain('Speichern');
    act(() => client.emit('job.progress', { jobId, phase: 'pruefen', done: 5, total: 13 }));
    expect(progress.textContent).toContain('Prüfen');
    expect(progress.textContent).toContain('5 / 13');
    expect((progress.querySelector('progress') as HTMLProgressElement).value).toBe(5);
    act(() => client.emit('job.progress', { jobId, phase: 'schreiben', done: 13, total: 13 }));
    expect(progress.textContent).toContain('Speichern');

    const warning = { severity: 'warning' as const, file: 'stadtteile.geojson', feature: 2, message: 'Ring wurde geschlossen.' };
    await act(async () =>
      finish({ file: 'stadtteile.geojson', sourceCrs: 'EPSG:4326', created: 12, updated: 1, unchanged: 0, warnings: [warning] }),
    );
    const result = await screen.findByTestId('import-result');
    expect(result.textContent).toContain('Neu angelegt12');
    expect(result.textContent).toContain('Aktualisiert1');
    expect(result.textContent).toContain('Unverändert0');
    expect(within(result).getByTestId('import-warnings').textContent).toContain('stadtteile.geojson, Objekt 2: Ring wurde geschlossen.');
    expect(onImported).toHaveBeenCalledWith(expect.objectContaining({ created: 12 }), 'Stadtteil');
  });

  it('lets the user give a coordinate system and check again when the .prj is missing', async () => {
    let attempts = 0;
    const client = fakeClient({
      'imports.preview': (input) => {
        attempts += 1;
        if (!input.crs) {
          throw new ApiError('import-failed', 'Koordinatensystem unbekannt.', [
            { severity: 'error', file: 'Stadtteile.shp', message: 'Zu Stadtteile.shp fehlt die Projektionsdatei Stadtteile.prj.' },
          ]);
        }
        return preview;
      },
      'imports.units': (input) => ({ file: 'Stadtteile.shp', sourceCrs: input.crs ?? '?', created: 13, updated: 0, unchanged: 0, warnings: [] }),
    });
    renderWithProviders(<ImportUnitsDialog existingLevels={[]} onImported={() => {}} onClose={() => {}} />, { client });
    chooseFiles(['Stadtteile.shp', 'Stadtteile.dbf', 'Stadtteile.shx']);
    await screen.findByTestId('import-failure');
    fireEvent.change(screen.getByLabelText('Koordinatensystem'), { target: { value: ' EPSG:25832 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Erneut prüfen' }));
    await screen.findByTestId('import-feature-count');
    expect(attempts).toBe(2);
    expect(client.calls.filter((c) => c.method === 'imports.preview').at(-1)?.input).toMatchObject({ crs: 'EPSG:25832' });
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    await screen.findByTestId('import-result');
    expect(client.calls.find((c) => c.method === 'imports.units')?.input).toMatchObject({ crs: 'EPSG:25832' });
  });

  it('asks for a level before importing', async () => {
    const client = fakeClient({ 'imports.preview': () => preview });
    await reachForm(client);
    const level = screen.getByLabelText('Ebene') as HTMLInputElement;
    expect(level.required).toBe(true);
    fireEvent.submit(level.form!);
    expect(screen.getByRole('alert').textContent).toContain('Bitte eine Ebene angeben');
    expect(client.calls.some((c) => c.method === 'imports.units')).toBe(false);
  });

  it('closes with Esc', () => {
    const onClose = vi.fn();
    renderWithProviders(<ImportUnitsDialog existingLevels={[]} onImported={() => {}} onClose={onClose} />);
    fireEvent.keyDown(screen.getByLabelText('Dateien auswählen…'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});
