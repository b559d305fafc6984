import iconv from 'iconv-lite';

/** News-style Japanese prose: kanji, hiragana, katakana, 「」 quotes, a headline line. */
export const JAPANESE_NEWS = `都、河川監視カメラを倍増へ\u3000豪雨対策を強化

東京都は十五日、大雨への新たな対策として、都内の河川沿いに設置している監視カメラを今年度中に倍増させる方針を明らかにした。昨年夏の記録的な豪雨では、多くの地域で浸水被害が相次ぎ、住民からは早めの避難情報を求める声が上がっていた。

都の担当者によると、新しいカメラは水位の変化を自動で検知し、危険な水準に近づいた場合には、区や市の防災担当部署に直ちに通知する仕組みだという。映像はインターネットでも公開され、住民が自宅から川の様子を確かめられるようになる。

専門家は「気候変動の影響で、短い時間に集中して降る雨が増えている。行政だけでなく、一人ひとりが普段から避難の経路を確認しておくことが大切だ」と話している。
`;

/** News-style Korean prose: hangul with word spacing, digits, double quotes, a headline line. */
export const KOREAN_NEWS = `서울시, 하천 감시 카메라 두 배로 늘린다

서울시는 15일 여름철 집중호우에 대비해 하천 주변에 설치된 감시 카메라를 올해 안에 두 배로 늘리겠다고 밝혔다. 지난해 여름 기록적인 폭우로 여러 지역에서 침수 피해가 잇따랐고, 주민들은 더 빠른 대피 정보를 요구해 왔다.

시 관계자에 따르면 새 카메라는 수위 변화를 자동으로 감지하고, 위험 수준에 가까워지면 구청과 소방서에 즉시 알리는 방식으로 운영된다. 영상은 인터넷에도 공개돼 시민들이 집에서 하천 상황을 확인할 수 있게 된다.

전문가들은 "기후 변화로 짧은 시간에 많은 비가 내리는 경우가 늘고 있다"며 "행정기관뿐 아니라 시민 한 사람 한 사람이 평소에 대피 경로를 확인해 두는 것이 중요하다"고 말했다.
`;

/**
 * Text as ISO-2022-JP (RFC 1468), which iconv-lite does not write: each EUC-JP pair is a JIS
 * X 0208 pair with the high bits set, so it is written 7-bit after ESC $ B, and ASCII after
 * ESC ( B, to which every line returns before its line feed.
 */
export function iso2022jp(text: string): Buffer {
  const euc = iconv.encode(text, 'euc-jp');
  const out: number[] = [];
  let jis = false;
  for (let i = 0; i < euc.length; i++) {
    const b = euc[i]!;
    if (b < 0x80) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(b);
    } else if (b >= 0xa1 && b <= 0xfe) {
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      out.push(b - 0x80, euc[++i]! - 0x80);
    } else {
      throw new Error(`not in JIS X 0208: byte ${b.toString(16)}`);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}
