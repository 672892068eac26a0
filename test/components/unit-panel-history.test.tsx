import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { UnitPanel, type UnitDetail } from '../../renderer/map/UnitPanel.tsx';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

/** Hassel after the 2024 boundary version: kept as history with its end date. */
const hassel: UnitDetail = {
  id: 'u-st22',
  code: 'ST22',
  name: 'Hassel',
  level: { id: 'lvl-stadtteil', name: 'Stadtteil' },
  parent: { id: 'u-nord', code: 'Nord', name: 'Nord', levelName: 'Stadtbezirk' },
  childCount: 0,
  areaKm2: 7.49,
  bbox: [7.0, 51.58, 7.06, 51.61],
  validFrom: null,
  validTo: '2023-12-31',
  attributes: {},
};

describe('UnitPanel: boundary versions', () => {
  it('shows "Gültig bis" and says an ended unit is an earlier version no longer on the map', () => {
    renderWithProviders(<UnitPanel detail={hassel} onClose={() => {}} onSelectUnit={() => {}} />);
    const panel = screen.getByTestId('side-panel');
    expect(within(panel).getByText('Gültig bis')).toBeTruthy();
    expect(within(panel).getByText('31.12.2023')).toBeTruthy();
    expect(within(panel).getByTestId('unit-ended').textContent).toBe(
      'Früherer Gebietsstand: gültig bis 31.12.2023, auf der Karte nicht mehr gezeigt.',
    );
  });

  it('does not call a unit history whose end date is still ahead', () => {
    renderWithProviders(<UnitPanel detail={{ ...hassel, validTo: '2999-12-31' }} onClose={() => {}} onSelectUnit={() => {}} />);
    expect(within(screen.getByTestId('side-panel')).getByText('Gültig bis')).toBeTruthy();
    expect(screen.queryByTestId('unit-ended')).toBeNull();
  });
});
