// The shell's one way to talk to the engine. Tray actions, power events, notifications and the
// keychain all take this interface, so they are tested against a fake (or a real engine) in Node.
import { fromErrorShape, type EngineEvent, type Input, type MethodName, type Output, type Transport } from '../contract';

/** An engine event as the shell sees it: events other branches add later arrive by name. */
export interface ShellEvent {
  event: string;
  payload: unknown;
}

export interface EngineFacade {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /**
   * Calls a method by name. For methods other areas are adding in parallel (`fatigue.wake`,
   * …): until they exist the engine answers UnknownMethod,
   * which callers log instead of crashing the shell.
   */
  callByName(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (e: ShellEvent) => void): () => void;
}

export function engineFacadeFrom(handle: { transport: Transport; onEvent(listener: (e: EngineEvent) => void): () => void }): EngineFacade {
  const callByName = async (method: string, input: unknown): Promise<unknown> => {
    // The transport validates nothing itself: the engine checks the name and the input.
    const res = await handle.transport.request(method as MethodName, input);
    if (!res.ok) throw fromErrorShape(res.error);
    return res.result;
  };
  return {
    call: (method, input) => callByName(method, input) as Promise<Output<typeof method>>,
    callByName,
    onEvent: (listener) => handle.onEvent((e) => listener(e)),
  };
}
