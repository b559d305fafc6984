import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppServices } from '../../electron/services/app-services';
import { API_METHODS } from '../../shared/api/methods';
import { tempDir } from '../support/temp';
import { signedIn } from '../support/services';
import type { Caller } from '../../electron/accounts/authority';

const folder = tempDir();
let services: AppServices;
let caller: Caller;
beforeAll(async () => {
  services = AppServices.open(folder.dir);
  caller = await signedIn(services);
});
afterAll(() => {
  services.close();
  folder.cleanup();
});

const MALFORMED: unknown[] = ['text', 42, [], { id: { $ne: 1 } }, { draft: 'x', baseVersion: -1, id: '' }, { language: 'fr' }];

describe('every API method at the boundary', () => {
  it('answers malformed arguments with a coded, translated error and changes nothing', async () => {
    const before = JSON.stringify(services.archive.list({ limit: 1000 }));
    for (const method of API_METHODS) {
      for (const input of MALFORMED) {
        const result = await services.call(method, input, caller);
        expect(result.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.code, `${method} ${JSON.stringify(input)}`).toBe('INVALID_INPUT');
        expect(result.error.message).not.toMatch(/errors:|{{/);
      }
    }
    expect(JSON.stringify(services.archive.list({ limit: 1000 }))).toBe(before);
  });

  it('names the field that was wrong', async () => {
    const result = await services.call('articles.save', { id: 'x', baseVersion: 0, draft: { headline: 5 } }, caller);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('draft.');
  });

  it('refuses an image over 50 MB before decoding it', async () => {
    const result = await services.call('photos.import', { fileName: 'huge.jpg', dataBase64: 'A'.repeat(70 * 1024 * 1024) }, caller);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('IMAGE_TOO_LARGE');
    expect(services.archive.db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(2);
  });

  it('translates errors into the language the desk chose', async () => {
    await services.call('settings.set', { language: 'en' }, caller);
    const result = await services.call('articles.get', { id: 'nope' }, caller);
    expect(result.ok ? '' : result.error.message).toBe('No such article: nope');
    await services.call('settings.set', { language: 'zh-CN' }, caller);
  });
});
