import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FacilityEditor } from '../../renderer/facilities/FacilityEditor.tsx';
import { attributeValueOf, parseAttributeNumber } from '../../renderer/facilities/FacilityAttributes.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';
import { detail, kita, spielplatz } from './facility-fixtures.tsx';

afterEach(cleanup);

/** A Kita whose import kept three extra columns as free attributes. */
const kitaDetail = {
  ...detail,
  name: 'Kita Sonnenschein',
  category: { id: 'cat-kita', name: 'Kita', color: '#3a7bd5', icon: null },
  attributes: { 'Anzahl Plätze U3': 12, Barrierefrei: true, Träger_Nr: '0815', Sozialindex: 4.5 },
};

type Saved = { id?: string; facility: { attributes?: Record<string, unknown> } };

function renderKita(attributes: Record<string, unknown> = kitaDetail.attributes) {
  const client = fakeClient({
    'facilities.get': () => ({ ...kitaDetail, attributes }),
    'facilities.save': ({ facility }) => ({ ...kitaDetail, attributes: facility.attributes ?? {} }),
  });
  const onSaved = vi.fn();
  renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz, kita]} onSaved={onSaved} onClose={() => {}} />, { client });
  const saved = async () => {
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    return (client.calls.filter((c) => c.method === 'facilities.save').at(-1)!.input as Saved).facility.attributes;
  };
  return { client, saved };
}

const section = () => within(screen.getByRole('region', { name: 'Weitere Merkmale' }));
const input = (label: string) => section().getByLabelText(label) as HTMLInputElement;

