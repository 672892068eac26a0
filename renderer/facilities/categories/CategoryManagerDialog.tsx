import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import type { Category } from '../../map/CategoryLegend.tsx';
import { CategoryForm, type CategoryDraft } from './CategoryForm.tsx';
import { CategoryIcon } from './CategoryIcon.tsx';
import './categories.css';

export interface CategoryManagerDialogProps {
  onClose: () => void;
  /** After a save or delete, so the caller reloads its own category list. */
  onChanged?: () => void;
}

/** Which category the form shows: an existing one by id, or a new one. */
type Selection = { id: string } | 'new';

/**
 * "Kategorien verwalten": every category with its number of facilities, grouped; edit name,
 * group, colour and icon, add new ones, delete unused ones (in use: says why not).
 */
export function CategoryManagerDialog({ onClose, onChanged }: CategoryManagerDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const reload = useCallback(
    () =>
      api.call('categories.list', {}).then(
        (list) => {
          setCategories(list);
          return list;
        },
        (e: unknown) => {
          setMessage({ kind: 'error', text: errorMessage(e) });
          return null;
        },
      ),
    [api],
  );
  useEffect(() => {
    void reload().then((list) => list && list[0] && setSelection((s) => s ?? { id: list[0]!.id }));
  }, [reload]);

  const groups = useMemo(() => [...new Set((categories ?? []).map((c) => c.group).filter((g): g is string => !!g))].sort((a, b) => a.localeCompare(b, 'de')), [categories]);
  const selected = selection && selection !== 'new' ? (categories?.find((c) => c.id === selection.id) ?? null) : null;

  const save = async (draft: CategoryDraft) => {
    setSaving(true);
    setMessage(null);
    try {
      const saved = await api.call('categories.save', {
        ...(selected ? { id: selected.id } : {}),
        name: draft.name.trim(),
        group: draft.group.trim() || null,
        color: draft.color,
        icon: draft.icon,
        capacityUnit: draft.capacityUnit.trim() || null,
      });
      await reload();
      setSelection({ id: saved.id });
      setMessage({ kind: 'success', text: t('categoryEditor.saved', { name: saved.name }) });
      onChanged?.();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!selected) return;
    setSaving(true);
    setMessage(null);
    try {
      await api.call('categories.delete', { id: selected.id });
      const list = await reload();
      setSelection(list && list[0] ? { id: list[0].id } : 'new');
      setMessage({ kind: 'success', text: t('categoryEditor.deleted', { name: selected.name }) });
      onChanged?.();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  // Grouped as the list comes (ordered by group, then name); ungrouped ones last.
  const grouped = useMemo(() => {
    const map = new Map<string, Category[]>();
    for (const c of categories ?? []) {
      const key = c.group ?? '';
      map.set(key, [...(map.get(key) ?? []), c]);
    }
    return [...map.entries()];
  }, [categories]);

  return (
    <Modal
      title={t('categoryEditor.title')}
      onClose={onClose}
      testId="category-dialog"
      size="wide"
      footer={
        <button type="button" className="button" onClick={onClose}>
          {t('categoryEditor.close')}
        </button>
      }
    >
      <div className="category-manager">
        <div className="category-list-pane">
          <button type="button" className="button" onClick={() => setSelection('new')} aria-pressed={selection === 'new'} data-testid="category-new">
            {t('categoryEditor.new')}
          </button>
          {categories === null ? <p className="muted">{t('common.loading')}</p> : null}
          {grouped.map(([group, items]) => (
            <section key={group} className="category-group">
              <h3 className="category-group-title">{group || t('categoryEditor.noGroup')}</h3>
              <ul className="category-list">
                {items.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="category-list-item"
                      aria-current={selected?.id === c.id ? 'true' : undefined}
                      onClick={() => {
                        setSelection({ id: c.id });
                        setMessage(null);
                      }}
                      data-testid="category-item"
                    >
                      <CategoryIcon icon={c.icon} color={c.color} />
                      <span className="category-list-name">{c.name}</span>
                      <span className="category-list-count" aria-label={t('categoryEditor.countLabel', { count: c.facilityCount })}>
                        {c.facilityCount}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
        <div className="category-form-pane">
          {message ? (
            <p className={`notice ${message.kind === 'error' ? 'notice--error' : 'notice--success'}`} role={message.kind === 'error' ? 'alert' : 'status'}>
              {message.text}
            </p>
          ) : null}
          {selection ? (
            <CategoryForm key={selection === 'new' ? 'new' : `${selection.id}-${selected?.name}-${selected?.color}-${selected?.icon}`} category={selected} groups={groups} saving={saving} onSave={(d) => void save(d)} onDelete={() => void remove()} />
          ) : null}
        </div>
      </div>
    </Modal>
  );
}
