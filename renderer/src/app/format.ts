/** Dates and numbers in the page's language. */
export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** A time of day (21:40), with the date too when it is not today: when someone began editing. */
export function formatClock(iso: string, language: string, now = new Date()): string {
  const at = new Date(iso);
  const today = at.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(
    language,
    today ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' },
  ).format(at);
}
