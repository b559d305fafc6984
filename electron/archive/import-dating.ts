import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import type { Actor } from '../../shared/domain/accounts';
import { isCalendarDate } from '../../shared/domain/calendar-date';
import { importConfidence, isImportDoubt } from '../../shared/import/page-text';
import { recordAudit } from './audit';
import { assertMayFix } from './import-review';
import { rekeyArticle } from './search-index';
import { stmt } from './statements';

/** The other stories of the page a date reached, and those it could not. */
export interface PageDating {
  dated: string[];
  skipped: string[];
}

const NO_DATE = 'no-edition-date';

function mayFix(db: Database, id: string, by: Actor | null): boolean {
  try {
    assertMayFix(db, id, by);
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

/**
 * Gives an imported story the edition date (and page, 版次, if told) the desk read off the
 * printed page, in the caller's transaction. A page file was one printed page, so every other
 * story of the same import still undated takes them too, where the person may fix it (a story
 * signed off, or not theirs, stays as it is and is named in `skipped`; the trash is left
 * alone); the story asked for is refused outright if they may not. Each story loses its
 * `no-edition-date` doubt (its confidence counted again from the rest), moves in the search
 * index to its new day, and gets an entry in the audit trail; the page's import row records
 * the date. The article rows' own sync trigger carries each change to the newsroom.
 */
export function setImportDate(db: Database, id: string, date: string, page: number | null, by: Actor | null, iso: string): PageDating {
  if (!isCalendarDate(date)) throw new ApiError('INVALID_INPUT', { issue: `date: ${date}` });
  assertMayFix(db, id, by);
  const importId = stmt(db, 'SELECT import_id FROM articles WHERE id = ?').pluck().get(id) as number;
  const undated = stmt(
    db,
    `SELECT id FROM articles WHERE import_id = ? AND edition_date IS NULL AND deleted_at IS NULL AND id <> ?
      ORDER BY import_first_line, created_at, id`,
  )
    .pluck()
    .all(importId, id) as string[];
  const dated = undated.filter((other) => mayFix(db, other, by));
  const skipped = undated.filter((other) => !dated.includes(other));

  const before = stmt(db, 'SELECT edition_date, page, import_doubts FROM articles WHERE id = ?');
  for (const story of [id, ...dated]) {
    const was = before.get(story) as { edition_date: string | null; page: number | null; import_doubts: string | null };
    const doubts = JSON.parse(was.import_doubts ?? '[]') as string[];
    stmt(db, 'UPDATE articles SET edition_date = ?, page = coalesce(?, page) WHERE id = ?').run(date, page, story);
    if (doubts.includes(NO_DATE)) {
      const rest = doubts.filter((d) => d !== NO_DATE);
      stmt(db, 'UPDATE articles SET import_doubts = ?, import_confidence = ? WHERE id = ?').run(
        JSON.stringify(rest),
        importConfidence(rest.filter(isImportDoubt)),
        story,
      );
    }
    rekeyArticle(db, story);
    recordAudit(
      db,
      by,
      {
        action: 'import.date',
        articleId: story,
        editionDate: date,
        page: page ?? was.page,
        // What it was dated before (null: undated), and for the page's others, the story the desk dated.
        detail: { from: was.edition_date, ...(story === id ? { others: dated.length } : { with: id }) },
      },
      iso,
    );
  }
  stmt(db, 'UPDATE imports SET edition_date = ?, page = coalesce(?, page) WHERE id = ?').run(date, page, importId);
  return { dated, skipped };
}
