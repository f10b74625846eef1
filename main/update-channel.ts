// The update channel is a workspace setting (the Settings view changes it) and an install preference
// (shell-prefs.json, read at start before the engine is up, and toggled from the tray). This keeps
// the two in step: at start the install preference wins once (it is what the tray last set), after
// that a settings change is applied to the updater and written back to the preferences.
import type { EngineFacade } from './engine-facade';
import type { UpdateChannel } from './updater/updater';

export function followUpdateChannelSetting(opts: {
  engine: EngineFacade;
  /** The install preference. */
  current: () => UpdateChannel;
  /** Store the preference and tell the updater. */
  apply: (channel: UpdateChannel) => void;
  onError: (e: unknown) => void;
}) {
  let queue = Promise.resolve();
  const run = (fn: () => Promise<void>) => (queue = queue.then(fn).catch((e: unknown) => opts.onError(e)));
  const ready = run(async () => {
    const { updateChannel } = await opts.engine.call('settings.get', {});
    if (updateChannel !== opts.current()) await opts.engine.call('settings.update', { updateChannel: opts.current() });
  });
  const stop = opts.engine.onEvent((e) => {
    if (e.event !== 'workspace.changed' || (e.payload as { reason?: unknown })?.reason !== 'settings') return;
    void run(async () => {
      const { updateChannel } = await opts.engine.call('settings.get', {});
      if (updateChannel !== opts.current()) opts.apply(updateChannel);
    });
  });
  return { ready, settled: () => queue, stop };
}
