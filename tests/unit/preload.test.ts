import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, CHANNELS, channelOf } from '../../shared/api/methods';

const exposed: Record<string, unknown> = {};
const ipcRenderer = { invoke: vi.fn(() => Promise.resolve({ ok: true, value: [] })), on: vi.fn(), send: vi.fn(), removeListener: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer,
}));

beforeAll(async () => {
  await import('../../electron/preload');
});

describe('the preload bridge', () => {
  it('exposes one frozen object of named methods, one per API method, and no generic invoke', () => {
    const bridge = exposed.banmian as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(bridge)).toBe(true);
    const names = Object.entries(bridge)
      .filter(([group]) => group !== 'app')
      .flatMap(([group, methods]) => {
        expect(Object.isFrozen(methods)).toBe(true);
        return Object.keys(methods).map((name) => `${group}.${name}`);
      });
    expect(names.sort()).toEqual([...API_METHODS].sort());
    expect(Object.keys(bridge.app!).sort()).toEqual(['onBeforeClose', 'onCommand']);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/invoke|ipc|send/);
  });

  it('sends each call on its own channel', async () => {
    const bridge = exposed.banmian as { articles: { list(input: unknown): Promise<unknown> } };
    await bridge.articles.list({ status: 'draft' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(channelOf('articles.list'), { status: 'draft' });
  });

  it('passes on only known menu commands', () => {
    const bridge = exposed.banmian as { app: { onCommand(listener: (c: string) => void): () => void } };
    const heard: string[] = [];
    bridge.app.onCommand((c) => heard.push(c));
    const handler = ipcRenderer.on.mock.calls.find((c) => (c as unknown[])[0] === CHANNELS.command)?.[1] as unknown as (
      e: unknown,
      c: unknown,
    ) => void;
    handler({}, 'save');
    handler({}, 'rm -rf');
    expect(heard).toEqual(['save']);
  });
});
