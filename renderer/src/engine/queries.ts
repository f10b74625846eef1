// Typed TanStack Query hooks over the contract: the key is the method and its input, so two
// views asking the same question share one request and one cache entry.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { AdloopError, Input, MethodName, Output } from '../../../contract';
import { useEngine } from './EngineProvider';

export function engineKey<M extends MethodName>(method: M, input: Input<M>): readonly [M, Input<M>] {
  return [method, input] as const;
}

export interface EngineQueryOptions {
  enabled?: boolean;
  /** Keep showing the previous answer while a changed filter loads, instead of a spinner. */
  keepPrevious?: boolean;
}

export function useEngineQuery<M extends MethodName>(method: M, input: Input<M>, opts: EngineQueryOptions = {}): UseQueryResult<Output<M>, AdloopError> {
  const client = useEngine();
  return useQuery<Output<M>, AdloopError>({
    queryKey: engineKey(method, input),
    queryFn: () => client.call(method, input),
    enabled: opts.enabled ?? true,
    ...(opts.keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}

/** A mutating call; on success the given read is replaced with the engine's answer. */
export function useEngineMutation<M extends MethodName, R extends MethodName>(method: M, writesInto?: { method: R; input: Input<R> }) {
  const client = useEngine();
  const queryClient = useQueryClient();
  return useMutation<Output<M>, AdloopError, Input<M>>({
    mutationFn: (input) => client.call(method, input),
    onSuccess: (result) => {
      if (writesInto) queryClient.setQueryData(engineKey(writesInto.method, writesInto.input), result);
    },
  });
}
