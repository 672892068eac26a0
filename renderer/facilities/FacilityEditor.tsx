import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../shared/contract.ts';
import { OPERATOR_TYPE_SUGGESTIONS, TARGET_GROUP_SUGGESTIONS } from '../../shared/facilities.ts';
import { useApi } from '../api/context.tsx';
import { errorMessage } from '../api/client.ts';
import { SidePanel } from '../map/SidePanel.tsx';
import { ConflictMarker } from '../views/austausch/ConflictMarker.tsx';
import { useConflictRows } from '../views/austausch/use-conflict-rows.ts';
import type { ViewId } from '../views/registry.ts';
import { FacilityPhotos } from './FacilityPhotos.tsx';
import { FacilityAttributes, attributeRowsOf, attributesOf, newAttributeProblem, type AttributeProblem, type AttributeRow, type NewAttribute } from './FacilityAttributes.tsx';

export type FacilityDetail = MethodOutput<'facilities.get'>;
export type FacilityCategory = MethodOutput<'categories.list'>[number];
type FacilityInput = MethodInput<'facilities.save'>['facility'];

/** The form's state: every field as the inputs hold it. */
export interface FacilityDraft {
  /** The language the attribute texts are written in (numbers read accordingly). */
  language?: string;
  categoryId: string;
  name: string;
  kind: 'facility' | 'resource';
  address: string;
  operator: string;
  operatorType: string;
  capacity: string;
  capacityUnit: string;
  targetGroups: string;
  accessibility: '' | 'full' | 'partial' | 'none';
  person: string;
  phone: string;
  email: string;
  website: string;
  openingHours: string;
  source: string;
  notes: string;
  resourceDescription: string;
  validFrom: string;
  validTo: string;
  lon: number;
  lat: number;
  /** The free attributes ("Weitere Merkmale"), in their stored order. */
  attributes: AttributeRow[];
  /** An attribute typed but not yet added: added on saving, too. */
  newAttribute: NewAttribute;
}

/** A free attribute as a planner reads it: numbers the German way, lists and objects as text. */
export function attributeText(value: unknown, language: string): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'number') return value.toLocaleString(language === 'en' ? 'en' : 'de-DE', { maximumFractionDigits: 6 });
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function draftOf(detail: FacilityDetail, language = 'de'): FacilityDraft {
  return {
    categoryId: detail.category.id,
    name: detail.name,
    kind: detail.kind,
    address: detail.address ?? '',
    operator: detail.operator ?? '',
    operatorType: detail.operatorType ?? '',
    capacity: detail.capacity === null ? '' : String(detail.capacity).replace('.', ','),
    capacityUnit: detail.capacityUnit ?? '',
    targetGroups: detail.targetGroups.join('; '),
    accessibility: detail.accessibility ?? '',
    person: detail.contact.person ?? '',
    phone: detail.contact.phone ?? '',
    email: detail.contact.email ?? '',
    website: detail.contact.website ?? '',
    openingHours: detail.openingHours ?? '',
    source: detail.source ?? '',
    notes: detail.notes ?? '',
    resourceDescription: detail.resourceDescription ?? '',
    validFrom: detail.validFrom ?? '',
    validTo: detail.validTo ?? '',
    lon: detail.lon,
    lat: detail.lat,
    language,
    attributes: attributeRowsOf(detail.attributes, language),
    newAttribute: { name: '', value: '' },
  };
}

