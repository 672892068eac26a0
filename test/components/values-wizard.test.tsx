import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import { ValuesImportButton } from '../../renderer/imports/values/ValuesImportButton.tsx';
import { ValuesImportWizard } from '../../renderer/imports/values/ValuesImportWizard.tsx';
import { fakeClient, renderWithProviders, type FakeClient, type FakeHandlers } from './helpers.tsx';

afterEach(cleanup);

type Preview = MethodOutput<'imports.tablePreview'>;
type Result = NonNullable<Preview['result']>;
type Mapping = Record<string, any>;

const LEVELS: MethodOutput<'levels.list'> = [
  { id: 'lvl-st', key: 'stadtteil', name: 'Stadtteil', rank: 1, unitCount: 4 },
  { id: 'lvl-bz', key: 'statistischer-bezirk', name: 'Statistischer Bezirk', rank: 2, unitCount: 41 },
];
const UNITS: MethodOutput<'units.list'> = [
  { id: 'u1', code: 'STGT01', name: '01 Altstadt', parentId: null },
  { id: 'u2', code: 'STGT02', name: '02 Neustadt', parentId: null },
  { id: 'u3', code: 'STGT03', name: '03 Nordstadt', parentId: null },
  { id: 'u9', code: 'STGT09', name: '09 Jürgensby', parentId: null },
];

function indicator(code: string, name: string, unit: string): MethodOutput<'indicators.list'>[number] {
  return {
    id: `ind-${code}`,
    code,
    name,
    shortName: null,
    topic: 'Arbeit und Soziales',
    topicId: 'top-1',
    unit,
    decimals: 1,
    polarity: 'need',
    kind: 'status',
    measure: 'relative',
    tags: [],
    archived: false,
    computed: false,
    periods: ['2017'],
    levelIds: ['lvl-st'],
    valueCount: 4,
  };
}
const INDICATORS = [indicator('sgb2_anzahl', 'Regelleistungsberechtigte nach SGB II', 'Personen'), indicator('sgb2_anteil', 'Anteil Regelleistungsberechtigte SGB II', '%')];

/** "Sozialdaten" as a German Excel CSV: title line, header on line 3, data from line 4, a footnote. */
const TABLE: Preview = {
  file: 'lieferung.csv',
  format: 'csv',
  sheets: [],
  encoding: 'windows-1252',
  delimiter: ';',
  hasHeader: true,
  header: ['Stadtteil', 'Anzahl_2018', 'Anzahl_2019', 'Anteil_2018', 'Bemerkung'],
  titleLines: ['Sozialdaten 2018/2019'],
  footnoteLines: ['Quelle: Bundesagentur für Arbeit'],
  rowCount: 5,
  sample: [
    { line: 4, cells: ['Altstadt', '554', '532', '15,8', ''] },
    { line: 5, cells: ['Neustdt', '1097', '1094', '24,6', ''] },
    { line: 6, cells: ['Nordstadt', '2481', '2352', '24,1', 'geschätzt'] },
    { line: 7, cells: ['Jürgensby', '1200', '1180', '20,0', ''] },
    { line: 8, cells: ['Stadt insgesamt', '5332', '5158', '19,9', ''] },
  ],
  warnings: [],
  result: null,
};

/** What main answers for a mapping: Neustdt and "Stadt insgesamt" need a hand until assigned. */
function resultFor(mapping: Mapping, overrides: Partial<Result> = {}): Result {
  const assignments = (mapping['units']?.['assignments'] ?? {}) as Record<string, string | null>;
  const unmatched = [
    { raw: 'Neustdt', lines: [5], candidates: [{ code: 'STGT02', name: '02 Neustadt' }] },
    { raw: 'Stadt insgesamt', lines: [8], candidates: [] },
  ].filter((u) => !(u.raw in assignments));
  const issues = unmatched.map((u) => ({
    severity: 'error' as const,
    file: 'lieferung.csv',
    line: u.lines[0]!,
    field: 'Stadtteil',
    message: `„${u.raw}“ passt zu keinem Gebiet der Ebene Stadtteil.`,
  }));
  const skipped = Object.values(assignments).filter((v) => v === null).length;
  const valid = 5 - unmatched.length - skipped;
  return {
    importable: unmatched.length === 0,
    values: valid * 3,
    indicators: [
      { code: 'sgb2_anzahl', known: true },
      { code: 'sgb2_anteil', known: true },
    ],
    periods: ['2018', '2019'],
    issues,
    issueCount: issues.length,
    unmatchedUnits: unmatched,
    stats: { dataRows: 5, validRows: valid, invalidRows: unmatched.length, skippedRows: skipped, unusedColumns: ['Bemerkung'] },
    sampleValues: [
      { line: 4, column: 'Anzahl_2018', unitCode: 'STGT01', period: '2018', indicator: 'sgb2_anzahl', value: 554, flag: null },
      { line: 4, column: 'Anteil_2018', unitCode: 'STGT01', period: '2018', indicator: 'sgb2_anteil', value: 15.8, flag: null },
    ],
    ...overrides,
  };
}

