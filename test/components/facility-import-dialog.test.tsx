import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import { FacilityImportDialog } from '../../renderer/facilities/import/FacilityImportDialog.tsx';
import { spielplatz } from './facility-fixtures.tsx';
import { fakeClient, renderWithProviders, type FakeHandlers } from './helpers.tsx';

afterEach(cleanup);

type Preview = MethodOutput<'imports.facilityPreview'>;
type PreviewInput = MethodInput<'imports.facilityPreview'>;
type Mapping = { category?: unknown; position?: unknown; fields: Record<string, unknown>; attributes: unknown; keepValidRowsOnly: boolean };

const grundschule = { ...spielplatz, id: 'cat-gs', key: 'grundschule', name: 'Grundschule', facilityCount: 3, capacityUnit: 'Schüler:innen' };
const weiterfuehrend = { ...grundschule, id: 'cat-ws', key: 'weiterfuehrende-schule', name: 'Weiterführende Schule', facilityCount: 0 };

const HEADER = ['Schulform', 'Schulnummer', 'Amtliche Bezeichnung 1', 'Amtliche Bezeichnung 2', 'Straße und Hausnummer', 'Postleitzahl', 'Ort', 'Anzahl', 'Sozialindex', 'latitude', 'longitude'];
const ROWS = [
  ['Grundschule', '100135', 'Gemeinschaftsgrundschule an', 'der Ebersteinstraße', 'Ebersteinstr. 2', '45881', 'Gelsenkirchen', '330', '8.0', '51.5242406', '7.1002957'],
  ['Gymnasium', '118930', 'Gutenbergschule', '', 'Lange Str. 21', '45892', 'Gelsenkirchen', '205', '5.0', '51.5823558', '7.1098359'],
];

/** Main's first look at the file: no mapping yet, guesses for position and name. */
const firstLook: Preview = {
  file: 'schulen.csv',
  kind: 'table',
  sourceCrs: 'EPSG:4326',
  fields: HEADER,
  table: {
    format: 'csv',
    sheets: [],
    encoding: 'utf-8',
    delimiter: ',',
    hasHeader: true,
    header: HEADER,
    titleLines: [],
    footnoteLines: [],
    sample: ROWS.map((cells, i) => ({ line: i + 2, cells })),
  },
  sampleProperties: [],
  mapping: { version: 1, kind: 'facilities', file: {}, facilityKind: 'facility', position: { type: 'lonlat', lon: 'longitude', lat: 'latitude' }, fields: { name: 'Amtliche Bezeichnung 1' }, attributes: 'all', decimal: 'auto', keepValidRowsOnly: false },
  result: {
    importable: false,
    rows: 2,
    valid: 0,
    invalid: 0,
    skipped: 0,
    issues: [{ severity: 'error', file: 'schulen.csv', message: 'Bitte eine Kategorie wählen oder eine Spalte, die sie nennt.' }],
    issueCount: 1,
    records: [],
    categories: [],
    newRecords: 0,
    existingRecords: 0,
    duplicates: [],
    outside: { levels: [], refs: [] },
  },
};

/** Main's check with a mapping: two schools, the second resembling a stored one. */
function checked(overrides: Partial<Preview['result']> = {}): Preview {
  return {
    ...firstLook,
    result: {
      ...firstLook.result,
      importable: true,
      valid: 2,
      issues: [],
      issueCount: 0,
      records: [
        { ref: 'line:2', line: 2, feature: null, name: 'Gemeinschaftsgrundschule an der Ebersteinstraße', categoryName: 'Grundschule', address: 'Ebersteinstr. 2, 45881 Gelsenkirchen', lon: 7.1, lat: 51.52, capacity: 330, capacityUnit: null, exists: false, unit: { level: 'Stadtteil', unit: 'Schalke' } },
        { ref: 'line:3', line: 3, feature: null, name: 'Gutenbergschule', categoryName: 'Grundschule', address: 'Lange Str. 21, 45892 Gelsenkirchen', lon: 7.11, lat: 51.58, capacity: 205, capacityUnit: null, exists: false, unit: null },
      ],
      categories: [{ key: 'grundschule', name: 'Grundschule', known: true, count: 2 }],
      newRecords: 2,
      duplicates: [
        {
          ref: 'line:3',
          line: 3,
          feature: null,
          name: 'Gutenbergschule',
          address: 'Lange Str. 21, 45892 Gelsenkirchen',
          reason: 'name-nearby',
          distanceM: 12.4,
          other: { id: 'f-9', ref: null, name: 'Gutenbergschule', address: null, categoryName: 'Grundschule', existing: true },
        },
      ],
      outside: { levels: [{ levelId: 'l-st', name: 'Stadtteil', count: 1 }], refs: ['line:3'] },
      ...overrides,
    },
  };
}

