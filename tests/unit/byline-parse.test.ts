import { describe, expect, it } from 'vitest';
import { parseCredit, parseDatelineLead, parseFeatureByline, parsePeople } from '../../shared/import/byline-parse';
import { namesFromText, splitNameRun } from '../../shared/import/names';

describe('reading bylines off the page', () => {
  it('lets a role word cover every following name, and reads an outlet before a role', () => {
    expect(parseDatelineLead('本报讯（湖北日报记者王丙全 通讯员杨婕 甘茹）近日，省财政厅发布')).toEqual({
      dateline: '本报讯',
      byline: [
        { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
        { role: 'correspondent', name: '杨婕' },
        { role: 'correspondent', name: '甘茹' },
      ],
      rest: '近日，省财政厅发布',
    });
  });

  it('joins a name cut by a wrap and one spread out by justification', () => {
    // 通讯员高欣\n慰 张 榕 坤, with the wrap joined: 高欣慰 and 张榕坤.
    expect(parsePeople('记者王大玲 通讯员高欣慰 张 榕 坤')).toEqual([
      { role: 'reporter', name: '王大玲' },
      { role: 'correspondent', name: '高欣慰' },
      { role: 'correspondent', name: '张榕坤' },
    ]);
    expect(namesFromText('高欣 慰')).toEqual(['高欣慰']);
  });

  it('splits names whose space a wrap swallowed, where the names tell', () => {
    expect(splitNameRun('杨婕甘茹')).toEqual(['杨婕', '甘茹']);
    expect(splitNameRun('王子瑶陈勇')).toEqual(['王子瑶', '陈勇']);
    expect(splitNameRun('欧阳明月')).toEqual(['欧阳明月']);
    expect(splitNameRun('某某单位')).toEqual(['某某单位']);
    expect(parsePeople('记者荆文静 见习记者艾周梦')).toEqual([
      { role: 'reporter', name: '荆文静' },
      { role: 'trainee-reporter', name: '艾周梦' },
    ]);
  });

  it('reads every role word, the longest first', () => {
    expect(parsePeople('特约记者万佳 摄影记者李四 实习生王五 见习记者赵六').map((p) => p.role)).toEqual([
      'contributing-reporter',
      'photographer',
      'intern',
      'trainee-reporter',
    ]);
  });

  it('treats glued text before a role word as the previous name when it is not an outlet', () => {
    expect(parsePeople('记者王丙全通讯员杨婕')).toEqual([
      { role: 'reporter', name: '王丙全' },
      { role: 'correspondent', name: '杨婕' },
    ]);
  });

  it('reads datelines of other agencies, and half-width parentheses', () => {
    expect(parseDatelineLead('新华社北京12月3日电（记者张三）今天')?.dateline).toBe('新华社北京12月3日电');
    expect(parseDatelineLead('本报讯(通讯员刘江林)近日,省委编办')).toMatchObject({
      byline: [{ role: 'correspondent', name: '刘江林' }],
      rest: '近日,省委编办',
    });
    expect(parseDatelineLead('近日，本报讯不在开头')).toBeNull();
  });

  it('reads a feature byline', () => {
    expect(parseFeatureByline('□ 通讯员 余延平 秦超')).toEqual([
      { role: 'correspondent', name: '余延平' },
      { role: 'correspondent', name: '秦超' },
    ]);
    expect(parseFeatureByline('□ 不是署名的一行')).toBeNull();
  });
});

describe('reading photo credits', () => {
  it('reads people with and without roles, and the caption before the credit', () => {
    expect(parseCredit('动，面向百余名学生科普绿色环保知识。 （通讯员 汤海娟 摄）')).toEqual({
      credit: { kind: 'photo', people: [{ role: 'correspondent', name: '汤海娟' }] },
      group: false,
      caption: '动，面向百余名学生科普绿色环保知识。',
    });
    expect(parseCredit('（黄国舜 潘路 摄）')?.credit.people).toEqual([
      { role: null, name: '黄国舜' },
      { role: null, name: '潘路' },
    ]);
  });

  it('reads courtesy credits of organisations and group credits', () => {
    expect(parseCredit('（某某单位 供图）')?.credit).toEqual({ kind: 'courtesy', people: [{ role: null, name: '某某单位' }] });
    expect(parseCredit('（本组图片：潘路 肖琦 张钧凯 摄）')).toMatchObject({
      group: true,
      credit: { kind: 'photo', people: [{ name: '潘路' }, { name: '肖琦' }, { name: '张钧凯' }] },
    });
    expect(parseCredit('会议强调，要摄取营养。')).toBeNull();
  });
});
