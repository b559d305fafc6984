import type { Database } from 'better-sqlite3';
import type { ImportFix, ReviewItem } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { emptyDraft, type Article, type ArticleDraft, type BodyBlock, type BylineEntry } from '../../shared/domain/article';
import { checkedDraft } from './stored-shapes';
import type { Actor } from '../../shared/domain/accounts';
import { GRANTED_BY, hasPermission, mayReviewImport } from '../../shared/domain/permissions';
import { importConfidence, type ImportDoubt } from '../../shared/import/page-text';
import { blockHoldsChanges, joinBodies, replaceBlock, splitBody } from '../../shared/import/review-body';
import { headlineFromParagraphMoves, joinMoves, splitMoves, swapMoves } from '../../shared/import/review-ignores';
import { carryIgnores, type StoryBefore } from '../../shared/proofread/carry-ignores';
import { houseOptions } from '../../shared/proofread/house';
import * as articles from './articles';
import { recordAudit } from './audit';
import * as revisions from './revisions';
import { readSettings } from './settings';
import { stmt } from './statements';
import * as trash from './trash';

/** What a fix needs of the archive: its reading and writing, in the one transaction the fix runs in. */
export interface FixContext {
  db: Database;
  get(id: string): Article;
  create(draft: Partial<ArticleDraft>, by: Actor | null): Article;
  deriveBody(draft: ArticleDraft): articles.DerivedBody;
  date: Date;
  iso: string;
}

const ITEM_COLUMNS = `a.id, a.headline, a.kicker, substr(a.body_text, 1, 40) AS opening, coalesce(a.import_confidence, 0) AS confidence,
  a.import_doubts AS doubts, a.needs_review, i.file_name, a.edition_date, a.page, coalesce(a.import_first_line, 0) AS first_line`;

interface ItemRow {
  id: string;
  headline: string;
  kicker: string;
  opening: string;
  confidence: number;
  doubts: string;
  needs_review: number;
  file_name: string;
  edition_date: string | null;
  page: number | null;
  first_line: number;
}

const itemOf = (r: ItemRow): ReviewItem => ({
  id: r.id,
  headline: r.headline,
  kicker: r.kicker,
  opening: r.opening.replace(/\s+/gu, ' ').trim(),
  confidence: r.confidence,
  doubts: JSON.parse(r.doubts) as string[],
  needsReview: r.needs_review === 1,
  fileName: r.file_name,
  editionDate: r.edition_date,
  page: r.page,
  firstLine: r.first_line,
});

/**
 * Imported stories still to review, the least sure first (then page by page, in page order):
 * the desk works down the list from what the import most likely got wrong.
 */
export function reviewQueue(db: Database, limit = 200): ReviewItem[] {
  return (stmt(db, REVIEW_QUEUE_SQL).all({ limit }) as ItemRow[]).map(itemOf);
}

/**
 * The review list's query. Read in the order of the partial index `articles_to_review`
 * (migration 0170), whose WHERE is this WHERE and whose columns are this ORDER BY: the first
 * rows of a million come without a sort. Named, not left to the planner: on a million-story
 * archive it took another index of the same stories and sorted them all.
 */
export const REVIEW_QUEUE_SQL = `SELECT ${ITEM_COLUMNS} FROM articles a INDEXED BY articles_to_review JOIN imports i ON i.id = a.import_id
  WHERE a.needs_review = 1 AND a.deleted_at IS NULL
  ORDER BY a.import_confidence, a.import_id, a.import_first_line, a.created_at, a.id LIMIT @limit`;

/** The stories cut from the same imported page as this one (outside the trash), in page order. */
export function importPieces(db: Database, id: string): ReviewItem[] {
  const importId = importIdOf(db, id);
  return (
    stmt(
      db,
      `SELECT ${ITEM_COLUMNS} FROM articles a JOIN imports i ON i.id = a.import_id
        WHERE a.import_id = ? AND a.deleted_at IS NULL
        ORDER BY a.import_first_line, a.created_at, a.id`,
    ).all(importId) as ItemRow[]
  ).map(itemOf);
}

function importIdOf(db: Database, id: string): number {
  const row = stmt(db, 'SELECT import_id FROM articles WHERE id = ?').get(id) as { import_id: number | null } | undefined;
  if (!row) throw new ApiError('NOT_FOUND', { what: 'article', id });
  if (row.import_id === null) throw new ApiError('IMPORT_FIX_NOT_IMPORTED');
  return row.import_id;
}

/** An imported story the actor may put right: not in the trash, not signed off, theirs or the desk's. */
export function assertMayFix(db: Database, id: string, by: Actor | null): void {
  importIdOf(db, id);
  if (trash.trashedAt(db, id)) throw new ApiError('ARTICLE_TRASHED');
  const facts = articles.storyFacts(db, id)!;
  if (facts.signed) throw new ApiError('ARTICLE_SIGNED');
  const decision = by ? mayReviewImport(by, facts) : null;
  if (decision && !decision.ok) throw new ApiError('PERMISSION_DENIED', { roles: decision.needs.join(',') });
}