const summary: MethodOutput<'imports.facilities'> = { file: 'schulen.csv', sourceCrs: 'EPSG:4326', created: 1, updated: 0, unchanged: 0, warnings: [], skipped: 1, duplicates: 1, outsideUnits: [] };

function handlers(extra: FakeHandlers = {}): FakeHandlers {
  return {
    'categories.list': () => [grundschule, weiterfuehrend],
    'imports.facilityPreview': (input) => (input.mapping ? checked() : firstLook),
    'imports.facilities': () => summary,
    ...extra,
  };
}

const dialog = () => screen.getByRole('dialog', { name: 'Einrichtungen importieren' });
const stepTitle = () => screen.getByTestId('facility-import-step').textContent;
const next = () => fireEvent.click(screen.getByTestId('facility-import-next'));
const previewCalls = (client: ReturnType<typeof fakeClient>) => client.calls.filter((c) => c.method === 'imports.facilityPreview').map((c) => c.input as PreviewInput);

async function chooseFile(client: ReturnType<typeof fakeClient>) {
  renderWithProviders(<FacilityImportDialog onClose={() => {}} />, { client });
  const input = within(dialog()).getByLabelText('Datei auswählen…') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['Schulform;…'], 'schulen.csv')] } });
  await screen.findByTestId('facility-import-file-summary');
}

/** File → fixed category "Grundschule" → fields → Prüfen: the preview step. */
async function reachPreview(client: ReturnType<typeof fakeClient>) {
  await chooseFile(client);
  next();
  fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'Grundschule' } });
  next();
  expect(stepTitle()).toBe('3 · Felder');
  next();
  await screen.findByTestId('facility-import-preview');
}

