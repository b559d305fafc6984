/**
 * Where a page stands after `layout.movePage` took page `from` to `to`: the moved page at `to`,
 * the pages between one along (towards where it was), the rest where they were. The desk
 * follows the page it shows to its new number.
 */
export function pageAfterMove(page: number, from: number, to: number): number {
  if (page === from) return to;
  if (to < from && page >= to && page < from) return page + 1;
  if (to > from && page > from && page <= to) return page - 1;
  return page;
}
