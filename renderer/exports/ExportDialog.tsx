import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context.tsx';
import { errorMessage } from '../api/client.ts';
import { Modal } from '../components/Modal.tsx';
import { formatPeriod } from '../indicators/format.ts';
import { useCatalogue, useLevels } from '../indicators/queries.ts';
import { useDataVersion } from '../indicators/use-query.ts';
import { downloadBytes } from './download.ts';
import '../styles/indices.css';

export type ExportFormat = 'csv' | 'xlsx' | 'geojson' | 'gpkg';
const TABLE_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];
const GEO_FORMATS: readonly ExportFormat[] = ['geojson', 'gpkg'];
export const DEFAULT_SUPPRESSION = 3;

export interface ExportIndicator {
  id: string;
  code: string;
  name: string;
  periods?: readonly string[];
}

export interface ExportDialogProps {
  /** The indicator on screen; null = all indicators. */
  indicator: ExportIndicator | null;
  levelId: string | null;
  period: string | null;
  initialFormat?: ExportFormat;
  onClose: () => void;
}

type Result =
  | { kind: 'values'; fileName: string; rows: number; suppressed: number }
  | { kind: 'units'; fileName: string; features: number };

/**
 * Export of values (CSV for Excel, XLSX) or of the units with values as attributes (GeoJSON,
 * GeoPackage). Small counts are suppressed by main before anything leaves the app.
 */
