import { createHeadlessEditor } from '@lexical/headless';
import { $createParagraphNode, $createTextNode, $getRoot, $setState, type LexicalEditor } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../electron/services/app-services';
import { importBytes } from '../../electron/import/import-file';
import type { ImportFix, ReviewItem } from '../../shared/api/contract';
import { type Article } from '../../shared/domain/article';
import { articleDraftSchema } from '../../shared/domain/article-schemas';
import type { Caller } from '../../electron/accounts/authority';
import { countChars } from '../../shared/text/count';
import { $createNoteNode, NOTES_STATE } from '../../shared/editor/note-nodes';
import { BODY_NODES, EDITOR_NAMESPACE } from '../../shared/editor/nodes';
import { $isTracking, $listChanges, $listNotes, $setTracking } from '../../shared/editor/track';
import { $createDeletionNode, $createInsertionNode } from '../../shared/editor/track-nodes';
import { fullDraft } from '../support/drafts';
import { pageText } from '../support/fixtures';
import { openServices, signedIn } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

async function call<T>(services: AppServices, caller: Caller, method: string, input: unknown): Promise<T> {
  const result = await services.call(method, input, caller);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
  return result.value as T;
}

async function refusal(services: AppServices, caller: Caller, method: string, input: unknown): Promise<string> {
  const result = await services.call(method, input, caller);
  return result.ok ? 'allowed' : result.error.code;
}

/** The June page imported, and an editor to work on it. */
async function june() {
  const services = openServices(temp);
  const editor = await signedIn(services, { name: '张编辑', roles: ['editor'] });
  const { articleIds } = importBytes(services.archive, Buffer.from(pageText('shashi-2024-06.txt')), 'shashi-2024-06.txt', {
    editionDate: '2024-06-25',
    page: 2,
  });
  const pieces = await call<ReviewItem[]>(services, editor, 'articles.importPieces', { id: articleIds[0] });
  const fix = (caller: Caller, id: string, fix: ImportFix) =>
    call<{ article: Article; other: string | null }>(services, caller, 'articles.fixImport', {
      id,
      baseVersion: services.archive.get(id).version,
      fix,
    });
  return { services, editor, articleIds, pieces, fix };
}

const reviewed = (a: Article) => ({ needsReview: a.needsReview, confidence: a.origin?.confidence, doubts: a.origin?.doubts });
const texts = (a: Article) => a.body.map((b) => b.text);

