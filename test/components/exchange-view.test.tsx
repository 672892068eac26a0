import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import AustauschView from '../../renderer/views/austausch/AustauschView.tsx';
import { appReload } from '../../renderer/views/austausch/SafetyPanel.tsx';
import { fakeClient, renderWithProviders, type FakeHandlers } from './helpers.tsx';
import { ANNA, KITA, capacityConflict, deleteConflict, geometryConflict, nameConflictThree, status, summary } from './exchange-fixtures.tsx';

let downloads: { fileName: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ fileName: this.download, blob: blobs.get(this.getAttribute('href') ?? '')! });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function handlers(extra: FakeHandlers = {}): FakeHandlers {
  return {
    'exchange.status': () => status(),
    'exchange.conflicts': () => [],
    'exchange.history': () => [],
    'safety.snapshots': () => [],
    ...extra,
  };
}

function chooseExchangeFile(name = 'anna-2026-11-24.qatlas') {
  fireEvent.change(screen.getByTestId('exchange-import-file'), { target: { files: [new File([new Uint8Array([80, 75, 3, 4])], name)] } });
}

describe('AustauschView: this laptop and creating a file', () => {
  it('shows the name, the unsent changes, renames and creates a file only with what a colleague lacks', async () => {
    const exported: MethodOutput<'exchange.export'> = {
      fileName: 'laptop-sozialplanung-fuer-anna.qatlas',
      data: new Uint8Array([1, 2, 3]),
      ops: 12,
      blobs: 2,
      bytes: 2_560_000,
      perTable: { facilities: 10, indicator_values: 2 },
      everythingBecauseUnknown: false,
      missingAttachments: 0,
    };
    const client = fakeClient(
      handlers({
        'exchange.rename': (input) => status({ replica: { id: 'x', displayName: input.displayName } }),
        'exchange.export': () => exported,
      }),
    );
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    const name = (await screen.findByDisplayValue('Laptop Sozialplanung')) as HTMLInputElement;
    expect(screen.getByLabelText('Name, den Kolleg:innen sehen')).toBe(name);
    expect(screen.getByTestId('exchange-unsent').textContent).toBe('7 Änderungen noch bei keiner Kollegin angekommen');

    fireEvent.change(name, { target: { value: 'Laptop Anna-Lena' } });
    fireEvent.click(screen.getByRole('button', { name: 'Namen speichern' }));
    await screen.findByText('Name gespeichert.');
    expect(client.calls.find((c) => c.method === 'exchange.rename')?.input).toEqual({ displayName: 'Laptop Anna-Lena' });

    expect((screen.getByRole('radio', { name: /Alles \(vollständige Datei\)/ }) as HTMLInputElement).checked).toBe(true);
    const onlyAnna = screen.getByRole('radio', { name: /Nur, was Anna \(Jugendamt\) noch fehlt/ });
    expect(onlyAnna.closest('label')!.textContent).toContain('letzte Datei von dort: 20.11.2026');
    fireEvent.click(onlyAnna);
    fireEvent.click(screen.getByTestId('exchange-export-button'));
    const result = await screen.findByTestId('exchange-export-result');
    expect(client.calls.find((c) => c.method === 'exchange.export')?.input).toEqual({ forReplica: ANNA });
    expect(result.textContent).toContain('„laptop-sozialplanung-fuer-anna.qatlas“ erstellt: 12 Änderungen, 2 Fotos, 2,4 MB.');
    expect(within(result).getByText('Einrichtungen: 10')).toBeTruthy();
    expect(within(result).getByText('Indikatorwerte: 2')).toBeTruthy();
    expect(downloads.map((d) => d.fileName)).toEqual(['laptop-sozialplanung-fuer-anna.qatlas']);
    expect(downloads[0]!.blob.type).toBe('application/zip');
  });
});

