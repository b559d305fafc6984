/**
 * `next`, with every part of it that equals the same part of `prev` replaced by `prev`'s: the
 * archive answers each change with the whole page anew, and a view memoised on what it shows
 * can only skip a part that is still the same object. Plain JSON data only (what the API sends).
 */
export function keepSame<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  if (Array.isArray(next)) {
    const old = prev as unknown[];
    // Things with ids (a page's placements) are matched by id: one moved down the page may come
    // later in the archive's answer than before, and is still the same placement.
    const ids = old.every(idOf) && next.every(idOf) ? new Map(old.map((item) => [idOf(item)!, item])) : null;
    let same = old.length === next.length;
    const kept = next.map((item: unknown, i) => {
      const before = ids ? ids.get(idOf(item)!) : old[i];
      const k = keepSame(before, item);
      if (k !== old[i]) same = false;
      return k;
    });
    return (same ? old : kept) as T;
  }
  const old = prev as Record<string, unknown>;
  const fresh = next as Record<string, unknown>;
  const keys = Object.keys(fresh);
  let same = keys.length === Object.keys(old).length;
  const kept: Record<string, unknown> = {};
  for (const key of keys) {
    const k = keepSame(old[key], fresh[key]);
    if (k !== old[key] || !(key in old)) same = false;
    kept[key] = k;
  }
  return (same ? old : kept) as T;
}

function idOf(item: unknown): string | undefined {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** `prev` itself when `next` holds what `prev` holds (same keys, same values by identity), else `next`; for the desk's maps. */
export function sameMap<K, V>(prev: ReadonlyMap<K, V>, next: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  if (prev.size !== next.size) return next;
  for (const [k, v] of next) if (!prev.has(k) || !Object.is(prev.get(k), v)) return next;
  return prev;
}

export function sameSet<T>(prev: ReadonlySet<T>, next: ReadonlySet<T>): ReadonlySet<T> {
  if (prev.size !== next.size) return next;
  for (const v of next) if (!prev.has(v)) return next;
  return prev;
}

export function sameList<T>(prev: readonly T[], next: readonly T[]): readonly T[] {
  return prev.length === next.length && next.every((v, i) => Object.is(v, prev[i])) ? prev : next;
}
