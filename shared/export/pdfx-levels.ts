/**
 * PDF/X-4 (PDF 1.6, the default) or PDF/X-1a (PDF 1.3: CMYK only, nothing transparent). Apart
 * from the problems' texts (problems.ts, which read the proofreading rules): the contract names
 * the levels without loading those.
 */
export type PdfxLevel = '4' | '1a';
export const PDFX_LEVELS = ['4', '1a'] as const satisfies readonly PdfxLevel[];
