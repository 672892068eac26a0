import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import type { ComputedField } from '../../indicators/ComputedIndicatorFields.tsx';
import type { IndicatorDetail } from '../../indicators/values.ts';

/**
 * The state both facility analysis dialogs keep about the new indicator: code and name typed over
 * the suggestions (null: follow them), whether saving was tried, and main's answer. A code main
 * finds taken is shown at the code field until the planner changes it.
 */
export function useIndicatorSave(onSaved: (saved: IndicatorDetail) => void) {
  const [code, setCode] = useState<string | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [serverCodeError, setServerCodeError] = useState<string | null>(null);

  function onField(field: ComputedField, value: string) {
    if (field === 'code') {
      setServerCodeError(null);
      setCode(value);
    } else if (field === 'name') setName(value);
  }

  /** A save attempt begins: missing input is shown from now on, the last refusal goes. */
  function attempt() {
    setSubmitted(true);
    setSaveError(null);
  }

  async function save(call: () => Promise<IndicatorDetail>) {
    setSaving(true);
    try {
      onSaved(await call());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'duplicate-code') setServerCodeError(error.message);
      else setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return { code, name, onField, submitted, saving, saveError, serverCodeError, attempt, save };
}