describe('FacilityImportDialog', () => {
  it('reads the file and shows what main recognised, with the first rows', async () => {
    const client = fakeClient(handlers());
    await chooseFile(client);
    expect(screen.getByTestId('facility-import-file-summary').textContent).toContain('schulen.csv: Tabelle mit 2 Zeilen und 11 Spalten.');
    expect(within(dialog()).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(HEADER);
    expect(previewCalls(client)[0]!.files[0]!.name).toBe('schulen.csv');
    expect(previewCalls(client)[0]!.mapping).toBeUndefined();
  });

  it('asks for a category before the fields', async () => {
    const client = fakeClient(handlers());
    await chooseFile(client);
    next();
    expect(stepTitle()).toBe('2 · Kategorie');
    next();
    expect(stepTitle()).toBe('2 · Kategorie');
    expect(screen.getByTestId('facility-import-missing').textContent).toContain('Bitte eine Kategorie wählen oder eingeben.');
    fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'Schule' } });
    expect(screen.getByText('Neue Kategorie – wird beim Import angelegt.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'grundschule' } });
    expect(screen.getByText('Vorhandene Kategorie (bisher 3 Einrichtungen).')).toBeTruthy();
  });

  it('suggests the fields, keeps the other columns as attributes and sends that mapping to main', async () => {
    const client = fakeClient(handlers());
    await chooseFile(client);
    next();
    fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'Grundschule' } });
    next();
    expect((screen.getByTestId('facility-import-position-lat') as HTMLSelectElement).value).toBe('latitude');
    expect((screen.getByTestId('facility-import-position-lon') as HTMLSelectElement).value).toBe('longitude');
    expect((screen.getByTestId('facility-import-field-name-text') as HTMLInputElement).value).toBe('{Amtliche Bezeichnung 1} {Amtliche Bezeichnung 2}');
    expect(screen.getByText('Erste Zeile: Gemeinschaftsgrundschule an der Ebersteinstraße')).toBeTruthy();
    expect((screen.getByTestId('facility-import-field-address-text') as HTMLInputElement).value).toBe('{Straße und Hausnummer}, {Postleitzahl} {Ort}');
    expect((screen.getByTestId('facility-import-field-id') as HTMLSelectElement).value).toBe('Schulnummer');
    expect((screen.getByTestId('facility-import-field-capacity') as HTMLSelectElement).value).toBe('Anzahl');
    const attributes = screen.getByTestId('facility-import-attributes');
    expect(within(attributes).getAllByRole('checkbox').map((box) => box.parentElement!.textContent)).toEqual(['Schulform', 'Sozialindex']);
    // The capacity unit comes from the category; Schulform is not kept.
    expect((screen.getByTestId('facility-import-field-capacityUnit-text') as HTMLInputElement).value).toBe('Schüler:innen');
    fireEvent.click(within(attributes).getByLabelText('Schulform'));
    next();
    await screen.findByTestId('facility-import-preview');
    const mapping = previewCalls(client).at(-1)!.mapping as Mapping;
    expect(mapping).toEqual({
      category: 'Grundschule',
      position: { type: 'lonlat', lon: 'longitude', lat: 'latitude' },
      fields: {
        name: { template: '{Amtliche Bezeichnung 1} {Amtliche Bezeichnung 2}' },
        address: { template: '{Straße und Hausnummer}, {Postleitzahl} {Ort}' },
        id: 'Schulnummer',
        capacity: 'Anzahl',
        capacityUnit: { value: 'Schüler:innen' },
      },
      attributes: ['Sozialindex'],
      keepValidRowsOnly: false,
    });
  });

  it('takes the points of a geometry file, with a CRS for files that name none', async () => {
    const points: Preview = {
      ...firstLook,
      file: 'spielplaetze.geojson',
      kind: 'geometry',
      sourceCrs: 'EPSG:4326',
      fields: ['NAME', 'TRAEGER'],
      table: null,
      sampleProperties: [{ NAME: 'Spielplatz Wasserloos', TRAEGER: 'Stadt' }],
      mapping: { ...firstLook.mapping, position: undefined, fields: { name: 'NAME' } },
    };
    const client = fakeClient(handlers({ 'imports.facilityPreview': (input) => (input.mapping ? { ...checked(), kind: 'geometry' } : points) }));
    renderWithProviders(<FacilityImportDialog onClose={() => {}} />, { client });
    fireEvent.change(within(dialog()).getByLabelText('Datei auswählen…'), { target: { files: [new File(['{}'], 'spielplaetze.geojson')] } });
    const summaryText = await screen.findByTestId('facility-import-file-summary');
    expect(summaryText.textContent).toContain('spielplaetze.geojson: 2 Punkte mit 2 Merkmalen (EPSG:4326).');
    expect(within(summaryText).getByText('Spielplatz Wasserloos')).toBeTruthy();
    next();
    fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'Spielplatz' } });
    next();
    expect(screen.queryByTestId('facility-import-position-lat')).toBeNull();
    expect(screen.getByText('Die Punkte stammen aus der Datei (EPSG:4326).')).toBeTruthy();
    fireEvent.change(screen.getByTestId('facility-import-field-operator'), { target: { value: 'TRAEGER' } });
    fireEvent.change(screen.getByLabelText('Koordinatensystem, falls die Datei keines nennt'), { target: { value: 'EPSG:25832' } });
    next();
    await screen.findByTestId('facility-import-preview');
    const input = previewCalls(client).at(-1)!;
    expect(input.crs).toBe('EPSG:25832');
    expect(input.mapping).toEqual({ category: 'Spielplatz', fields: { name: 'NAME', operator: 'TRAEGER' }, attributes: 'none', keepValidRowsOnly: false });
  });

  it('asks for the CRS of x/y columns', async () => {
    const client = fakeClient(handlers());
    await chooseFile(client);
    next();
    fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'Grundschule' } });
    next();
    fireEvent.click(screen.getByTestId('facility-import-position-xy'));
    fireEvent.change(screen.getByTestId('facility-import-position-x'), { target: { value: 'longitude' } });
    fireEvent.change(screen.getByTestId('facility-import-position-y'), { target: { value: 'latitude' } });
    next();
    expect(screen.getByTestId('facility-import-missing').textContent).toContain('Koordinatensystem');
    fireEvent.change(screen.getByTestId('facility-import-crs'), { target: { value: 'EPSG:25832' } });
    next();
    await screen.findByTestId('facility-import-preview');
    expect((previewCalls(client).at(-1)!.mapping as Mapping).position).toEqual({ type: 'xy', x: 'longitude', y: 'latitude', crs: 'EPSG:25832' });
  });

  it('previews counts, first records and units left outside', async () => {
    const client = fakeClient(handlers());
    await reachPreview(client);
    expect(stepTitle()).toBe('4 · Vorschau');
    expect(screen.getByTestId('facility-import-rows').textContent).toBe('2');
    expect(screen.getByTestId('facility-import-duplicate-count').textContent).toBe('1');
    expect(screen.getByTestId('facility-import-categories').textContent).toBe('Grundschule: 2 ');
    expect(screen.getByTestId('facility-import-outside').textContent).toBe('1 Einrichtung liegt außerhalb aller Gebiete der Ebene „Stadtteil“.');
    const rows = within(screen.getByTestId('facility-import-records')).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('Gemeinschaftsgrundschule an der Ebersteinstraße');
    // Where each lands (main's finest level), or that it lies outside.
    expect(screen.getAllByTestId('facility-import-record-unit').map((td) => td.textContent)).toEqual(['Schalke', 'außerhalb']);
  });

  it('shows faulty rows by line and column and re-checks with only the valid rows', async () => {
    const faulty = checked({
      importable: false,
      valid: 1,
      invalid: 1,
      duplicates: [],
      issues: [{ severity: 'error', file: 'schulen.csv', line: 3, field: 'latitude', message: 'Die Koordinate fehlt.' }],
      issueCount: 1,
    });
    const client = fakeClient(handlers({ 'imports.facilityPreview': (input) => (!input.mapping ? firstLook : (input.mapping as Mapping).keepValidRowsOnly ? checked({ duplicates: [] }) : faulty) }));
    await reachPreview(client);
    expect(screen.getByTestId('facility-import-issues').textContent).toContain('Zeile 3');
    expect(screen.getByTestId('facility-import-issues').textContent).toContain('latitude');
    expect((screen.getByTestId('facility-import-next') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('facility-import-keep-valid'));
    await waitFor(() => expect((previewCalls(client).at(-1)!.mapping as Mapping).keepValidRowsOnly).toBe(true));
    await waitFor(() => expect((screen.getByTestId('facility-import-next') as HTMLButtonElement).disabled).toBe(false));
    // No duplicates: the next button imports.
    expect(screen.getByTestId('facility-import-next').textContent).toBe('Importieren');
  });

  it('wants a decision for every possible duplicate and sends it with the import; progress, then the summary', async () => {
    const imported: Array<MethodOutput<'imports.facilities'>> = [];
    let release: () => void = () => {};
    const client = fakeClient(
      handlers({
        'imports.facilities': () =>
          new Promise((resolve) => {
            release = () => resolve(summary);
          }),
      }),
    );
    renderWithProviders(<FacilityImportDialog onClose={() => {}} onImported={(s) => imported.push(s)} />, { client });
    fireEvent.change(within(dialog()).getByLabelText('Datei auswählen…'), { target: { files: [new File(['x'], 'schulen.csv')] } });
    await screen.findByTestId('facility-import-file-summary');
    next();
    fireEvent.change(screen.getByLabelText('Kategorie', { selector: 'input' }), { target: { value: 'Grundschule' } });
    next();
    next();
    await screen.findByTestId('facility-import-preview');
    next();
    expect(stepTitle()).toBe('5 · Dubletten');
    const row = screen.getByTestId('facility-import-duplicate');
    expect(row.textContent).toContain('Gutenbergschule');
    expect(row.textContent).toContain('schon gespeichert');
    expect(row.textContent).toContain('gleicher Name, 12 m entfernt');
    expect((screen.getByTestId('facility-import-next') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(row).getByLabelText('Überspringen'));
    expect(screen.getByText('Alle entschieden.')).toBeTruthy();
    next();
    const call = client.calls.find((c) => c.method === 'imports.facilities')!.input as MethodInput<'imports.facilities'>;
    expect(call.decisions).toEqual([{ ref: 'line:3', decision: 'skip' }]);
    expect((call.mapping as Mapping).category).toBe('Grundschule');
    expect(call.files[0]!.name).toBe('schulen.csv');
    await screen.findByTestId('facility-import-progress');
    act(() => client.emit('job.progress', { jobId: call.jobId, phase: 'schreiben', done: 1, total: 2 }));
    expect(screen.getByTestId('facility-import-progress').textContent).toContain('1 / 2');
    await act(async () => release());
    const result = await screen.findByTestId('facility-import-result');
    expect(screen.getByTestId('facility-import-created').textContent).toBe('1');
    expect(screen.getByTestId('facility-import-skipped').textContent).toBe('1');
    expect(result.textContent).toContain('schulen.csv wurde importiert.');
    expect(imported).toHaveLength(1);
  });

  it('says nothing changed when main refuses the import, and goes back to the decisions', async () => {
    const issues = [{ severity: 'error' as const, file: 'schulen.csv', line: 3, message: 'Möglicherweise doppelt: „Gutenbergschule“ …' }];
    const client = fakeClient(
      handlers({
        'imports.facilities': () => {
          throw new ApiError('import-failed', 'Der Import wurde abgebrochen.', issues);
        },
      }),
    );
    await reachPreview(client);
    next();
    fireEvent.click(screen.getByTestId('facility-import-keep-all'));
    next();
    const failure = await screen.findByTestId('facility-import-failure');
    expect(failure.textContent).toContain('Der Import wurde abgebrochen.');
    expect(screen.getByTestId('facility-import-failure-issues').textContent).toContain('Zeile 3');
    expect(failure.textContent).toContain('Es wurde nichts geändert.');
    fireEvent.click(within(failure).getByRole('button', { name: 'Zurück zur Vorschau' }));
    expect(stepTitle()).toBe('5 · Dubletten');
  });

  it('reads the category from a column and translates its texts into existing categories', async () => {
    const client = fakeClient(
      handlers({
        'imports.facilityPreview': (input) => {
          const category = (input.mapping as Mapping | undefined)?.category as { column: string; values: Record<string, string> } | undefined;
          if (!category) return firstLook;
          if (Object.keys(category.values).length === 0) {
            return checked({ categories: [{ key: 'grundschule', name: 'Grundschule', known: true, count: 1 }, { key: 'gymnasium', name: 'Gymnasium', known: false, count: 1 }] });
          }
          return checked({ categories: [{ key: 'grundschule', name: 'Grundschule', known: true, count: 1 }, { key: 'weiterfuehrende-schule', name: 'Weiterführende Schule', known: true, count: 1 }] });
        },
      }),
    );
    await chooseFile(client);
    next();
    fireEvent.click(screen.getByLabelText('Kategorie aus einer Spalte der Datei'));
    fireEvent.change(screen.getByLabelText('Spalte mit der Kategorie'), { target: { value: 'Schulform' } });
    const table = await screen.findByTestId('facility-import-category-table');
    expect(within(table).getByText('vorhandene Kategorie')).toBeTruthy();
    const select = within(table).getByLabelText('Kategorie für „Gymnasium“') as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(select.options[0]!.textContent).toBe('„Gymnasium“ neu anlegen');
    fireEvent.change(select, { target: { value: 'Weiterführende Schule' } });
    next();
    // Schulform is read for the category, so it is no attribute any more.
    expect(within(screen.getByTestId('facility-import-attributes')).queryByLabelText('Schulform')).toBeNull();
    next();
    await screen.findByTestId('facility-import-preview');
    expect((previewCalls(client).at(-1)!.mapping as Mapping).category).toEqual({ column: 'Schulform', values: { Gymnasium: 'Weiterführende Schule' } });
    expect(screen.getByTestId('facility-import-categories').textContent).toContain('Weiterführende Schule: 1');
  });
});