describe('reviewing imported stories', () => {
  it('lists what to review least sure first, with its doubts, and a story that looks right leaves the list at confidence 1', async () => {
    const { services, editor, articleIds } = await june();
    const queue = await call<ReviewItem[]>(services, editor, 'articles.reviewQueue', {});
    expect(queue.map((q) => q.id).sort()).toEqual([...articleIds].sort());
    const confidences = queue.map((q) => q.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    expect(confidences[0]).toBeLessThan(confidences.at(-1)!);
    expect(queue[0]!.doubts.length).toBeGreaterThan(0);
    expect(queue[0]).toMatchObject({ fileName: 'shashi-2024-06.txt', editionDate: '2024-06-25', page: 2 });

    const least = queue[0]!.id;
    const done = await call<Article>(services, editor, 'articles.markReviewed', { id: least });
    expect(reviewed(done)).toEqual({ needsReview: false, confidence: 1, doubts: [] });
    const after = await call<ReviewItem[]>(services, editor, 'articles.reviewQueue', {});
    expect(after.map((q) => q.id)).not.toContain(least);
    expect(services.archive.audit({ articleId: least }).map((e) => e.action)).toContain('import.reviewed');
  });

  it('makes a paragraph the headline, putting the old headline back in its place', async () => {
    const { services, editor, pieces, fix } = await june();
    const story = services.archive.get(pieces.find((p) => p.headline)!.id);
    const [first, second] = texts(story);
    const { article } = await fix(editor, story.id, { kind: 'headline-from-paragraph', paragraph: 1 });
    expect(article.headline).toBe(second);
    expect(texts(article)).toEqual([first, story.headline, ...texts(story).slice(2)]);
    expect(reviewed(article)).toEqual({ needsReview: false, confidence: 1, doubts: [] });
    // the text as imported stays in the history
    expect(services.archive.revisions(story.id).some((r) => r.headline === story.headline)).toBe(true);
    expect(
      await refusal(services, editor, 'articles.fixImport', {
        id: story.id,
        baseVersion: article.version,
        fix: { kind: 'headline-from-paragraph', paragraph: 99 },
      }),
    ).toBe('IMPORT_FIX_NO_PARAGRAPH');
    // the desk's version is older than the archive's: nothing is overwritten
    expect(
      await refusal(services, editor, 'articles.fixImport', {
        id: story.id,
        baseVersion: story.version,
        fix: { kind: 'headline-from-paragraph', paragraph: 0 },
      }),
    ).toBe('ARTICLE_STALE');
  });

  it('swaps headlines with another story of the same page, and only of the same page', async () => {
    const { services, editor, pieces, fix } = await june();
    const [a, b] = pieces.filter((p) => p.headline).map((p) => services.archive.get(p.id));
    const { article, other } = await fix(editor, a!.id, { kind: 'headline-from-story', from: b!.id });
    expect(other).toBe(b!.id);
    expect(article.headline).toBe(b!.headline);
    expect(services.archive.get(b!.id)).toMatchObject({ headline: a!.headline, needsReview: true });
    expect(services.archive.search({ q: b!.headline.slice(0, 6) }).results.map((r) => r.id)).toContain(a!.id);

    const nov = importBytes(services.archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt', { editionDate: '2023-11-28' });
    expect(
      await refusal(services, editor, 'articles.fixImport', {
        id: a!.id,
        baseVersion: article.version,
        fix: { kind: 'headline-from-story', from: nov.articleIds[0] },
      }),
    ).toBe('IMPORT_FIX_OTHER_PAGE');
  });

  it('joins the next piece of the page into a story and sends the piece to the trash', async () => {
    const { services, editor, pieces, fix } = await june();
    const [a, b] = pieces.slice(0, 2).map((p) => services.archive.get(p.id));
    const { article, other } = await fix(editor, a!.id, { kind: 'join-next' });
    expect(other).toBe(b!.id);
    const between = a!.headline && b!.headline ? [b!.headline] : [];
    expect(texts(article)).toEqual([...texts(a!), ...between, ...texts(b!)]);
    expect(article.chars).toBe(countChars(texts(article)).chars);
    expect(article.chars).toBeGreaterThan(a!.chars + b!.chars - 1);
    expect(services.archive.listTrash().map((e) => e.id)).toEqual([b!.id]);
    const phrase = texts(b!).join('').slice(10, 18);
    expect(services.archive.search({ q: phrase }).results.map((r) => r.id)).toEqual([a!.id]);
    expect(reviewed(article)).toEqual({ needsReview: false, confidence: 1, doubts: [] });
    expect((await call<ReviewItem[]>(services, editor, 'articles.importPieces', { id: a!.id })).map((p) => p.id)).not.toContain(b!.id);

    const last = pieces.at(-1)!;
    expect(
      await refusal(services, editor, 'articles.fixImport', {
        id: last.id,
        baseVersion: services.archive.get(last.id).version,
        fix: { kind: 'join-next' },
      }),
    ).toBe('IMPORT_FIX_NO_NEXT');
  });

  it('splits a story at a paragraph into a second story of the same page, which waits for its headline', async () => {
    const { services, editor, pieces, fix } = await june();
    const story = services.archive.get(pieces.map((p) => services.archive.get(p.id)).find((a) => a.body.length >= 3)!.id);
    const { article, other } = await fix(editor, story.id, { kind: 'split', paragraph: 2 });
    expect(texts(article)).toEqual(texts(story).slice(0, 2));
    const part = services.archive.get(other!);
    expect(texts(part)).toEqual(texts(story).slice(2));
    expect(part).toMatchObject({ status: story.status, editionDate: '2024-06-25', page: 2, needsReview: true, headline: '' });
    expect(part.origin).toMatchObject({ fileName: 'shashi-2024-06.txt', doubts: ['no-headline', 'no-byline'] });
    expect(part.origin!.confidence).toBeLessThan(1);
    const queue = await call<ReviewItem[]>(services, editor, 'articles.reviewQueue', {});
    expect(queue.map((q) => q.id)).toContain(part.id);
    expect(queue.map((q) => q.id)).not.toContain(story.id);
    expect(services.archive.get(story.id).chars + part.chars).toBe(story.chars);
  });

  it('lets editors fix any imported story and reporters only their own, and only imported stories', async () => {
    const { services, pieces, fix } = await june();
    const reporter = await signedIn(services, { name: '别的记者', roles: ['reporter'] });
    const layout = await signedIn(services, { name: '版面编辑', roles: ['layout'] });
    const own = pieces.map((p) => services.archive.get(p.id)).find((a) => a.byline.length && a.body.length >= 2)!;
    const author = await signedIn(services, { name: own.byline[0]!.name, roles: ['reporter'] });
    const input = (id: string) => ({ id, baseVersion: services.archive.get(id).version, fix: { kind: 'split', paragraph: 1 } });
    // the desk offers the fixes to those who may make them
    const offered = async (caller: Caller) =>
      (await call<{ fixImport?: boolean }>(services, caller, 'articles.access', { id: own.id })).fixImport;
    expect([await offered(reporter), await offered(layout), await offered(author)]).toEqual([false, false, true]);
    expect(await refusal(services, reporter, 'articles.fixImport', input(own.id))).toBe('PERMISSION_DENIED');
    expect(await refusal(services, layout, 'articles.fixImport', input(own.id))).toBe('PERMISSION_DENIED');
    expect(await refusal(services, reporter, 'articles.markReviewed', { id: own.id })).toBe('PERMISSION_DENIED');
    // a split makes a printed story of its own: those who may import pages, as the newsroom's server checks
    expect(await refusal(services, author, 'articles.fixImport', input(own.id))).toBe('PERMISSION_DENIED');
    expect(
      await refusal(services, author, 'articles.fixImport', { ...input(own.id), fix: { kind: 'headline-from-paragraph', paragraph: 1 } }),
    ).toBe('allowed');
    expect(await refusal(services, author, 'articles.markReviewed', { id: own.id })).toBe('allowed');
    expect(await refusal(services, author, 'articles.fixImport', { ...input(own.id), fix: { kind: 'split', paragraph: 0 } })).toBe(
      'INVALID_INPUT',
    );
    expect(await refusal(services, author, 'articles.fixImport', { ...input(own.id), fix: { kind: 'guess' } })).toBe('INVALID_INPUT');

    const typed = services.archive.create(fullDraft());
    await expect(fix(await signedIn(services, { name: '张编辑', roles: ['editor'] }), typed.id, { kind: 'join-next' })).rejects.toThrow(
      'IMPORT_FIX_NOT_IMPORTED',
    );
  });
});

function bodyEditor(json?: string): LexicalEditor {
  const editor = createHeadlessEditor({
    namespace: EDITOR_NAMESPACE,
    nodes: [...BODY_NODES],
    onError: (error) => {
      throw error;
    },
  });
  if (json) editor.setEditorState(editor.parseEditorState(json));
  return editor;
}

/** What the desk did to a body, which the archive must keep: its pending changes, its notes and their text, whether it is tracked. */
function desksWork(json: string) {
  return bodyEditor(json)
    .getEditorState()
    .read(() => ({
      changes: $listChanges().map((c) => `${c.kind === 'insertion' ? '+' : '-'}${c.author}:${c.text}`),
      notes: $listNotes().map((n) => `${n.text}@${n.span}`),
      tracking: $isTracking(),
    }));
}

const AT = '2025-01-02T03:04:05.000Z';

/**
 * The story as a copy editor left it with changes tracked: 王编辑 inserted （X补） into its first
 * paragraph, 李编辑 struck out the first three characters of its third and noted the first five
 * of its last (核实X).
 */
async function edited(services: AppServices, caller: Caller, id: string, x: string): Promise<Article> {
  const story = services.archive.get(id);
  const lexical = bodyEditor();
  lexical.update(
    () => {
      const root = $getRoot().clear();
      story.body.forEach((block, i) => {
        const p = $createParagraphNode();
        if (i === 0) {
          const insertion = $createInsertionNode({ id: `ins-${x}`, author: '王编辑', at: AT }).append($createTextNode(`（${x}补）`));
          p.append($createTextNode(block.text.slice(0, 4)), insertion, $createTextNode(block.text.slice(4)));
        } else if (i === 2) {
          const deletion = $createDeletionNode({ id: `del-${x}`, author: '李编辑', at: AT }).append(
            $createTextNode(block.text.slice(0, 3)),
          );
          p.append(deletion, $createTextNode(block.text.slice(3)));
        } else if (i === story.body.length - 1) {
          p.append($createNoteNode(`note-${x}`).append($createTextNode(block.text.slice(0, 5))), $createTextNode(block.text.slice(5)));
        } else p.append($createTextNode(block.text));
        root.append(p);
      });
      $setTracking(true);
      $setState(root, NOTES_STATE, [{ id: `note-${x}`, by: '李编辑', at: AT, text: `核实${x}`, replies: [], resolved: false }]);
    },
    { discrete: true },
  );
  return call<Article>(services, caller, 'articles.save', {
    id,
    baseVersion: story.version,
    draft: { ...articleDraftSchema.parse(story), bodyJson: JSON.stringify(lexical.getEditorState().toJSON()) },
  });
}

describe('fixing an import keeps what the desk has done to the text since', () => {
  /** Two neighbouring stories of the June page, each of at least four paragraphs, edited with changes tracked. */
  async function juneEdited() {
    const setup = await june();
    const { services, editor, pieces } = setup;
    const long = (i: number) => services.archive.get(pieces[i]!.id).body.length >= 4;
    const index = pieces.findIndex((_, i) => i + 1 < pieces.length && long(i) && long(i + 1));
    expect(index).toBeGreaterThanOrEqual(0);
    const story = await edited(services, editor, pieces[index]!.id, 'A');
    const next = await edited(services, editor, pieces[index + 1]!.id, 'B');
    return { ...setup, story, next };
  }

  it('keeps them through a split, each part holding its own and tracked as the story was', async () => {
    const { services, editor, story, fix } = await juneEdited();
    const before = desksWork(story.bodyJson);
    expect(before.tracking).toBe(true);
    expect(before.changes).toHaveLength(2);
    const { article, other } = await fix(editor, story.id, { kind: 'split', paragraph: 2 });
    expect(texts(article)).toEqual(texts(story).slice(0, 2));
    expect(desksWork(article.bodyJson)).toEqual({ changes: [before.changes[0]], notes: [], tracking: true });
    const part = services.archive.get(other!);
    expect(texts(part)).toEqual(texts(story).slice(2));
    expect(desksWork(part.bodyJson)).toEqual({ changes: [before.changes[1]], notes: before.notes, tracking: true });
    // and the story's history still holds the edited text whole, as it was before the split
    const history = services.archive.revisions(story.id).map((r) => services.archive.revision(r.id).draft.bodyJson);
    expect(history.map(desksWork)).toContainEqual(before);
  });

  it("keeps both stories' through a join", async () => {
    const { editor, story, next, fix } = await juneEdited();
    const [a, b] = [desksWork(story.bodyJson), desksWork(next.bodyJson)];
    const { article } = await fix(editor, story.id, { kind: 'join-next' });
    const between = story.headline && next.headline ? [next.headline] : [];
    expect(texts(article)).toEqual([...texts(story), ...between, ...texts(next)]);
    expect(desksWork(article.bodyJson)).toEqual({ changes: [...a.changes, ...b.changes], notes: [...a.notes, ...b.notes], tracking: true });
  });

  it('keeps them when a paragraph becomes the headline, and will not take a paragraph with changes pending for one', async () => {
    const { services, editor, story, fix } = await juneEdited();
    const before = desksWork(story.bodyJson);
    expect(
      await refusal(services, editor, 'articles.fixImport', {
        id: story.id,
        baseVersion: story.version,
        fix: { kind: 'headline-from-paragraph', paragraph: 2 },
      }),
    ).toBe('IMPORT_FIX_PARAGRAPH_CHANGED');
    const { article } = await fix(editor, story.id, { kind: 'headline-from-paragraph', paragraph: 1 });
    expect(article.headline).toBe(story.body[1]!.text);
    expect(texts(article)).toEqual(
      texts(story)
        .map((t, i) => (i === 1 ? story.headline : t))
        .filter(Boolean),
    );
    expect(desksWork(article.bodyJson)).toEqual(before);
  });
});
