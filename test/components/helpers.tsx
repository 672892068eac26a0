import type { ReactElement, ReactNode } from 'react';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract.ts';
import { ApiError, type ApiClient, type ConnectionStatus } from '../../renderer/api/client.ts';
import { ApiProvider } from '../../renderer/api/context.tsx';
import { createI18n, type Language } from '../../renderer/i18n/index.ts';

export type FakeHandlers = {
  [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export interface FakeClient extends ApiClient {
  calls: { method: MethodName; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** An in-memory client: each method answers from `handlers`, unknown ones fail like main would. */
export function fakeClient(handlers: FakeHandlers = {}): FakeClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { method: MethodName; input: unknown }[] = [];
  return {
    host: 'web',
    calls,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      calls.push({ method, input });
      const handler = handlers[method] as ((input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>) | undefined;
      if (!handler) throw new ApiError('unknown-method', `Unbekannte Funktion: ${method}`);
      return handler(input);
    },
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = (payload: unknown) => handler(payload as EventPayload<E>);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onStatus(_listener: (status: ConnectionStatus) => void) {
      return () => {};
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

export function renderWithProviders(
  ui: ReactElement,
  { client = fakeClient(), language = 'de' }: { client?: ApiClient; language?: Language } = {},
) {
  const i18n = createI18n(language);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ApiProvider client={client}>
      <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
    </ApiProvider>
  );
  return { client, i18n, ...render(ui, { wrapper }) };
}
