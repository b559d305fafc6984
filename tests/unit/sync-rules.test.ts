import { describe, expect, it } from 'vitest';
import type { DeskRole } from '../../shared/domain/accounts';
import { emptyDraft } from '../../shared/domain/article';
import type { Status } from '../../shared/domain/status';
import type { ArticleDoc, AuditDoc, PlacementDoc, RevisionDoc } from '../../shared/sync/protocol';
import { checkChange, type SyncActor } from '../../shared/sync/rules';

const actor = (name: string, roles: DeskRole[], person: string | null = null): SyncActor => ({
  name,
  roles,
  person: person ? { name: person, outlet: '' } : null,
});
const reporter = actor('wang', ['reporter'], '王小明');
const otherReporter = actor('li', ['reporter'], '李华');
const editor = actor('zhao', ['editor']);
const chief = actor('chen', ['chief']);
const layout = actor('sun', ['layout']);
const admin = actor('root', ['admin']);

function article(over: Partial<ArticleDoc> = {}, headline = '长江大桥通车'): ArticleDoc {
  return {
    id: 'a1',
    status: 'draft',
    draft: { ...emptyDraft(), headline, byline: [{ role: 'reporter', name: '王小明' }] },
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    createdBy: 'wang',
    updatedBy: 'wang',
    signedRevision: null,
    editionDate: null,
    page: null,
    origin: null,
    needsReview: false,
    ...over,
  };
}
const withStatus = (status: Status, over: Partial<ArticleDoc> = {}) => article({ status, ...over });
const signed = () => withStatus('approved', { signedRevision: 'abcdef01.7' });
const edited = (doc: ArticleDoc, headline = '长江大桥今日通车') => ({ ...doc, draft: { ...doc.draft, headline } });

const revision = (over: Partial<RevisionDoc> = {}): RevisionDoc => ({
  articleId: 'a1',
  reason: 'edit',
  open: true,
  headline: 'h',
  chars: 10,
  draft: emptyDraft(),
  createdAt: '2026-05-01T08:00:00.000Z',
  updatedAt: '2026-05-01T08:00:00.000Z',
  by: 'wang',
  ...over,
});
const audit = (by: string | null): AuditDoc => ({
  at: '2026-05-01T08:00:00.000Z',
  by,
  front: 'app',
  action: 'status',
  articleId: 'a1',
  editionDate: null,
  page: null,
  detail: {},
});
const placement = (id: string, articleId: string, column: number, span: number, top: number, depth: number, page = 1): PlacementDoc => ({
  date: '2026-05-02',
  page,
  placement: { id, articleId, column, span, top, depth, bodySpan: span, split: span, headlineSize: 'medium', photos: [] },
});

const A = 'article:a1';
const importOrigin = { fileName: 'p.txt', firstLine: 1, lastLine: 9, confidence: 1, doubts: [], fileHash: 'a'.repeat(64) };

/** [what, actor, key, current, next, code or null when allowed] */
/** The house's proofreading rules (本报校对规则), as a setting record holds them. */
const HOUSE = { proofreading: { off: ['typo'], typos: [{ wrong: '编办', right: '编委办' }], avoid: [] } };

