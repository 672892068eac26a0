import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { ApiError } from '../../renderer/api/client.ts';
import { BasemapDialog } from '../../renderer/map/BasemapDialog.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const basemap = { path: 'C:\\Karten\\flensburg.pmtiles', name: 'flensburg.pmtiles', sizeBytes: 52_428_800 };

describe('BasemapDialog', () => {
  it('opens a typed path with basemap.set and reports the result', async () => {
    const client = fakeClient({ 'basemap.set': ({ path }) => (path ? basemap : null) });
    const onChanged = vi.fn();
    const onClose = vi.fn();
    renderWithProviders(<BasemapDialog current={null} onChanged={onChanged} onClose={onClose} />, { client });
    expect(screen.getByText('Zurzeit ist keine Grundkarte eingestellt.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Datei auswählen…' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Pfad zur .pmtiles-Datei'), { target: { value: '  C:\\Karten\\flensburg.pmtiles ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Öffnen' }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledWith(basemap));
    expect(client.calls).toContainEqual({ method: 'basemap.set', input: { path: 'C:\\Karten\\flensburg.pmtiles' } });
    expect(onClose).toHaveBeenCalled();
  });

  it('shows the current basemap and removes it', async () => {
    const client = fakeClient({ 'basemap.set': () => null });
    const onChanged = vi.fn();
    renderWithProviders(<BasemapDialog current={basemap} onChanged={onChanged} onClose={() => {}} />, { client });
    expect(screen.getByTestId('basemap-current').textContent).toBe('Aktuelle Grundkarte: flensburg.pmtiles (50 MB)');
    fireEvent.click(screen.getByRole('button', { name: 'Entfernen' }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledWith(null));
    expect(client.calls).toContainEqual({ method: 'basemap.set', input: { path: null } });
  });

  it('shows main’s German error and keeps the dialog open', async () => {
    const client = fakeClient({
      'basemap.set': () => {
        throw new ApiError('not-found', 'Die Datei C:\\Karten\\fehlt.pmtiles gibt es nicht.');
      },
    });
    const onClose = vi.fn();
    renderWithProviders(<BasemapDialog current={null} onChanged={() => {}} onClose={onClose} />, { client });
    fireEvent.change(screen.getByLabelText('Pfad zur .pmtiles-Datei'), { target: { value: 'C:\\Karten\\fehlt.pmtiles' } });
    fireEvent.click(screen.getByRole('button', { name: 'Öffnen' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Die Datei C:\\Karten\\fehlt.pmtiles gibt es nicht.');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('in Electron offers the native file dialog (basemap.choose)', async () => {
    const client = { ...fakeClient({ 'basemap.choose': () => ({ supported: true, basemap }) }), host: 'electron' as const };
    const onChanged = vi.fn();
    renderWithProviders(<BasemapDialog current={null} onChanged={onChanged} onClose={() => {}} />, { client });
    fireEvent.click(within(screen.getByTestId('basemap-dialog')).getByRole('button', { name: 'Datei auswählen…' }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledWith(basemap));
  });
});
