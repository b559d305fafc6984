import { composeParagraph } from './compose';

/**
 * Plain text in, composed lines out: one paragraph per input line, an empty line between
 * paragraphs. This is `banmian typeset`, the way to hold the composer against a printed page.
 */
export function typesetText(text: string, width: number, indent: number): string {
  const paragraphs = text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((p) => p.trim())
    .filter(Boolean);
  return paragraphs
    .map(
      (p) =>
        `${composeParagraph(p, { width, indent })
          .map((l) => l.text)
          .join('\n')}\n`,
    )
    .join('\n');
}
