import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { ApiError } from '../../renderer/api/client.ts';
import { ImportUnitsDialog } from '../../renderer/imports/ImportUnitsDialog.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

/** The updated Gelsenkirchen file: 18 features, the last without any properties. */
const preview: MethodOutput<'imports.preview'> = {
  file: 'Stadtteile_Gelsenkirchen_updated_epsg3044.geojson',
  sourceCrs: 'EPSG:3044',
  featureCount: 18,
  geometryKind: 'polygon',
  fields: ['id', 'stadttei00', 'bezirk_id', 'bezirk_bez'],
  sample: [
    { id: 'ST10', stadttei00: 'Altstadt', bezirk_id: '1', bezirk_bez: 'Mitte' },
    { id: 'ST11', stadttei00: 'Schalke', bezirk_id: '1', bezirk_bez: 'Mitte' },
    { id: 'ST12', stadttei00: 'Schalke-Nord', bezirk_id: '1', bezirk_bez: 'Mitte' },
  ],
  suggested: { codeField: 'id', nameField: 'stadttei00', parentField: 'bezirk_id' },
  warnings: [],
};

const keyMissing = {
  severity: 'error' as const,
  file: preview.file,
  feature: 18,
  field: 'id',
  message: 'Der Schlüssel fehlt; jede Einheit braucht einen eindeutigen Schlüssel.',
};

type UnitsInput = MethodInput<'imports.units'>;

async function reachForm(handlers: Parameters<typeof fakeClient>[0], existingLevels = ['Stadtbezirk', 'Stadtteil']) {
  const client = fakeClient({ 'imports.preview': () => preview, ...handlers });
  const onImported = vi.fn();
  renderWithProviders(<ImportUnitsDialog existingLevels={existingLevels} onImported={onImported} onClose={() => {}} />, { client });
  const input = screen.getByLabelText('Dateien auswählen…') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([new Uint8Array([1])], preview.file)] } });
  await screen.findByTestId('import-feature-count');
  return { client, onImported };
}

const unitsCalls = (client: ReturnType<typeof fakeClient>) => client.calls.filter((c) => c.method === 'imports.units').map((c) => c.input as UnitsInput);

