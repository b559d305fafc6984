import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/api/errors';
import { resources } from '../../shared/i18n/resources';
import { createI18n, errorMessage } from '../../shared/i18n/setup';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('keeps zh-CN and en complete: the same keys in every namespace, none empty', () => {
    const zh = resources['zh-CN'];
    const en = resources.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const ns of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(keys(en[ns]).sort(), ns).toEqual(keys(zh[ns]).sort());
      for (const lang of [zh, en]) {
        for (const key of keys(lang[ns])) {
          const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], lang[ns]);
          expect(String(text).trim(), `${ns}:${key}`).not.toBe('');
        }
      }
    }
  });

  it('has a message for every error code in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(language);
      for (const code of ERROR_CODES) {
        const message = errorMessage(i18n, code, {
          issue: 'x',
          method: 'm',
          what: 'article',
          id: '1',
          status: 'draft',
          chars: 1,
          max: 2,
          size: 3,
          fileName: 'f',
          type: 'GIF',
          found: 20,
          supported: 10,
          reason: 'r',
          date: '2025-03-19',
          page: 2,
          columns: 8,
          headline: 'h',
          problems: 'p',
          files: 'f',
          seconds: 20,
          holders: 'h',
          needed: 137,
          platform: 'linux-ia32',
          minutes: 30,
          file: 'f',
          name: 'n',
          version: 60,
          differences: 'd',
          language: 'ja',
          encoding: 'Shift_JIS',
          server: 'https://newsroom.example/',
          url: 'u',
          by: 'b',
          at: '2026-12-04T21:40:00Z',
          since: '21:40',
          hash: 'abcdef012345',
          count: 2,
          required: '10.0',
          paragraph: 3,
        });
        expect(message).not.toContain(`errors:`);
        expect(message).not.toMatch(/{{/);
      }
    }
    expect(errorMessage(createI18n('en'), 'NOT_FOUND', { what: 'article', id: 'abc' })).toBe('No such article: abc');
    expect(errorMessage(createI18n('zh-CN'), 'NOT_FOUND', { what: 'article', id: 'abc' })).toBe('找不到稿件：abc');
  });
});
