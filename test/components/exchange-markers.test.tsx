import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { Nav } from '../../renderer/components/Nav.tsx';
import { FacilityEditor } from '../../renderer/facilities/FacilityEditor.tsx';
import { UnitPanel, type UnitDetail } from '../../renderer/map/UnitPanel.tsx';
import AustauschView from '../../renderer/views/austausch/AustauschView.tsx';
import InfrastrukturView from '../../renderer/views/infrastruktur/InfrastrukturView.tsx';
import { views } from '../../renderer/views/registry.ts';
import { fakeClient, renderWithProviders } from './helpers.tsx';
import { capacityConflict, deleteConflict, status } from './exchange-fixtures.tsx';
import { detail, kita, spielplatz } from './facility-fixtures.tsx';

afterEach(cleanup);

const second = { ...detail, id: 'f-2', name: 'Bolzplatz Mürwik', units: [] };

function list(_input: MethodInput<'facilities.list'>): MethodOutput<'facilities.list'> {
  return { total: 2, offset: 0, items: [detail, second], facets: { categories: [], targetGroups: [], capacityUnits: [] } };
}

describe('Nav badge', () => {
  it('shows the number of open conflicts on „Austausch“ and refreshes on data.changed', async () => {
    let open = [capacityConflict(), deleteConflict()];
    const client = fakeClient({ 'exchange.conflicts': () => open });
    renderWithProviders(<Nav views={views} active="karte" onSelect={() => {}} />, { client });
    const badge = await screen.findByTestId('conflict-count');
    expect(badge.textContent).toBe('2');
    const item = screen.getByRole('button', { name: /Austausch/ });
    expect(item.textContent).toContain('2 offene Konflikte');
    open = [capacityConflict()];
    act(() => client.emit('data.changed', { tables: ['facilities'] }));
    await waitFor(() => expect(screen.getByTestId('conflict-count').textContent).toBe('1'));
    open = [];
    act(() => client.emit('data.changed', { tables: ['facilities'] }));
    await waitFor(() => expect(screen.queryByTestId('conflict-count')).toBeNull());
  });
});

describe('conflict marks', () => {
  it('marks a facility row and its side panel; the button opens the Austausch inbox', async () => {
    const onNavigate = vi.fn();
    const client = fakeClient({
      'categories.list': () => [spielplatz, kita],
      'facilities.list': list,
      'facilities.get': () => detail,
      'exchange.status': () => status({ conflictRows: [{ table: 'facilities', row: detail.id }] }),
      'exchange.conflicts': () => [capacityConflict()],
      'exchange.history': () => [],
      'safety.snapshots': () => [],
    });
    renderWithProviders(<InfrastrukturView appInfo={null} onNavigate={onNavigate} />, { client });
    await waitFor(() => expect(screen.getAllByTestId('facility-row')).toHaveLength(2));
    const [first, other] = screen.getAllByTestId('facility-row');
    await waitFor(() => expect(within(first!).getByTestId('conflict-marker').textContent).toBe('Konflikt offen'));
    expect(within(other!).queryByTestId('conflict-marker')).toBeNull();

    fireEvent.click(within(first!).getByRole('button', { name: 'Spielplatz Wasserloos' }));
    const panel = await screen.findByTestId('side-panel');
    const banner = await within(panel).findByTestId('conflict-marker');
    expect(banner.textContent).toContain('Konflikt offen');
    fireEvent.click(within(banner).getByRole('button', { name: 'Im Austausch klären' }));
    expect(onNavigate).toHaveBeenCalledWith('austausch');

    // The view opens on its inbox after a mark was clicked.
    cleanup();
    renderWithProviders(<AustauschView appInfo={null} />, { client });
    expect(screen.getByRole('tab', { name: /Konflikte/ }).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('conflict-item')).toBeTruthy();
  });

  it('the facility editor shows nothing when the record has no conflict', async () => {
    const client = fakeClient({ 'facilities.get': () => detail, 'exchange.status': () => status() });
    renderWithProviders(<FacilityEditor facilityId={detail.id} categories={[spielplatz]} onSaved={() => {}} onClose={() => {}} />, { client });
    await screen.findByTestId('facility-form');
    await waitFor(() => expect(client.calls.some((c) => c.method === 'exchange.status')).toBe(true));
    expect(screen.queryByTestId('conflict-marker')).toBeNull();
  });

  it('marks a unit when one of its indicator values has a conflict', async () => {
    const unit: UnitDetail = {
      id: '11111111-2222-4333-8444-555555555555',
      code: 'STGT03',
      name: '03 Nordstadt',
      level: { id: 'lvl', name: 'Stadtteil' },
      parent: null,
      childCount: 0,
      areaKm2: 4,
      bbox: [9.4, 54.8, 9.45, 54.83],
      validFrom: null,
      validTo: null,
      attributes: {},
    };
    const client = fakeClient({
      'exchange.status': () => status({ conflictRows: [{ table: 'indicator_values', row: `ind-1|${unit.id}|2023` }] }),
    });
    renderWithProviders(<UnitPanel detail={unit} onClose={() => {}} onSelectUnit={() => {}} />, { client });
    expect((await screen.findByTestId('conflict-marker')).textContent).toContain('Konflikt offen');
    cleanup();
    renderWithProviders(<UnitPanel detail={{ ...unit, id: 'other' }} onClose={() => {}} onSelectUnit={() => {}} />, { client });
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'exchange.status')).toHaveLength(2));
    expect(screen.queryByTestId('conflict-marker')).toBeNull();
  });
});