describe('AustauschView: reading a file', () => {
  it('previews with progress, then applies with „Übernehmen“ and says a Zwischenstand was saved', async () => {
    let finishPreview: (value: MethodOutput<'exchange.preview'>) => void = () => {};
    const client = fakeClient(
      handlers({
        'exchange.preview': () => new Promise((resolve) => (finishPreview = resolve)),
        'exchange.import': () => summary({ snapshotId: 'snap-1', conflictsClosed: 1 }),
      }),
    );
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await screen.findByDisplayValue('Laptop Sozialplanung');
    chooseExchangeFile();

    const progress = await screen.findByTestId('exchange-progress');
    await waitFor(() => expect(client.calls.some((c) => c.method === 'exchange.preview')).toBe(true));
    const preview = client.calls.find((c) => c.method === 'exchange.preview')!.input as MethodInput<'exchange.preview'>;
    expect(preview.file.name).toBe('anna-2026-11-24.qatlas');
    expect([...preview.file.data]).toEqual([80, 75, 3, 4]);
    act(() => client.emit('job.progress', { jobId: preview.jobId, phase: 'pruefen', done: 3, total: 9 }));
    expect(progress.textContent).toContain('3 / 9');
    await act(async () => finishPreview(summary()));

    const region = await screen.findByTestId('exchange-preview');
    expect(within(region).getByTestId('exchange-sender').textContent).toBe('Anna (Jugendamt)');
    expect(region.textContent).toContain('24.11.2026');
    const kinds = within(region).getByTestId('exchange-kinds');
    const rows = within(kinds).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual(['Artneugeändertgelöschtwiederhergestellt', 'Einrichtungen2100', 'Indikatorwerte0200']);
    expect(region.textContent).toContain('3 neue Fotos');
    expect(within(region).getByTestId('exchange-conflicts-opened').textContent).toContain('Einrichtung · Kita Sonnenschein – Kapazität');
    expect(within(region).getByTestId('exchange-warnings').textContent).toContain('Die Uhr von „Anna (Jugendamt)“ geht um 3 Stunden vor.');
    expect(within(region).getByTestId('exchange-waiting').textContent).toContain('1 Datensatz wartet auf eine ältere Datei');
    expect(client.calls.some((c) => c.method === 'exchange.import')).toBe(false);

    fireEvent.click(within(region).getByRole('button', { name: 'Übernehmen' }));
    const result = await screen.findByTestId('exchange-result');
    const imported = client.calls.find((c) => c.method === 'exchange.import')!.input as MethodInput<'exchange.import'>;
    expect(imported.file.name).toBe('anna-2026-11-24.qatlas');
    expect(imported.jobId).not.toBe(preview.jobId);
    expect(result.textContent).toContain('Die Datei von Anna (Jugendamt) wurde übernommen.');
    expect(within(result).getByTestId('exchange-snapshot-note').textContent).toContain('Zwischenstand gespeichert');
    expect(result.textContent).toContain('1 Konflikt wurde geklärt');
    expect(within(result).getByRole('button', { name: 'Konflikte ansehen' })).toBeTruthy();
  });

  it('„Abbrechen“ leaves everything as it was', async () => {
    const client = fakeClient(handlers({ 'exchange.preview': () => summary() }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await screen.findByDisplayValue('Laptop Sozialplanung');
    chooseExchangeFile();
    const region = await screen.findByTestId('exchange-preview');
    fireEvent.click(within(region).getByRole('button', { name: 'Abbrechen' }));
    expect(screen.queryByTestId('exchange-preview')).toBeNull();
    expect(client.calls.some((c) => c.method === 'exchange.import')).toBe(false);
  });

  it('says clearly when a file brings nothing new and offers no „Übernehmen“', async () => {
    const client = fakeClient(handlers({ 'exchange.preview': () => summary({ nothingNew: true, newOps: 0, duplicateOps: 40, tables: {}, conflictsOpened: [], warnings: [] }) }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await screen.findByDisplayValue('Laptop Sozialplanung');
    chooseExchangeFile();
    expect((await screen.findByTestId('exchange-nothing-new')).textContent).toBe('Nichts Neues – diese Datei enthält nichts, was hier fehlt.');
    expect(screen.queryByRole('button', { name: 'Übernehmen' })).toBeNull();
    expect(screen.queryByTestId('exchange-apply')).toBeNull();
  });

  it('shows a refused file with its name in an alert', async () => {
    const client = fakeClient(
      handlers({
        'exchange.preview': () => {
          throw new ApiError('exchange-rejected', 'Die Datei wurde mit einer neueren Version des Quartiersatlas erstellt. Bitte das Programm aktualisieren.');
        },
      }),
    );
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await screen.findByDisplayValue('Laptop Sozialplanung');
    chooseExchangeFile('kaputt.qatlas');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('„kaputt.qatlas“ konnte nicht eingelesen werden.');
    expect(alert.textContent).toContain('neueren Version');
    expect(screen.queryByTestId('exchange-preview')).toBeNull();
  });
});

function openTab(name: RegExp | string) {
  fireEvent.click(screen.getByRole('tab', { name }));
}

describe('AustauschView: conflicts', () => {
  it('compares the values with who and when, keeps mine or theirs with the right op id', async () => {
    let open = [capacityConflict()];
    const resolve = vi.fn((input: MethodInput<'exchange.resolve'>) => {
      open = [];
      void input;
      return { open: 0 };
    });
    const client = fakeClient(handlers({ 'exchange.conflicts': () => open, 'exchange.resolve': resolve }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');

    const card = screen.getByTestId('conflict-item');
    expect(within(card).getByRole('heading').textContent).toBe('Einrichtung · Kita Sonnenschein');
    expect(card.textContent).toContain('Feld: Kapazität');
    const values = within(card).getAllByTestId('conflict-value');
    expect(values[0]!.textContent).toContain('45');
    expect(values[0]!.textContent).toContain('dieser Laptop');
    expect(values[0]!.textContent).toContain('23.11.2026');
    expect(values[1]!.textContent).toContain('1.250,5');
    expect(values[1]!.textContent).toContain('Anna (Jugendamt)');
    expect(card.textContent).toContain('vorher: 40');

    fireEvent.click(within(card).getByRole('button', { name: 'Ihren Wert behalten' }));
    await screen.findByText('Keine offenen Konflikte.');
    expect(resolve).toHaveBeenCalledWith({ table: 'facilities', row: KITA, field: 'capacity', resolution: { keep: 'op-anna' } });
    expect(screen.getByTestId('conflict-resolved-note').textContent).toContain('Die Entscheidung reist mit der nächsten Datei');
    expect(screen.queryByTestId('conflict-item')).toBeNull();
  });

  it('„Meinen Wert behalten“ keeps the local op', async () => {
    const resolve = vi.fn(() => ({ open: 0 }));
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [capacityConflict()], 'exchange.resolve': resolve }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    fireEvent.click(screen.getByRole('button', { name: 'Meinen Wert behalten' }));
    await waitFor(() => expect(resolve).toHaveBeenCalledWith({ table: 'facilities', row: KITA, field: 'capacity', resolution: { keep: 'op-mine' } }));
    await waitFor(() => expect(screen.queryByTestId('conflict-item')).toBeNull());
  });

  it('merges a number typed the German way and sends it as a number', async () => {
    const resolve = vi.fn(() => ({ open: 0 }));
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [capacityConflict()], 'exchange.resolve': resolve }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    fireEvent.click(screen.getByRole('button', { name: 'Zusammenführen …' }));
    const input = screen.getByLabelText('Neuer Wert für „Kapazität“') as HTMLInputElement;
    expect(input.value).toBe('45');
    fireEvent.change(input, { target: { value: 'viele' } });
    fireEvent.click(screen.getByRole('button', { name: 'Wert übernehmen' }));
    expect((await screen.findByRole('alert')).textContent).toContain('passt nicht zum Feld');
    expect(resolve).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '47,5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Wert übernehmen' }));
    await waitFor(() => expect(resolve).toHaveBeenCalledWith({ table: 'facilities', row: KITA, field: 'capacity', resolution: { value: 47.5 } }));
  });

  it('offers „Diesen Wert behalten“ per value for three values and merges text as text', async () => {
    const resolve = vi.fn(() => ({ open: 0 }));
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [nameConflictThree()], 'exchange.resolve': resolve }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    const card = screen.getByTestId('conflict-item');
    expect(within(card).queryByRole('button', { name: 'Meinen Wert behalten' })).toBeNull();
    expect(within(card).getAllByRole('button', { name: 'Diesen Wert behalten' })).toHaveLength(3);
    expect(card.textContent).toContain('kein gemeinsamer früherer Wert');
    expect(card.textContent).toContain('Ben');
    fireEvent.click(within(card).getByRole('button', { name: 'Zusammenführen …' }));
    const input = within(card).getByLabelText('Neuer Wert für „Name“') as HTMLTextAreaElement;
    expect(input.value).toBe('Kita Sonnenschein');
    fireEvent.change(input, { target: { value: 'Kita Sonnenschein e. V.' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Wert übernehmen' }));
    await waitFor(() => expect(resolve).toHaveBeenCalledWith({ table: 'facilities', row: KITA, field: 'name', resolution: { value: 'Kita Sonnenschein e. V.' } }));
  });

  it('„Diesen Wert behalten“ sends the op id of that value', async () => {
    const resolve = vi.fn(() => ({ open: 0 }));
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [nameConflictThree()], 'exchange.resolve': resolve }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    fireEvent.click(screen.getAllByRole('button', { name: 'Diesen Wert behalten' })[2]!);
    await waitFor(() => expect(resolve).toHaveBeenCalledWith({ table: 'facilities', row: KITA, field: 'name', resolution: { keep: 'op-n3' } }));
  });

  it('shows geometry as „Geometrie (geändert)“ and offers no merge', async () => {
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [geometryConflict()] }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    const card = screen.getByTestId('conflict-item');
    expect(within(card).getByRole('heading').textContent).toBe('Gebiet · Altstadt');
    expect(card.textContent).toContain('Feld: Lage/Geometrie');
    expect(within(card).getAllByText('Geometrie (geändert)')).toHaveLength(2);
    expect(card.textContent).toContain('vorher: leer');
    expect(within(card).queryByRole('button', { name: 'Zusammenführen …' })).toBeNull();
    expect(within(card).getByRole('button', { name: 'Meinen Wert behalten' })).toBeTruthy();
  });

  it('a delete conflict says who deleted and who changed; „Wiederherstellen“ and „Löschen bestätigen“', async () => {
    const resolveDelete = vi.fn((input: MethodInput<'exchange.resolveDelete'>) => ({ open: input ? 0 : 1 }));
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [deleteConflict()], 'exchange.resolveDelete': resolveDelete }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    const card = screen.getByTestId('conflict-item');
    expect(within(card).getByRole('heading').textContent).toBe('Einrichtung · Spielplatz Wasserloos');
    expect(within(card).getByTestId('conflict-delete-text').textContent).toBe('Anna (Jugendamt) hat den Datensatz gelöscht, dieser Laptop hat ihn geändert.');
    expect(card.textContent).toContain('Öffnungszeiten → Mo–Fr 8–16 Uhr');
    expect(within(card).getByRole('button', { name: 'Löschen bestätigen' })).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Wiederherstellen' }));
    await waitFor(() => expect(resolveDelete).toHaveBeenCalledWith({ table: 'facilities', row: 'f-spielplatz', action: 'restore' }));
    await waitFor(() => expect(screen.queryByTestId('conflict-item')).toBeNull());
  });

  it('„Löschen bestätigen“ confirms the delete', async () => {
    const resolveDelete = vi.fn(() => ({ open: 0 }));
    const client = fakeClient(handlers({ 'exchange.conflicts': () => [deleteConflict()], 'exchange.resolveDelete': resolveDelete }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Konflikte (1)' })).toBeTruthy());
    openTab('Konflikte (1)');
    fireEvent.click(screen.getByRole('button', { name: 'Löschen bestätigen' }));
    await waitFor(() => expect(resolveDelete).toHaveBeenCalledWith({ table: 'facilities', row: 'f-spielplatz', action: 'confirm-delete' }));
  });

  it('shows the empty state', async () => {
    renderWithProviders(<AustauschView appInfo={null} />, { client: fakeClient(handlers()) });
    openTab('Konflikte');
    expect((await screen.findByTestId('conflicts-empty')).textContent).toBe('Keine offenen Konflikte.');
  });

  it('tabs switch with the arrow keys', async () => {
    renderWithProviders(<AustauschView appInfo={null} />, { client: fakeClient(handlers()) });
    const first = screen.getByRole('tab', { name: 'Dateien austauschen' });
    expect(first.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Konflikte' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Konflikte' }));
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(screen.getByRole('tab', { name: 'Konflikte' }).id);
  });
});