/**
 * The story has been checked: out of the queue, and as sure as the desk is. A story still
 * without its edition date keeps saying so: checking its headline or its pieces does not date
 * it, and the date can still be given (import-dating.ts).
 */
export function markFixed(db: Database, id: string): void {
  stmt(
    db,
    `UPDATE articles SET needs_review = 0, import_confidence = 1,
       import_doubts = CASE WHEN edition_date IS NULL AND import_id IS NOT NULL THEN '["no-edition-date"]' ELSE '[]' END
     WHERE id = ?`,
  ).run(id);
}

const draftOf = (article: Article): ArticleDraft => checkedDraft(article);

/** Writes a fixed draft over the version the desk had, as a revision of its own. */
function write(context: FixContext, id: string, baseVersion: number, draft: ArticleDraft, by: Actor | null): void {
  const { db } = context;
  const body = context.deriveBody(draft);
  // The text as imported stays in the history, as before any edit.
  if (!db.prepare('SELECT 1 FROM revisions WHERE article_id = ? LIMIT 1').get(id)) {
    const original = context.get(id);
    revisions.insertRevision(db, id, draftOf(original), original.chars, new Date(original.createdAt), 'created');
  }
  revisions.closeBurst(db, id);
  if (!articles.writeDraft(db, id, baseVersion, draft, body, context.iso, by)) {
    const current = context.get(id);
    throw new ApiError('ARTICLE_STALE', {}, { current });
  }
  revisions.recordEdit(db, id, draft, body.counts.chars, context.date, true, by);
}

/** The blocks' text as one line: a paragraph made a headline keeps its words, not its breaks. */
const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

function paragraphAt(blocks: readonly BodyBlock[], index: number): BodyBlock {
  const block = blocks[index];
  if (!block || !block.text.trim()) throw new ApiError('IMPORT_FIX_NO_PARAGRAPH', { paragraph: index + 1 });
  return block;
}

const samePerson = (a: BylineEntry, b: BylineEntry) => a.role === b.role && a.name === b.name && (a.outlet ?? '') === (b.outlet ?? '');

/**
 * The draft keeping the findings its stories kept (proofIgnores) where their text went, and no
 * others: found with the house's word lists, as the desk finds them.
 */
function keeping(context: FixContext, draft: ArticleDraft, from: readonly StoryBefore[]): ArticleDraft {
  if (!from.some((b) => b.story.proofIgnores?.length)) return { ...draft, proofIgnores: [] };
  const after = { ...draft, body: context.deriveBody(draft).blocks };
  return { ...draft, proofIgnores: carryIgnores(from, after, houseOptions(readSettings(context.db).proofreading)) };
}

/**
 * One fix of what an import got wrong, all of it in the caller's transaction: the story (and
 * the other one a fix touches) written as revisions of their own, the other piece of a join
 * moved to the trash (restorable), a split's second part a new imported story of the same
 * page, still to review. The story fixed is then marked reviewed. Returns the other story's id.
 */
