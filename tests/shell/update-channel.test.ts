// The update channel setting and the install preference stay in step, against a real engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFacadeFrom, type EngineFacade } from '../../main/engine-facade';
import { followUpdateChannelSetting } from '../../main/update-channel';
import type { UpdateChannel } from '../../main/updater/updater';
import { startEngine, type EngineHandle } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle;
let facade: EngineFacade;
beforeAll(async () => {
  engine = await startEngine({ dataDir: await freshWorkspace('update-channel') });
  facade = engineFacadeFrom(engine);
});
afterAll(async () => engine?.close());

describe('update channel', () => {
  it('takes the install preference at start, then applies changes made in Settings', async () => {
    let pref: UpdateChannel = 'beta';
    const applied: UpdateChannel[] = [];
    const f = followUpdateChannelSetting({
      engine: facade,
      current: () => pref,
      apply: (c) => {
        pref = c;
        applied.push(c);
      },
      onError: (e) => {
        throw e;
      },
    });
    await f.ready;
    expect((await facade.call('settings.get', {})).updateChannel).toBe('beta');
    expect(applied).toEqual([]);

    // The Settings view (any client) switches back to stable: the shell follows.
    await facade.call('settings.update', { updateChannel: 'stable' });
    await expect.poll(async () => (await f.settled(), applied), { timeout: 5000 }).toEqual(['stable']);
    expect(pref).toBe('stable');

    // Other settings changes do not touch the updater.
    await facade.call('settings.update', { halfLifeDays: 8 });
    await new Promise((r) => setTimeout(r, 200));
    await f.settled();
    expect(applied).toEqual(['stable']);
    f.stop();
  });

  it('refuses a channel that does not exist', async () => {
    await expect(facade.call('settings.update', { updateChannel: 'nightly' as never })).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});
