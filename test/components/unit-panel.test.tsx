import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { UnitPanel, type UnitDetail } from '../../renderer/map/UnitPanel.tsx';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const nordstadt: UnitDetail = {
  id: 'u-03',
  code: 'STGT03',
  name: '03 Nordstadt',
  level: { id: 'lvl-stadtteil', name: 'Stadtteil' },
  parent: { id: 'u-city', code: 'STGM01001000', name: 'Flensburg', levelName: 'Gesamtstadt' },
  childCount: 4,
  areaKm2: 48.9876,
  bbox: [9.4, 54.8, 9.45, 54.83],
  validFrom: '2018-01-01',
  validTo: null,
  attributes: { CLASS_ID: 'KRG' },
};

describe('UnitPanel', () => {
  it('shows name, official key, parent and the German-formatted area', () => {
    renderWithProviders(<UnitPanel detail={nordstadt} onClose={() => {}} onSelectUnit={() => {}} />);
    const panel = screen.getByTestId('side-panel');
    expect(screen.getByTestId('unit-name')).toHaveProperty('textContent', '03 Nordstadt');
    expect(within(panel).getByTestId('unit-code').textContent).toBe('STGT03');
    expect(within(panel).getByTestId('unit-parent').textContent).toContain('Flensburg (STGM01001000)');
    expect(within(panel).getByTestId('unit-area').textContent).toBe('48,99 km²');
    expect(within(panel).getByText('Amtlicher Schlüssel')).toBeTruthy();
    expect(within(panel).getByText('Gültig ab')).toBeTruthy();
    expect(within(panel).getByText('01.01.2018')).toBeTruthy();
    expect(within(panel).queryByText('Gültig bis')).toBeNull();
    expect(within(panel).getByTestId('unit-children').textContent).toBe('4');
  });

  it('uses thousands separators for large areas', () => {
    renderWithProviders(<UnitPanel detail={{ ...nordstadt, areaKm2: 1234.5 }} onClose={() => {}} onSelectUnit={() => {}} />);
    expect(screen.getByTestId('unit-area').textContent).toBe('1.234,50 km²');
  });

  it('selects the parent unit when its name is clicked', () => {
    const onSelectUnit = vi.fn();
    renderWithProviders(<UnitPanel detail={nordstadt} onClose={() => {}} onSelectUnit={onSelectUnit} />);
    fireEvent.click(screen.getByRole('button', { name: /Flensburg/ }));
    expect(onSelectUnit).toHaveBeenCalledWith('u-city');
  });

  it('says "keine" when there is no parent', () => {
    renderWithProviders(<UnitPanel detail={{ ...nordstadt, parent: null }} onClose={() => {}} onSelectUnit={() => {}} />);
    expect(screen.getByTestId('unit-parent').textContent).toBe('keine');
  });

  it('closes with the close button and with Esc', () => {
    const onClose = vi.fn();
    renderWithProviders(<UnitPanel detail={nordstadt} onClose={onClose} onSelectUnit={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Bereich schließen' }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('shows a loading state and an error without details', () => {
    renderWithProviders(<UnitPanel detail={null} loading error="Gebiet nicht gefunden." onClose={() => {}} onSelectUnit={() => {}} />);
    expect(screen.getByTestId('unit-name').textContent).toBe('Wird geladen …');
    expect(screen.getByRole('alert').textContent).toBe('Gebiet nicht gefunden.');
  });

  it('formats the area in English when the UI is English', () => {
    renderWithProviders(<UnitPanel detail={nordstadt} onClose={() => {}} onSelectUnit={() => {}} />, { language: 'en' });
    expect(screen.getByTestId('unit-area').textContent).toBe('48.99 km²');
    expect(screen.getByText('Official key')).toBeTruthy();
  });
});
