import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { FacilityEditor, inputOf, draftOf } from '../../renderer/facilities/FacilityEditor.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';
import { detail, kita, spielplatz } from './facility-fixtures.tsx';

afterEach(cleanup);

describe('FacilityEditor', () => {
  it('shows the units and every field of a facility, labelled in German', async () => {
    const client = fakeClient({ 'facilities.get': () => detail });
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz, kita]} onSaved={() => {}} onClose={() => {}} />, { client });
    expect(await screen.findByTestId('facility-name')).toHaveProperty('textContent', 'Spielplatz Wasserloos');
    expect(screen.getByTestId('facility-unit-Stadtteil').textContent).toBe('Nordstadt');
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Spielplatz Wasserloos');
    expect((screen.getByLabelText('Adresse') as HTMLInputElement).value).toBe('Wasserloos 1');
    expect((screen.getByLabelText('Träger') as HTMLInputElement).value).toBe('Stadt Flensburg');
    expect((screen.getByLabelText('Kapazität') as HTMLInputElement).value).toBe('40');
    expect((screen.getByLabelText('Zielgruppen') as HTMLInputElement).value).toBe('Kinder 6–10');
    expect((screen.getByLabelText('Barrierefreiheit') as HTMLSelectElement).value).toBe('partial');
    expect((screen.getByLabelText('Telefon') as HTMLInputElement).value).toBe('0461 123');
    expect((screen.getByLabelText('Gültig ab') as HTMLInputElement).value).toBe('2019-05-01');
    expect(screen.getByLabelText('Öffnungszeiten')).toBeTruthy();
    expect(screen.getByLabelText('Quelle')).toBeTruthy();
    expect(screen.getByLabelText('Notizen')).toBeTruthy();
    expect(screen.queryByLabelText('Beschreibung der Ressource')).toBeNull();
  });

  it('lists the free attributes of a facility (the Schulsozialindex of a school) with German numbers', async () => {
    const school = { ...detail, attributes: { Sozialindex: 8, Anteil: 0.25, Schulform: 'Grundschule' } };
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz, kita]} onSaved={() => {}} onClose={() => {}} />, {
      client: fakeClient({ 'facilities.get': () => school }),
    });
    expect(((await screen.findByTestId('facility-attribute-Sozialindex')) as HTMLInputElement).value).toBe('8');
    expect((screen.getByTestId('facility-attribute-Anteil') as HTMLInputElement).value).toBe('0,25');
    expect((screen.getByTestId('facility-attribute-Schulform') as HTMLInputElement).value).toBe('Grundschule');
    expect(screen.getByRole('heading', { name: 'Weitere Merkmale' })).toBeTruthy();
  });

  it('shows no attribute section for a facility without free attributes', async () => {
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz, kita]} onSaved={() => {}} onClose={() => {}} />, {
      client: fakeClient({ 'facilities.get': () => detail }),
    });
    await screen.findByDisplayValue('Spielplatz Wasserloos');
    expect(screen.queryByTestId('facility-attributes')).toBeNull();
  });

  it('saves the edited fields (German decimal comma, target groups split) and reports the result', async () => {
    const client = fakeClient({ 'facilities.get': () => detail, 'facilities.save': () => ({ ...detail, name: 'Neu' }) });
    const onSaved = vi.fn();
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz, kita]} onSaved={onSaved} onClose={() => {}} />, { client });
    await screen.findByDisplayValue('Spielplatz Wasserloos');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Neu' } });
    fireEvent.change(screen.getByLabelText('Kapazität'), { target: { value: '12,5' } });
    fireEvent.change(screen.getByLabelText('Zielgruppen'), { target: { value: 'Kinder 0–6; Familien' } });
    fireEvent.click(screen.getByTestId('facility-field-resource'));
    fireEvent.change(screen.getByLabelText('Beschreibung der Ressource'), { target: { value: 'Raum am Nachmittag frei' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const sent = client.calls.find((c) => c.method === 'facilities.save')!.input as { id: string; facility: Record<string, unknown> };
    expect(sent.id).toBe('f-1');
    expect(sent.facility).toMatchObject({
      name: 'Neu',
      capacity: 12.5,
      targetGroups: ['Kinder 0–6', 'Familien'],
      kind: 'resource',
      resourceDescription: 'Raum am Nachmittag frei',
      accessibility: 'partial',
      contact: { phone: '0461 123' },
      lon: 9.43,
      lat: 54.79,
    });
    expect(screen.getByRole('status').textContent).toBe('Gespeichert.');
  });

  it('refuses an empty name and a wrong capacity next to the field', async () => {
    const client = fakeClient({ 'facilities.get': () => detail });
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz]} onSaved={() => {}} onClose={() => {}} />, { client });
    await screen.findByDisplayValue('Spielplatz Wasserloos');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(screen.getByRole('alert').textContent).toBe('Bitte einen Namen angeben.');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    expect(client.calls.some((c) => c.method === 'facilities.save')).toBe(false);
    expect(inputOf({ ...draftOf(detail), capacity: 'viel' })).toEqual({ field: 'capacity' });
    expect(inputOf({ ...draftOf(detail), validTo: '2010-01-01' })).toEqual({ field: 'validTo' });
  });

  it('creates a new facility at the clicked position', async () => {
    const client = fakeClient({ 'facilities.save': () => ({ ...detail, id: 'f-new', name: 'Bolzplatz' }) });
    const onSaved = vi.fn();
    renderWithProviders(
      <FacilityEditor facilityId={null} position={{ lon: 9.4, lat: 54.8 }} categories={[spielplatz, kita]} onSaved={onSaved} onClose={() => {}} />,
      { client },
    );
    expect(screen.getByTestId('facility-name').textContent).toBe('Neue Einrichtung');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bolzplatz' } });
    fireEvent.change(screen.getByLabelText('Kategorie'), { target: { value: 'cat-kita' } });
    fireEvent.click(screen.getByRole('button', { name: 'Anlegen' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const sent = client.calls.find((c) => c.method === 'facilities.save')!.input as { id?: string; facility: Record<string, unknown> };
    expect(sent.id).toBeUndefined();
    expect(sent.facility).toMatchObject({ name: 'Bolzplatz', categoryId: 'cat-kita', lon: 9.4, lat: 54.8 });
  });

  it('archives a facility', async () => {
    const client = fakeClient({ 'facilities.get': () => detail, 'facilities.archive': ({ archived }) => ({ ...detail, archived }) });
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz]} onSaved={() => {}} onClose={() => {}} />, { client });
    fireEvent.click(await screen.findByRole('button', { name: 'Archivieren' }));
    expect(await screen.findByRole('button', { name: 'Aus dem Archiv holen' })).toBeTruthy();
    expect(client.calls.find((c) => c.method === 'facilities.archive')!.input).toEqual({ id: 'f-1', archived: true });
  });
});