describe('FacilityEditor: editing the free attributes ("Weitere Merkmale")', () => {
  it('shows each attribute as an input labelled with its name, numbers with a decimal comma and booleans as ja/nein', async () => {
    renderKita();
    await screen.findByDisplayValue('Kita Sonnenschein');
    expect(input('Anzahl Plätze U3').value).toBe('12');
    expect(input('Barrierefrei').value).toBe('ja');
    expect(input('Träger_Nr').value).toBe('0815');
    expect(input('Sozialindex').value).toBe('4,5');
    expect(section().getByRole('button', { name: 'Merkmal „Barrierefrei“ entfernen' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Weitere Merkmale' })).toBeTruthy();
  });

  it('saves unchanged attributes exactly as they were (same types, same order)', async () => {
    const { saved } = renderKita();
    await screen.findByDisplayValue('Kita Sonnenschein');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Kita Sonnenschein (Neubau)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    const attributes = await saved();
    expect(JSON.stringify(attributes)).toBe(JSON.stringify(kitaDetail.attributes));
  });

  it('edits a value, adds an attribute and removes one; all reach facilities.save with the rest of the form', async () => {
    const { client, saved } = renderKita();
    await screen.findByDisplayValue('Kita Sonnenschein');

    // Change: a German decimal stays a number, "nein" stays a boolean.
    fireEvent.change(input('Anzahl Plätze U3'), { target: { value: '14' } });
    fireEvent.change(input('Sozialindex'), { target: { value: '5,25' } });
    fireEvent.change(input('Barrierefrei'), { target: { value: 'nein' } });

    // Remove: the row disappears.
    fireEvent.click(section().getByRole('button', { name: 'Merkmal „Träger_Nr“ entfernen' }));
    expect(section().queryByLabelText('Träger_Nr')).toBeNull();

    // Add with Enter in the value input: it is added to the list (and does not save yet).
    fireEvent.change(input('Neues Merkmal'), { target: { value: 'Anzahl Plätze Ü3' } });
    fireEvent.change(input('Wert des neuen Merkmals'), { target: { value: '1.250' } });
    fireEvent.keyDown(input('Wert des neuen Merkmals'), { key: 'Enter' });
    expect(input('Anzahl Plätze Ü3').value).toBe('1.250');
    expect(input('Neues Merkmal').value).toBe('');
    expect(document.activeElement).toBe(input('Neues Merkmal'));
    expect(client.calls.some((c) => c.method === 'facilities.save')).toBe(false);

    // Add with the button: text stays text.
    fireEvent.change(input('Neues Merkmal'), { target: { value: 'Schwerpunkt' } });
    fireEvent.change(input('Wert des neuen Merkmals'), { target: { value: 'Sprachförderung' } });
    fireEvent.click(section().getByRole('button', { name: 'Merkmal hinzufügen' }));

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Kita Sonnenschein' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    const attributes = await saved();
    expect(attributes).toEqual({
      'Anzahl Plätze U3': 14,
      Barrierefrei: false,
      Sozialindex: 5.25,
      'Anzahl Plätze Ü3': 1250,
      Schwerpunkt: 'Sprachförderung',
    });
    const sent = client.calls.find((c) => c.method === 'facilities.save')!.input as Saved & { facility: Record<string, unknown> };
    expect(sent.id).toBe('f-1');
    expect(sent.facility).toMatchObject({ name: 'Kita Sonnenschein', capacity: 40 });
    // After saving, the form shows what main stored.
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Gespeichert.');
    expect(input('Anzahl Plätze Ü3').value).toBe('1250');
  });

  it('saves an attribute typed but not added, and refuses a missing or taken name next to the input', async () => {
    const { client, saved } = renderKita({ Sozialindex: 3 });
    await screen.findByDisplayValue('Kita Sonnenschein');

    fireEvent.change(input('Wert des neuen Merkmals'), { target: { value: 'ja' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(screen.getByRole('alert').textContent).toBe('Bitte einen Namen für das Merkmal angeben.');
    expect(input('Neues Merkmal').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input('Neues Merkmal'));

    fireEvent.change(input('Neues Merkmal'), { target: { value: 'sozialindex' } });
    fireEvent.click(section().getByRole('button', { name: 'Merkmal hinzufügen' }));
    expect(screen.getByRole('alert').textContent).toBe('Das Merkmal „sozialindex“ gibt es schon – bitte oben den Wert ändern.');
    expect(client.calls.some((c) => c.method === 'facilities.save')).toBe(false);

    fireEvent.change(input('Neues Merkmal'), { target: { value: 'Barrierefrei' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    // A new "ja" is text (imported ja/nein columns are text, too); the emptied value is dropped.
    expect(await saved()).toEqual({ Sozialindex: 3, Barrierefrei: 'ja' });
  });

  it('drops an attribute whose value was emptied, and adds attributes to a new facility', async () => {
    const { saved } = renderKita({ Sozialindex: 3, Notiz: 'alt' });
    await screen.findByDisplayValue('Kita Sonnenschein');
    fireEvent.change(input('Notiz'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await saved()).toEqual({ Sozialindex: 3 });
    cleanup();

    const client = fakeClient({ 'facilities.save': () => ({ ...kitaDetail, id: 'f-new' }) });
    const onSaved = vi.fn();
    renderWithProviders(
      <FacilityEditor facilityId={null} position={{ lon: 9.4, lat: 54.8 }} categories={[kita]} onSaved={onSaved} onClose={() => {}} />,
      { client },
    );
    expect(section().getByText('Noch keine weiteren Merkmale.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Kita Neubau' } });
    fireEvent.change(input('Neues Merkmal'), { target: { value: 'Anzahl Plätze U3' } });
    fireEvent.change(input('Wert des neuen Merkmals'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Anlegen' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const sent = client.calls.find((c) => c.method === 'facilities.save')!.input as Saved;
    expect(sent.facility.attributes).toEqual({ 'Anzahl Plätze U3': 10 });
  });
});

describe('reading a typed attribute value', () => {
  it('keeps numbers as numbers (German or plain), keys with a leading zero as text', () => {
    expect(parseAttributeNumber('12')).toBe(12);
    expect(parseAttributeNumber('12,5')).toBe(12.5);
    // In the English UI a point is a decimal point, as the field shows it.
    expect(parseAttributeNumber('1.234', 'en')).toBe(1.234);
    expect(parseAttributeNumber('1.234', 'de')).toBe(1234);
    expect(parseAttributeNumber('12.5')).toBe(12.5);
    expect(parseAttributeNumber('1.234,5')).toBe(1234.5);
    expect(parseAttributeNumber('−3')).toBe(-3);
    expect(parseAttributeNumber('0,5')).toBe(0.5);
    expect(parseAttributeNumber('0815')).toBeNull();
    expect(parseAttributeNumber('12 Plätze')).toBeNull();
    expect(attributeValueOf({ name: 'a', text: 'ja', original: { value: false, text: 'nein' } })).toBe(true);
    expect(attributeValueOf({ name: 'a', text: '{"x":1}', original: { value: { x: 2 }, text: '{"x":2}' } })).toEqual({ x: 1 });
    expect(attributeValueOf({ name: 'a', text: '  Text  ' })).toBe('Text');
  });
});
