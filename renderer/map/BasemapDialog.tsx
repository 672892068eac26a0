import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context.tsx';
import { errorMessage } from '../api/client.ts';
import { Modal } from '../components/Modal.tsx';
import { formatBytes } from '../components/format.ts';
import type { BasemapInfo } from './basemap.ts';

export interface BasemapDialogProps {
  current: BasemapInfo | null;
  onChanged: (basemap: BasemapInfo | null) => void;
  onClose: () => void;
}

/**
 * Choose a local .pmtiles file as offline basemap. Main remembers the choice; until the Electron
 * shell offers a file dialog the user types the full path.
 */
export function BasemapDialog({ current, onChanged, onClose }: BasemapDialogProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const inputId = useId();
  const hintId = useId();
  const [path, setPath] = useState(current?.path ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Electron: the native file dialog in main picks and sets the file in one step. */
  async function choose() {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('basemap.choose', {});
      if (!result.supported) {
        setError(t('basemap.chooseUnsupported'));
      } else if (result.basemap) {
        onChanged(result.basemap);
        onClose();
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function apply(next: string | null) {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('basemap.set', { path: next });
      onChanged(result);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) {
      setError(t('basemap.pathMissing'));
      return;
    }
    void apply(trimmed);
  }

  return (
    <Modal title={t('basemap.title')} onClose={onClose} testId="basemap-dialog">
      <p className="muted">{t('basemap.intro')}</p>
      {current ? (
        <p className="notice" data-testid="basemap-current">
          {t('basemap.current', { name: current.name, size: formatBytes(current.sizeBytes, i18n.language) })}
        </p>
      ) : (
        <p className="notice">{t('basemap.noneSet')}</p>
      )}
      {api.host === 'electron' ? (
        <div className="button-row basemap-choose">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void choose()}>
            {t('basemap.choose')}
          </button>
          <span className="muted">{t('basemap.orPath')}</span>
        </div>
      ) : null}
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor={inputId}>{t('basemap.pathLabel')}</label>
          <input
            id={inputId}
            type="text"
            className="input mono"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            aria-describedby={hintId}
            spellCheck={false}
            autoComplete="off"
          />
          <p id={hintId} className="hint">
            {t('basemap.pathHint')}
          </p>
        </div>
        {error ? (
          <p role="alert" className="notice notice--error">
            {error}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className={api.host === 'electron' ? 'button' : 'button button--primary'} disabled={busy}>
            {t('basemap.open')}
          </button>
          <button type="button" className="button" disabled={busy || !current} onClick={() => void apply(null)}>
            {t('basemap.remove')}
          </button>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
