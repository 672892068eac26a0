import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ClassificationMethod } from '../indicators/classification.ts';
import type { SchemeChoice } from '../indicators/ramps.ts';

/**
 * The selection every view shares, so that they stay linked: picking a unit or an indicator in
 * one view shows the same in the others (map outline, table row, profile column). It lives above
 * the views in App; the views themselves are mounted one at a time.
 */
export interface ClassificationSettings {
  method: ClassificationMethod;
  /** Requested number of classes (3–7); ignored for manual breaks. */
  classes: number;
  /** 'auto': sequential, or diverging around the city mean for standard-deviation classes. */
  scheme: SchemeChoice;
  /** Breaks from all periods, so a colour means the same in every year. */
  allPeriods: boolean;
  /** Inner class boundaries for the method 'manual'. */
  manualBreaks: number[];
  /** Class breaks without box-plot outliers (IQR rule); they then fall into the outer classes. */
  excludeOutliers?: boolean;
}

export interface SelectionState {
  levelId: string | null;
  /** Selected units; the first is "the" selected unit, the others are compared with it. */
  unitIds: string[];
  indicatorId: string | null;
  period: string | null;
  classification: ClassificationSettings;
}

export type UnitSelectMode = 'replace' | 'toggle' | 'add';

export interface Selection extends SelectionState {
  setLevel(levelId: string | null): void;
  /** replace: only this unit; toggle: add or remove it (Strg-Klick); add: append if missing. */
  selectUnit(unitId: string, mode?: UnitSelectMode): void;
  removeUnit(unitId: string): void;
  clearUnits(): void;
  setIndicator(indicatorId: string | null): void;
  setPeriod(period: string | null): void;
  setClassification(patch: Partial<ClassificationSettings>): void;
}

export const DEFAULT_CLASSIFICATION: ClassificationSettings = {
  method: 'quantile',
  classes: 5,
  scheme: 'auto',
  allPeriods: false,
  manualBreaks: [],
};

const SelectionContext = createContext<Selection | null>(null);

export function SelectionProvider({ children, initial }: { children: ReactNode; initial?: Partial<SelectionState> }) {
  const [state, setState] = useState<SelectionState>(() => ({
    levelId: null,
    unitIds: [],
    indicatorId: null,
    period: null,
    ...initial,
    classification: { ...DEFAULT_CLASSIFICATION, ...initial?.classification },
  }));

  const setLevel = useCallback((levelId: string | null) => setState((s) => (s.levelId === levelId ? s : { ...s, levelId })), []);
  const selectUnit = useCallback((unitId: string, mode: UnitSelectMode = 'replace') => {
    setState((s) => {
      const has = s.unitIds.includes(unitId);
      let unitIds: string[];
      if (mode === 'replace') unitIds = has && s.unitIds.length === 1 ? s.unitIds : [unitId];
      else if (mode === 'add') unitIds = has ? s.unitIds : [...s.unitIds, unitId];
      else unitIds = has ? s.unitIds.filter((id) => id !== unitId) : [...s.unitIds, unitId];
      return unitIds === s.unitIds ? s : { ...s, unitIds };
    });
  }, []);
  const removeUnit = useCallback(
    (unitId: string) => setState((s) => (s.unitIds.includes(unitId) ? { ...s, unitIds: s.unitIds.filter((id) => id !== unitId) } : s)),
    [],
  );
  const clearUnits = useCallback(() => setState((s) => (s.unitIds.length === 0 ? s : { ...s, unitIds: [] })), []);
  const setIndicator = useCallback(
    (indicatorId: string | null) =>
      // Manual breaks belong to one indicator's value range; another indicator starts without them.
      setState((s) =>
        s.indicatorId === indicatorId
          ? s
          : {
              ...s,
              indicatorId,
              classification:
                s.classification.method === 'manual' ? { ...s.classification, method: DEFAULT_CLASSIFICATION.method, manualBreaks: [] } : s.classification,
            },
      ),
    [],
  );
  const setPeriod = useCallback((period: string | null) => setState((s) => (s.period === period ? s : { ...s, period })), []);
  const setClassification = useCallback(
    (patch: Partial<ClassificationSettings>) => setState((s) => ({ ...s, classification: { ...s.classification, ...patch } })),
    [],
  );

  const value = useMemo<Selection>(
    () => ({ ...state, setLevel, selectUnit, removeUnit, clearUnits, setIndicator, setPeriod, setClassification }),
    [state, setLevel, selectUnit, removeUnit, clearUnits, setIndicator, setPeriod, setClassification],
  );
  return <SelectionContext value={value}>{children}</SelectionContext>;
}

export function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('useSelection() außerhalb von <SelectionProvider> aufgerufen.');
  return selection;
}

/** Strg/Cmd/Umschalt-Klick adds a unit to the comparison instead of replacing the selection. */
export function selectModeOf(event: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): UnitSelectMode {
  return event.ctrlKey || event.metaKey || event.shiftKey ? 'toggle' : 'replace';
}
