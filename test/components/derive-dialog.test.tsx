import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../../renderer/api/client.ts';
import { DeriveDialog } from '../../renderer/views/indikatoren/DeriveDialog.tsx';
import { ALT, BEZIRK, derivedHandlers, EW, FLAECHE, QUOTE, SGB } from './derived-fixtures.tsx';
import type { FakeClient, FakeHandlers } from './helpers.tsx';
import { renderWithSelection } from './indicator-fixtures.tsx';

afterEach(cleanup);

function renderDialog(overrides: FakeHandlers = {}) {
  const onSaved = vi.fn();
  const onClose = vi.fn();
  const result = renderWithSelection(<DeriveDialog version={0} onClose={onClose} onSaved={onSaved} />, { handlers: derivedHandlers(overrides) });
  return { ...result, onSaved, onClose };
}

/** Chooses an indicator in the picker inside `testId` (derive-a, derive-b). */
async function pick(testId: string, name: string) {
  const box = screen.getByTestId(testId);
  fireEvent.click(within(box).getByRole('combobox'));
  fireEvent.click(await within(box).findByRole('option', { name: new RegExp(`^${name}`) }));
}

const errorAt = (field: string) => screen.queryByTestId(`derive-error-${field}`)?.textContent ?? null;
const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;

describe('DeriveDialog', () => {
  it('derives a share: live preview from the series, suggested code/name/unit, the recipe main stores', async () => {
    const derive = vi.fn((input: { code: string }) => ({ ...QUOTE, id: 'ind-new', code: input.code }));
    const { onSaved, client } = renderDialog({ 'indicators.derive': derive });
    expect((screen.getByTestId('derive-op-share') as HTMLInputElement).checked).toBe(true);
    await pick('derive-a', SGB.name);
    await pick('derive-b', EW.name);

    const rows = await screen.findAllByTestId('derive-preview-row');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Bezirk 1', 'Bezirk 2', 'Bezirk 3', 'Bezirk 4']);
    expect(rows.map((r) => within(r).getByTestId('derive-preview-value').textContent)).toEqual(['10,0 %', '15,0 %', '– (Ausgangswert fehlt)', '– (Nenner ist 0)']);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['30 Personen', '200 Personen', '15,0 %']);
    expect(screen.getByTestId('derive-summary').textContent).toBe('Gespeichert werden 8 Werte (2020, 2021). Davon 2 ohne Wert (Ausgangswert fehlt: 1, Nenner ist 0: 1).');
    expect((screen.getByTestId('derive-level') as HTMLSelectElement).value).toBe(BEZIRK.id);

    // The suggested code is taken by the existing share: said at once, next to the field.
    expect(value('derive-code')).toBe('ANT_sgb2_anzahl_bev_gesamt');
    expect(errorAt('code')).toBe('Das Kürzel „ANT_sgb2_anzahl_bev_gesamt“ hat schon ein anderer Indikator.');
    expect(value('derive-name')).toBe('Anteil SGB II Anzahl an Einwohner insgesamt');
    expect(value('derive-unit')).toBe('%');
    expect(value('derive-decimals')).toBe('1');
    fireEvent.change(screen.getByTestId('derive-code'), { target: { value: 'ANT_SGB2_EW' } });
    expect(errorAt('code')).toBeNull();

    fireEvent.click(screen.getByTestId('derive-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'ind-new' })));
    expect((client as FakeClient).calls.find((c) => c.method === 'indicators.derive')?.input).toEqual({
      code: 'ANT_SGB2_EW',
      name: 'Anteil SGB II Anzahl an Einwohner insgesamt',
      unit: '%',
      decimals: 1,
      recipe: { type: 'derived', operation: 'share', a: SGB.id, b: EW.id, levelId: BEZIRK.id, from: null, to: null },
    });
  });

  it('says in German what is missing or wrong, next to the field', async () => {
    const derive = vi.fn(() => {
      throw new ApiError('duplicate-code', 'Das Kürzel „X1“ hat schon ein anderer Indikator.');
    });
    renderDialog({ 'indicators.derive': derive });
    await screen.findByTestId('derive-dialog');
    fireEvent.click(screen.getByTestId('derive-save'));
    await waitFor(() => expect(errorAt('a')).toBe('Bitte einen Indikator wählen.'));
    expect(errorAt('b')).toBe('Bitte die Bezugsgröße wählen.');
    expect(errorAt('code')).toBe('Bitte ausfüllen.');
    expect(errorAt('name')).toBe('Bitte ausfüllen.');
    expect(screen.getByTestId('derive-code').getAttribute('aria-invalid')).toBe('true');

    await pick('derive-a', SGB.name);
    await pick('derive-b', SGB.name);
    expect(errorAt('b')).toBe('Zähler und Nenner sind derselbe Indikator – bitte eine andere Bezugsgröße wählen.');
    await pick('derive-b', FLAECHE.name);
    expect(errorAt('b')).toBe('Die beiden Indikatoren haben keine Raumebene, auf der beide Werte haben.');
    await pick('derive-b', ALT.name);
    await waitFor(() => expect(errorAt('b')).toBe('Auf der Ebene Statistischer Bezirk haben die beiden Indikatoren keinen gemeinsamen Zeitraum.'));
    expect(screen.getByTestId('derive-preview').textContent).toContain('Die Vorschau erscheint');

    await pick('derive-b', EW.name);
    await waitFor(() => expect(errorAt('b')).toBeNull());
    fireEvent.change(screen.getByTestId('derive-decimals'), { target: { value: '9' } });
    expect(errorAt('decimals')).toBe('Bitte eine ganze Zahl von 0 bis 6 eingeben.');
    fireEvent.change(screen.getByTestId('derive-decimals'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('derive-code'), { target: { value: 'SGB II' } });
    expect(errorAt('code')).toBe('Nur Buchstaben, Ziffern und _ . - (keine Leerzeichen).');
    // A clash main finds (e.g. with an indicator added meanwhile) lands at the code field, too.
    fireEvent.change(screen.getByTestId('derive-code'), { target: { value: 'X1' } });
    fireEvent.click(screen.getByTestId('derive-save'));
    await waitFor(() => expect(errorAt('code')).toBe('Das Kürzel „X1“ hat schon ein anderer Indikator.'));
    expect(derive).toHaveBeenCalledTimes(1);
  });

  it('computes a change between two chosen periods and refuses the wrong order', async () => {
    const derive = vi.fn(() => ({ ...QUOTE, id: 'ind-change' }));
    const { client } = renderDialog({ 'indicators.derive': derive });
    fireEvent.click(await screen.findByTestId('derive-op-change'));
    expect(screen.queryByTestId('derive-b')).toBeNull();
    await pick('derive-a', EW.name);
    const rows = await screen.findAllByTestId('derive-preview-row');
    // 2021 − 2020: 100 − 90, 200 − 180, 150 − 150, 0 − 10.
    expect(rows.map((r) => within(r).getByTestId('derive-preview-value').textContent)).toEqual(['+10 Personen', '+20 Personen', '0 Personen', '−10 Personen']);
    expect(value('derive-code')).toBe('VER_bev_gesamt_2020_2021');
    expect(value('derive-name')).toBe('Veränderung Einwohner insgesamt 2020–2021');
    expect(value('derive-unit')).toBe('Personen');

    fireEvent.change(screen.getByTestId('derive-from'), { target: { value: '2021' } });
    expect(errorAt('to')).toBe('Der Endzeitraum muss nach dem Anfangszeitraum liegen.');
    fireEvent.click(screen.getByTestId('derive-save'));
    expect(derive).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('derive-from'), { target: { value: '2020' } });
    fireEvent.click(screen.getByTestId('derive-save'));
    await waitFor(() => expect(derive).toHaveBeenCalled());
    expect((client as FakeClient).calls.find((c) => c.method === 'indicators.derive')?.input).toMatchObject({
      code: 'VER_bev_gesamt_2020_2021',
      unit: 'Personen',
      decimals: 0,
      recipe: { operation: 'change', a: EW.id, b: null, levelId: BEZIRK.id, from: '2020', to: '2021' },
    });
  });
});
