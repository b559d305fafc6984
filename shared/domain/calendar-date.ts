/**
 * Is `text` a day of the calendar written YYYY-MM-DD? The pattern alone lets 2023-02-29 and
 * 2024-13-01 through, and an edition dated by one would be a story no date filter ever finds.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(text);
}