const TABLE: [string, SyncActor, string, unknown, unknown, string | null][] = [
  ['a reporter creates a draft', reporter, A, null, article(), null],
  ['a reporter creates and submits', reporter, A, null, withStatus('submitted'), null],
  ['a reporter cannot create an approved story', reporter, A, null, withStatus('approved'), 'STATUS_NOT_ALLOWED'],
  [
    'a chief creates, edits and signs at once',
    chief,
    A,
    null,
    article({ createdBy: 'chen', status: 'approved', signedRevision: 'abcdef01.3' }),
    null,
  ],
  ['layout staff cannot write stories', layout, A, null, article({ createdBy: 'sun' }), 'PERMISSION_DENIED'],
  ['a story created in someone else’s name', reporter, A, null, article({ createdBy: 'li' }), 'WRONG_AUTHOR'],
  ['an editor imports a printed story', editor, A, null, withStatus('approved', { createdBy: null, origin: importOrigin }), null],
  ['a reporter cannot import', reporter, A, null, withStatus('approved', { createdBy: null, origin: importOrigin }), 'PERMISSION_DENIED'],
  ['a reporter edits their draft', reporter, A, article(), edited(article()), null],
  [
    'a reporter edits a story with them in the byline',
    reporter,
    A,
    article({ createdBy: 'li' }),
    edited(article({ createdBy: 'li' })),
    null,
  ],
  ['a reporter cannot edit someone else’s story', otherReporter, A, article(), edited(article()), 'PERMISSION_DENIED'],
  ['a reporter cannot edit an edited story', reporter, A, withStatus('edited'), edited(withStatus('edited')), 'PERMISSION_DENIED'],
  ['a reporter submits their own', reporter, A, article(), withStatus('submitted'), null],
  ['a reporter cannot submit someone else’s', otherReporter, A, article(), withStatus('submitted'), 'STATUS_NOT_ALLOWED'],
  ['a reporter cannot approve', reporter, A, withStatus('edited'), withStatus('approved'), 'STATUS_NOT_ALLOWED'],
  ['a reporter cannot push approved from a draft', reporter, A, article(), withStatus('approved'), 'STATUS_NOT_ALLOWED'],
  ['an editor passes a story as edited', editor, A, withStatus('submitted'), withStatus('edited'), null],
  ['an editor cannot sign off', editor, A, withStatus('edited'), withStatus('approved'), 'STATUS_NOT_ALLOWED'],
  ['an editor restores a spiked story', editor, A, withStatus('spiked'), withStatus('submitted'), null],
  ['an editor spikes and restores', editor, A, withStatus('edited'), withStatus('spiked'), null],
  ['an editor cannot restore a spiked story as approved', editor, A, withStatus('spiked'), withStatus('approved'), 'STATUS_NOT_ALLOWED'],
  ['a chief signs off', chief, A, withStatus('edited'), signed(), null],
  ['a chief goes from draft to approved in one record', chief, A, article(), signed(), null],
  ['no one edits a signed story', editor, A, signed(), edited(signed()), 'ARTICLE_SIGNED'],
  ['a chief edits a signed story while withdrawing it', chief, A, signed(), edited(withStatus('edited')), null],
  ['a chief edits and re-signs', chief, A, signed(), edited(withStatus('approved', { signedRevision: 'abcdef01.9' })), null],
  ['a chief cannot edit a signed story and leave it signed as it was', chief, A, signed(), edited(signed()), 'ARTICLE_SIGNED'],
  ['the creator never changes', editor, A, article(), article({ createdBy: 'zhao' }), 'WRONG_AUTHOR'],
  ['an article is never deleted', editor, A, article(), null, 'RECORD_NOT_DELETABLE'],
  ['desktops never push accounts', admin, 'account:wang', null, null, 'RECORD_READ_ONLY'],
  ['a revision by its author', reporter, 'revision:abcdef01.1', null, revision(), null],
  ['a revision in someone else’s name', reporter, 'revision:abcdef01.1', null, revision({ by: 'li' }), 'WRONG_AUTHOR'],
  ['an open revision grows', reporter, 'revision:abcdef01.1', revision(), revision({ chars: 20, open: false }), null],
  ['a closed revision stays', reporter, 'revision:abcdef01.1', revision({ open: false }), revision({ chars: 20 }), 'RECORD_APPEND_ONLY'],
  ['an identical resend is fine', reporter, 'audit:abcdef01.1', audit('wang'), audit('wang'), null],
  ['an audit entry is not rewritten', reporter, 'audit:abcdef01.1', audit('wang'), audit(null), 'RECORD_APPEND_ONLY'],
  ['an audit entry is not deleted', reporter, 'audit:abcdef01.1', audit('wang'), null, 'RECORD_APPEND_ONLY'],
  ['an audit entry by no one', editor, 'audit:abcdef01.2', null, audit(null), null],
  ['layout places a story', layout, 'placement:p1', null, placement('p1', 'a1', 0, 2, 0, 40), null],
  ['a reporter cannot place', reporter, 'placement:p1', null, placement('p1', 'a1', 0, 2, 0, 40), 'PERMISSION_DENIED'],
  ['a reporter cannot take a story off', reporter, 'placement:p1', placement('p1', 'a1', 0, 2, 0, 40), null, 'PERMISSION_DENIED'],
  // An administrator joining a desktop brings its archive: what the server has not had yet, by anyone.
  ['an administrator brings someone’s signed story', admin, A, null, signed(), null],
  ['an administrator brings someone’s revision', admin, 'revision:abcdef01.1', null, revision({ by: 'li' }), null],
  ['an administrator brings a page’s placement', admin, 'placement:p1', null, placement('p1', 'a1', 0, 2, 0, 40), null],
  ['but does not edit a story the newsroom holds', admin, A, article(), edited(article()), 'PERMISSION_DENIED'],
  ['nor rewrite its history', admin, 'revision:abcdef01.1', revision({ open: false }), revision({ by: 'li' }), 'WRONG_AUTHOR'],
  ['a chief editor sets the house’s proofreading rules', chief, 'setting:proofreading', null, HOUSE, null],
  ['an administrator changes them', admin, 'setting:proofreading', HOUSE, { proofreading: { off: [], typos: [], avoid: [] } }, null],
  ['an editor may not', editor, 'setting:proofreading', HOUSE, { proofreading: { off: [], typos: [], avoid: [] } }, 'PERMISSION_DENIED'],
  ['nor a reporter, even where the newsroom has none yet', reporter, 'setting:proofreading', null, HOUSE, 'PERMISSION_DENIED'],
];

