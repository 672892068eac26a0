import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { ExportButton, ExportDialog } from '../../renderer/exports/ExportDialog.tsx';
import { GYM, indicatorHandlers, LEVEL, renderWithSelection, SGB2 } from './indicator-fixtures.tsx';

interface Download {
  fileName: string;
  href: string;
  blob: Blob;
}

let downloads: Download[];
let blobs: Map<string, Blob>;

beforeEach(() => {
  downloads = [];
  blobs = new Map();
  let n = 0;
  // jsdom has no object URLs; the download goes through createObjectURL and an <a download> click.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ fileName: this.download, href: this.getAttribute('href') ?? '', blob: blobs.get(this.getAttribute('href') ?? '')! });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const CSV = '\uFEFFSchlüssel;Gebiet;Zeitraum;Indikator;Bezeichnung;Einheit;Wert;Kennzeichen\r\n';

function valuesHandler() {
  return vi.fn(
    (input: MethodInput<'exports.values'>): MethodOutput<'exports.values'> => ({
      fileName: `quartiersatlas_${input.level}_${input.indicators[0]?.toLowerCase() ?? 'alle'}.${input.format}`,
      mime: input.format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data: new TextEncoder().encode(CSV),
      rows: 17,
      suppressed: 3,
    }),
  );
}

function renderDialog(handlers = {}, props: Partial<Parameters<typeof ExportDialog>[0]> = {}) {
  const onClose = vi.fn();
  const result = renderWithSelection(
    <ExportDialog indicator={{ id: SGB2.id, code: SGB2.code, name: SGB2.name, periods: SGB2.periods }} levelId={LEVEL.id} period="2020" onClose={onClose} {...props} />,
    { handlers: indicatorHandlers(handlers) },
  );
  return { ...result, onClose };
}

describe('ExportDialog', () => {
  it('exports the current indicator as CSV with the chosen threshold and downloads the returned file', async () => {
    const values = valuesHandler();
    renderDialog({ 'exports.values': values });
    const dialog = screen.getByTestId('export-dialog');
    await within(dialog).findByRole('option', { name: 'Stadtteil' });
    expect((within(dialog).getByLabelText('CSV für Excel') as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByLabelText('nur „SGB-II-Quote“') as HTMLInputElement).checked).toBe(true);
    const threshold = within(dialog).getByLabelText('Kleine Fallzahlen geheim halten unter') as HTMLInputElement;
    expect(threshold.value).toBe('3');
    // The note says what it applies to.
    expect(document.getElementById(threshold.getAttribute('aria-describedby')!)!.textContent).toContain('Gilt für Anzahlen');
    fireEvent.change(threshold, { target: { value: '5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Herunterladen' }));

    await waitFor(() => expect(values).toHaveBeenCalledTimes(1));
    expect(values.mock.calls[0]![0]).toEqual({ level: LEVEL.key, indicators: [SGB2.code], format: 'csv', suppressionThreshold: 5 });
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.fileName).toBe('quartiersatlas_stadtteil_sgb2_quote.csv');
    expect(downloads[0]!.blob.type).toBe('text/csv;charset=utf-8');
    // Byte for byte, the BOM (Excel reads UTF-8 by it) included.
    expect([...new Uint8Array(await downloads[0]!.blob.arrayBuffer())]).toEqual([...new TextEncoder().encode(CSV)]);
    expect(screen.getByTestId('export-result').textContent).toBe('17 Werte, davon 3 geheim gehalten – quartiersatlas_stadtteil_sgb2_quote.csv');
    // The temporary link is gone again.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('exports all indicators as XLSX', async () => {
    const values = valuesHandler();
    renderDialog({ 'exports.values': values });
    const dialog = screen.getByTestId('export-dialog');
    await within(dialog).findByRole('option', { name: 'Stadtteil' });
    fireEvent.click(within(dialog).getByLabelText('XLSX (Excel-Arbeitsmappe)'));
    fireEvent.click(within(dialog).getByLabelText('alle Indikatoren'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Herunterladen' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(values.mock.calls[0]![0]).toEqual({ level: LEVEL.key, indicators: [], format: 'xlsx', suppressionThreshold: 3 });
    expect(downloads[0]!.fileName).toBe('quartiersatlas_stadtteil_alle.xlsx');
  });

  it('exports geodata with the indicator of the chosen period as attributes', async () => {
    const units = vi.fn(
      (input: MethodInput<'exports.units'>): MethodOutput<'exports.units'> => ({
        fileName: `quartiersatlas_${input.level}_x_${input.period}.${input.format}`,
        mime: 'application/geopackage+sqlite3',
        data: new Uint8Array([1, 2, 3]),
        features: 6,
      }),
    );
    renderDialog({ 'exports.units': units });
    const dialog = screen.getByTestId('export-dialog');
    await within(dialog).findByRole('option', { name: 'Stadtteil' });
    fireEvent.click(within(dialog).getByLabelText('GeoPackage'));
    const period = within(dialog).getByLabelText('Zeitraum der Werte (Attribute)') as HTMLSelectElement;
    expect(period.value).toBe('2020');
    fireEvent.change(period, { target: { value: '2021' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Herunterladen' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(units.mock.calls[0]![0]).toEqual({ level: LEVEL.key, indicators: [SGB2.code], period: '2021', format: 'gpkg', suppressionThreshold: 3 });
    expect(downloads[0]!.fileName).toBe('quartiersatlas_stadtteil_x_2021.gpkg');
    expect(downloads[0]!.blob.type).toBe('application/geopackage+sqlite3');
    expect(screen.getByTestId('export-result').textContent).toBe('6 Gebiete exportiert – quartiersatlas_stadtteil_x_2021.gpkg');
  });

  it('geodata with all indicators: those with values in the period', async () => {
    const units = vi.fn((_input: MethodInput<'exports.units'>): MethodOutput<'exports.units'> => ({ fileName: 'x.geojson', mime: 'application/geo+json', data: new Uint8Array(), features: 6 }));
    renderDialog({ 'exports.units': units }, { indicator: null, period: '2021' });
    const dialog = screen.getByTestId('export-dialog');
    await within(dialog).findByRole('option', { name: 'Stadtteil' });
    fireEvent.click(within(dialog).getByLabelText('GeoJSON'));
    await within(dialog).findByRole('option', { name: '2021' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Herunterladen' }));
    await waitFor(() => expect(units).toHaveBeenCalledTimes(1));
    expect(units.mock.calls[0]![0]).toEqual({ level: LEVEL.key, indicators: [SGB2.code, GYM.code], period: '2021', format: 'geojson', suppressionThreshold: 3 });
  });

  it('refuses a threshold that is not a whole number and shows main’s error', async () => {
    const values = vi.fn(() => {
      throw new Error('Keine Werte für „SGB2_QUOTE“ auf der Ebene stadtteil.');
    });
    renderDialog({ 'exports.values': values });
    const dialog = screen.getByTestId('export-dialog');
    await within(dialog).findByRole('option', { name: 'Stadtteil' });
    fireEvent.change(within(dialog).getByLabelText('Kleine Fallzahlen geheim halten unter'), { target: { value: '2.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Herunterladen' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Bitte eine ganze Zahl von 0 bis 100.');
    expect(values).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Kleine Fallzahlen geheim halten unter'), { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Herunterladen' }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toContain('Keine Werte für'));
    expect(downloads).toHaveLength(0);
  });

  it('opens from the "Exportieren…" button and closes with Esc', async () => {
    renderWithSelection(<ExportButton indicator={SGB2} levelId={LEVEL.id} period="2021" />, { handlers: indicatorHandlers() });
    fireEvent.click(screen.getByRole('button', { name: 'Exportieren…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Daten exportieren' });
    expect(dialog).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
