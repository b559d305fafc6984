/** Dates and numbers in the page's language. */
export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}
