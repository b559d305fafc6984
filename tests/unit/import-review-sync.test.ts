import { describe, expect, it } from 'vitest';
import type { DeskRole } from '../../shared/domain/accounts';
import { emptyDraft } from '../../shared/domain/article';
import type { ArticleDoc } from '../../shared/sync/protocol';
import { checkChange, type SyncActor } from '../../shared/sync/rules';

const actor = (name: string, roles: DeskRole[], person: string | null = null): SyncActor => ({
  name,
  roles,
  person: person ? { name: person, outlet: '' } : null,
});
const author = actor('wang', ['reporter'], '王小明');
const otherReporter = actor('li', ['reporter'], '李华');
const editor = actor('zhao', ['editor']);

/** A story imported from a printed page: approved (it ran), never signed off in the desk, by 王小明. */
function imported(over: Partial<ArticleDoc> = {}): ArticleDoc {
  return {
    id: 'a1',
    status: 'approved',
    draft: { ...emptyDraft(), headline: '本报讯', byline: [{ role: 'reporter', name: '王小明' }] },
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    createdBy: null,
    updatedBy: null,
    signedRevision: null,
    editionDate: '2024-06-25',
    page: 2,
    origin: { fileName: 'p.txt', firstLine: 3, lastLine: 9, confidence: 0.65, doubts: ['no-headline'], fileHash: 'a'.repeat(64) },
    needsReview: true,
    ...over,
  };
}
const fixed = (doc: ArticleDoc): ArticleDoc => ({ ...doc, draft: { ...doc.draft, headline: '全区招聘双选会举行' }, needsReview: false });
const trashed = (doc: ArticleDoc, by: string): ArticleDoc => ({ ...doc, deletedAt: '2026-05-01T09:00:00.000Z', deletedBy: by });
const code = (v: ReturnType<typeof checkChange>) => (v.ok ? 'ok' : v.code);

describe('the newsroom server on fixes of imported stories', () => {
  it('takes a headline put right, or a joined piece trashed, from those the desk lets fix the import, and no one else', () => {
    const story = imported();
    expect(code(checkChange(editor, 'article:a1', story, fixed(story)))).toBe('ok');
    expect(code(checkChange(author, 'article:a1', story, fixed(story)))).toBe('ok');
    expect(code(checkChange(otherReporter, 'article:a1', story, fixed(story)))).toBe('PERMISSION_DENIED');

    expect(code(checkChange(editor, 'article:a1', story, trashed(story, 'zhao'), { placed: null }))).toBe('ok');
    expect(code(checkChange(author, 'article:a1', story, trashed(story, 'wang'), { placed: null }))).toBe('ok');
    expect(code(checkChange(otherReporter, 'article:a1', story, trashed(story, 'li'), { placed: null }))).toBe('PERMISSION_DENIED');
    expect(code(checkChange(editor, 'article:a1', story, trashed(story, 'zhao'), { placed: { date: '2024-06-25', page: 2 } }))).toBe(
      'TRASH_PLACED',
    );
    // a story written and signed off in the desk stays out of the trash, and its text frozen
    const typed = imported({ origin: null });
    expect(code(checkChange(editor, 'article:a1', typed, trashed(typed, 'zhao'), { placed: null }))).toBe('TRASH_SIGNED');
    const signedImport = imported({ signedRevision: 'abcdef01.7' });
    expect(code(checkChange(author, 'article:a1', signedImport, fixed(signedImport)))).toBe('ARTICLE_SIGNED');
  });
});
