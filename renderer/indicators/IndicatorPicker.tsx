import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchKey, topicPath, type IndicatorSummary, type Topic } from './values.ts';

export interface IndicatorPickerProps {
  indicators: readonly IndicatorSummary[];
  topics: readonly Topic[];
  value: string | null;
  onChange: (indicatorId: string | null) => void;
  /** Indicators with values on this level are offered; others are shown disabled. */
  levelId: string | null;
  label?: string;
}

interface Group {
  id: string;
  label: string;
  items: IndicatorSummary[];
}

/**
 * Searchable indicator choice, grouped by topic (ARIA combobox with a listbox): type to filter
 * (umlaut-insensitive, over name, short name, code and topic), arrows to move, Enter to choose,
 * Esc to close.
 */
export function IndicatorPicker({ indicators, topics, value, onChange, levelId, label }: IndicatorPickerProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const selected = indicators.find((i) => i.id === value) ?? null;

  const groups = useMemo<Group[]>(() => {
    const needle = searchKey(query.trim());
    const byTopic = new Map<string, Group>();
    for (const indicator of indicators) {
      const path = topicPath(indicator.topicId, topics);
      const topicLabel = path.length > 0 ? path.join(' › ') : (indicator.topic ?? t('indicators.noTopic'));
      const haystack = searchKey([indicator.name, indicator.shortName ?? '', indicator.code, topicLabel].join(' '));
      if (needle && !needle.split(/\s+/).every((part) => haystack.includes(part))) continue;
      const key = indicator.topicId ?? '';
      const group = byTopic.get(key) ?? { id: key, label: topicLabel, items: [] };
      group.items.push(indicator);
      byTopic.set(key, group);
    }
    return [...byTopic.values()];
  }, [indicators, topics, query, t]);

  const isEnabled = (i: IndicatorSummary) => levelId === null || i.levelIds.includes(levelId);
  const enabled = groups.flatMap((g) => g.items).filter(isEnabled);
  const optionId = (id: string) => `${listId}-${id}`;

  function choose(indicator: IndicatorSummary) {
    onChange(indicator.id);
    setOpen(false);
    setQuery('');
  }

  function move(delta: number) {
    if (enabled.length === 0) return;
    const index = enabled.findIndex((i) => i.id === active);
    const next = index < 0 ? (delta > 0 ? 0 : enabled.length - 1) : (index + delta + enabled.length) % enabled.length;
    const id = enabled[next]!.id;
    setActive(id);
    document.getElementById(optionId(id))?.scrollIntoView?.({ block: 'nearest' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(value && enabled.some((i) => i.id === value) ? value : (enabled[0]?.id ?? null));
        return;
      }
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      const indicator = enabled.find((i) => i.id === active);
      if (open && indicator) {
        event.preventDefault();
        choose(indicator);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        // The side panel also listens for Esc; this one only closes the list.
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
        setQuery('');
      }
    } else if (event.key === 'Home' && open) {
      event.preventDefault();
      setActive(enabled[0]?.id ?? null);
    } else if (event.key === 'End' && open) {
      event.preventDefault();
      setActive(enabled.at(-1)?.id ?? null);
    }
  }

  const displayed = open ? query : (selected?.name ?? '');

  return (
    <div className="picker">
      <label htmlFor={inputId} className="toolbar-label">
        {label ?? t('indicators.picker.label')}
      </label>
      <div className="picker-box">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          className="input input--compact picker-input"
          data-testid="indicator-picker"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active ? optionId(active) : undefined}
          placeholder={t('indicators.picker.placeholder')}
          value={displayed}
          title={selected?.name}
          autoComplete="off"
          onFocus={(e) => e.target.select()}
          onClick={() => {
            setOpen(true);
            setActive(value);
          }}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(null);
          }}
          onBlur={() => {
            setOpen(false);
            setQuery('');
          }}
          onKeyDown={onKeyDown}
        />
        {selected ? (
          <button
            type="button"
            className="icon-button picker-clear"
            aria-label={t('indicators.picker.clear')}
            title={t('indicators.picker.clear')}
            onClick={() => {
              onChange(null);
              inputRef.current?.focus();
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
        <ul id={listId} role="listbox" className="picker-list" aria-label={t('indicators.picker.listLabel')} hidden={!open}>
          {groups.length === 0 ? (
            <li role="presentation" className="picker-empty">
              {t('indicators.picker.noMatch')}
            </li>
          ) : (
            groups.map((group) => (
              <li key={group.id} role="presentation">
                <div className="picker-group-label" id={`${listId}-g-${group.id}`} aria-hidden="true">
                  {group.label}
                </div>
                <ul role="group" aria-label={group.label}>
                  {group.items.map((indicator) => {
                    const disabled = !isEnabled(indicator);
                    return (
                      <li
                        key={indicator.id}
                        id={optionId(indicator.id)}
                        role="option"
                        aria-selected={indicator.id === value}
                        aria-disabled={disabled || undefined}
                        className={`picker-option${indicator.id === active ? ' picker-option--active' : ''}`}
                        onMouseDown={(e) => e.preventDefault()}
                        onMouseEnter={() => !disabled && setActive(indicator.id)}
                        onClick={() => !disabled && choose(indicator)}
                      >
                        <span className="picker-option-name">{indicator.name}</span>
                        <span className="picker-option-meta">
                          {disabled
                            ? t('indicators.picker.noValuesOnLevel')
                            : [indicator.unit, periodRange(indicator.periods)].filter(Boolean).join(' · ')}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))
          )}
        </ul>
      </div>
    </div>
  );
}

function periodRange(periods: readonly string[]): string {
  if (periods.length === 0) return '';
  const first = periods[0]!.slice(0, 4);
  const last = periods[periods.length - 1]!.slice(0, 4);
  return first === last ? first : `${first}–${last}`;
}
