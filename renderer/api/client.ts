import {
  eventSchemas,
  type CallResult,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../shared/contract.ts';

/** A failed call: `message` is German and complete, `details` depends on `code`. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

/** Codes the transports produce themselves (all others come from main). */
export const SESSION_INVALID = 'session-invalid';
export const CONNECTION_LOST = 'connection-lost';

/**
 * Health of the connection to main, for a banner. Electron is always `ok`; the web host can lose
 * its process (`offline`) or refuse the token (`session-invalid`).
 */
export type ConnectionStatus = 'ok' | 'offline' | 'session-invalid';

/** The raw channel to main: Electron IPC or loopback HTTP. */
export interface Transport {
  readonly host: 'electron' | 'web';
  invoke(method: string, input: unknown): Promise<CallResult<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  onStatus?(listener: (status: ConnectionStatus) => void): () => void;
}

/** The typed client every component uses (through `useApi()`). */
export interface ApiClient {
  readonly host: 'electron' | 'web';
  /** Resolves with the value or throws an `ApiError`. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribe to one event kind; payloads that break the contract are dropped. */
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export function createClient(transport: Transport): ApiClient {
  return {
    host: transport.host,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await transport.invoke(method, input);
      if (result.ok) return result.value as MethodOutput<M>;
      const { code, message, details } = result.error;
      throw new ApiError(code, message, details);
    },
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
      const schema = eventSchemas[event];
      return transport.onEvent((name, payload) => {
        if (name !== event) return;
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          console.warn(`Ereignis ${event} verworfen: passt nicht zum Vertrag.`);
          return;
        }
        handler(parsed.data as EventPayload<E>);
      });
    },
    onStatus(listener) {
      return transport.onStatus ? transport.onStatus(listener) : () => {};
    },
  };
}

/** Errors the connection banner already reports; views need not repeat them. */
export function isConnectionError(error: unknown): boolean {
  return error instanceof ApiError && (error.code === SESSION_INVALID || error.code === CONNECTION_LOST);
}

/** Message of any thrown value, for display; ApiError messages are already German. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A job id for imports (progress events are matched by it). */
export function newJobId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
