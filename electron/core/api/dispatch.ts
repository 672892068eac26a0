import { z } from 'zod';
import {
  contract,
  isMethodName,
  type CallResult,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract.ts';
import { ImportFailed } from '../geo/types.ts';
import { UserFacingError } from '../errors.ts';

export interface CallContext {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

type ParsedInput<M extends MethodName> = z.output<(typeof contract)[M]['input']>;

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export interface DispatchOptions {
  /** Validate outputs too (tests and development): a handler that breaks the contract fails loudly. */
  checkOutput?: boolean;
}

/**
 * The single entry for calls from any transport: unknown methods and invalid inputs are refused
 * before a handler runs; errors become a German message in the result envelope.
 */
export async function dispatch(
  handlers: Handlers,
  method: string,
  rawInput: unknown,
  context: CallContext,
  options: DispatchOptions = {},
): Promise<CallResult<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `Unbekannte Funktion: ${method.slice(0, 80)}` } };
  }
  const spec = contract[method];
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: `Ungültige Eingabe für ${method}: ${z.prettifyError(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown, context: CallContext) => unknown;
    const value = await handler(parsed.data, context);
    if (options.checkOutput) {
      const checked = spec.output.safeParse(value);
      if (!checked.success) throw new Error(`Ausgabe von ${method} verletzt den Vertrag: ${z.prettifyError(checked.error)}`);
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

export function toWireError(error: unknown): { code: string; message: string; details?: unknown } {
  if (error instanceof ImportFailed) return { code: 'import-failed', message: error.message, details: error.issues };
  if (error instanceof UserFacingError) return { code: error.code, message: error.message, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Interner Fehler: ${message}` };
}
