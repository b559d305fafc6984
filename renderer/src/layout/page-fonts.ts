import { FAMILY, TYPEFACES, WEIGHTS, type Typeface } from '../../../shared/typeset/typefaces';

/**
 * The page's faces in the layout desk: the very fonts the export embeds, served by the app
 * (fonts/FACE-WEIGHT.ttf), so that the desk draws each line in the face it prints in. A face
 * is fetched only when a line uses it; one that is not installed falls back to the system's
 * face of the same kind, which the page marks nowhere (the export names what is missing).
 */

const FALLBACK: Readonly<Record<Typeface, string>> = {
  song: "'Noto Serif CJK SC', 'Source Han Serif SC', 'Songti SC', serif",
  hei: "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', sans-serif",
  kai: "'LXGW WenKai', 'KaiTi', 'STKaiti', serif",
};

let registered = false;

/** Makes the page's faces known to the document, once; the browser loads each on first use. */
export function registerPageFonts(): void {
  if (registered || typeof document === 'undefined' || typeof FontFace === 'undefined') return;
  registered = true;
  for (const face of TYPEFACES) {
    for (const weight of WEIGHTS) {
      document.fonts.add(new FontFace(FAMILY[face], `url(fonts/${face}-${weight}.ttf) format("truetype")`, { weight: String(weight) }));
    }
  }
}

/** The CSS font-family of a face: ours first, the system's after it. */
export const familyOf = (face: Typeface): string => `${FAMILY[face]}, ${FALLBACK[face]}`;