export function applyFix(context: FixContext, id: string, baseVersion: number, fix: ImportFix, by: Actor | null): string | null {
  const { db } = context;
  assertMayFix(db, id, by);
  const current = context.get(id);
  if (current.version !== baseVersion) throw new ApiError('ARTICLE_STALE', {}, { current });
  const draft = draftOf(current);
  const blocks = current.body;
  let other: string | null = null;

  switch (fix.kind) {
    case 'headline-from-paragraph': {
      const block = paragraphAt(blocks, fix.paragraph);
      // A headline is plain text: the changes pending in the paragraph would be taken as accepted.
      if (blockHoldsChanges(draft.bodyJson, fix.paragraph))
        throw new ApiError('IMPORT_FIX_PARAGRAPH_CHANGED', { paragraph: fix.paragraph + 1 });
      // What was the headline takes the paragraph's place: a body line taken for a headline
      // goes back into the text, and nothing printed is lost.
      const replacement = current.headline.trim() ? { type: 'paragraph' as const, text: current.headline } : null;
      const fixed = { ...draft, bodyJson: replaceBlock(draft.bodyJson, fix.paragraph, replacement), headline: oneLine(block.text) };
      const moves = headlineFromParagraphMoves(fix.paragraph, block.text, current.headline);
      write(context, id, baseVersion, keeping(context, fixed, [{ story: current, moves }]), by);
      break;
    }
    case 'headline-from-story': {
      if (fix.from === id) throw new ApiError('INVALID_INPUT', { reason: 'from' });
      if (importIdOf(db, fix.from) !== importIdOf(db, id)) throw new ApiError('IMPORT_FIX_OTHER_PAGE');
      assertMayFix(db, fix.from, by);
      const source = context.get(fix.from);
      // Two neighbours given each other's headline is the usual mistake: they swap.
      const swapped = (story: Article, other: Article): ArticleDraft =>
        keeping(context, { ...draftOf(story), headline: other.headline }, [
          { story, moves: swapMoves.kept },
          { story: other, moves: swapMoves.taken },
        ]);
      write(context, id, baseVersion, swapped(current, source), by);
      write(context, fix.from, source.version, swapped(source, current), by);
      const doubts = new Set(source.origin?.doubts ?? []);
      if (!current.headline.trim()) doubts.add('no-headline');
      stmt(
        db,
        'UPDATE articles SET needs_review = 1, import_doubts = ?, import_confidence = min(coalesce(import_confidence, 1), ?) WHERE id = ?',
      ).run(JSON.stringify([...doubts]), importConfidence([...doubts] as ImportDoubt[]), fix.from);
      other = fix.from;
      break;
    }
    case 'join-next': {
      const pieces = importPieces(db, id);
      const next = pieces[pieces.findIndex((p) => p.id === id) + 1];
      if (!next) throw new ApiError('IMPORT_FIX_NO_NEXT');
      assertMayFix(db, next.id, by);
      const placed = trash.placementOf(db, next.id);
      if (placed) throw new ApiError('TRASH_PLACED', { date: placed.date, page: placed.page });
      const tail = context.get(next.id);
      const between: BodyBlock[] = current.headline.trim() && tail.headline.trim() ? [{ type: 'intertitle', text: tail.headline }] : [];
      const taken = new Set(draft.photos.map((p) => p.id));
      const joined: ArticleDraft = {
        ...draft,
        bodyJson: joinBodies(draft.bodyJson, between, tail.bodyJson),
        kicker: draft.kicker || tail.kicker,
        headline: draft.headline.trim() ? draft.headline : tail.headline,
        deck: draft.deck || tail.deck,
        dateline: draft.dateline || tail.dateline,
        byline: [...draft.byline, ...tail.byline.filter((b) => !draft.byline.some((a) => samePerson(a, b)))],
        photos: [
          ...draft.photos,
          ...tail.photos.map((p) => {
            let photoId = p.id;
            for (let n = 2; taken.has(photoId); n++) photoId = `${p.id}-${n}`;
            taken.add(photoId);
            return { ...p, id: photoId };
          }),
        ],
        photoGroupCredit: draft.photoGroupCredit ?? tail.photoGroupCredit,
        jump: [draft.jump, tail.jump].filter(Boolean).join(' '),
        source: draft.source || tail.source,
      };
      const moves = joinMoves(current, tail);
      const kept = keeping(context, joined, [
        { story: current, moves: moves.head },
        { story: tail, moves: moves.tail },
      ]);
      write(context, id, baseVersion, kept, by);
      // Its text is in this story now; the piece itself stays restorable from the trash.
      trash.moveToTrash(db, next.id, by, context.iso);
      other = next.id;
      break;
    }
    case 'split': {
      // The second part is a printed story of its own: made by those who may import pages, as
      // the newsroom's server checks (a reporter's new story starts as a draft).
      if (by && !hasPermission(by, 'import')) throw new ApiError('PERMISSION_DENIED', { roles: GRANTED_BY.import.join(',') });
      if (fix.paragraph >= blocks.length) throw new ApiError('IMPORT_FIX_NO_PARAGRAPH', { paragraph: fix.paragraph + 1 });
      paragraphAt(blocks, fix.paragraph);
      const [head, rest] = splitBody(draft.bodyJson, fix.paragraph);
      const moves = splitMoves(fix.paragraph);
      write(context, id, baseVersion, keeping(context, { ...draft, bodyJson: head }, [{ story: current, moves: moves.head }]), by);
      const part = context.create(keeping(context, { ...emptyDraft(), bodyJson: rest }, [{ story: current, moves: moves.rest }]), by);
      // The second part was printed on the same page: it keeps the page's origin and status,
      // and waits for its own headline in the review queue.
      const doubts: ImportDoubt[] = ['no-headline', 'no-byline'];
      const origin = stmt(
        db,
        'SELECT status, import_id, import_first_line, import_last_line, edition_date, page FROM articles WHERE id = ?',
      ).get(id) as {
        status: Article['status'];
        import_id: number;
        import_first_line: number | null;
        import_last_line: number | null;
        edition_date: string | null;
        page: number | null;
      };
      stmt(
        db,
        `UPDATE articles SET status = ?, import_id = ?, import_first_line = ?, import_last_line = ?, edition_date = ?, page = ?,
           import_confidence = ?, import_doubts = ?, needs_review = 1 WHERE id = ?`,
      ).run(
        origin.status,
        origin.import_id,
        origin.import_first_line,
        origin.import_last_line,
        origin.edition_date,
        origin.page,
        importConfidence(doubts),
        JSON.stringify(doubts),
        part.id,
      );
      if (origin.status !== 'draft') articles.setStatusRow(db, part.id, 'draft', origin.status, context.iso, by, null);
      other = part.id;
      break;
    }
  }
  markFixed(db, id);
  recordAudit(db, by, { action: 'import.fix', articleId: id, detail: { kind: fix.kind, ...(other ? { other } : {}) } }, context.iso);
  return other;
}
