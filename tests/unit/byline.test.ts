import { describe, expect, it } from 'vitest';
import type { BylineEntry } from '../../shared/domain/article';
import { captionNumber, formatByline, formatBylinePeople, formatCaption, formatPhotoCredit } from '../../shared/domain/byline';

describe('formatByline: the house form of a byline', () => {
  it('puts one role word before each run of names, after the dateline', () => {
    const entries: BylineEntry[] = [
      { role: 'reporter', name: '王子瑶' },
      { role: 'correspondent', name: '陈勇' },
    ];
    expect(formatByline('本报讯', entries, 'standard')).toBe('本报讯（记者王子瑶 通讯员陈勇）');
  });

  it('lets one role word cover every following name of that role, and prints another outlet before its role', () => {
    const entries: BylineEntry[] = [
      { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
      { role: 'correspondent', name: '杨婕' },
      { role: 'correspondent', name: '甘茹' },
    ];
    expect(formatByline('本报讯', entries, 'standard')).toBe('本报讯（湖北日报记者王丙全 通讯员杨婕 甘茹）');
  });

  it('keeps the order the editor set: a role that comes back is named again', () => {
    const entries: BylineEntry[] = [
      { role: 'reporter', name: '甲' },
      { role: 'intern', name: '乙' },
      { role: 'reporter', name: '丙' },
    ];
    expect(formatBylinePeople(entries)).toBe('记者甲 实习生乙 记者丙');
  });

  it('separates our reporter from another paper’s reporter of the same role', () => {
    const entries: BylineEntry[] = [
      { role: 'reporter', name: '李明' },
      { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
    ];
    expect(formatByline('本报讯', entries, 'standard')).toBe('本报讯（记者李明 湖北日报记者王丙全）');
  });

  it('prints the feature form as a line of its own, with spaces after the role word', () => {
    const entries: BylineEntry[] = [
      { role: 'correspondent', name: '余延平' },
      { role: 'correspondent', name: '秦超' },
    ];
    expect(formatByline('', entries, 'feature')).toBe('□ 通讯员 余延平 秦超');
  });

  it('uses every role word of the desk', () => {
    const roles = ['reporter', 'contributing-reporter', 'trainee-reporter', 'correspondent', 'intern', 'photographer'] as const;
    const entries = roles.map((role, i) => ({ role, name: `人${i}` }));
    expect(formatBylinePeople(entries)).toBe('记者人0 特约记者人1 见习记者人2 通讯员人3 实习生人4 摄影记者人5');
  });

  it('prints a dateline of another agency as it is, and no parentheses without people', () => {
    expect(formatByline('新华社北京12月3日电', [{ role: 'reporter', name: '张三' }], 'standard')).toBe('新华社北京12月3日电（记者张三）');
    expect(formatByline('本报讯', [], 'standard')).toBe('本报讯');
    expect(formatByline('本报讯', [{ role: 'reporter', name: '  ' }], 'standard')).toBe('本报讯');
  });
});

describe('photo credits and captions', () => {
  it('prints a credit with the role when one is given', () => {
    expect(formatPhotoCredit({ kind: 'photo', people: [{ role: 'correspondent', name: '汤海娟' }] })).toBe('（通讯员 汤海娟 摄）');
    expect(formatPhotoCredit({ kind: 'photo', people: [{ role: null, name: '刘艺' }] })).toBe('（刘艺 摄）');
  });

  it('prints an organisation’s courtesy credit', () => {
    expect(formatPhotoCredit({ kind: 'courtesy', people: [{ role: null, name: '某某单位' }] })).toBe('（某某单位 供图）');
  });

  it('prints a group credit for a set of photos', () => {
    const credit = {
      kind: 'photo' as const,
      people: [
        { role: null, name: '潘路' },
        { role: null, name: '肖琦' },
        { role: null, name: '张钧凯' },
      ],
    };
    expect(formatPhotoCredit(credit, true)).toBe('（本组图片：潘路 肖琦 张钧凯 摄）');
  });

  it('prints no credit when nobody is credited', () => {
    expect(formatPhotoCredit({ kind: 'photo', people: [] })).toBe('');
  });

  it('numbers captions in a group ①②③ and follows a single caption with its credit', () => {
    expect([0, 1, 2, 19, 20].map(captionNumber)).toEqual(['①', '②', '③', '⑳', '(21)']);
    const credit = { kind: 'photo' as const, people: [{ role: null, name: '刘艺' }] };
    expect(formatCaption('会议现场。', credit, 1)).toBe('②会议现场。');
    expect(formatCaption('会议现场。', credit, null)).toBe('会议现场。（刘艺 摄）');
  });
});
