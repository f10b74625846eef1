// Puts the engine client and the query cache in React context. Engine events invalidate cached
// data, so every view re-reads after a sync, an import or a settings change — from any client.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { isAdloopError, type AdloopClient } from '../../../contract';
import { useUi } from '../state/ui-store';
import { forgetSessionToken } from './session';

const ClientContext = createContext<AdloopClient | null>(null);

/** A refused token ends the session for this tab; ViewFrame also routes a failed chunk probe here. */
export function onEngineError(error: unknown): void {
  if (isAdloopError(error) && error.code === 'Unauthorized') {
    forgetSessionToken(window.sessionStorage);
    useUi.getState().markUnauthorized();
  }
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onEngineError }),
    mutationCache: new MutationCache({ onError: onEngineError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Typed engine errors are answers, not glitches; only an unreachable engine is worth a retry.
        retry: (count, error) => isAdloopError(error) && error.code === 'EngineClosed' && count < 2,
      },
    },
  });
}

export function EngineProvider({ client, children }: { client: AdloopClient; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  useEffect(() => client.on('workspace.changed', () => void queryClient.invalidateQueries()), [client, queryClient]);
  return (
    <ClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ClientContext.Provider>
  );
}

export function useEngine(): AdloopClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useEngine() outside <EngineProvider>');
  return client;
}
