import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdloopError,
  createClient,
  createDispatcher,
  ipcChannelFor,
  ipcInvokeChannels,
  methodForChannel,
  methodNames,
  methods,
  parseCall,
  type Handlers,
  type Transport,
} from '../../contract';
import { startEngine, type EngineHandle } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

describe('the contract table', () => {
  it('declares every method once with input and output schemas, and derives the IPC allowlist from it', () => {
    expect(new Set(methodNames).size).toBe(methodNames.length);
    for (const name of methodNames) {
      expect(methods[name].summary.length).toBeGreaterThan(10);
      expect(methodForChannel(ipcChannelFor(name))).toBe(name);
    }
    expect(ipcInvokeChannels).toHaveLength(methodNames.length);
    expect(methodForChannel('adloop:not.a.method')).toBeNull();
    expect(methodForChannel('other:engine.info')).toBeNull();
  });

  it('parseCall names the wrong field and refuses unknown keys and methods', () => {
    const err = (() => {
      try {
        parseCall('workspace.summary', { from: '2026-13', extra: true });
      } catch (e) {
        return e as AdloopError;
      }
    })();
    expect(err).toBeInstanceOf(AdloopError);
    expect(err?.code).toBe('InvalidInput');
    expect(err?.issues?.map((i) => i.path).sort()).toEqual(['(root)', 'from']);
    expect(() => parseCall('nope', {})).toThrow(expect.objectContaining({ code: 'UnknownMethod' }));
  });

  it('the client validates before sending: a bad input never reaches the transport', async () => {
    let sent = 0;
    const transport: Transport = { request: async () => (sent++, { id: 1, ok: true, result: {} }) };
    const client = createClient(transport);
    await expect(client.call('demo.generate', { ads: 0 })).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(sent).toBe(0);
  });

  it('the dispatcher reports a malformed envelope and an output that breaks the contract', async () => {
    const handlers = { 'engine.info': async () => ({ version: 1 }) } as unknown as Handlers;
    const dispatch = createDispatcher(handlers, () => ({ requestId: 'x', progress: () => undefined }));
    const bad = await dispatch({ nope: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    const broken = await dispatch({ id: 7, method: 'engine.info', params: {} });
    expect(broken).toMatchObject({ id: 7, ok: false, error: { code: 'Internal', message: expect.stringContaining('breaks the contract') } });
  });
});

describe('the engine at its boundary', () => {
  let engine: EngineHandle;
  beforeAll(async () => {
    engine = await startEngine({ dataDir: await freshWorkspace('contract') });
  });
  afterAll(async () => engine?.close());

  it('a bad input gets a typed error naming the field, and changes nothing', async () => {
    const before = await engine.client.call('settings.get', {});
    // Sent raw, past the client's own check, as a foreign caller would.
    const res = await engine.transport.request('settings.update', { halfLifeDays: 14, scanIntervalHours: 0 });
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput', issues: [{ path: 'scanIntervalHours' }] } });
    expect(await engine.client.call('settings.get', {})).toEqual(before);
  });

  it('unknown methods and wrong types are refused with typed errors', async () => {
    const unknown = await engine.transport.request('settings.drop' as never, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    const wrongType = await engine.transport.request('workspace.daily', { accountId: 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'InvalidInput', issues: [{ path: 'accountId' }] } });
  });

  it('a valid call returns output that matches the contract', async () => {
    const summary = await engine.client.call('workspace.summary', {});
    expect(methods['workspace.summary'].output.safeParse(summary).success).toBe(true);
    expect(summary.isEmpty).toBe(true);
  });
});