describe('the newsroom rules for a pushed record', () => {
  it.each(TABLE)('%s', (_what, who, key, current, next, code) => {
    const verdict = checkChange(who, key, current as never, next as never);
    if (code === null) expect(verdict).toEqual({ ok: true });
    else expect(verdict).toMatchObject({ ok: false, code });
  });

  it('refuses a placement overlapping another on the page, naming its story', () => {
    const others = [{ doc: placement('p1', 'a1', 0, 3, 0, 40), headline: '长江大桥通车' }];
    expect(checkChange(layout, 'placement:p2', null, placement('p2', 'a2', 2, 2, 30, 20), { others })).toEqual({
      ok: false,
      code: 'PLACEMENT_OVERLAP',
      params: { headline: '长江大桥通车' },
    });
    // Side by side, below, or on another page: fine.
    expect(checkChange(layout, 'placement:p2', null, placement('p2', 'a2', 3, 2, 0, 40), { others }).ok).toBe(true);
    expect(checkChange(layout, 'placement:p2', null, placement('p2', 'a2', 0, 2, 40, 20), { others }).ok).toBe(true);
    expect(checkChange(layout, 'placement:p2', null, placement('p2', 'a2', 0, 2, 0, 20, 2), { others }).ok).toBe(true);
  });

  it('places an article once per edition', () => {
    const others = [{ doc: placement('p1', 'a1', 0, 3, 0, 40, 3), headline: null }];
    expect(checkChange(layout, 'placement:p2', null, placement('p2', 'a1', 0, 2, 0, 20, 1), { others })).toMatchObject({
      ok: false,
      code: 'ARTICLE_ALREADY_PLACED',
      params: { page: 3 },
    });
    // Its further part on another page (转版) goes on with it; a second start is still refused.
    const rest = placement('p2', 'a1', 0, 2, 0, 20, 4);
    const continued = { ...rest, placement: { ...rest.placement, continues: true as const } };
    expect(checkChange(layout, 'placement:p2', null, continued, { others }).ok).toBe(true);
    expect(
      checkChange(layout, 'placement:p3', null, placement('p3', 'a1', 4, 2, 0, 20, 5), {
        others: [...others, { doc: continued, headline: null }],
      }),
    ).toMatchObject({ ok: false, code: 'ARTICLE_ALREADY_PLACED' });
  });
});

describe('restoring a spiked story', () => {
  it('returns it to the status it was spiked from, when the server knows it', () => {
    expect(checkChange(editor, A, withStatus('spiked'), withStatus('edited'), { spikedFrom: 'edited' }).ok).toBe(true);
    expect(checkChange(editor, A, withStatus('spiked'), withStatus('submitted'), { spikedFrom: 'edited' }).ok).toBe(true); // restore, then return
    expect(checkChange(editor, A, withStatus('spiked'), withStatus('approved'), { spikedFrom: 'approved' }).ok).toBe(true);
    expect(checkChange(editor, A, withStatus('spiked'), withStatus('approved'), { spikedFrom: 'edited' }).ok).toBe(false);
  });
});
