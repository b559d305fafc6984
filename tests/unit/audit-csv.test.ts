import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/api/contract';
import { auditCsv, auditTrail, monthDays, type DayRange } from '../../shared/domain/audit-csv';
import { createI18n } from '../../shared/i18n/setup';

const entry = (id: number, at: string, more: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at,
  by: null,
  front: null,
  action: 'status.submit',
  articleId: null,
  editionDate: null,
  page: null,
  detail: {},
  ...more,
});

/** audit.list as the archive answers it: days inclusive, newest first, at most `limit`. */
const listOf =
  (all: AuditEntry[], calls: (DayRange & { limit: number })[] = []) =>
  (query: DayRange & { limit: number }) => {
    calls.push(query);
    const found = all
      .filter((e) => (!query.from || e.at >= query.from) && (!query.to || e.at < `${query.to}\uffff`))
      .sort((a, b) => b.id - a.id)
      .slice(0, query.limit);
    return Promise.resolve(found);
  };

describe('auditCsv: the trail in one CSV format for the command line and the desk', () => {
  it('writes who in names, where from in words and the details as JSON, quoted as RFC 4180 asks', () => {
    const csv = auditCsv(createI18n('zh-CN'), [
      entry(2, '2025-03-04T08:00:00.000Z', {
        by: '王总编',
        front: 'host',
        action: 'status.revoke',
        articleId: 'a1',
        detail: { from: 'approved', to: 'edited', reason: '标题数字有误, 需核实' },
      }),
      entry(1, '2025-03-03T08:00:00.000Z', { action: 'layout.place', editionDate: '2025-03-04', page: 1 }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\ufeffat,by,front,action,article,edition,page,detail',
      '2025-03-04T08:00:00.000Z,王总编,浏览器,status.revoke,a1,,,"{""from"":""approved"",""to"":""edited"",""reason"":""标题数字有误, 需核实""}"',
      '2025-03-03T08:00:00.000Z,未知,,layout.place,,2025-03-04,1,',
      '',
    ]);
    expect(auditCsv(createI18n('en'), [entry(1, '2025-03-03T08:00:00.000Z', { by: 'Zhou', front: 'cli' })])).toContain(
      ',Zhou,command line,',
    );
  });
});

describe('monthDays: a month range as the days audit.list takes', () => {
  it('runs from the first day of the first month to the last day of the last', () => {
    expect(monthDays('2024-02', '2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthDays('2023-01', '2023-02')).toEqual({ from: '2023-01-01', to: '2023-02-28' });
    expect(monthDays('2024-11', '2024-12')).toEqual({ from: '2024-11-01', to: '2024-12-31' });
    expect(monthDays('', '2024-04')).toEqual({ to: '2024-04-30' });
    expect(monthDays('', '')).toEqual({});
  });
});

describe('auditTrail: every entry of a range, a page at a time', () => {
  // 3 entries a day from 1 to 6 March, ids rising with time.
  const all = Array.from({ length: 18 }, (_, i) => entry(i + 1, `2025-03-0${Math.floor(i / 3) + 1}T0${i % 3}:00:00.000Z`));

  it('reads past a full page without losing or doubling entries of the day it stopped in', async () => {
    const calls: (DayRange & { limit: number })[] = [];
    const { entries, complete } = await auditTrail(listOf(all, calls), { from: '2025-03-02', to: '2025-03-05' }, 4);
    expect(entries.map((e) => e.id)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(complete).toBe(true);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.from === '2025-03-02' && c.limit === 4)).toBe(true);
  });

  it('reads an open range whole, and one page when that is all there is', async () => {
    expect((await auditTrail(listOf(all), {}, 5)).entries).toHaveLength(18);
    const calls: (DayRange & { limit: number })[] = [];
    expect((await auditTrail(listOf(all, calls), {})).entries).toHaveLength(18);
    expect(calls).toEqual([{ limit: 5000 }]);
  });

  it('says so when one day holds more than a page, and reads on from the day before', async () => {
    const busy = [...all.slice(0, 3), ...Array.from({ length: 6 }, (_, i) => entry(100 + i, `2025-03-07T0${i}:00:00.000Z`))];
    const { entries, complete } = await auditTrail(listOf(busy), {}, 4);
    expect(complete).toBe(false);
    expect(entries.map((e) => e.id)).toEqual([105, 104, 103, 102, 3, 2, 1]);
  });
});
