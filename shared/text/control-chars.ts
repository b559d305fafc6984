/**
 * Control characters in text that came from outside: page files pulled out of other systems,
 * pastes, API callers. Printed raw they drive a terminal (ESC starts a command sequence: clear
 * the screen, move the cursor, rename the window; BEL rings; C1's U+009B is a one-character
 * ESC [), and no reader of a newspaper text wants them.
 *
 * The set: C0 but tab, line feed and carriage return (the line structure of text); DEL; C1
 * (U+0080–U+009F); a surrogate without its other half (no character at all); U+FFFE and
 * U+FFFF (noncharacters, a byte-swapped BOM among them). Matched by code unit (no `u` flag),
 * so a lone surrogate is found and a proper pair never is.
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- the set of control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * ECMA-48 sequences as terminals and terminal captures write them: a CSI (ESC [ or U+009B,
 * parameters, intermediates, one final byte: colours, cursor moves, `[2J`) or an OSC (ESC ],
 * up to BEL or ESC \: a window title). Their parameters are instructions, not text, so they go
 * whole; dropping only the ESC would leave `[31m` in the article.
 */
// eslint-disable-next-line no-control-regex -- terminal sequences start with ESC and end with BEL
const SEQUENCE = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/**
 * Every character removeControlChars may change: CONTROL's set, the tab, ESC and U+009B that
 * start a SEQUENCE, and any surrogate (whether it has its other half is CONTROL's question).
 */
// eslint-disable-next-line no-control-regex -- the set of control characters is the point
const MAYBE_CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/**
 * The text without control characters, for text on its way into the archive or out to another
 * system: terminal sequences go whole, then every character of the set. Line feeds and
 * carriage returns stay where they are, so lines keep their numbers; a tab, vertical tab or
 * form feed (a page break in extracted text) becomes a space, the white space it stood for.
 */
export function removeControlChars(text: string): string {
  // Most text holds none of them: one scan for any, before three replacements over all of it.
  if (!MAYBE_CONTROL.test(text)) return text;
  return (
    text
      .replace(SEQUENCE, '')
      // eslint-disable-next-line no-control-regex -- vertical tab and form feed become spaces
      .replace(/[\t\u000b\u000c]/g, ' ')
      .replace(CONTROL, '')
  );
}

/**
 * The text with each control character shown as a `\uXXXX` escape, for a terminal: the
 * character is visible and does nothing. The JSON form of the escape, so that JSON output
 * (where JSON.stringify leaves DEL, C1 and U+FFFE/U+FFFF raw) stays valid JSON and reads back
 * to the very same string.
 */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
