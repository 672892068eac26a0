import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { LevelSwitch } from '../../renderer/map/LevelSwitch.tsx';
import { defaultLevel, type Level } from '../../renderer/map/levels.ts';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const levels: Level[] = [
  { id: 'b', key: 'bezirk', name: 'Statistischer Bezirk', rank: 3, unitCount: 38 },
  { id: 's', key: 'stadt', name: 'Gesamtstadt', rank: 1, unitCount: 1 },
  { id: 't', key: 'stadtteil', name: 'Stadtteil', rank: 2, unitCount: 13 },
];

describe('LevelSwitch', () => {
  it('lists the levels in rank order with their unit counts', () => {
    renderWithProviders(<LevelSwitch levels={levels} value="t" onChange={() => {}} />);
    const radios = within(screen.getByTestId('level-switch')).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      'Gesamtstadt, 1 Gebiet',
      'Stadtteil, 13 Gebiete',
      'Statistischer Bezirk, 38 Gebiete',
    ]);
    const labels = screen.getByTestId('level-switch').querySelectorAll('label');
    expect([...labels].map((l) => l.textContent)).toEqual(['Gesamtstadt1', 'Stadtteil13', 'Statistischer Bezirk38']);
    expect((radios[1] as HTMLInputElement).checked).toBe(true);
  });

  it('calls back with the level id on change', () => {
    const onChange = vi.fn();
    renderWithProviders(<LevelSwitch levels={levels} value="t" onChange={onChange} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Statistischer Bezirk, 38 Gebiete' }));
    expect(onChange).toHaveBeenCalledWith('b');
  });

  it('says so when there are no levels', () => {
    renderWithProviders(<LevelSwitch levels={[]} value={null} onChange={() => {}} />);
    expect(screen.getByTestId('level-switch').textContent).toBe('Keine Ebenen vorhanden');
  });

  it('starts with the coarsest level that really subdivides the city', () => {
    expect(defaultLevel(levels)?.id).toBe('t');
    expect(defaultLevel([levels[1]!])?.id).toBe('s');
    expect(defaultLevel([])).toBeUndefined();
  });
});
