// The wire format shared by every transport, and the two halves generated from the method
// table: a dispatcher (engine side) and a typed client (every caller).
import { z } from 'zod';
import { AdloopError, fromErrorShape, invalidInput, toErrorShape, type ErrorShape } from './errors';
import { eventSchemas, type EngineEvent, type EventName, type EventPayload } from './events';
import { isMethodName, methods, type Input, type MethodName, type Output, type ParsedInput } from './methods';

export const rpcRequestSchema = z.object({
  id: z.union([z.string(), z.number()]),
  method: z.string(),
  params: z.unknown(),
});
export type RpcRequest = z.infer<typeof rpcRequestSchema>;

export type RpcResponse =
  | { id: string | number; ok: true; result: unknown }
  | { id: string | number; ok: false; error: ErrorShape };

/** Validate a method name and its params against the contract; throws a typed error. */
export function parseCall<M extends MethodName>(method: unknown, params: unknown): { method: M; input: ParsedInput<M> } {
  if (!isMethodName(method)) {
    throw new AdloopError('UnknownMethod', `Unknown method ${JSON.stringify(method)}`, { details: { method } });
  }
  const parsed = methods[method].input.safeParse(params ?? {});
  if (!parsed.success) throw invalidInput(method, parsed.error);
  return { method: method as M, input: parsed.data as ParsedInput<M> };
}

export interface CallContext {
  requestId: string;
  /** Report progress of long work; the engine turns it into `progress` events. */
  progress(step: string, done: number, total: number, message?: string): void;
}

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>, ctx: CallContext) => Promise<Output<M>> };

/**
 * The engine-side dispatcher: validates input, runs the handler, checks the output against the
 * contract (a handler that breaks the contract is an engine bug, reported as Internal).
 */
export function createDispatcher(handlers: Handlers, makeContext: (req: RpcRequest) => CallContext) {
  return async function dispatch(raw: unknown): Promise<RpcResponse> {
    const envelope = rpcRequestSchema.safeParse(raw);
    if (!envelope.success) {
      return { id: -1, ok: false, error: invalidInput('request envelope', envelope.error).toShape() };
    }
    const req = envelope.data;
    try {
      const { method, input } = parseCall(req.method, req.params);
      const handler = handlers[method] as (i: unknown, c: CallContext) => Promise<unknown>;
      const result = await handler(input, makeContext(req));
      const checked = methods[method].output.safeParse(result);
      if (!checked.success) {
        const detail = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new AdloopError('Internal', `Engine returned output that breaks the contract for ${method}: ${detail}`);
      }
      return { id: req.id, ok: true, result: checked.data };
    } catch (e) {
      return { id: req.id, ok: false, error: toErrorShape(e) };
    }
  };
}

/** A transport moves one request to the engine and brings back its response. */
export interface Transport {
  request(method: MethodName, params: unknown): Promise<RpcResponse>;
  /** Subscribe to engine events; returns an unsubscribe function. */
  onEvent?(listener: (event: EngineEvent) => void): () => void;
}

export interface AdloopClient {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * The typed client every caller uses. It validates input before sending (fail fast, with the
 * same typed error the engine would give) and validates events as they arrive.
 */
export function createClient(transport: Transport): AdloopClient {
  return {
    async call(method, input) {
      parseCall(method, input);
      const res = await transport.request(method, input);
      if (!res.ok) throw fromErrorShape(res.error);
      return res.result as Output<typeof method>;
    },
    on(event, listener) {
      if (!transport.onEvent) return () => undefined;
      return transport.onEvent((e) => {
        if (e.event !== event) return;
        const parsed = eventSchemas[event].safeParse(e.payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
