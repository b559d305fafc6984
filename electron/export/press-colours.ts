import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFContext } from 'pdf-lib';

/**
 * Chromium prints every colour as DeviceRGB, black text included. Converted through a CMYK
 * profile, RGB black becomes a four-ink black that blurs on a press out of register, and it
 * knocks out whatever lies under it. Before Ghostscript separates the page, every neutral
 * colour (r = g = b: text, rules, the masthead, grey tints) is rewritten as the same darkness of
 * black ink alone, in DeviceCMYK, which Ghostscript passes through untouched; 100 % black is
 * set to overprint (OPM 1, so its zero C, M and Y leave what is under them alone). Anything in
 * colour stays RGB and goes through the profile like the photos.
 */

/** ExtGStates for each pair of (stroke overprints, fill overprints): `gs` sets both at once. */
const STATES = ['BmOP00', 'BmOP01', 'BmOP10', 'BmOP11'] as const;
const stateName = (stroke: boolean, fill: boolean) => STATES[(stroke ? 2 : 0) + (fill ? 1 : 0)]!;

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) =>
  c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/u;

interface Token {
  start: number;
  end: number;
  text: string;
  /** An operator (bare word), as opposed to an operand. */
  op: boolean;
}

/** The tokens of a content stream, skipping strings, dictionaries and inline images whole. */
function* tokens(s: string): Generator<Token> {
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isWhite(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 0x25) {
      while (i < n && s[i] !== '\n' && s[i] !== '\r') i++;
      continue;
    }
    if (c === 0x28) {
      let depth = 0;
      for (; i < n; i++) {
        const ch = s[i];
        if (ch === '\\') i++;
        else if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) break;
      }
      i++;
    } else if (c === 0x3c && s[i + 1] === '<') {
      // A dictionary operand (marked content properties): kept whole, nested ones included.
      let depth = 0;
      for (; i < n; i++) {
        if (s[i] === '<' && s[i + 1] === '<') {
          depth++;
          i++;
        } else if (s[i] === '>' && s[i + 1] === '>') {
          i++;
          if (--depth === 0) break;
        } else if (s[i] === '(') {
          for (let d = 0; i < n; i++) {
            if (s[i] === '\\') i++;
            else if (s[i] === '(') d++;
            else if (s[i] === ')' && --d === 0) break;
          }
        }
      }
      i++;
    } else if (c === 0x3c) {
      i = s.indexOf('>', i) + 1 || n;
    } else if (c === 0x5b || c === 0x5d) {
      i++;
    } else if (c === 0x2f) {
      i++;
      while (i < n && !isWhite(s.charCodeAt(i)) && !isDelimiter(s.charCodeAt(i))) i++;
    } else {
      while (i < n && !isWhite(s.charCodeAt(i)) && !isDelimiter(s.charCodeAt(i))) i++;
      if (i === start) i++;
    }
    const text = s.slice(start, i);
    const op = /^[A-Za-z'"*]/u.test(text) && text !== 'true' && text !== 'false' && text !== 'null';
    yield { start, end: i, text, op };
    if (op && text === 'ID') {
      // Inline image data runs to whitespace, EI, whitespace.
      const end = /\sEI(?=\s|$)/u.exec(s.slice(i + 1));
      const at = end ? i + 1 + end.index : n;
      yield { start: at, end: at + 3, text: 'EI', op: true };
      i = at + 3;
    }
  }
}

const COLOUR_OPS = new Set(['rg', 'RG', 'g', 'G', 'k', 'K', 'sc', 'SC', 'scn', 'SCN', 'cs', 'CS']);
const fmt = (v: number) => String(Math.round(v * 10000) / 10000);

/** One content stream with its neutral colours as black ink, and black set to overprint. */
export function pressContent(content: string): string {
  let out = '';
  let copied = 0;
  const operands: Token[] = [];
  let state = { stroke: false, fill: false };
  const stack: (typeof state)[] = [];
  for (const t of tokens(content)) {
    if (!t.op) {
      operands.push(t);
      continue;
    }
    const args = operands.splice(0);
    if (t.text === 'q') stack.push(state);
    else if (t.text === 'Q') state = stack.pop() ?? { stroke: false, fill: false };
    if (!COLOUR_OPS.has(t.text)) continue;
    const stroke = t.text === t.text.toUpperCase();
    const values = args.map((a) => a.text);
    let black = false;
    let replaced: string | null = null;
    if ((t.text === 'rg' || t.text === 'RG') && values.length === 3 && values.every((v) => NUMBER.test(v))) {
      const [r, g, b] = values.map(Number) as [number, number, number];
      if (r === g && g === b) {
        black = r === 0;
        replaced = `0 0 0 ${fmt(1 - r)} ${stroke ? 'K' : 'k'}`;
      }
    }
    const next = stroke ? { stroke: black, fill: state.fill } : { stroke: state.stroke, fill: black };
    const from = replaced !== null && args.length ? args[0]!.start : t.end;
    out += content.slice(copied, from);
    if (replaced !== null) out += replaced;
    if (next.stroke !== state.stroke || next.fill !== state.fill) out += ` /${stateName(next.stroke, next.fill)} gs`;
    copied = t.end;
    state = next;
  }
  return out + content.slice(copied);
}

function overprintStates(context: PDFContext): Map<string, PDFRef> {
  const refs = new Map<string, PDFRef>();
  for (const name of STATES) {
    const stroke = name[4] === '1';
    const fill = name[5] === '1';
    refs.set(name, context.register(context.obj({ Type: 'ExtGState', OP: stroke, op: fill, OPM: 1 })));
  }
  return refs;
}

function addStates(context: PDFContext, holder: PDFDict, states: Map<string, PDFRef>): void {
  let resources = holder.lookup(PDFName.of('Resources'));
  if (!(resources instanceof PDFDict)) {
    resources = context.obj({});
    holder.set(PDFName.of('Resources'), resources);
  }
  const res = resources as PDFDict;
  let ext = res.lookup(PDFName.of('ExtGState'));
  if (!(ext instanceof PDFDict)) {
    ext = context.obj({});
    res.set(PDFName.of('ExtGState'), ext);
  }
  for (const [name, ref] of states) (ext as PDFDict).set(PDFName.of(name), ref);
}

function rewriteStream(context: PDFContext, ref: PDFRef): void {
  const stream = context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) return;
  const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  const dict: Record<string, unknown> = {};
  for (const [key, value] of stream.dict.entries()) {
    const k = key.asString().slice(1);
    if (k !== 'Filter' && k !== 'Length' && k !== 'DecodeParms') dict[k] = value;
  }
  context.assign(ref, context.flateStream(Buffer.from(pressContent(text), 'latin1'), dict as never));
}

/** The whole printed PDF: every page's content and every form it draws, rewritten. */
export async function pressColours(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context } = doc;
  const states = overprintStates(context);
  for (const page of doc.getPages()) {
    addStates(context, page.node, states);
    const contents = page.node.get(PDFName.of('Contents'));
    const list = contents instanceof PDFRef ? context.lookup(contents) : contents;
    const refs = list instanceof PDFArray ? list.asArray() : [contents];
    for (const r of refs) if (r instanceof PDFRef) rewriteStream(context, r);
  }
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')) {
      addStates(context, object.dict, states);
      rewriteStream(context, ref);
    }
  }
  return doc.save({ useObjectStreams: false });
}
