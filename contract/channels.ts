// Electron IPC channel names, derived from the method table so the preload allowlist and the
// main-process router can never disagree.
import { methodNames, type MethodName } from './methods';

export const IPC_PREFIX = 'adloop:';
export const IPC_EVENT_CHANNEL = 'adloop:event';

export function ipcChannelFor(method: MethodName): string {
  return `${IPC_PREFIX}${method}`;
}

export function methodForChannel(channel: string): MethodName | null {
  if (!channel.startsWith(IPC_PREFIX)) return null;
  const name = channel.slice(IPC_PREFIX.length);
  return (methodNames as string[]).includes(name) ? (name as MethodName) : null;
}

export const ipcInvokeChannels: readonly string[] = methodNames.map(ipcChannelFor);
