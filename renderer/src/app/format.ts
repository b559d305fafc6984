/**
 * Dates and numbers in the page's language. Building an Intl formatter costs far more than
 * formatting with one (a list of a few hundred rows spent most of its first draw on it), so
 * each language and set of options keeps the one it was given first.
 */

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d ${language} ${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(language, options)));
  return f;
}

function numberFormat(language: string): Intl.NumberFormat {
  const key = `n ${language}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(language)));
  return f;
}

const TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };
const CLOCK_TODAY: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const CLOCK_OTHER_DAY: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' };

export function formatTime(iso: string, language: string): string {
  return dateFormat(language, TIME).format(new Date(iso));
}

export function formatNumber(n: number, language: string): string {
  return numberFormat(language).format(n);
}

/** A time of day (21:40), with the date too when it is not today: when someone began editing. */
export function formatClock(iso: string, language: string, now = new Date()): string {
  const at = new Date(iso);
  const today = at.toDateString() === now.toDateString();
  return dateFormat(language, today ? CLOCK_TODAY : CLOCK_OTHER_DAY).format(at);
}
