import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import InfrastrukturView from '../../renderer/views/infrastruktur/InfrastrukturView.tsx';
import { CategoryLegend } from '../../renderer/map/CategoryLegend.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';
import { detail, kita, spielplatz } from './facility-fixtures.tsx';

afterEach(cleanup);

const second = { ...detail, id: 'f-2', name: 'Bolzplatz Mürwik', address: null, capacity: null, targetGroups: ['Jugendliche'], units: [] };

function list(input: MethodInput<'facilities.list'>): MethodOutput<'facilities.list'> {
  let items = [detail, second].filter((f) => !input.query || f.name.toLowerCase().includes(input.query.toLowerCase()));
  if (input.unitId) items = items.filter((f) => f.units.some((u) => u.unitId === input.unitId));
  if (input.targetGroups?.length) items = items.filter((f) => f.targetGroups.some((g) => input.targetGroups!.includes(g)));
  if (input.sort?.direction === 'desc') items = [...items].reverse();
  return {
    total: items.length,
    offset: 0,
    items,
    facets: {
      categories: [{ id: 'cat-spiel', count: items.length }],
      targetGroups: [
        { name: 'Jugendliche', count: 1 },
        { name: 'Kinder 6–10', count: 1 },
      ],
      capacityUnits: [],
    },
  };
}

describe('InfrastrukturView', () => {
  it('lists facilities with counts, filters, sorts and opens the side panel', async () => {
    const client = fakeClient({ 'categories.list': () => [spielplatz, kita], 'facilities.list': list, 'facilities.get': () => detail });
    renderWithProviders(<InfrastrukturView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getAllByTestId('facility-row')).toHaveLength(2));
    expect(screen.getByTestId('facility-count').textContent).toBe('2 Einrichtungen (angezeigt 1–2)');
    const rows = screen.getAllByTestId('facility-row');
    expect(within(rows[0]!).getByText('Nordstadt')).toBeTruthy();
    expect(within(rows[1]!).getByText('außerhalb aller Gebiete')).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Spielplatz (2)' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Jugendliche (1)' })).toBeTruthy();

    fireEvent.click(screen.getByTestId('facility-sort-name'));
    await waitFor(() => expect(screen.getAllByTestId('facility-row')[0]!.textContent).toContain('Bolzplatz'));
    const sorted = client.calls.filter((c) => c.method === 'facilities.list').at(-1)!.input as MethodInput<'facilities.list'>;
    expect(sorted.sort).toEqual({ field: 'name', direction: 'desc' });

    fireEvent.change(screen.getByLabelText('Zielgruppe'), { target: { value: 'Jugendliche' } });
    await waitFor(() => expect(screen.getAllByTestId('facility-row')).toHaveLength(1));
    fireEvent.change(screen.getByLabelText('Gültigkeit'), { target: { value: 'all' } });
    fireEvent.change(screen.getByLabelText('Suche'), { target: { value: 'nichts' } });
    expect(await screen.findByText('Keine Einrichtung passt zu den Filtern.')).toBeTruthy();
    const last = client.calls.filter((c) => c.method === 'facilities.list').at(-1)!.input as MethodInput<'facilities.list'>;
    expect(last).toMatchObject({ query: 'nichts', targetGroups: ['Jugendliche'], validity: 'all' });

    fireEvent.change(screen.getByLabelText('Suche'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Zielgruppe'), { target: { value: '' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Spielplatz Wasserloos' }));
    expect(await screen.findByTestId('facility-form')).toBeTruthy();
    expect(screen.getByTestId('facility-name').textContent).toBe('Spielplatz Wasserloos');
  });
});

describe('InfrastrukturView area filter', () => {
  it('offers every unit grouped by level and shows only the facilities inside the chosen one', async () => {
    const nordstadt = detail.units[0]!;
    const client = fakeClient({
      'categories.list': () => [spielplatz, kita],
      'facilities.list': list,
      'levels.list': () => [{ id: nordstadt.levelId, name: 'Stadtteil' }] as never,
      'units.list': () => [
        { id: nordstadt.unitId, code: '03', name: 'Nordstadt', parentId: null },
        { id: 'u-muerwik', code: '11', name: 'Mürwik', parentId: null },
      ],
    });
    renderWithProviders(<InfrastrukturView appInfo={null} />, { client });
    await waitFor(() => expect(screen.getAllByTestId('facility-row')).toHaveLength(2));
    const filter = screen.getByLabelText('Gebiet') as HTMLSelectElement;
    await waitFor(() => expect(within(filter).getByRole('group', { name: 'Stadtteil' })).toBeTruthy());
    expect(within(filter).getAllByRole('option').map((o) => o.textContent)).toEqual(['Alle Gebiete', 'Mürwik', 'Nordstadt']);
    fireEvent.change(filter, { target: { value: nordstadt.unitId } });
    await waitFor(() => expect(screen.getAllByTestId('facility-row')).toHaveLength(1));
    expect(screen.getByTestId('facility-row').textContent).toContain('Spielplatz Wasserloos');
    const last = client.calls.filter((c) => c.method === 'facilities.list').at(-1)!.input as MethodInput<'facilities.list'>;
    expect(last.unitId).toBe(nordstadt.unitId);
  });
});

describe('CategoryLegend', () => {
  it('shows only categories with facilities, with their counts', () => {
    renderWithProviders(<CategoryLegend categories={[spielplatz, kita]} hidden={new Set()} onToggle={() => {}} />);
    const legend = screen.getByTestId('category-legend');
    expect(within(legend).getByText('Spielplatz')).toBeTruthy();
    expect(within(legend).queryByText('Kita')).toBeNull();
  });

  it('explains the ring marker when resources/potentials are on the map, and only then', () => {
    const withResources = { ...spielplatz, resourceCount: 2 };
    renderWithProviders(<CategoryLegend categories={[withResources]} hidden={new Set()} onToggle={() => {}} />);
    expect(screen.getByTestId('resource-key').textContent).toBe('Ring: Ressource/Potenzial (2)');
    cleanup();
    // Switched off: its rings are not on the map, so no key for them.
    renderWithProviders(<CategoryLegend categories={[withResources]} hidden={new Set([withResources.id])} onToggle={() => {}} />);
    expect(screen.queryByTestId('resource-key')).toBeNull();
    cleanup();
    renderWithProviders(<CategoryLegend categories={[spielplatz]} hidden={new Set()} onToggle={() => {}} />);
    expect(screen.queryByTestId('resource-key')).toBeNull();
  });

  it('is absent when no category is in use', () => {
    renderWithProviders(<CategoryLegend categories={[kita]} hidden={new Set()} onToggle={() => {}} />);
    expect(screen.queryByTestId('category-legend')).toBeNull();
  });
});