export function emptyDraft(categoryId: string, lon: number, lat: number): FacilityDraft {
  return {
    categoryId,
    name: '',
    kind: 'facility',
    address: '',
    operator: '',
    operatorType: '',
    capacity: '',
    capacityUnit: '',
    targetGroups: '',
    accessibility: '',
    person: '',
    phone: '',
    email: '',
    website: '',
    openingHours: '',
    source: '',
    notes: '',
    resourceDescription: '',
    validFrom: '',
    validTo: '',
    lon,
    lat,
    attributes: [],
    newAttribute: { name: '', value: '' },
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** Draft → contract input, or the key of the field that is wrong. */
export function inputOf(draft: FacilityDraft): { input: FacilityInput } | { field: 'name' | 'capacity' | 'validTo' | AttributeProblem } {
  if (!draft.name.trim()) return { field: 'name' };
  const capacityText = draft.capacity.trim().replace(/\./g, '').replace(',', '.');
  const capacity = capacityText === '' ? null : Number(capacityText);
  if (capacity !== null && (!Number.isFinite(capacity) || capacity < 0)) return { field: 'capacity' };
  if (draft.validFrom && draft.validTo && draft.validTo < draft.validFrom) return { field: 'validTo' };
  // An attribute typed but not added with its button is saved, too (nothing typed is lost).
  let attributeRows = draft.attributes;
  if (draft.newAttribute.name.trim() || draft.newAttribute.value.trim()) {
    const problem = newAttributeProblem(attributeRows, draft.newAttribute.name);
    if (problem) return { field: problem };
    attributeRows = [...attributeRows, { name: draft.newAttribute.name.trim(), text: draft.newAttribute.value }];
  }
  const contact = Object.fromEntries(
    (['person', 'phone', 'email', 'website'] as const).flatMap((key) => (draft[key].trim() ? [[key, draft[key].trim()]] : [])),
  );
  return {
    input: {
      categoryId: draft.categoryId,
      name: draft.name.trim(),
      kind: draft.kind,
      address: orNull(draft.address),
      lon: draft.lon,
      lat: draft.lat,
      operator: orNull(draft.operator),
      operatorType: orNull(draft.operatorType),
      capacity,
      capacityUnit: orNull(draft.capacityUnit),
      targetGroups: draft.targetGroups
        .split(/[;,]/)
        .map((g) => g.trim())
        .filter(Boolean),
      accessibility: draft.accessibility === '' ? null : draft.accessibility,
      contact,
      openingHours: orNull(draft.openingHours),
      source: orNull(draft.source),
      notes: orNull(draft.notes),
      resourceDescription: draft.kind === 'resource' ? orNull(draft.resourceDescription) : null,
      validFrom: orNull(draft.validFrom),
      validTo: orNull(draft.validTo),
      attributes: attributesOf(attributeRows, draft.language),
    },
  };
}

export interface FacilityEditorProps {
  /** An existing facility, or null for a new one at `position`. */
  facilityId: string | null;
  position?: { lon: number; lat: number } | undefined;
  categories: readonly FacilityCategory[];
  /** Bump to reload the facility (e.g. after it was moved on the map). */
  version?: number;
  onSaved: (detail: FacilityDetail) => void;
  onClose: () => void;
  /** Opens another view (the conflict mark leads to „Austausch“). */
  onNavigate?: ((view: ViewId) => void) | undefined;
}

/**
 * The side panel of one facility: its units, and every field to edit (name, category, address,
 * Träger, capacity, target groups, accessibility, contact, opening hours, source, notes,
 * validity, resource/potential). Saves through facilities.save; archives through facilities.archive.
 */
export function FacilityEditor({ facilityId, position, categories, version = 0, onSaved, onClose, onNavigate }: FacilityEditorProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [detail, setDetail] = useState<FacilityDetail | null>(null);
  const [draft, setDraft] = useState<FacilityDraft | null>(() =>
    facilityId === null && position ? emptyDraft(categories[0]?.id ?? '', position.lon, position.lat) : null,
  );
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const conflicts = useConflictRows();

  useEffect(() => {
    if (facilityId === null) return;
    let cancelled = false;
    setError(null);
    api.call('facilities.get', { id: facilityId }).then(
      (value) => {
        if (cancelled) return;
        setDetail(value);
        setDraft(draftOf(value, i18n.language));
      },
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
    // The language only formats the attribute texts when the facility is (re)loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, facilityId, version]);

  const update = <K extends keyof FacilityDraft>(key: K, value: FacilityDraft[K]) => {
    setSaved(false);
    setDraft((current) => (current ? { ...current, [key]: value } : current));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const checked = inputOf(draft);
    if ('field' in checked) {
      setInvalid(checked.field);
      document.getElementById(`${id}-${checked.field.startsWith('newAttribute') ? 'newAttributeName' : checked.field}`)?.focus();
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    api.call('facilities.save', { ...(detail ? { id: detail.id } : {}), facility: checked.input }).then(
      (value) => {
        setBusy(false);
        setDetail(value);
        setDraft(draftOf(value, i18n.language));
        setSaved(true);
        onSaved(value);
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  };

  const archive = () => {
    if (!detail) return;
    setBusy(true);
    api.call('facilities.archive', { id: detail.id, archived: !detail.archived }).then(
      (value) => {
        setBusy(false);
        setDetail(value);
        onSaved(value);
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  };

  const text = (key: keyof FacilityDraft & string, label: string, options: { type?: string; list?: string; wide?: boolean; multiline?: boolean } = {}) => {
    const value = draft ? String(draft[key]) : '';
    const fieldId = `${id}-${key}`;
    return (
      <div className={options.wide ? 'field field--wide' : 'field'}>
        <label htmlFor={fieldId}>{label}</label>
        {options.multiline ? (
          <textarea id={fieldId} className="input" rows={3} value={value} onChange={(e) => update(key, e.target.value as never)} />
        ) : (
          <input
            id={fieldId}
            className="input"
            type={options.type ?? 'text'}
            list={options.list}
            value={value}
            aria-invalid={invalid === key ? true : undefined}
            aria-describedby={invalid === key ? `${fieldId}-error` : undefined}
            onChange={(e) => update(key, e.target.value as never)}
            data-testid={`facility-field-${key}`}
          />
        )}
        {invalid === key ? (
          <span id={`${fieldId}-error`} className="inline-error" role="alert">
            {t(`facilityEditor.invalid.${key as 'name' | 'capacity' | 'validTo'}`)}
          </span>
        ) : null}
      </div>
    );
  };

  const title = detail?.name ?? (facilityId === null ? t('facilityEditor.newTitle') : t('common.loading'));
  return (
    <SidePanel title={title} kicker={detail ? detail.category.name : t('panel.facility')} onClose={onClose} titleTestId="facility-name">
      {detail && conflicts.has('facilities', detail.id) ? <ConflictMarker variant="banner" onNavigate={onNavigate} /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {detail ? (
        <dl className="facts" data-testid="facility-units">
          {detail.units.length === 0 ? (
            <>
              <dt>{t('facilityEditor.units')}</dt>
              <dd>{t('facilityEditor.outside')}</dd>
            </>
          ) : (
            detail.units.map((unit) => (
              <div key={unit.unitId} style={{ display: 'contents' }}>
                <dt>{unit.levelName}</dt>
                <dd data-testid={`facility-unit-${unit.levelName}`}>{unit.name}</dd>
              </div>
            ))
          )}
          {detail.archived ? (
            <>
              <dt>{t('facilityEditor.status')}</dt>
              <dd>{t('facilityEditor.archived')}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {draft ? (
        <form className="facility-form" onSubmit={submit} noValidate data-testid="facility-form">
          {text('name', t('facilityEditor.name'))}
          <div className="field">
            <label htmlFor={`${id}-category`}>{t('facilityEditor.category')}</label>
            <select id={`${id}-category`} className="input" value={draft.categoryId} onChange={(e) => update('categoryId', e.target.value)} data-testid="facility-field-category">
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {text('address', t('facilityEditor.address'))}
          <div className="form-grid-2">
            {text('operator', t('facilityEditor.operator'))}
            {text('operatorType', t('facilityEditor.operatorType'), { list: `${id}-operator-types` })}
            {text('capacity', t('facilityEditor.capacity'))}
            {text('capacityUnit', t('facilityEditor.capacityUnit'))}
          </div>
          {text('targetGroups', t('facilityEditor.targetGroups'), { list: `${id}-target-groups` })}
          <p className="hint facility-hint">{t('facilityEditor.targetGroupsHint', { examples: TARGET_GROUP_SUGGESTIONS.slice(0, 4).join('; ') })}</p>
          <div className="field">
            <label htmlFor={`${id}-accessibility`}>{t('facilityEditor.accessibility')}</label>
            <select id={`${id}-accessibility`} className="input" value={draft.accessibility} onChange={(e) => update('accessibility', e.target.value as FacilityDraft['accessibility'])}>
              <option value="">{t('facilityEditor.accessibilityValues.unknown')}</option>
              <option value="full">{t('facilityEditor.accessibilityValues.full')}</option>
              <option value="partial">{t('facilityEditor.accessibilityValues.partial')}</option>
              <option value="none">{t('facilityEditor.accessibilityValues.none')}</option>
            </select>
          </div>
          <fieldset className="facility-fieldset">
            <legend>{t('facilityEditor.contact')}</legend>
            <div className="form-grid-2">
              {text('person', t('facilityEditor.person'))}
              {text('phone', t('facilityEditor.phone'), { type: 'tel' })}
              {text('email', t('facilityEditor.email'), { type: 'email' })}
              {text('website', t('facilityEditor.website'), { type: 'url' })}
            </div>
          </fieldset>
          {text('openingHours', t('facilityEditor.openingHours'), { multiline: true })}
          <div className="form-grid-2">
            {text('validFrom', t('facilityEditor.validFrom'), { type: 'date' })}
            {text('validTo', t('facilityEditor.validTo'), { type: 'date' })}
          </div>
          {text('source', t('facilityEditor.source'))}
          {text('notes', t('facilityEditor.notes'), { multiline: true })}
          <label className="checkbox-row">
            <input type="checkbox" checked={draft.kind === 'resource'} onChange={(e) => update('kind', e.target.checked ? 'resource' : 'facility')} data-testid="facility-field-resource" />
            {t('facilityEditor.resource')}
          </label>
          {draft.kind === 'resource' ? text('resourceDescription', t('facilityEditor.resourceDescription'), { multiline: true }) : null}
          <FacilityAttributes
            idPrefix={id}
            rows={draft.attributes}
            newAttribute={draft.newAttribute}
            problem={invalid === 'newAttributeName' || invalid === 'newAttributeDuplicate' ? invalid : null}
            onRows={(rows) => update('attributes', rows)}
            onNewAttribute={(value) => update('newAttribute', value)}
            onProblem={(problem) => setInvalid(problem)}
          />
          <p className="hint">{t('facilityEditor.position', { lon: draft.lon.toFixed(5), lat: draft.lat.toFixed(5) })}</p>
          <div className="button-row facility-actions">
            <button type="submit" className="button button--primary" disabled={busy} data-testid="facility-save">
              {detail ? t('facilityEditor.save') : t('facilityEditor.create')}
            </button>
            {detail ? (
              <button type="button" className="button" disabled={busy} onClick={archive} data-testid="facility-archive">
                {detail.archived ? t('facilityEditor.unarchive') : t('facilityEditor.archive')}
              </button>
            ) : null}
            <span role="status" className="small muted">
              {saved ? t('facilityEditor.saved') : ''}
            </span>
          </div>
          <datalist id={`${id}-target-groups`}>
            {TARGET_GROUP_SUGGESTIONS.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <datalist id={`${id}-operator-types`}>
            {OPERATOR_TYPE_SUGGESTIONS.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </form>
      ) : null}
      {draft ? <FacilityPhotos facility={detail} onChange={setDetail} /> : null}
    </SidePanel>
  );
}
