import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { searchKey } from '../../../shared/text-key.ts';

export type Indicator = MethodOutput<'indicators.list'>[number];

export interface IndicatorComboProps {
  id?: string;
  /** Accessible name, e.g. "Indikator für Spalte „Anzahl_2018“". */
  label: string;
  /** Indicator code; '' = none ("ignorieren" where that is allowed). */
  value: string;
  onChange: (code: string) => void;
  indicators: readonly Indicator[];
  /** Offer "ignorieren" (the empty value) as the first option. */
  allowIgnore?: boolean;
  invalid?: boolean;
  describedBy?: string;
  testId?: string;
}

const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_OPTIONS = 50;
const LIST_HEIGHT = 260;

/**
 * The list is fixed to the viewport below (or above) the input: the combobox sits in scrolling
 * table cells and in the dialog's scrolling body, which would clip an absolutely placed list.
 */
function placeBelow(input: HTMLElement): CSSProperties {
  const rect = input.getBoundingClientRect();
  const width = Math.max(rect.width, 300);
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  const below = window.innerHeight - rect.bottom;
  if (below < LIST_HEIGHT && rect.top > below) return { left, width, bottom: window.innerHeight - rect.top + 2, maxHeight: Math.min(LIST_HEIGHT, rect.top - 8) };
  return { left, width, top: rect.bottom + 2, maxHeight: Math.min(LIST_HEIGHT, below - 8) };
}

type Option = { key: string; kind: 'ignore' } | { key: string; kind: 'indicator'; indicator: Indicator } | { key: string; kind: 'free'; code: string };

/**
 * Searchable choice of an indicator code (ARIA combobox): type a name or code, arrows move,
 * Enter or a click chooses, Esc closes the list only. A code that is not in the catalogue can be
 * taken as typed; the wizard flags it.
 */
export function IndicatorCombo({ id, label, value, onChange, indicators, allowIgnore = false, invalid, describedBy, testId }: IndicatorComboProps) {
  const { t } = useTranslation();
  const ownId = useId();
  const inputId = id ?? ownId;
  const listId = `${inputId}-list`;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [place, setPlace] = useState<CSSProperties>({});
  const inputRef = useRef<HTMLInputElement>(null);
  const known = indicators.find((i) => i.code === value);

  const options = useMemo<Option[]>(() => {
    const text = (query ?? '').trim();
    const needle = searchKey(text);
    const found = indicators.filter((i) => {
      if (!needle) return true;
      const hay = searchKey(`${i.name} ${i.shortName ?? ''} ${i.code} ${i.topic ?? ''}`);
      return needle.split(/\s+/).every((part) => hay.includes(part));
    });
    found.sort((a, b) => Number(searchKey(b.code) === needle) - Number(searchKey(a.code) === needle));
    const list: Option[] = [];
    if (allowIgnore && !text) list.push({ key: '__ignore', kind: 'ignore' });
    list.push(...found.slice(0, MAX_OPTIONS).map((indicator): Option => ({ key: indicator.id, kind: 'indicator', indicator })));
    if (text && CODE.test(text) && !indicators.some((i) => i.code === text)) list.push({ key: '__free', kind: 'free', code: text });
    return list;
  }, [indicators, query, allowIgnore]);

  useLayoutEffect(() => {
    if (!open) return;
    const input = inputRef.current;
    if (!input) return;
    const follow = () => setPlace(placeBelow(input));
    follow();
    window.addEventListener('resize', follow);
    window.addEventListener('scroll', follow, true);
    return () => {
      window.removeEventListener('resize', follow);
      window.removeEventListener('scroll', follow, true);
    };
  }, [open]);

  // Keep the active option in view while arrowing through a long list.
  useEffect(() => {
    if (open) document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [open, active, listId]);

  // While the list is open, Esc closes it and nothing else: the dialog listens for Esc on the
  // document in the capture phase, so this listener sits on the window, one step earlier.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || document.activeElement?.id !== inputId) return;
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setQuery(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, inputId]);

  function choose(option: Option | undefined) {
    if (!option) return;
    onChange(option.kind === 'ignore' ? '' : option.kind === 'indicator' ? option.indicator.code : option.code);
    setOpen(false);
    setQuery(null);
  }

  /** Leaving the field keeps what was typed: a known name or code, a new code, or nothing. */
  function commitTyped() {
    if (query === null) return;
    const text = query.trim();
    const match = indicators.find((i) => i.code === text) ?? indicators.find((i) => searchKey(i.code) === searchKey(text) || searchKey(i.name) === searchKey(text));
    if (match) onChange(match.code);
    else if (!text) onChange('');
    else onChange(text);
    setQuery(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(Math.max(0, options.findIndex((o) => (o.kind === 'indicator' ? o.indicator.code === value : o.kind === 'ignore' && value === ''))));
        return;
      }
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (options.length === 0 ? 0 : (current + delta + options.length) % options.length));
    } else if (event.key === 'Enter') {
      if (open && options[active]) {
        event.preventDefault();
        choose(options[active]);
      } else if (query !== null) {
        event.preventDefault();
        commitTyped();
      }
    } else if (event.key === 'Home' && open) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && open) {
      event.preventDefault();
      setActive(Math.max(0, options.length - 1));
    }
  }

  const shown = query ?? (known ? `${known.name} (${known.code})` : value);
  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <div className="vw-combo">
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        className={`input input--compact vw-combo-input${invalid ? ' input--invalid' : ''}`}
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? optionId(active) : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={allowIgnore ? t('valuesWizard.combo.ignorePlaceholder') : t('valuesWizard.combo.placeholder')}
        autoComplete="off"
        spellCheck={false}
        value={shown}
        title={known ? `${known.name} (${known.code})` : value || undefined}
        data-testid={testId}
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => {
          setOpen(false);
          commitTyped();
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" className="vw-combo-list" aria-label={label} hidden={!open} style={place}>
        {options.length === 0 ? (
          <li role="presentation" className="vw-combo-empty">
            {t('valuesWizard.combo.noMatch')}
          </li>
        ) : (
          options.map((option, index) => (
            <li
              key={option.key}
              id={optionId(index)}
              role="option"
              aria-selected={option.kind === 'indicator' ? option.indicator.code === value : option.kind === 'ignore' ? value === '' : false}
              className={`vw-combo-option${index === active ? ' vw-combo-option--active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(option)}
            >
              {option.kind === 'ignore' ? (
                <span className="vw-combo-name">{t('valuesWizard.combo.ignore')}</span>
              ) : option.kind === 'indicator' ? (
                <>
                  <span className="vw-combo-name">{option.indicator.name}</span>
                  <span className="vw-combo-meta mono">
                    {option.indicator.code}
                    {option.indicator.unit ? ` · ${option.indicator.unit}` : ''}
                  </span>
                </>
              ) : (
                <span className="vw-combo-name">{t('valuesWizard.combo.useCode', { code: option.code })}</span>
              )}
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
