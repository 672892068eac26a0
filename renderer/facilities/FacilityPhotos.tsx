import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../shared/contract.ts';
import { useApi } from '../api/context.tsx';
import { errorMessage } from '../api/client.ts';
import { Modal } from '../components/Modal.tsx';
import { readFiles } from '../imports/ImportUnitsDialog.tsx';
import { useAttachmentUrls } from './use-attachment-urls.ts';
import { PHOTO_MAX_BYTES } from '../../shared/facilities.ts';
import './facility-photos.css';

type FacilityDetail = MethodOutput<'facilities.get'>;
type Photo = FacilityDetail['photos'][number];

/** What facilities.addPhoto accepts. */
/** "3,4": megabytes with one decimal, German style. */
function formatMegabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 });
}

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

export interface FacilityPhotosProps {
  /** The saved facility; null while it is new (photos need an id). */
  facility: FacilityDetail | null;
  /** The facility as main returns it after a photo was added or removed. */
  onChange: (detail: FacilityDetail) => void;
}

/**
 * The photos of one facility: thumbnails (click: larger, with „Foto entfernen“), and
 * „Foto hinzufügen …“ (facilities.addPhoto). Removing sends the shortened list through
 * facilities.save; the stored file itself stays (other facilities may show the same bytes).
 */
export function FacilityPhotos({ facility, onChange }: FacilityPhotosProps) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const photos = facility?.photos ?? [];
  const { urls, failed } = useAttachmentUrls(photos.map((p) => p.id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Photo | null>(null);

  const add = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const chosen = input.files?.[0];
    input.value = '';
    if (!chosen || !facility) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(chosen.type)) {
      setError(t('facilityEditor.photos.wrongType', { name: chosen.name }));
      return;
    }
    if (chosen.size > PHOTO_MAX_BYTES) {
      setError(t('facilityEditor.photos.tooLarge', { name: chosen.name, size: formatMegabytes(chosen.size), max: formatMegabytes(PHOTO_MAX_BYTES) }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const [file] = await readFiles([chosen]);
      onChange(await api.call('facilities.addPhoto', { id: facility.id, file: file!, mime: chosen.type }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (photo: Photo) => {
    if (!facility) return;
    setBusy(true);
    setError(null);
    try {
      const photoIds = facility.photos.map((p) => p.id).filter((p) => p !== photo.id);
      const base = { categoryId: facility.category.id, name: facility.name, lon: facility.lon, lat: facility.lat };
      onChange(await api.call('facilities.save', { id: facility.id, facility: { ...base, photos: photoIds } }));
      setOpen(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="facility-photos" aria-labelledby={`${id}-title`} data-testid="facility-photos">
      <h3 id={`${id}-title`} className="section-title">
        {t('facilityEditor.photos.title')}
      </h3>
      {!facility ? (
        <p className="hint">{t('facilityEditor.photos.afterCreate')}</p>
      ) : (
        <>
          {photos.length === 0 ? <p className="hint">{t('facilityEditor.photos.none')}</p> : null}
          {photos.length > 0 ? (
            <ul className="facility-photos-grid">
              {photos.map((photo) => (
                <li key={photo.id}>
                  <button
                    type="button"
                    className="facility-photo-thumb"
                    onClick={() => setOpen(photo)}
                    aria-label={t('facilityEditor.photos.open', { name: photo.name })}
                    data-testid="facility-photo"
                  >
                    {urls.has(photo.id) ? (
                      <img src={urls.get(photo.id)} alt={photo.name} />
                    ) : (
                      <span className="small muted">{failed.has(photo.id) ? t('facilityEditor.photos.unreadable') : t('common.loading')}</span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            id={`${id}-file`}
            type="file"
            accept={PHOTO_TYPES.join(',')}
            className="file-input visually-hidden"
            disabled={busy}
            onChange={(e) => void add(e)}
            data-testid="facility-photo-file"
          />
          <label htmlFor={`${id}-file`} className="button file-picker-button" aria-disabled={busy || undefined}>
            {t('facilityEditor.photos.add')}
          </label>
          {/* Not role="status": the form's „Gespeichert.“ is the panel's status. */}
          <span className="small muted facility-photos-busy" aria-live="polite" data-testid="facility-photos-busy">
            {busy ? t('facilityEditor.photos.busy') : ''}
          </span>
        </>
      )}
      {error && !open ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {open ? (
        <Modal
          title={open.name}
          size="wide"
          onClose={() => setOpen(null)}
          testId="facility-photo-dialog"
          footer={
            <button type="button" className="button" disabled={busy} onClick={() => void remove(open)} data-testid="facility-photo-remove">
              {t('facilityEditor.photos.remove')}
            </button>
          }
        >
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
          {urls.has(open.id) ? (
            <img className="facility-photo-large" src={urls.get(open.id)} alt={open.name} />
          ) : (
            <p className="hint">{failed.has(open.id) ? t('facilityEditor.photos.unreadable') : t('common.loading')}</p>
          )}
        </Modal>
      ) : null}
    </section>
  );
}