describe('ImportUnitsDialog: boundary versions', () => {
  it('offers the choice only for an existing level, and updates in place by default', async () => {
    const { client } = await reachForm({
      'imports.units': () => ({ file: preview.file, sourceCrs: 'EPSG:3044', created: 18, updated: 0, unchanged: 0, ended: 0, warnings: [] }),
    });
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Quartier' } });
    expect(screen.queryByTestId('import-version')).toBeNull();
    // "stadtteil " names the same level as "Stadtteil" in the database.
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'stadtteil ' } });
    const version = screen.getByRole('group', { name: '„Stadtteil“ gibt es schon – wie importieren?' });
    expect((within(version).getByRole('radio', { name: /Gebiete aktualisieren/ }) as HTMLInputElement).checked).toBe(true);
    expect(version.textContent).toContain('Ohne Datum: Gebiete mit gleichem Schlüssel werden überschrieben');
    expect(within(version).queryByLabelText('Gültig ab')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    const result = await screen.findByTestId('import-result');
    expect(unitsCalls(client)[0]).not.toHaveProperty('validFrom');
    expect(unitsCalls(client)[0]).not.toHaveProperty('skipInvalidFeatures');
    // Without a new version nothing ends, so "Beendet" is not shown.
    expect(within(result).queryByTestId('import-ended')).toBeNull();
  });

  it('imports a new boundary version with "Gültig ab" and says how many units ended and were added', async () => {
    const { client, onImported } = await reachForm({
      'imports.units': () => ({ file: preview.file, sourceCrs: 'EPSG:3044', created: 2, updated: 3, unchanged: 14, ended: 1, warnings: [] }),
    });
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('radio', { name: /Neuer Gebietsstand/ }));
    expect(screen.getByTestId('import-version').textContent).toContain('Gebiete, die in der Datei fehlen, erhalten ein Enddatum, neue kommen hinzu');
    const date = screen.getByLabelText('Gültig ab') as HTMLInputElement;
    expect(date.type).toBe('date');
    expect(date.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    fireEvent.change(date, { target: { value: '2024-01-01' } });
    expect(screen.getByTestId('import-version').textContent).toContain('Fehlende Gebiete gelten bis 31.12.2023.');

    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    const result = await screen.findByTestId('import-result');
    expect(unitsCalls(client)[0]).toMatchObject({ level: 'Stadtteil', validFrom: '2024-01-01', codeField: 'id' });
    expect(within(result).getByTestId('import-ended').textContent).toBe('1');
    expect(within(result).getByTestId('import-version-summary').textContent).toBe(
      'Neuer Gebietsstand ab 01.01.2024: 2 Gebiete hinzugekommen, 1 Gebiet mit Enddatum 31.12.2023 beendet. Die bisherigen Grenzen bleiben als Geschichte erhalten.',
    );
    expect(onImported).toHaveBeenCalledWith(expect.objectContaining({ ended: 1 }), 'Stadtteil');
  });

  it('asks for a date when a new version has none', async () => {
    const { client } = await reachForm({});
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('radio', { name: /Neuer Gebietsstand/ }));
    fireEvent.change(screen.getByLabelText('Gültig ab'), { target: { value: '' } });
    fireEvent.submit(screen.getByLabelText('Ebene').closest('form')!);
    expect(screen.getByRole('alert').textContent).toBe('Bitte ein Datum für „Gültig ab“ angeben.');
    expect(unitsCalls(client)).toHaveLength(0);
  });

  it('after a refusal naming single features, offers to skip them and import the rest', async () => {
    let call = 0;
    const { client } = await reachForm({
      'imports.units': (input) => {
        call += 1;
        if (!input.skipInvalidFeatures) throw new ApiError('import-failed', keyMissing.message, [keyMissing]);
        return {
          file: preview.file,
          sourceCrs: 'EPSG:3044',
          created: 0,
          updated: 0,
          unchanged: 17,
          ended: 1,
          warnings: [{ ...keyMissing, severity: 'warning', message: `${keyMissing.message} Das Objekt wurde übersprungen.` }],
        };
      },
    });
    // Before any refusal the checkbox is not offered.
    expect(screen.queryByLabelText(/Fehlerhafte Gebiete überspringen/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('radio', { name: /Neuer Gebietsstand/ }));
    fireEvent.change(screen.getByLabelText('Gültig ab'), { target: { value: '2024-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));

    const failure = await screen.findByTestId('import-failure');
    expect(within(failure).getByTestId('import-issues').textContent).toContain('Objekt 18, Feld id: Der Schlüssel fehlt');
    const skip = within(failure).getByLabelText(/Fehlerhafte Gebiete überspringen und den Rest importieren/) as HTMLInputElement;
    expect(skip.checked).toBe(false);
    const retry = within(failure).getByRole('button', { name: 'Ohne die fehlerhaften Gebiete importieren' }) as HTMLButtonElement;
    expect(retry.disabled).toBe(true);
    fireEvent.click(skip);
    expect(retry.disabled).toBe(false);
    fireEvent.click(retry);

    const result = await screen.findByTestId('import-result');
    expect(call).toBe(2);
    expect(unitsCalls(client)[1]).toMatchObject({ validFrom: '2024-01-01', skipInvalidFeatures: true });
    expect(within(result).getByTestId('import-warnings').textContent).toContain('Das Objekt wurde übersprungen.');
    expect(within(result).getByTestId('import-ended').textContent).toBe('1');
  });

  it('keeps the checkbox in the form after going back, and sends it only when ticked', async () => {
    const { client } = await reachForm({
      'imports.units': () => {
        throw new ApiError('import-failed', keyMissing.message, [keyMissing]);
      },
    });
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    const failure = await screen.findByTestId('import-failure');
    fireEvent.click(within(failure).getByRole('button', { name: 'Zurück zur Zuordnung' }));
    const skip = screen.getByLabelText(/Fehlerhafte Gebiete überspringen/) as HTMLInputElement;
    expect(skip.checked).toBe(false);
    fireEvent.click(skip);
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    await screen.findByTestId('import-failure');
    expect(unitsCalls(client).map((c) => c.skipInvalidFeatures)).toEqual([undefined, true]);
  });

  it('does not offer skipping for errors about the whole file', async () => {
    await reachForm({
      'imports.units': () => {
        throw new ApiError('import-failed', 'Kein Schlüsselfeld erkannt.', [{ severity: 'error', file: preview.file, message: 'Kein Schlüsselfeld erkannt.' }]);
      },
    });
    fireEvent.change(screen.getByLabelText('Ebene'), { target: { value: 'Stadtteil' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importieren' }));
    const failure = await screen.findByTestId('import-failure');
    expect(within(failure).queryByLabelText(/Fehlerhafte Gebiete überspringen/)).toBeNull();
    expect(within(failure).queryByRole('button', { name: /Ohne die fehlerhaften/ })).toBeNull();
  });
});