const SUMMARY: MethodOutput<'imports.values'> = {
  file: 'lieferung.csv',
  sourceCrs: '',
  created: 9,
  updated: 3,
  unchanged: 0,
  warnings: [{ severity: 'warning', file: 'lieferung.csv', line: 6, field: 'Bemerkung', message: 'Die Spalte wird nicht importiert.' }],
  values: 12,
  indicators: ['sgb2_anzahl', 'sgb2_anteil'],
  recomputedIndices: 0,
};

function setup(extra: FakeHandlers = {}, resultOverrides: Partial<Result> = {}) {
  // The import handler reports progress through the client it belongs to.
  const own: { client?: FakeClient } = {};
  const handlers: FakeHandlers = {
    'levels.list': () => LEVELS,
    'indicators.list': () => INDICATORS,
    'mappings.list': () => [],
    'units.list': () => UNITS,
    'imports.tablePreview': (input) => (input.mapping ? { ...TABLE, result: resultFor(input.mapping as Mapping, resultOverrides) } : TABLE),
    'imports.values': (input) => {
      own.client?.emit('job.progress', { jobId: input.jobId, phase: 'schreiben', done: 6, total: 12 });
      return SUMMARY;
    },
    ...extra,
  };
  const client = fakeClient(handlers);
  own.client = client;
  const onClose = vi.fn();
  renderWithProviders(<ValuesImportWizard open onClose={onClose} />, { client });
  return { client, onClose };
}

const lastCall = <M extends keyof FakeHandlers>(client: FakeClient, method: M) => client.calls.filter((c) => c.method === method).at(-1)?.input as MethodInput<M> | undefined;
const stepHeading = () => screen.getByTestId('values-wizard-step').textContent;
const next = () => fireEvent.click(screen.getByTestId('values-wizard-next'));

async function chooseFile(name = 'lieferung.csv') {
  const input = screen.getByLabelText('Datei auswählen…') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['Sozialdaten'], name)] } });
}

/** Types into an indicator field and leaves it: a known code is taken as it is. */
function typeIndicator(label: string, code: string) {
  const combo = screen.getByRole('combobox', { name: label });
  fireEvent.focus(combo);
  fireEvent.change(combo, { target: { value: code } });
  fireEvent.blur(combo);
}

async function toColumns() {
  await chooseFile();
  await screen.findByTestId('values-wizard-file-summary');
  next();
  expect(stepHeading()).toBe('2 · Tabelle');
  next();
  expect(stepHeading()).toBe('3 · Spalten');
}

/** Step 3 for the sample table: Stadtteil by name, Anzahl_* by one rule, Anteil_2018 by hand. */
async function mapColumns() {
  await toColumns();
  fireEvent.change(screen.getByLabelText('Abgleich über'), { target: { value: 'name' } });
  typeIndicator('Indikator für Spalte „Anzahl_2018“', 'sgb2_anzahl');
  fireEvent.click(screen.getByRole('button', { name: 'Gleiche Regel für alle Spalten wie „Anzahl_2018“ (2 Spalten)' }));
  // Search by name and take the first hit with Enter.
  const anteil = screen.getByRole('combobox', { name: 'Indikator für Spalte „Anteil_2018“' });
  fireEvent.focus(anteil);
  fireEvent.change(anteil, { target: { value: 'Anteil Regel' } });
  fireEvent.keyDown(anteil, { key: 'Enter' });
}

