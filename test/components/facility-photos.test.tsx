import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../../renderer/api/client.ts';
import { FacilityEditor } from '../../renderer/facilities/FacilityEditor.tsx';
import { FacilityPhotos } from '../../renderer/facilities/FacilityPhotos.tsx';
import { fakeClient, renderWithProviders, type FakeHandlers } from './helpers.tsx';
import { detail, spielplatz, type Detail } from './facility-fixtures.tsx';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const photoA = { id: A, name: 'eingang.jpg', mime: 'image/jpeg', size: 3 };
const photoB = { id: B, name: 'spielgeraet.png', mime: 'image/png', size: 3 };
const withPhotos: Detail = { ...detail, photos: [photoA, photoB] };

let blobs: Map<string, Blob>;

beforeEach(() => {
  blobs = new Map();
  let n = 0;
  // jsdom has no object URLs.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const attachments: FakeHandlers['attachments.get'] = ({ id }) => {
  const photo = [photoA, photoB, { id: C, name: 'neu.png', mime: 'image/png', size: 3 }].find((p) => p.id === id)!;
  return { id, name: photo.name, mime: photo.mime, data: new Uint8Array([1, 2, 3]) };
};

/** The component with its facility held in state, as FacilityEditor does. */
function Harness({ initial, onChange }: { initial: Detail | null; onChange?: (d: Detail) => void }) {
  const [facility, setFacility] = useState(initial);
  return (
    <FacilityPhotos
      facility={facility}
      onChange={(d) => {
        setFacility(d);
        onChange?.(d);
      }}
    />
  );
}

function fileInput(): HTMLInputElement {
  return screen.getByLabelText('Foto hinzufügen …') as HTMLInputElement;
}

describe('FacilityPhotos', () => {
  it('asks to create a new facility first', () => {
    renderWithProviders(<Harness initial={null} />);
    expect(screen.getByText('Fotos nach dem Anlegen hinzufügen.')).toBeTruthy();
    expect(screen.queryByLabelText('Foto hinzufügen …')).toBeNull();
  });

  it('shows a thumbnail per photo through an object URL, named by the file, and revokes the URLs on unmount', async () => {
    const client = fakeClient({ 'attachments.get': attachments });
    const { unmount } = renderWithProviders(<Harness initial={withPhotos} />, { client });
    const first = (await screen.findByAltText('eingang.jpg')) as HTMLImageElement;
    const second = (await screen.findByAltText('spielgeraet.png')) as HTMLImageElement;
    expect(first.src).toMatch(/^blob:test\//);
    expect(blobs.get(first.getAttribute('src')!)!.type).toBe('image/jpeg');
    expect(blobs.get(second.getAttribute('src')!)!.type).toBe('image/png');
    expect(client.calls.filter((c) => c.method === 'attachments.get').map((c) => (c.input as { id: string }).id)).toEqual([A, B]);
    const urls = [first.getAttribute('src'), second.getAttribute('src')];
    unmount();
    for (const url of urls) expect(URL.revokeObjectURL).toHaveBeenCalledWith(url);
  });

  it('says so when a photo cannot be read', async () => {
    const client = fakeClient({
      'attachments.get': () => {
        throw new ApiError('attachment-corrupt', 'beschädigt');
      },
    });
    renderWithProviders(<Harness initial={{ ...detail, photos: [photoA] }} />, { client });
    expect(await screen.findByText('Foto nicht lesbar')).toBeTruthy();
  });

  it('adds a chosen photo through facilities.addPhoto and shows it', async () => {
    const added: Detail = { ...detail, photos: [{ id: C, name: 'neu.png', mime: 'image/png', size: 3 }] };
    const onChange = vi.fn();
    let answer!: (d: Detail) => void;
    const client = fakeClient({
      'attachments.get': attachments,
      'facilities.addPhoto': () => new Promise<Detail>((resolve) => (answer = resolve)),
    });
    renderWithProviders(<Harness initial={detail} onChange={onChange} />, { client });
    expect(screen.getByText('Noch keine Fotos.')).toBeTruthy();
    expect(fileInput().accept).toBe('image/jpeg,image/png,image/webp,image/gif');
    fireEvent.change(fileInput(), { target: { files: [new File([new Uint8Array([9, 8, 7])], 'neu.png', { type: 'image/png' })] } });
    await waitFor(() => expect(client.calls.some((c) => c.method === 'facilities.addPhoto')).toBe(true));
    expect(screen.getByTestId('facility-photos-busy').textContent).toBe('Foto wird gespeichert …');
    expect(fileInput().disabled).toBe(true);
    const sent = client.calls.find((c) => c.method === 'facilities.addPhoto')!.input as { id: string; file: { name: string; data: Uint8Array }; mime: string };
    expect(sent.id).toBe('f-1');
    expect(sent.mime).toBe('image/png');
    expect(sent.file.name).toBe('neu.png');
    expect([...sent.file.data]).toEqual([9, 8, 7]);
    answer(added);
    expect(await screen.findByAltText('neu.png')).toBeTruthy();
    expect(onChange).toHaveBeenCalledWith(added);
    expect(screen.getByTestId('facility-photos-busy').textContent).toBe('');
    expect(fileInput().disabled).toBe(false);
  });

  it('refuses a file that is not a photo without calling main', () => {
    const client = fakeClient({});
    renderWithProviders(<Harness initial={detail} />, { client });
    fireEvent.change(fileInput(), { target: { files: [new File(['x'], 'liste.pdf', { type: 'application/pdf' })] } });
    expect(screen.getByRole('alert').textContent).toBe('„liste.pdf“ ist kein Foto. Möglich sind JPEG, PNG, WebP und GIF.');
    expect(client.calls).toEqual([]);
  });

  it('refuses a photo over 25 MB without reading or sending it', () => {
    const client = fakeClient({});
    renderWithProviders(<Harness initial={detail} />, { client });
    const huge = new File(['x'], 'plan.jpg', { type: 'image/jpeg' });
    Object.defineProperty(huge, 'size', { value: 30 * 1024 * 1024 });
    fireEvent.change(fileInput(), { target: { files: [huge] } });
    expect(screen.getByRole('alert').textContent).toBe('„plan.jpg“ ist zu groß (30 MB). Fotos bis 25 MB.');
    expect(client.calls).toEqual([]);
  });

  it('shows the German message when main refuses the photo', async () => {
    const client = fakeClient({
      'facilities.addPhoto': () => {
        throw new ApiError('not-found', 'Diese Einrichtung gibt es nicht (mehr).');
      },
    });
    renderWithProviders(<Harness initial={detail} />, { client });
    fireEvent.change(fileInput(), { target: { files: [new File(['x'], 'foto.jpg', { type: 'image/jpeg' })] } });
    expect((await screen.findByRole('alert')).textContent).toBe('Diese Einrichtung gibt es nicht (mehr).');
    expect(fileInput().disabled).toBe(false);
  });

  it('opens a photo larger and removes it through facilities.save with the shortened list', async () => {
    const client = fakeClient({ 'attachments.get': attachments, 'facilities.save': () => ({ ...detail, photos: [photoB] }) });
    renderWithProviders(<Harness initial={withPhotos} />, { client });
    await screen.findByAltText('eingang.jpg');
    fireEvent.click(screen.getByRole('button', { name: 'eingang.jpg vergrößern' }));
    const dialog = screen.getByTestId('facility-photo-dialog');
    expect(within(dialog).getByRole('heading', { name: 'eingang.jpg' })).toBeTruthy();
    expect(within(dialog).getByAltText('eingang.jpg').className).toBe('facility-photo-large');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Foto entfernen' }));
    await waitFor(() => expect(screen.queryByTestId('facility-photo-dialog')).toBeNull());
    const sent = client.calls.find((c) => c.method === 'facilities.save')!.input as { id: string; facility: Record<string, unknown> };
    expect(sent).toEqual({ id: 'f-1', facility: { categoryId: 'cat-spiel', name: 'Spielplatz Wasserloos', lon: 9.43, lat: 54.79, photos: [B] } });
    expect(screen.queryByAltText('eingang.jpg')).toBeNull();
    expect(screen.getByAltText('spielgeraet.png')).toBeTruthy();
    expect(URL.revokeObjectURL).toHaveBeenCalledTimes(1);
  });

  it('closes the large view with Esc', async () => {
    renderWithProviders(<Harness initial={withPhotos} />, { client: fakeClient({ 'attachments.get': attachments }) });
    await screen.findByAltText('spielgeraet.png');
    fireEvent.click(screen.getByRole('button', { name: 'spielgeraet.png vergrößern' }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('facility-photo-dialog')).toBeNull();
  });
});

describe('FacilityEditor with photos', () => {
  it('shows the photos below the form of a saved facility', async () => {
    renderWithProviders(<FacilityEditor facilityId="f-1" categories={[spielplatz]} onSaved={() => {}} onClose={() => {}} />, {
      client: fakeClient({ 'facilities.get': () => withPhotos, 'attachments.get': attachments }),
    });
    expect(await screen.findByAltText('eingang.jpg')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Fotos' })).toBeTruthy();
  });

  it('asks for the facility to be created first', () => {
    renderWithProviders(<FacilityEditor facilityId={null} position={{ lon: 9.4, lat: 54.8 }} categories={[spielplatz]} onSaved={() => {}} onClose={() => {}} />);
    expect(screen.getByText('Fotos nach dem Anlegen hinzufügen.')).toBeTruthy();
  });
});
