import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { AboutDialog } from '../../renderer/about/AboutDialog.tsx';
import { dataSources } from '../../renderer/about/data-sources.ts';
import type { AppInfo } from '../../renderer/views/registry.ts';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const info: AppInfo = {
  appVersion: '0.1.0',
  schemaVersion: 1,
  replicaId: 'r-7f3c9a12-4b2e-4d1a-9c55-0e8f6a1b2c3d',
  databasePath: 'C:\\Users\\planer\\AppData\\Roaming\\Quartiersatlas\\quartiersatlas.sqlite',
  host: 'web',
  counts: { units: 51 },
  extent: [9.35, 54.74, 9.52, 54.83],
};

describe('AboutDialog', () => {
  it('lists the Flensburg CC0 source, MapLibre and the replica id', () => {
    renderWithProviders(<AboutDialog info={info} onClose={() => {}} />);
    const dialog = screen.getByTestId('about-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(within(dialog).getByRole('heading', { name: 'Über Quartiersatlas' })).toBeTruthy();
    const sources = within(dialog).getByTestId('about-sources');
    const items = within(sources).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toContain(
      'Demodaten Flensburg: Stadtteile, statistische Bezirke und Spielplätze – Statistikstelle der Stadt Flensburg / OK Lab Flensburg (open-social-map, open-playgrounds-map), Lizenz CC0 1.0',
    );
    expect(items).toContain('Kartendarstellung: MapLibre GL JS (BSD-3-Clause)');
    expect(within(dialog).getByTestId('about-replica-id').textContent).toBe(info.replicaId);
    expect(within(dialog).getByTestId('about-app-version').textContent).toBe('0.1.0');
    expect(within(dialog).getByText(info.databasePath)).toBeTruthy();
  });

  it('shows every entry of the data-source list', () => {
    renderWithProviders(<AboutDialog info={info} onClose={() => {}} />);
    expect(within(screen.getByTestId('about-sources')).getAllByRole('listitem')).toHaveLength(dataSources.length);
  });

  it('moves focus into the dialog and closes with Esc', () => {
    const onClose = vi.fn();
    renderWithProviders(<AboutDialog info={info} onClose={onClose} />);
    const dialog = screen.getByTestId('about-dialog');
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes with Esc even when focus fell back to the page body', () => {
    const onClose = vi.fn();
    renderWithProviders(<AboutDialog info={info} onClose={onClose} />);
    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('makes the page behind it inert while open', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    const { unmount } = renderWithProviders(<AboutDialog info={info} onClose={() => {}} />);
    expect(outside.hasAttribute('inert')).toBe(true);
    expect(screen.getByTestId('about-dialog').closest('[inert]')).toBeNull();
    unmount();
    expect(outside.hasAttribute('inert')).toBe(false);
    outside.remove();
  });

  it('keeps Tab inside the dialog', () => {
    renderWithProviders(<AboutDialog info={info} onClose={() => {}} />);
    const dialog = screen.getByTestId('about-dialog');
    const buttons = within(dialog).getAllByRole('button');
    const last = buttons.at(-1)!;
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0]!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('shows the sources in English too', () => {
    renderWithProviders(<AboutDialog info={info} onClose={() => {}} />, { language: 'en' });
    expect(screen.getByText(/Demo data Flensburg:/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'About Quartiersatlas' })).toBeTruthy();
  });
});
