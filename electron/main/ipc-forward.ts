import type { CallResult } from '../../shared/contract.ts';
import { UserFacingError } from '../core/errors.ts';

export type CoreCall = (method: string, input: unknown) => Promise<CallResult<unknown>>;

export const FORBIDDEN_RESULT: CallResult<unknown> = {
  ok: false,
  error: { code: 'forbidden', message: 'Diese Anfrage kommt nicht aus dem Quartiersatlas-Fenster und wird abgelehnt.' },
};

/**
 * Hands one renderer call to the core. The core answers every contract error as a
 * CallResult; anything it throws still ends as a CallResult, so the renderer's promise never
 * rejects with an Electron-wrapped error text.
 */
export async function forwardCall(call: CoreCall, method: unknown, input: unknown): Promise<CallResult<unknown>> {
  if (typeof method !== 'string' || method.length === 0 || method.length > 100) {
    return { ok: false, error: { code: 'bad-request', message: 'Ungültiger Methodenname.' } };
  }
  try {
    return await call(method, input);
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `Interner Fehler: ${errorMessage(error)}` } };
  }
}

/** The German text for a start that failed (database locked, schema too new, not a database…). */
export function startupErrorText(error: unknown): { title: string; message: string } {
  const title = 'Quartiersatlas kann nicht starten';
  if (error instanceof UserFacingError || (error instanceof Error && error.name === 'UserFacingError')) {
    return { title, message: error.message };
  }
  if (error instanceof Error && error.name === 'DatabaseLocationError') return { title, message: error.message };
  return {
    title,
    message: `Beim Start ist ein unerwarteter Fehler aufgetreten:\n\n${errorMessage(error)}\n\nBitte wenden Sie sich an Ihre IT-Betreuung.`,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