export function ExportDialog({ indicator, levelId, period, initialFormat = 'csv', onClose }: ExportDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const api = useApi();
  const version = useDataVersion();
  const levels = useLevels(version).data ?? [];
  const catalogueData = useCatalogue(version).data;
  const catalogue = useMemo(() => catalogueData ?? [], [catalogueData]);
  const ids = { level: useId(), period: useId(), suppression: useId(), suppressionNote: useId(), form: useId() };
  const [format, setFormat] = useState<ExportFormat>(initialFormat);
  const [scope, setScope] = useState<'current' | 'all'>(indicator ? 'current' : 'all');
  const [chosenLevel, setChosenLevel] = useState<string | null>(levelId);
  const [chosenPeriod, setChosenPeriod] = useState<string | null>(period);
  const [threshold, setThreshold] = useState(String(DEFAULT_SUPPRESSION));
  const [thresholdError, setThresholdError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  const level = levels.find((l) => l.id === chosenLevel) ?? levels.find((l) => l.unitCount > 1) ?? levels[0] ?? null;
  const geo = GEO_FORMATS.includes(format);
  const current = scope === 'current' && indicator ? indicator : null;
  // Geodata carry one period: the current indicator's periods, or every period on the level.
  const periods = useMemo(() => {
    if (current?.periods?.length) return [...current.periods].sort().reverse();
    const all = new Set<string>();
    for (const i of catalogue) if (!i.archived && level && i.levelIds.includes(level.id)) for (const p of i.periods) all.add(p);
    return [...all].sort().reverse();
  }, [current, catalogue, level]);
  const periodValue = chosenPeriod && periods.includes(chosenPeriod) ? chosenPeriod : (periods[0] ?? null);

  async function run() {
    const n = Number(threshold.trim());
    if (!/^\d+$/.test(threshold.trim()) || n > 100) {
      setThresholdError(t('exports.suppressionInvalid'));
      return;
    }
    setThresholdError(null);
    if (!level) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      if (format === 'csv' || format === 'xlsx') {
        const out = await api.call('exports.values', { level: level.key, indicators: current ? [current.code] : [], format, suppressionThreshold: n });
        downloadBytes(out.data, out.mime, out.fileName);
        setResult({ kind: 'values', fileName: out.fileName, rows: out.rows, suppressed: out.suppressed });
      } else {
        const codes = current
          ? [current.code]
          : catalogue.filter((i) => !i.archived && i.levelIds.includes(level.id) && periodValue !== null && i.periods.includes(periodValue)).map((i) => i.code).slice(0, 500);
        const out = await api.call('exports.units', {
          level: level.key,
          indicators: periodValue ? codes : [],
          ...(periodValue ? { period: periodValue } : {}),
          format,
          suppressionThreshold: n,
        });
        downloadBytes(out.data, out.mime, out.fileName);
        setResult({ kind: 'units', fileName: out.fileName, features: out.features });
      }
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const formatOption = (value: ExportFormat) => (
    <label key={value} className="checkbox-row">
      <input type="radio" name={`${ids.form}-format`} value={value} checked={format === value} onChange={() => setFormat(value)} data-testid={`export-format-${value}`} />
      <span>{t(`exports.formats.${value}`)}</span>
    </label>
  );

  return (
    <Modal
      title={t('exports.title')}
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="submit" form={ids.form} className="button button--primary" disabled={busy || !level} data-testid="export-run">
            {busy ? t('exports.working') : t('exports.download')}
          </button>
        </>
      }
    >
      <form
        id={ids.form}
        className="form export-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="export-formats">
          <fieldset className="export-group">
            <legend>{t('exports.table')}</legend>
            {TABLE_FORMATS.map(formatOption)}
          </fieldset>
          <fieldset className="export-group">
            <legend>{t('exports.geo')}</legend>
            {GEO_FORMATS.map(formatOption)}
          </fieldset>
        </div>

        <fieldset className="export-group">
          <legend>{t('exports.scope')}</legend>
          {indicator ? (
            <label className="checkbox-row">
              <input type="radio" name={`${ids.form}-scope`} checked={scope === 'current'} onChange={() => setScope('current')} data-testid="export-scope-current" />
              <span>{t('exports.scopeCurrent', { name: indicator.name })}</span>
            </label>
          ) : null}
          <label className="checkbox-row">
            <input type="radio" name={`${ids.form}-scope`} checked={scope === 'all' || !indicator} onChange={() => setScope('all')} data-testid="export-scope-all" />
            <span>{geo ? t('exports.scopeAllPeriod') : t('exports.scopeAll')}</span>
          </label>
        </fieldset>

        <div className="index-row">
          <div className="field">
            <label htmlFor={ids.level}>{t('exports.level')}</label>
            <select id={ids.level} className="input" value={level?.id ?? ''} onChange={(e) => setChosenLevel(e.target.value)} data-testid="export-level">
              {levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          {geo ? (
            <div className="field">
              <label htmlFor={ids.period}>{t('exports.period')}</label>
              <select id={ids.period} className="input" value={periodValue ?? ''} onChange={(e) => setChosenPeriod(e.target.value)} data-testid="export-period">
                {periods.length === 0 ? <option value="">{t('exports.noPeriod')}</option> : null}
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {formatPeriod(p, lang)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>

        <div className="field">
          <label htmlFor={ids.suppression}>{t('exports.suppression')}</label>
          <input
            id={ids.suppression}
            className="input input--compact export-threshold"
            type="number"
            min={0}
            max={100}
            step={1}
            value={threshold}
            aria-invalid={thresholdError ? true : undefined}
            aria-describedby={ids.suppressionNote}
            onChange={(e) => setThreshold(e.target.value)}
            data-testid="export-suppression"
          />
          <span id={ids.suppressionNote} className="hint">
            {t('exports.suppressionNote')}
          </span>
          {thresholdError ? (
            <span className="inline-error" role="alert">
              {thresholdError}
            </span>
          ) : null}
        </div>

        {failure ? (
          <p className="notice notice--error" role="alert">
            {failure}
          </p>
        ) : null}
        <p className="export-result" role="status" data-testid="export-result">
          {result?.kind === 'values'
            ? t('exports.doneValues', { count: result.rows, suppressed: result.suppressed, file: result.fileName })
            : result?.kind === 'units'
              ? t('exports.doneUnits', { count: result.features, file: result.fileName })
              : ''}
        </p>
      </form>
    </Modal>
  );
}

export interface ExportButtonProps {
  indicator: ExportIndicator | null;
  levelId: string | null;
  period: string | null;
  className?: string;
}

/** "Exportieren…" and its dialog; one element for a toolbar or a button row. */
export function ExportButton({ indicator, levelId, period, className = 'button' }: ExportButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} data-testid="open-export">
        {t('exports.open')}
      </button>
      {open ? <ExportDialog indicator={indicator} levelId={levelId} period={period} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