describe('ValuesImportWizard', () => {
  it('opens from its button as a labelled dialog with the six steps', async () => {
    const client = fakeClient({ 'levels.list': () => LEVELS, 'indicators.list': () => INDICATORS, 'mappings.list': () => [] });
    renderWithProviders(<ValuesImportButton />, { client });
    fireEvent.click(screen.getByRole('button', { name: 'Werte importieren…' }));
    const dialog = screen.getByRole('dialog', { name: 'Indikatorwerte importieren' });
    const steps = within(within(dialog).getByRole('navigation', { name: 'Schritte des Imports' })).getAllByRole('listitem');
    expect(steps.map((li) => li.textContent)).toEqual(['1Datei', '2Tabelle', '3Spalten', '4Gebiete', '5Prüfen', '6Import']);
    expect(dialog.querySelector('[aria-current="step"]')!.textContent).toBe('1Datei');
    const input = within(dialog).getByLabelText('Datei auswählen…') as HTMLInputElement;
    expect(input.accept).toBe('.csv,.txt,.xlsx');
    await waitFor(() => expect(client.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['levels.list', 'mappings.list', 'indicators.list'])));
  });

  it('walks a wide CSV through all six steps; imports.values gets exactly the mapping', async () => {
    const { client } = setup();
    await mapColumns();

    next();
    await screen.findByText('4 · Gebiete');
    fireEvent.change(screen.getByLabelText('Gebiet für „Neustdt“'), { target: { value: 'STGT02' } });
    fireEvent.change(screen.getByLabelText('Gebiet für „Stadt insgesamt“'), { target: { value: '__skip' } });

    next();
    await screen.findByText('5 · Prüfen');
    expect(screen.getByTestId('values-wizard-ready').textContent).toBe('Bereit: 12 Werte können importiert werden.');
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));

    const result = await screen.findByTestId('values-wizard-result');
    expect(stepHeading()).toBe('6 · Import');
    expect(result.textContent).toContain('12 Werte aus „lieferung.csv“ importiert.');
    expect(within(result).getByTestId('values-wizard-warnings').textContent).toContain('lieferung.csv, Zeile 6, Feld Bemerkung: Die Spalte wird nicht importiert.');

    const call = lastCall(client, 'imports.values')!;
    expect(call.file.name).toBe('lieferung.csv');
    expect(typeof call.jobId).toBe('string');
    expect(call).not.toHaveProperty('keepValidRowsOnly');
    expect(call.mapping).toEqual({
      version: 1,
      name: 'lieferung',
      file: {},
      format: 'wide',
      units: { column: 'Stadtteil', match: 'name', level: 'stadtteil', assignments: { Neustdt: 'STGT02', 'Stadt insgesamt': null } },
      numbers: { decimal: 'auto', percent: 'points', dash: 'missing' },
      keepValidRowsOnly: false,
      columns: [
        { column: 'Anteil_2018', indicator: 'sgb2_anteil', period: '2018' },
        { columnPattern: '^Anzahl_(\\d{4})$', indicator: 'sgb2_anzahl', period: '$1' },
      ],
    });
    // Every step checked the same mapping object with main first.
    const checks = client.calls.filter((c) => c.method === 'imports.tablePreview');
    expect(checks).toHaveLength(3);
    expect((checks[2]!.input as { mapping: unknown }).mapping).toEqual(call.mapping);
  });

  it('shows the table as recognised in step 2: title, header, rows with line numbers, footnotes', async () => {
    setup();
    await chooseFile();
    await screen.findByTestId('values-wizard-file-summary');
    expect(screen.getByTestId('values-wizard-file-summary').textContent).toContain('„lieferung.csv“: CSV, 5 Datenzeilen, 5 Spalten erkannt.');
    next();
    const facts = screen.getByTestId('values-wizard-recognised').textContent;
    expect(facts).toContain('Windows-1252 (Excel)');
    expect(facts).toContain('Semikolon (;)');
    expect(screen.getByTestId('values-wizard-title-lines').textContent).toBe('Sozialdaten 2018/2019');
    expect(screen.getByTestId('values-wizard-footnotes').textContent).toBe('Quelle: Bundesagentur für Arbeit');
    const table = screen.getByTestId('values-wizard-sample');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Zeile', 'Stadtteil', 'Anzahl_2018', 'Anzahl_2019', 'Anteil_2018', 'Bemerkung']);
    expect(within(table).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['4', '5', '6', '7', '8']);
  });

  it('re-reads the table with header rows and first data line from mapping.file', async () => {
    const { client } = setup();
    await chooseFile();
    await screen.findByTestId('values-wizard-file-summary');
    next();
    fireEvent.change(screen.getByLabelText('Kopfzeilen'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Erste Datenzeile'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Übernehmen' }));
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'imports.tablePreview')).toHaveLength(2));
    const mapping = lastCall(client, 'imports.tablePreview')!.mapping as Mapping;
    expect(mapping['file']).toEqual({ headerRowCount: 2, firstDataLine: 5 });

    // An impossible value is refused next to its field, and main is not asked.
    fireEvent.change(screen.getByLabelText('Kopfzeilen'), { target: { value: '11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Übernehmen' }));
    const field = screen.getByLabelText('Kopfzeilen');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).toBe(
      'Bitte eine ganze Zahl von 0 bis 10 eingeben (oder leer lassen für automatisch).',
    );
    expect(client.calls.filter((c) => c.method === 'imports.tablePreview')).toHaveLength(2);
  });

  it('an XLSX sheet choice re-reads the table with mapping.file.sheet', async () => {
    const workbook: Preview = { ...TABLE, file: 'lieferung.xlsx', format: 'xlsx', sheets: ['Erläuterungen', 'Daten 2018'], encoding: null, delimiter: null };
    const { client } = setup({ 'imports.tablePreview': (input) => (input.mapping ? { ...workbook, result: resultFor(input.mapping as Mapping) } : workbook) });
    await chooseFile('lieferung.xlsx');
    await screen.findByTestId('values-wizard-file-summary');
    next();
    expect(screen.queryByLabelText('Zeichensatz')).toBeNull();
    const sheet = screen.getByLabelText('Tabellenblatt') as HTMLSelectElement;
    expect([...sheet.options].map((o) => o.value)).toEqual(['Erläuterungen', 'Daten 2018']);
    fireEvent.change(sheet, { target: { value: 'Daten 2018' } });
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'imports.tablePreview')).toHaveLength(2));
    const mapping = lastCall(client, 'imports.tablePreview')!.mapping as Mapping;
    expect(mapping['file']).toEqual({ sheet: 'Daten 2018' });
    expect(mapping['units']['level']).toBe('stadtteil');
  });

  it('builds a long-format mapping: period, indicator and value columns, or fixed ones', async () => {
    const long: Preview = {
      ...TABLE,
      header: ['Gebiet', 'Jahr', 'Merkmal', 'Wert'],
      titleLines: [],
      sample: [{ line: 2, cells: ['STGT01', '2022', 'sgb2_anteil', '13,6'] }],
    };
    const { client } = setup({ 'imports.tablePreview': (input) => (input.mapping ? { ...long, result: resultFor(input.mapping as Mapping) } : long) });
    await toColumns();
    // "Jahr" and "Wert" make it a long table.
    expect((screen.getByRole('radio', { name: /Langformat/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Gebietsspalte') as HTMLSelectElement).value).toBe('Gebiet');
    expect((screen.getByLabelText('Spalte mit dem Zeitraum') as HTMLSelectElement).value).toBe('Jahr');
    expect((screen.getByLabelText('Spalte mit dem Indikator') as HTMLSelectElement).value).toBe('Merkmal');
    expect((screen.getByLabelText('Spalte mit dem Wert') as HTMLSelectElement).value).toBe('Wert');
    fireEvent.change(screen.getByLabelText('Abgleich über'), { target: { value: 'key' } });
    fireEvent.change(screen.getByLabelText('Dezimaltrennzeichen'), { target: { value: ',' } });
    fireEvent.change(screen.getByLabelText('„–“ oder „-“ heißt'), { target: { value: 'zero' } });
    next();
    await screen.findByText('4 · Gebiete');
    expect(lastCall(client, 'imports.tablePreview')!.mapping).toEqual({
      version: 1,
      name: 'lieferung',
      file: {},
      format: 'long',
      units: { column: 'Gebiet', match: 'key', level: 'stadtteil', assignments: {} },
      numbers: { decimal: ',', percent: 'points', dash: 'zero' },
      keepValidRowsOnly: false,
      period: { column: 'Jahr' },
      indicator: { column: 'Merkmal' },
      value: { column: 'Wert' },
    });

    // A fixed period and indicator for the whole file.
    fireEvent.click(screen.getByRole('button', { name: 'Schritt 3: Spalten' }));
    fireEvent.click(screen.getByRole('radio', { name: 'fester Zeitraum' }));
    fireEvent.change(screen.getByLabelText('Zeitraum für die ganze Datei'), { target: { value: '31.12.2022' } });
    fireEvent.click(screen.getByRole('radio', { name: 'fester Indikator' }));
    typeIndicator('Indikator für die ganze Datei', 'sgb2_anteil');
    next();
    const period = screen.getByLabelText('Zeitraum für die ganze Datei');
    expect(document.getElementById(period.getAttribute('aria-describedby')!)!.textContent).toBe('Zeitraum bitte als JJJJ oder JJJJ-MM-TT angeben.');
    fireEvent.change(period, { target: { value: '2022-12-31' } });
    next();
    await screen.findByText('4 · Gebiete');
    expect(lastCall(client, 'imports.tablePreview')!.mapping).toMatchObject({ period: { value: '2022-12-31' }, indicator: { code: 'sgb2_anteil' }, value: { column: 'Wert' } });
  });

  it('takes the target level from the unit column\'s name, unless the planner chose one', async () => {
    // The coarser level comes first; the file's column "Stadtteil" still means the Stadtteile.
    const levels = [{ id: 'lvl-sb', key: 'stadtbezirk', name: 'Stadtbezirk', rank: 0, unitCount: 5 }, ...LEVELS];
    setup({ 'levels.list': () => levels });
    await toColumns();
    const level = screen.getByLabelText('Zielebene') as HTMLSelectElement;
    expect(level.value).toBe('stadtteil');
    fireEvent.change(level, { target: { value: 'stadtbezirk' } });
    fireEvent.change(screen.getByLabelText('Gebietsspalte'), { target: { value: 'Bemerkung' } });
    fireEvent.change(screen.getByLabelText('Gebietsspalte'), { target: { value: 'Stadtteil' } });
    expect((screen.getByLabelText('Zielebene') as HTMLSelectElement).value).toBe('stadtbezirk');
  });

  it('takes the target level whose keys the unit column holds, whatever the column is called', async () => {
    const table = { ...TABLE, header: ['Schlüssel', 'Anzahl_2018'], sample: [{ line: 2, cells: ['STGT01', '5'] }, { line: 3, cells: ['STGT02', '7'] }] };
    const levels = [{ id: 'lvl-sb', key: 'stadtbezirk', name: 'Stadtbezirk', rank: 0, unitCount: 5 }, ...LEVELS];
    setup({
      'levels.list': () => levels,
      'units.list': (input) => (input.levelId === 'lvl-st' ? UNITS : [{ id: 'b1', code: 'SB1', name: 'Mitte', parentId: null }]),
      'imports.tablePreview': () => table,
    });
    await toColumns();
    await waitFor(() => expect((screen.getByLabelText('Zielebene') as HTMLSelectElement).value).toBe('stadtteil'));
  });

  it('prefills the period from a four-digit year in the header ("Anzahl_2018" → 2018)', async () => {
    setup();
    await toColumns();
    expect((screen.getByRole('radio', { name: /Breitformat/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Gebietsspalte') as HTMLSelectElement).value).toBe('Stadtteil');
    expect((screen.getByLabelText('Zielebene') as HTMLSelectElement).value).toBe('stadtteil');
    expect((screen.getByLabelText('Zeitraum für Spalte „Anzahl_2018“') as HTMLInputElement).value).toBe('2018');
    expect((screen.getByLabelText('Zeitraum für Spalte „Anzahl_2019“') as HTMLInputElement).value).toBe('2019');
    expect((screen.getByLabelText('Zeitraum für Spalte „Bemerkung“') as HTMLInputElement).value).toBe('');
    // The unit column is no value column.
    expect(screen.queryByLabelText('Indikator für Spalte „Stadtteil“')).toBeNull();
  });

  it('puts the schema messages next to the fields and does not ask main with an invalid mapping', async () => {
    const { client } = setup();
    await toColumns();
    next();
    expect(screen.getByTestId('values-wizard-errors').textContent).toContain('Mindestens eine Spalte zuordnen.');

    // A column without a year in its name needs a period.
    typeIndicator('Indikator für Spalte „Bemerkung“', 'sgb2_anteil');
    next();
    const period = screen.getByLabelText('Zeitraum für Spalte „Bemerkung“');
    expect(period.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(period.getAttribute('aria-describedby')!)!.textContent).toBe('Für diese Spalte fehlt der Zeitraum.');
    expect(client.calls.filter((c) => c.method === 'imports.tablePreview')).toHaveLength(1);
    expect(stepHeading()).toBe('3 · Spalten');

    // A code that is not in the catalogue is flagged with the way to create it.
    typeIndicator('Indikator für Spalte „Bemerkung“', 'kita_quote');
    expect(screen.getByTestId('values-wizard-unknown-indicator').textContent).toContain('„kita_quote“ ist nicht im Indikatorenkatalog. Bitte zuerst unter Indikatoren anlegen.');
  });

  it('creates a missing indicator inline through indicators.save', async () => {
    const created = { ...indicator('kita_quote', 'Kita-Quote', '%'), definition: null, formula: null, source: null, licence: null, attribution: null, updateInterval: null, referenceDateNote: null, notes: null, recipe: null };
    let catalogue = INDICATORS;
    const { client } = setup({
      'indicators.list': () => catalogue,
      'indicators.save': () => {
        catalogue = [...INDICATORS, created];
        return created;
      },
    });
    await toColumns();
    typeIndicator('Indikator für Spalte „Bemerkung“', 'kita_quote');
    fireEvent.click(screen.getByRole('button', { name: 'Jetzt hier anlegen…' }));
    const dialog = screen.getByTestId('values-wizard-new-indicator');
    expect((within(dialog).getByLabelText('Code') as HTMLInputElement).value).toBe('kita_quote');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Kita-Quote' } });
    fireEvent.change(within(dialog).getByLabelText('Einheit'), { target: { value: '%' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Hoher Wert = günstiger' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Anlegen' }));
    await waitFor(() => expect(screen.queryByTestId('values-wizard-new-indicator')).toBeNull());
    // No number in the column: the default of one decimal.
    expect(lastCall(client, 'indicators.save')).toEqual({ indicator: { code: 'kita_quote', name: 'Kita-Quote', unit: '%', decimals: 1, measure: 'relative', polarity: 'better' } });
    await waitFor(() => expect(screen.queryByTestId('values-wizard-unknown-indicator')).toBeNull());
    expect((screen.getByRole('combobox', { name: 'Indikator für Spalte „Bemerkung“' }) as HTMLInputElement).value).toBe('Kita-Quote (kita_quote)');
  });

  it('suggests the decimals of a new indicator from its column ("15,8" → 1, counts → 0)', async () => {
    const { client } = setup({ 'indicators.save': () => ({ ...indicator('quote', 'Quote', '%'), definition: null, formula: null, source: null, licence: null, attribution: null, updateInterval: null, referenceDateNote: null, notes: null, recipe: null }) });
    await toColumns();
    typeIndicator('Indikator für Spalte „Anteil_2018“', 'quote');
    fireEvent.click(screen.getByRole('button', { name: 'Jetzt hier anlegen…' }));
    let dialog = screen.getByTestId('values-wizard-new-indicator');
    expect((within(dialog).getByLabelText('Nachkommastellen') as HTMLSelectElement).value).toBe('1');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Abbrechen' }));
    typeIndicator('Indikator für Spalte „Anzahl_2019“', 'anzahl');
    const anzahlRow = document.querySelector<HTMLElement>('tr[data-column="Anzahl_2019"]')!;
    fireEvent.click(within(anzahlRow).getByRole('button', { name: 'Jetzt hier anlegen…' }));
    dialog = screen.getByTestId('values-wizard-new-indicator');
    expect((within(dialog).getByLabelText('Nachkommastellen') as HTMLSelectElement).value).toBe('0');
    fireEvent.change(within(dialog).getByLabelText('Nachkommastellen'), { target: { value: '2' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Anzahl' } });
    // Two decimals make it a rate unless the planner says otherwise.
    expect((within(dialog).getByLabelText('Messgröße') as HTMLSelectElement).value).toBe('relative');
    fireEvent.change(within(dialog).getByLabelText('Messgröße'), { target: { value: 'absolute' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Anlegen' }));
    await waitFor(() => expect(lastCall(client, 'indicators.save')).toMatchObject({ indicator: { code: 'anzahl', decimals: 2, measure: 'absolute' } }));
  });

  it('lists unmatched units with lines and candidates; an assignment goes into mapping.units.assignments', async () => {
    const { client } = setup();
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    expect(screen.getByTestId('values-wizard-units-open').textContent).toBe('2 Texte aus der Datei passen zu keinem Gebiet der Ebene „Stadtteil“.');
    const table = screen.getByTestId('values-wizard-unmatched');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Neustdt', 'Stadt insgesamt']);
    expect(rows[0]!.textContent).toContain('5');
    const select = within(rows[0]!).getByLabelText('Gebiet für „Neustdt“') as HTMLSelectElement;
    const suggestions = select.querySelector('optgroup[label="Vorschläge"]')!;
    expect([...suggestions.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['02 Neustadt (STGT02)']);
    await waitFor(() => expect(select.querySelector('optgroup[label="Alle Gebiete"]')).not.toBeNull());
    expect(client.calls.filter((c) => c.method === 'units.list').map((c) => c.input)).toContainEqual({ levelId: 'lvl-st' });

    fireEvent.change(select, { target: { value: 'STGT02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Erneut prüfen' }));
    await waitFor(() => expect(screen.getByTestId('values-wizard-units-open').textContent).toContain('1 Text'));
    expect((lastCall(client, 'imports.tablePreview')!.mapping as Mapping)['units']['assignments']).toEqual({ Neustdt: 'STGT02' });
    // The assigned text stays listed so it can be changed.
    expect((screen.getByLabelText('Gebiet für „Neustdt“') as HTMLSelectElement).value).toBe('STGT02');
  });

  it('"kein Gebiet (Zeile überspringen)" stores null', async () => {
    const { client } = setup();
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    const select = screen.getByLabelText('Gebiet für „Stadt insgesamt“') as HTMLSelectElement;
    const skip = [...select.options].find((o) => o.textContent === 'kein Gebiet (Zeile überspringen)')!;
    fireEvent.change(select, { target: { value: skip.value } });
    next();
    await screen.findByText('5 · Prüfen');
    expect((lastCall(client, 'imports.tablePreview')!.mapping as Mapping)['units']['assignments']).toEqual({ 'Stadt insgesamt': null });
    expect(screen.getByTestId('values-wizard-counts').querySelector('[data-count="skippedRows"]')!.textContent).toBe('1');
  });

  it('step 5 reports issues by line and column with "und N weitere", unused columns and the first values', async () => {
    const { client } = setup({}, { issueCount: 57 });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    next();
    await screen.findByText('5 · Prüfen');
    expect(screen.getByTestId('values-wizard-not-ready').textContent).toBe('So noch nicht importierbar – 2 Fehler.');
    expect(within(screen.getByTestId('values-wizard-issues')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Fehler: lieferung.csv, Zeile 5, Feld Stadtteil: „Neustdt“ passt zu keinem Gebiet der Ebene Stadtteil.',
      'Fehler: lieferung.csv, Zeile 8, Feld Stadtteil: „Stadt insgesamt“ passt zu keinem Gebiet der Ebene Stadtteil.',
    ]);
    expect(screen.getByTestId('values-wizard-more-issues').textContent).toBe('und 55 weitere');
    expect(screen.getByTestId('values-wizard-unused').textContent).toContain('„Bemerkung“');
    const values = screen.getByTestId('values-wizard-values');
    expect(within(values).getAllByRole('row')[1]!.textContent).toBe('4Anzahl_2018' + '01 Altstadt (STGT01)' + '2018sgb2_anzahl554');
    expect(within(values).getAllByRole('row')[2]!.textContent).toContain('15,8');
    expect((screen.getByTestId('values-wizard-next') as HTMLButtonElement).disabled).toBe(true);

    // "Nur gültige Zeilen importieren" is checked with main again and sent with the import.
    fireEvent.click(screen.getByRole('radio', { name: /Nur gültige Zeilen importieren/ }));
    await waitFor(() => expect((lastCall(client, 'imports.tablePreview')!.mapping as Mapping)['keepValidRowsOnly']).toBe(true));
  });

  it('does not start an import while an indicator code is not in the catalogue', async () => {
    setup({}, { indicators: [{ code: 'sgb2_anzahl', known: true }, { code: 'kita_quote', known: false }] });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    fireEvent.change(screen.getByLabelText('Gebiet für „Neustdt“'), { target: { value: 'STGT02' } });
    fireEvent.change(screen.getByLabelText('Gebiet für „Stadt insgesamt“'), { target: { value: '__skip' } });
    next();
    await screen.findByText('5 · Prüfen');
    expect(screen.getByTestId('values-wizard-indicators').textContent).toContain('kita_quotenicht im Katalog');
    expect(screen.getByRole('button', { name: 'Jetzt hier anlegen…' })).toBeTruthy();
    expect((screen.getByTestId('values-wizard-next') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keepValidRowsOnly reaches imports.values', async () => {
    const { client } = setup({
      'imports.tablePreview': (input) => {
        const mapping = input.mapping as Mapping | undefined;
        if (!mapping) return TABLE;
        return { ...TABLE, result: resultFor(mapping, { importable: mapping['keepValidRowsOnly'] === true }) };
      },
    });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    next();
    await screen.findByText('5 · Prüfen');
    fireEvent.click(screen.getByRole('radio', { name: /Nur gültige Zeilen importieren/ }));
    await waitFor(() => expect((screen.getByTestId('values-wizard-next') as HTMLButtonElement).disabled).toBe(false));
    next();
    await screen.findByTestId('values-wizard-result');
    const call = lastCall(client, 'imports.values')!;
    expect(call.keepValidRowsOnly).toBe(true);
    expect((call.mapping as Mapping)['keepValidRowsOnly']).toBe(true);
  });

  it('a failed import lists every issue and says the database was not changed', async () => {
    const issues = [
      { severity: 'error' as const, file: 'lieferung.csv', line: 5, field: 'Anzahl_2019', message: '„1.094,5“ ist keine ganze Zahl.' },
      { severity: 'error' as const, file: 'lieferung.csv', line: 7, field: 'Anteil_2018', message: '„k. A.“ ist keine Zahl.' },
      { severity: 'warning' as const, file: 'lieferung.csv', line: 6, field: 'Bemerkung', message: 'Die Spalte wird nicht importiert.' },
    ];
    const { client } = setup({
      'imports.values': () => {
        throw new ApiError('import-failed', 'Der Import wurde abgebrochen: 2 Fehler.', issues);
      },
    });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    fireEvent.change(screen.getByLabelText('Gebiet für „Neustdt“'), { target: { value: 'STGT02' } });
    fireEvent.change(screen.getByLabelText('Gebiet für „Stadt insgesamt“'), { target: { value: '__skip' } });
    next();
    await screen.findByText('5 · Prüfen');
    next();

    const failure = await screen.findByTestId('values-wizard-failure');
    expect(document.activeElement).toBe(failure);
    expect(within(failure).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Fehler: lieferung.csv, Zeile 5, Feld Anzahl_2019: „1.094,5“ ist keine ganze Zahl.',
      'Fehler: lieferung.csv, Zeile 7, Feld Anteil_2018: „k. A.“ ist keine Zahl.',
      'Hinweis: lieferung.csv, Zeile 6, Feld Bemerkung: Die Spalte wird nicht importiert.',
    ]);
    expect(within(failure).getByText('Die Datenbank wurde nicht verändert.')).toBeTruthy();
    expect(client.calls.filter((c) => c.method === 'imports.values')).toHaveLength(1);

    fireEvent.click(within(failure).getByRole('button', { name: 'Zurück zu „Prüfen“' }));
    expect(stepHeading()).toBe('5 · Prüfen');
  });

  it('does not claim "nicht verändert" for other errors', async () => {
    setup({
      'imports.values': () => {
        throw new ApiError('connection-lost', 'Keine Verbindung zum lokalen Quartiersatlas-Dienst.');
      },
    });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    fireEvent.change(screen.getByLabelText('Gebiet für „Neustdt“'), { target: { value: 'STGT02' } });
    fireEvent.change(screen.getByLabelText('Gebiet für „Stadt insgesamt“'), { target: { value: '__skip' } });
    next();
    await screen.findByText('5 · Prüfen');
    next();
    const failure = await screen.findByTestId('values-wizard-failure');
    expect(failure.textContent).toContain('Keine Verbindung');
    expect(within(failure).queryByText('Die Datenbank wurde nicht verändert.')).toBeNull();
  });

  it('shows import progress from job.progress events of its own job only', async () => {
    let finish: (summary: MethodOutput<'imports.values'>) => void = () => {};
    const { client } = setup({ 'imports.values': () => new Promise((resolve) => (finish = resolve)) });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    fireEvent.change(screen.getByLabelText('Gebiet für „Neustdt“'), { target: { value: 'STGT02' } });
    fireEvent.change(screen.getByLabelText('Gebiet für „Stadt insgesamt“'), { target: { value: '__skip' } });
    next();
    await screen.findByText('5 · Prüfen');
    next();
    const progress = await screen.findByTestId('values-wizard-progress');
    const jobId = lastCall(client, 'imports.values')!.jobId;
    act(() => client.emit('job.progress', { jobId: 'other', phase: 'schreiben', done: 1, total: 2 }));
    expect(progress.textContent).not.toContain('Speichern');
    act(() => client.emit('job.progress', { jobId, phase: 'schreiben', done: 6, total: 12 }));
    expect(progress.textContent).toContain('Speichern');
    expect(progress.textContent).toContain('6 / 12');
    await act(async () => finish(SUMMARY));
    expect(await screen.findByTestId('values-wizard-result')).toBeTruthy();
  });

  it('a saved mapping from mappings.list checks the file at once and skips to step 5', async () => {
    const saved = {
      version: 1,
      name: 'SGB II Stadtteile',
      description: 'Lieferung der Arbeitsagentur, jährlich.',
      format: 'wide',
      file: { headerRowCount: 1 },
      units: { column: 'Stadtteil', match: 'name', level: 'stadtteil', assignments: { Neustdt: 'STGT02', 'Stadt insgesamt': null } },
      columns: [
        { columnPattern: '^Anzahl_(\\d{4})$', indicator: 'sgb2_anzahl', period: '$1' },
        { column: 'Anteil_2018', indicator: 'sgb2_anteil', period: '2018' },
      ],
    };
    const { client } = setup({ 'mappings.list': () => [{ id: 'map-1', name: 'SGB II Stadtteile', mapping: saved }] });
    const select = (await screen.findByRole('option', { name: 'SGB II Stadtteile' })).closest('select')!;
    expect(select).toBe(screen.getByLabelText('Gespeicherte Zuordnung'));
    fireEvent.change(select, { target: { value: 'map-1' } });
    expect(screen.getByText('Lieferung der Arbeitsagentur, jährlich.')).toBeTruthy();
    await chooseFile();

    await screen.findByText('5 · Prüfen');
    const previews = client.calls.filter((c) => c.method === 'imports.tablePreview');
    expect(previews).toHaveLength(1);
    const expected = {
      ...saved,
      units: { ...saved.units },
      numbers: { decimal: 'auto', percent: 'points', dash: 'missing' },
      keepValidRowsOnly: false,
      // Exact columns come first, as main applies them first.
      columns: [saved.columns[1], saved.columns[0]],
    };
    expect((previews[0]!.input as { mapping: unknown }).mapping).toEqual(expected);
    expect(screen.getByTestId('values-wizard-ready').textContent).toBe('Bereit: 12 Werte können importiert werden.');
    expect((screen.getByLabelText('Zuordnung speichern als …') as HTMLInputElement).value).toBe('SGB II Stadtteile');

    next();
    await screen.findByTestId('values-wizard-result');
    expect(lastCall(client, 'imports.values')!.mapping).toEqual(expected);
  });

  it('saves the mapping under the given name', async () => {
    const { client } = setup({ 'mappings.save': (input) => ({ id: 'map-9', name: String(input.mapping['name']) }) });
    await mapColumns();
    next();
    await screen.findByText('4 · Gebiete');
    next();
    await screen.findByText('5 · Prüfen');
    const name = screen.getByLabelText('Zuordnung speichern als …');
    fireEvent.change(name, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zuordnung speichern' }));
    expect(document.getElementById(name.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).toBe('Bitte einen Namen für die Zuordnung angeben.');
    expect(client.calls.some((c) => c.method === 'mappings.save')).toBe(false);

    fireEvent.change(name, { target: { value: 'SGB II jährlich' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zuordnung speichern' }));
    expect((await screen.findByTestId('values-wizard-saved')).textContent).toBe('Gespeichert als „SGB II jährlich“.');
    const mapping = lastCall(client, 'mappings.save')!.mapping;
    expect(mapping).toMatchObject({ version: 1, name: 'SGB II jährlich', format: 'wide' });
  });

  it('Esc closes at once before anything is mapped by hand, and asks first afterwards', async () => {
    const first = setup();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(first.onClose).toHaveBeenCalledTimes(1);
    cleanup();

    const { onClose } = setup();
    await toColumns();
    // Looking at the guesses is not mapping: Esc still closes at once …
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    onClose.mockClear();
    // … but after a change of hand, it asks.
    fireEvent.change(screen.getByLabelText('Abgleich über'), { target: { value: 'name' } });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).not.toHaveBeenCalled();
    const confirm = screen.getByRole('dialog', { name: 'Import abbrechen?' });
    // The safe choice has the focus; Esc in the question only closes the question.
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Weiter bearbeiten' }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Import abbrechen?' })).toBeNull();
    expect(stepHeading()).toBe('3 · Spalten');
    fireEvent.keyDown(document, { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: 'Verwerfen und schließen' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('Esc in an open indicator list closes only the list', async () => {
    const { onClose } = setup();
    await toColumns();
    const combo = screen.getByRole('combobox', { name: 'Indikator für Spalte „Anzahl_2018“' });
    combo.focus();
    fireEvent.keyDown(combo, { key: 'ArrowDown' });
    expect(combo.getAttribute('aria-expanded')).toBe('true');
    const options = within(screen.getByRole('listbox', { name: 'Indikator für Spalte „Anzahl_2018“' })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['— ignorieren —', 'Regelleistungsberechtigte nach SGB IIsgb2_anzahl · Personen', 'Anteil Regelleistungsberechtigte SGB IIsgb2_anteil · %']);
    fireEvent.keyDown(combo, { key: 'ArrowDown' });
    expect(combo.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    fireEvent.keyDown(combo, { key: 'Escape' });
    expect(combo.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('dialog', { name: 'Import abbrechen?' })).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('moves the focus to the heading of each new step', async () => {
    setup();
    await chooseFile();
    await screen.findByTestId('values-wizard-file-summary');
    next();
    expect(document.activeElement).toBe(screen.getByTestId('values-wizard-step'));
    expect(document.activeElement?.textContent).toBe('2 · Tabelle');
    fireEvent.click(screen.getByRole('button', { name: 'Schritt 1: Datei' }));
    expect(stepHeading()).toBe('1 · Datei');
  });
});
