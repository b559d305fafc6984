/**
 * Chinese personal names as printed in bylines: telling where one name ends and the next
 * begins when a line wrap swallowed the space between them (杨婕甘茹 → 杨婕 甘茹), or when a
 * justified line spread one name out (张 榕 坤 → 张榕坤).
 */

/** Common single-character surnames, most frequent first (the national household register's top 120). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '西门',
  '南宫',
];

const RANK = new Map([...SURNAMES].map((s, i) => [s, i] as const));

function surnameLength(text: string, at: number): number {
  if (COMPOUND_SURNAMES.some((c) => text.startsWith(c, at))) return 2;
  return RANK.has(text[at] ?? '') ? 1 : 0;
}

/** How name-like `name` is: it starts with a known surname, and is 2–3 characters (4 with a compound surname). */
function nameScore(name: string): number {
  const surname = surnameLength(name, 0);
  if (!surname) return -1;
  const given = name.length - surname;
  if (given < 1 || given > 2) return -1;
  // Common surnames and three-character names are the likeliest reading.
  const rank = surname === 2 ? 0 : (RANK.get(name[0]!) ?? 200);
  return 2 - rank / 200 + (name.length === 3 ? 0.2 : 0);
}

const HAN = /^\p{Script=Han}+$/u;

/**
 * Splits a run of characters with no space into the names it most likely holds, or returns it
 * whole when no reading into names is convincing (an organisation: 某某单位).
 */
export function splitNameRun(run: string): string[] {
  if (run.length <= 3 || !HAN.test(run)) return [run];
  const best = Array<{ score: number; parts: string[] } | null>(run.length + 1).fill(null);
  best[0] = { score: 0, parts: [] };
  for (let i = 0; i < run.length; i++) {
    const from = best[i];
    if (!from) continue;
    for (let len = 2; len <= 4 && i + len <= run.length; len++) {
      const part = run.slice(i, i + len);
      const score = nameScore(part);
      if (score < 0) continue;
      const total = from.score + score;
      const at = best[i + len];
      if (!at || total > at.score) best[i + len] = { score: total, parts: [...from.parts, part] };
    }
  }
  const whole = nameScore(run);
  const split = best[run.length];
  if (split && split.parts.length > 1 && (whole < 0 || split.score > whole + 1)) return split.parts;
  return [run];
}

/**
 * The names in a space-separated list as it came off the page: single characters spread out
 * by justification are joined back (张 榕 坤), runs with a swallowed space are split.
 */
export function namesFromText(text: string): string[] {
  const tokens = text.split(/[\s、，,]+/u).filter(Boolean);
  const merged: string[] = [];
  let singles = '';
  const flush = () => {
    if (!singles) return;
    // A lone single character after a name is the tail of that name cut by a wrap (高欣\n慰).
    if (singles.length === 1 && merged.length) merged[merged.length - 1] += singles;
    else merged.push(singles);
    singles = '';
  };
  for (const token of tokens) {
    if ([...token].length === 1) {
      singles += token;
      continue;
    }
    flush();
    merged.push(token);
  }
  flush();
  return merged.flatMap(splitNameRun);
}
