// The Electron IPC router, generated from the contract's method table: one `adloop:<method>`
// handler per method. It checks who is calling, then hands the params to the engine untouched —
// the engine validates them and answers with a typed error envelope if they are wrong. The few
// methods the shell answers itself (`shellHandledMethods`, e.g. app.restart) go to the handler the
// shell registered instead, validated against the same contract.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import {
  AdloopError,
  IPC_EVENT_CHANNEL,
  ipcChannelFor,
  methodNames,
  methods,
  parseCall,
  shellHandledMethods,
  shellOnlyMethods,
  toErrorShape,
  type EngineEvent,
  type MethodName,
  type Output,
  type ParsedInput,
  type RpcResponse,
  type ShellHandledMethod,
  type Transport,
} from '../contract';
import { isTrustedSenderUrl } from './trusted-sender';

/** The part of Electron's `ipcMain` the router uses (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcRouterOptions {
  ipcMain: IpcMainLike;
  engine: { transport: Transport; onEvent(listener: (e: EngineEvent) => void): () => void };
  allowedOrigins: readonly string[];
  /** Where engine events go; each is checked against allowedOrigins before sending. */
  targets: () => Array<Pick<WebContents, 'send' | 'getURL' | 'isDestroyed'>>;
  /** Shell-handled methods the shell answers; one without a handler still goes to the engine. */
  shellHandlers?: ShellHandlers;
}

export type ShellHandlers = { [M in ShellHandledMethod]?: (input: ParsedInput<M>) => Promise<Output<M>> };

/** The methods the renderer may call: all but the main-process-only ones (credential ciphertext). */
export const rendererMethods: readonly MethodName[] = methodNames.filter((m) => !(shellOnlyMethods as readonly string[]).includes(m));

/** Registers every handler; returns a function that removes them and stops forwarding events. */
export function registerIpcRouter(opts: IpcRouterOptions): () => void {
  const channels: string[] = [];
  for (const method of rendererMethods) {
    const channel = ipcChannelFor(method);
    opts.ipcMain.handle(channel, async (event, params): Promise<RpcResponse> => {
      if (!isTrustedSenderUrl(event.senderFrame?.url, opts.allowedOrigins)) {
        const refused = new AdloopError('Unauthorized', `IPC call to ${method} refused: the sender is not the Adloop interface.`);
        return { id: -1, ok: false, error: refused.toShape() };
      }
      try {
        const own = shellHandlerFor(opts.shellHandlers, method);
        if (own) return { id: -1, ok: true, result: await own(params) };
        return await opts.engine.transport.request(method, params);
      } catch (e) {
        // The transport rejects only when the engine is gone; the renderer still gets an envelope.
        return { id: -1, ok: false, error: toErrorShape(e) };
      }
    });
    channels.push(channel);
  }

  const stopEvents = opts.engine.onEvent((e) => sendToTrusted(opts.targets(), opts.allowedOrigins, e));

  return () => {
    stopEvents();
    for (const channel of channels) opts.ipcMain.removeHandler(channel);
  };
}

/** The shell's own handler for a method, validating input and output as the engine would. */
function shellHandlerFor(handlers: ShellHandlers | undefined, method: MethodName): ((params: unknown) => Promise<unknown>) | null {
  if (!handlers || !(shellHandledMethods as readonly string[]).includes(method)) return null;
  const handler = handlers[method as ShellHandledMethod] as ((input: unknown) => Promise<unknown>) | undefined;
  if (!handler) return null;
  return async (params) => {
    const { input } = parseCall(method, params);
    const out = methods[method].output.safeParse(await handler(input));
    if (!out.success) throw new AdloopError('Internal', `The shell's answer to ${method} does not match the contract.`);
    return out.data;
  };
}

/** Sends an event to every live window that shows our renderer (engine events, update status). */
export function sendToTrusted(targets: Array<Pick<WebContents, 'send' | 'getURL' | 'isDestroyed'>>, allowedOrigins: readonly string[], e: EngineEvent): void {
  for (const target of targets) {
    if (target.isDestroyed() || !isTrustedSenderUrl(target.getURL(), allowedOrigins)) continue;
    target.send(IPC_EVENT_CHANNEL, e);
  }
}
