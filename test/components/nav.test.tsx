import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Nav } from '../../renderer/components/Nav.tsx';
import { views } from '../../renderer/views/registry.ts';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

describe('Nav', () => {
  it('shows only the views that exist: Karte, Indikatoren, Indizes, Stadtteilprofil, Infrastruktur, Austausch', () => {
    renderWithProviders(<Nav views={views} active="karte" onSelect={() => {}} />);
    const nav = screen.getByRole('navigation', { name: 'Bereiche' });
    const items = within(nav).getAllByRole('button');
    expect(items.map((b) => b.textContent)).toEqual(['Karte', 'Indikatoren', 'Indizes', 'Stadtteilprofil', 'Infrastruktur', 'Austausch']);
    expect(items[0]!.getAttribute('aria-current')).toBe('page');
    for (const planned of ['Beteiligung', 'Planung']) {
      expect(within(nav).queryByText(planned)).toBeNull();
    }
  });

  it('adds a view with one registry entry (labels already translated)', () => {
    const onSelect = vi.fn();
    const more = [...views, { id: 'beteiligung' as const, labelKey: 'nav.beteiligung' as const, load: views[0]!.load }];
    renderWithProviders(<Nav views={more} active="karte" onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: 'Beteiligung' }));
    expect(onSelect).toHaveBeenCalledWith('beteiligung');
  });
});