describe('AustauschView: history and safety', () => {
  it('lists the history of files', async () => {
    const history: MethodOutput<'exchange.history'> = [
      { direction: 'import', bundleId: 'b2', fileName: 'anna.qatlas', peerName: 'Anna (Jugendamt)', at: '2026-11-24T15:00:00.000Z', created: 2, changed: 3, deleted: 1, conflicts: 1, ops: 6, nothingNew: false },
      { direction: 'import', bundleId: 'b3', fileName: 'anna-alt.qatlas', peerName: 'Anna (Jugendamt)', at: '2026-11-24T16:00:00.000Z', created: 0, changed: 0, deleted: 0, conflicts: 0, ops: 0, nothingNew: true },
      { direction: 'export', bundleId: 'b1', fileName: 'fuer-anna.qatlas', peerName: 'Anna (Jugendamt)', at: '2026-11-23T11:00:00.000Z', created: 0, changed: 0, deleted: 0, conflicts: 0, ops: 12, nothingNew: false },
      { direction: 'export', bundleId: 'b0', fileName: 'alles.qatlas', peerName: '', at: '2026-11-22T11:00:00.000Z', created: 0, changed: 0, deleted: 0, conflicts: 0, ops: 100, nothingNew: false },
    ];
    renderWithProviders(<AustauschView appInfo={null} />, { client: fakeClient(handlers({ 'exchange.history': () => history })) });
    openTab('Verlauf');
    const table = await screen.findByTestId('exchange-history');
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Datum', 'Richtung', 'Datei', 'neu', 'geändert', 'gelöscht', 'Konflikte']);
    const rows = within(table).getAllByTestId('exchange-history-row');
    expect(rows[0]!.textContent).toContain('eingelesen von Anna (Jugendamt)');
    expect([...rows[0]!.querySelectorAll('td.num')].map((c) => c.textContent)).toEqual(['2', '3', '1', '1']);
    expect(rows[1]!.textContent).toContain('nichts Neues');
    expect(rows[2]!.textContent).toContain('erstellt für Anna (Jugendamt)');
    expect(rows[2]!.textContent).toContain('12 Änderungen mitgegeben');
    expect(rows[3]!.textContent).toContain('erstellt für alle (vollständige Datei)');
  });

  it('restoring a Zwischenstand asks first, says the current state is saved, then restores and reloads', async () => {
    const reload = vi.spyOn(appReload, 'run').mockImplementation(() => {});
    const restore = vi.fn(() => ({ replicaId: 'r' }));
    const snapshots: MethodOutput<'safety.snapshots'> = [
      { id: 'snap-2', createdAt: '2026-11-24T14:31:00.000Z', reason: 'Vor dem Einlesen von „anna.qatlas“', bytes: 5_300_000 },
    ];
    const client = fakeClient(handlers({ 'safety.snapshots': () => snapshots, 'safety.restoreSnapshot': restore }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    openTab('Sicherheit');
    const row = await screen.findByTestId('snapshot-row');
    expect(row.textContent).toContain('Vor dem Einlesen von „anna.qatlas“');
    expect(row.textContent).toContain('5,1 MB');
    fireEvent.click(within(row).getByRole('button', { name: /zurückholen/i }));
    const dialog = screen.getByRole('dialog', { name: 'Zwischenstand zurückholen?' });
    expect(dialog.textContent).toContain('Der jetzige Stand wird vorher als Zwischenstand gespeichert');
    expect(restore).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Zurückholen' }));
    await waitFor(() => expect(restore).toHaveBeenCalledWith({ id: 'snap-2' }));
    await waitFor(() => expect(reload).toHaveBeenCalled());
  });

  it('cancelling the confirmation restores nothing', async () => {
    const restore = vi.fn(() => ({ replicaId: 'r' }));
    const snapshots: MethodOutput<'safety.snapshots'> = [{ id: 'snap-2', createdAt: '2026-11-24T14:31:00.000Z', reason: 'Vor dem Zurückholen', bytes: 100 }];
    renderWithProviders(<AustauschView appInfo={null} />, { client: fakeClient(handlers({ 'safety.snapshots': () => snapshots, 'safety.restoreSnapshot': restore })) });
    openTab('Sicherheit');
    fireEvent.click(await screen.findByTestId('snapshot-restore'));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Abbrechen' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(restore).not.toHaveBeenCalled();
  });

  it('creates a backup as a download', async () => {
    const client = fakeClient(handlers({ 'safety.backup': () => ({ fileName: 'quartiersatlas-2026-11-25.qsicherung', data: new Uint8Array([1]), attachments: 4 }) }));
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    openTab('Sicherheit');
    fireEvent.click(screen.getByRole('button', { name: 'Sicherung erstellen' }));
    expect(await screen.findByText('Sicherung „quartiersatlas-2026-11-25.qsicherung“ erstellt (4 Fotos).')).toBeTruthy();
    expect(downloads.map((d) => d.fileName)).toEqual(['quartiersatlas-2026-11-25.qsicherung']);
  });

  it('starting from a colleague’s file needs an explicit „verstanden“, then runs as a job and reloads', async () => {
    const reload = vi.spyOn(appReload, 'run').mockImplementation(() => {});
    const startFrom = vi.fn(() => summary({ snapshotId: 'snap-3' }));
    renderWithProviders(<AustauschView appInfo={null} />, { client: fakeClient(handlers({ 'exchange.startFrom': startFrom })) });
    openTab('Sicherheit');
    fireEvent.change(screen.getByTestId('start-from-file'), { target: { files: [new File(['x'], 'anna-alles.qatlas')] } });
    const dialog = screen.getByRole('dialog', { name: 'Mit der Datei einer Kollegin neu beginnen?' });
    expect(dialog.textContent).toContain('Alle Daten dieses Laptops werden durch den Inhalt von „anna-alles.qatlas“ ersetzt.');
    const go = within(dialog).getByRole('button', { name: 'Daten ersetzen und neu beginnen' }) as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('checkbox'));
    expect(go.disabled).toBe(false);
    fireEvent.click(go);
    await waitFor(() => expect(startFrom).toHaveBeenCalled());
    const input = startFrom.mock.calls[0] as unknown as [MethodInput<'exchange.startFrom'>];
    expect(input[0].file.name).toBe('anna-alles.qatlas');
    expect(input[0].jobId).toBeTruthy();
    await waitFor(() => expect(reload).toHaveBeenCalled());
  });
});
