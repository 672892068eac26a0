import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MethodInput } from '../../shared/contract.ts';
import { CategoryManagerDialog } from '../../renderer/facilities/categories/CategoryManagerDialog.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';
import { kita, spielplatz, type Category } from './facility-fixtures.tsx';

afterEach(cleanup);

/** A category store behind categories.list / save / delete, as the main process keeps it. */
function store(initial: Category[]) {
  let categories = [...initial];
  return {
    handlers: {
      'categories.list': () => categories,
      'categories.save': (input: MethodInput<'categories.save'>) => {
        const saved: Category = {
          ...(categories.find((c) => c.id === input.id) ?? { id: `cat-${input.name.toLowerCase()}`, key: input.name.toLowerCase(), facilityCount: 0, resourceCount: 0 }),
          name: input.name,
          group: input.group ?? null,
          color: input.color,
          icon: input.icon ?? null,
          capacityUnit: input.capacityUnit ?? null,
        };
        categories = [...categories.filter((c) => c.id !== saved.id), saved];
        return saved;
      },
      'categories.delete': ({ id }: { id: string }) => {
        categories = categories.filter((c) => c.id !== id);
        return { id };
      },
    },
  };
}

describe('CategoryManagerDialog', () => {
  it('lists the categories with their counts and edits name, colour and icon of one', async () => {
    const client = fakeClient(store([spielplatz, kita]).handlers);
    renderWithProviders(<CategoryManagerDialog onClose={() => {}} />, { client });
    await waitFor(() => expect(screen.getAllByTestId('category-item')).toHaveLength(2));
    expect(screen.getAllByTestId('category-item')[0]!.textContent).toContain('Spielplatz');
    expect(screen.getAllByTestId('category-item')[0]!.textContent).toContain('2');

    const form = screen.getByTestId('category-form');
    const name = within(form).getByLabelText('Name');
    expect((name as HTMLInputElement).value).toBe('Spielplatz');
    fireEvent.change(name, { target: { value: 'Spiel- und Bolzplatz' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Zinnober' }));
    fireEvent.click(within(form).getByLabelText('Schaukel (Spielplatz)'));
    fireEvent.click(within(form).getByTestId('category-save'));

    await screen.findByText('„Spiel- und Bolzplatz“ gespeichert.');
    const save = client.calls.find((c) => c.method === 'categories.save');
    expect(save?.input).toEqual({ id: 'cat-spiel', name: 'Spiel- und Bolzplatz', group: 'Kinder', color: '#D55E00', icon: 'spielplatz', capacityUnit: null });
    await waitFor(() => expect(screen.getAllByTestId('category-item').some((item) => item.textContent?.includes('Spiel- und Bolzplatz'))).toBe(true));
  });

  it('creates a new category and refuses one without a name', async () => {
    const client = fakeClient(store([spielplatz]).handlers);
    renderWithProviders(<CategoryManagerDialog onClose={() => {}} />, { client });
    await waitFor(() => expect(screen.getAllByTestId('category-item')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('category-new'));
    const form = screen.getByTestId('category-form');
    fireEvent.click(within(form).getByTestId('category-save'));
    expect(within(form).getByText('Bitte einen Namen angeben.')).toBeTruthy();
    expect(client.calls.some((c) => c.method === 'categories.save')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Familienzentrum' } });
    fireEvent.change(within(form).getByLabelText('Gruppe'), { target: { value: 'Kinder' } });
    fireEvent.change(within(form).getByLabelText('Farbe als Hex-Wert'), { target: { value: '#123456' } });
    fireEvent.click(within(form).getByTestId('category-save'));
    await screen.findByText('„Familienzentrum“ gespeichert.');
    expect(client.calls.find((c) => c.method === 'categories.save')?.input).toMatchObject({ name: 'Familienzentrum', group: 'Kinder', color: '#123456', icon: 'punkt' });
    await waitFor(() => expect(screen.getAllByTestId('category-item')).toHaveLength(2));
  });

  it('deletes only unused categories and says why a used one cannot be deleted', async () => {
    const client = fakeClient(store([spielplatz, kita]).handlers);
    renderWithProviders(<CategoryManagerDialog onClose={() => {}} />, { client });
    await waitFor(() => expect(screen.getAllByTestId('category-item')).toHaveLength(2));
    // Spielplatz has 2 facilities: the button is disabled and the reason is shown.
    expect((screen.getByTestId('category-delete') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('category-in-use').textContent).toContain('2 Einrichtungen gehören zu dieser Kategorie');

    fireEvent.click(screen.getAllByTestId('category-item').find((item) => item.textContent?.includes('Kita'))!);
    await waitFor(() => expect((screen.getByTestId('category-delete') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('category-in-use')).toBeNull();
    fireEvent.click(screen.getByTestId('category-delete'));
    await screen.findByText('„Kita“ gelöscht.');
    expect(client.calls.find((c) => c.method === 'categories.delete')?.input).toEqual({ id: 'cat-kita' });
    await waitFor(() => expect(screen.getAllByTestId('category-item')).toHaveLength(1));
  });
});
