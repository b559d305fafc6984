/**
 * Which language a decoded text is written in, as far as the importer needs to know: Chinese,
 * or Japanese or Korean that a wrong decoding would turn into Chinese-looking gibberish.
 *
 * The East Asian double-byte encodings share their byte ranges: Shift_JIS pairs (lead
 * 0x81–0x9F, 0xE0–0xEF; trail 0x40–0xFC) are nearly all valid GBK pairs, and EUC-JP and
 * EUC-KR use exactly GB2312's 0xA1–0xFE × 0xA1–0xFE. So the same bytes decode without error
 * as several texts, each made of characters of its script. What tells the right reading is
 * which characters come out: only the right one has the language's commonest characters at
 * their usual rate — Chinese prose is about two-thirds made of its 500 commonest characters,
 * Japanese prose is over a third kana, Korean prose is over half made of its 70 commonest
 * syllables — while a wrong reading scatters the bytes over arbitrary characters (Shift_JIS
 * read as GBK lands in GBK's rare-character rows; EUC-KR's hangul rows read as GB2312 give
 * Chinese characters in no order of frequency).
 */
import { isHan } from './text';

/**
 * About the 500 commonest characters of modern Chinese prose, commonest first (the order of
 * the published frequency lists; only membership matters here).
 */
const COMMON_CHINESE = new Set(
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞',
);

/** About the 70 commonest hangul syllables of Korean prose (particles, endings, Sino-Korean roots). */
const COMMON_HANGUL = new Set(
  '이다의는에하고을가지한로기서사도를은대정자리일어시수인해적들있부전국상제과나구여보장스주으라성경동원소우문만위그했화면공비내마요신게세관것아생',
);

export interface ScriptCounts {
  /** Chinese characters (kanji, hanja) of any reading. */
  han: number;
  /** Of those, how many are among the commonest characters of Chinese. */
  commonHan: number;
  /** Full-width hiragana and katakana. Half-width katakana are left out: GB2312 bytes read as Shift_JIS come out as them. */
  kana: number;
  hangul: number;
  /** Of those, how many are among the commonest syllables of Korean. */
  commonHangul: number;
}

export function scriptCounts(text: string): ScriptCounts {
  const counts: ScriptCounts = { han: 0, commonHan: 0, kana: 0, hangul: 0, commonHangul: 0 };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x3041 && cp <= 0x30ff && cp !== 0x30fb)
      counts.kana++; // ・ is punctuation Chinese uses too
    else if (cp >= 0xac00 && cp <= 0xd7a3) {
      counts.hangul++;
      if (COMMON_HANGUL.has(ch)) counts.commonHangul++;
    } else if (isHan(ch)) {
      counts.han++;
      if (COMMON_CHINESE.has(ch)) counts.commonHan++;
    }
  }
  return counts;
}

/**
 * Chinese text has at least this share of its Chinese characters among the commonest ones
 * (the page fixtures: over 0.7); Japanese or Korean bytes read as GB18030 come to under 0.15.
 */
const CHINESE_HAN = 0.4;
/** Japanese prose is over a third kana and Korean over half common syllables; a Chinese page quoting a name in kana, or Chinese bytes read as EUC-KR, stays near 0.02. */
const FOREIGN = 0.2;

/** Do the Chinese characters of this text look like Chinese, not like bytes decoded the wrong way? */
export function readsAsChinese(counts: ScriptCounts): boolean {
  return counts.han > 0 && counts.commonHan / counts.han >= CHINESE_HAN;
}

export type ForeignLanguage = 'ja' | 'ko';

/**
 * How strongly a text reads as Japanese (share of kana among its CJK letters) or Korean
 * (share of common syllables), 0 to 1.
 */
export function foreignEvidence(counts: ScriptCounts, language: ForeignLanguage): number {
  const letters = counts.han + counts.kana + counts.hangul;
  if (!letters) return 0;
  return (language === 'ja' ? counts.kana : counts.commonHangul) / letters;
}

/** Is this text Japanese or Korean? */
export function isForeign(counts: ScriptCounts, language: ForeignLanguage): boolean {
  return foreignEvidence(counts, language) >= FOREIGN;
}
