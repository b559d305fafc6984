import { UNDO_COMMAND, type LexicalEditor } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { headlessBodyEditor } from '../support/body-editor';
import type { ApiInput, ApiOutput } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/methods';
import type { Article } from '../../shared/domain/article';
import { $readBodyBlocks, bodyJsonFromBlocks } from '../../shared/editor/body';
import { ClientError } from '../../renderer/src/api/client';
import type { LiveMessage } from '../../renderer/src/layout/live';
import { lexicalBodyHandle } from '../../renderer/src/story/body-handle';
import { registerTrackChanges } from '../../renderer/src/story/track/track-changes';
import { $listChanges } from '../../shared/editor/track';
import { StoryController, type StoryDeps } from '../../renderer/src/story/story-controller';
import type { AppServices } from '../../electron/services/app-services';
import type { Caller } from '../../electron/accounts/authority';
import { importBytes } from '../../electron/import/import-file';
import { fullDraft } from '../support/drafts';
import { pageText } from '../support/fixtures';
import { openServices, signedIn } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** Two paragraphs as printed on a real page (shashi-2024-03): half-width commas and brackets in Chinese text. */
function printedParagraphs(): string[] {
  const lines = pageText('shashi-2024-03.txt').split(/\r?\n/);
  const first = lines.find((l) => l.startsWith('本报讯(通讯员刘江林)'))!;
  const second = lines.find((l) => l.startsWith('会上,各镇(街道)'))!;
  return [first.trim(), second.trim()];
}

/** The services' calls as the desk's API makes them: the answer, or a ClientError. */
function client(services: AppServices, caller: Caller) {
  return async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    const result = await services.call(method, input, caller);
    if (!result.ok) throw new ClientError(result.error);
    return result.value as ApiOutput<M>;
  };
}

/** The story desk's calls, each through the services as the signed-in person. */
function storyDeps(call: ReturnType<typeof client>): StoryDeps {
  return {
    get: (input) => call('articles.get', input),
    access: (input) => call('articles.access', input),
    statusLog: (input) => call('articles.statusLog', input),
    save: (request) => call('articles.save', request),
    setStatus: (input) => call('articles.setStatus', input),
    restore: (input) => call('revisions.restore', input),
    markReviewed: (input) => call('articles.markReviewed', input),
    fixImport: (input) => call('articles.fixImport', input),
    setImportDate: (input) => call('articles.setImportDate', input),
    houseProofreading: () => call('settings.get', {}).then((s) => s.proofreading),
    lock: (input) => call('sync.lock', input),
    release: (input) => call('sync.release', input),
    publishLive: () => undefined,
    describe: String,
  };
}

/** A body editor as the desk has one (rich text, undo history), without a browser. */
function bodyEditor(json: string): LexicalEditor {
  const editor = headlessBodyEditor({ history: true });
  editor.setEditorState(editor.parseEditorState(json));
  return editor;
}

async function openStory(options: { roles?: ('reporter' | 'editor' | 'chief')[]; name?: string; article?: Article } = {}) {
  const services = openServices(temp);
  const author = await signedIn(services, { name: '王子瑶', roles: ['reporter'] });
  const call = client(
    services,
    options.roles ? await signedIn(services, { name: options.name ?? '李编辑', roles: options.roles }) : author,
  );
  const article =
    options.article ??
    (await client(services, author)('articles.create', {
      draft: fullDraft({
        headline: '区委编办获全省表彰,再接再励',
        bodyJson: bodyJsonFromBlocks(printedParagraphs().map((text) => ({ type: 'paragraph' as const, text }))),
      }),
    }));
  const live: LiveMessage[] = [];
  const story = new StoryController(article, await call('articles.access', { id: article.id }), {
    ...storyDeps(call),
    publishLive: (message) => live.push(message),
    proofDelayMs: 5,
    saveDelayMs: 5,
  });
  await story.open();
  const editor = bodyEditor(story.getSnapshot().draft.bodyJson);
  // What BodyEditor does: each change of the body goes to the controller as JSON and blocks.
  editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves }) => {
    if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
    story.bodyChanged(JSON.stringify(editorState.toJSON()), editorState.read($readBodyBlocks));
  });
  story.attachBody(lexicalBodyHandle(editor));
  const saved = async () => {
    await story.autosave.flush();
    return call('articles.get', { id: article.id });
  };
  return { services, call, story, editor, live, saved, article };
}

describe('the story desk controller (a story open for editing, over a real archive)', () => {
  it('proofreads the story as it opens: each finding with its place, message and fix', async () => {
    const { story } = await openStory();
    const { findings } = story.getSnapshot().proofreading;
    const typo = findings.find((f) => f.finding.rule === 'typo')!;
    expect(typo).toMatchObject({ place: { part: 'headline' }, id: 'headline|typo:再接再励:0', finding: { suggestion: '再接再厉' } });
    const body = findings.filter((f) => f.place.part === 'body');
    expect(body.length).toBeGreaterThan(5);
    expect(body.every((f) => f.finding.rule === 'halfwidth-punct' || f.finding.rule === 'paired-marks')).toBe(true);
    expect(new Set(body.map((f) => (f.place as { block: number }).block))).toEqual(new Set([0, 1]));
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  });

  it('fixes a finding in a field with one click, and the fix is saved', async () => {
    const { story, saved } = await openStory();
    expect(story.fix('headline|typo:再接再励:0')).toBe(true);
    expect(story.getSnapshot().draft.headline).toBe('区委编办获全省表彰,再接再厉');
    expect((await saved()).headline).toBe('区委编办获全省表彰,再接再厉');
    story.proofreadNow();
    expect(story.getSnapshot().proofreading.findings.some((f) => f.finding.rule === 'typo')).toBe(false);
  });

  it('fixes every finding of one kind in the body at once, and one undo takes them all back', async () => {
    const { story, editor, saved } = await openStory();
    const before = story.getSnapshot().blocks.map((b) => b.text);
    const count = story.getSnapshot().proofreading.findings.filter((f) => f.finding.rule === 'halfwidth-punct').length;
    expect(story.fixAll('halfwidth-punct')).toBeGreaterThan(0);
    const after = story.getSnapshot().blocks.map((b) => b.text);
    expect(after[0]).toMatch(/^本报讯（通讯员刘江林）近日，省委编办印发通报，/);
    expect(after.join('')).not.toMatch(/[,()]/);
    expect((await saved()).body.map((b) => b.text)).toEqual(after);
    story.proofreadNow();
    const left = story.getSnapshot().proofreading.findings.filter((f) => f.finding.rule === 'halfwidth-punct');
    // The headline's half-width comma is fixed too (a field, not the body).
    expect(left).toEqual([]);
    expect(count).toBeGreaterThan(5);
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await expect.poll(() => story.getSnapshot().blocks.map((b) => b.text)).toEqual(before);
  });

  it('makes a fix a tracked change while the story’s changes are tracked: printed fixed, the old mark struck out', async () => {
    const { story, editor, saved } = await openStory();
    registerTrackChanges(editor, { author: () => ({ name: '李编辑', color: '#0b5cad' }), enabled: () => story.tracking.getSnapshot() });
    story.tracking.set(true);
    const comma = story.getSnapshot().proofreading.findings.find((f) => f.place.part === 'body' && f.finding.suggestion === '，')!;
    expect(story.fix(comma.id)).toBe(true);
    const changes = editor.getEditorState().read($listChanges);
    expect(changes.map((c) => [c.kind, c.text, c.author])).toEqual([
      ['deletion', ',', '李编辑'],
      ['insertion', '，', '李编辑'],
    ]);
    const fixed = (await saved()).body[0]!.text;
    expect(fixed.slice(comma.finding.offset, comma.finding.offset + 1)).toBe('，');
  });

  it('does not fix text that changed since it was checked', async () => {
    const { story, editor } = await openStory();
    const first = story.getSnapshot().proofreading.findings.find((f) => f.place.part === 'body')!;
    // The paragraph was retyped before the click landed: the span no longer holds what was found.
    expect(lexicalBodyHandle(editor).replace([{ block: 0, offset: first.finding.offset, length: 1, expected: '？', text: '，' }])).toBe(
      false,
    );
    expect(story.getSnapshot().blocks[0]!.text).toBe(printedParagraphs()[0]);
  });

  it('keeps an ignored finding for the story: saved with it, still ignored after edits elsewhere and when reopened', async () => {
    const { story, saved, call, article } = await openStory();
    story.ignore('headline|typo:再接再励:0');
    expect(story.getSnapshot().proofreading.findings.some((f) => f.id === 'headline|typo:再接再励:0')).toBe(false);
    expect(story.getSnapshot().proofreading.ignored).toBe(1);
    expect((await saved()).proofIgnores).toEqual(['headline|typo:再接再励:0']);
    // A paragraph typed above the body does not bring it back.
    story.update({ kicker: '推动环保工作' });
    story.fixAll('halfwidth-punct');
    story.proofreadNow();
    expect(story.getSnapshot().proofreading.findings.some((f) => f.finding.rule === 'typo')).toBe(false);
    await story.close();
    const reopened = new StoryController(
      await call('articles.get', { id: article.id }),
      await call('articles.access', { id: article.id }),
      storyDeps(call),
    );
    await reopened.open();
    expect(reopened.getSnapshot().proofreading).toMatchObject({ ignored: 1, stale: false });
    reopened.unignoreAll();
    expect(reopened.getSnapshot().proofreading.findings.some((f) => f.finding.rule === 'typo')).toBe(true);
    await reopened.close();
  });

  it('marks findings stale while someone types and checks again in the pause, announcing the draft to layout views', async () => {
    const { story, live } = await openStory();
    story.update({ deck: '——己经完成的工作' });
    expect(story.getSnapshot().proofreading.stale).toBe(true);
    expect(live.at(-1)).toMatchObject({ kind: 'draft', story: { deck: '——己经完成的工作' } });
    await expect.poll(() => story.getSnapshot().proofreading.stale).toBe(false);
    expect(story.getSnapshot().proofreading.findings.find((f) => f.place.part === 'deck')).toMatchObject({
      finding: { rule: 'typo', suggestion: '已经' },
    });
    await story.autosave.flush();
    expect(live.some((m) => m.kind === 'saved')).toBe(true);
  });

  it('uses the newsroom’s own rules: its words, and the rules it switches off', async () => {
    const { story, services } = await openStory();
    const chief = client(services, await signedIn(services, { name: '周总编', roles: ['chief'] }));
    const house = (
      await chief('settings.set', {
        proofreading: { off: ['halfwidth-punct'], typos: [{ wrong: '编办', right: '机构编制委员会办公室' }], avoid: [] },
      })
    ).proofreading;
    story.useHouse(house);
    const rules = new Set(story.getSnapshot().proofreading.findings.map((f) => f.finding.rule));
    expect(rules.has('halfwidth-punct')).toBe(false);
    expect(story.getSnapshot().proofreading.findings.find((f) => f.finding.params.found === '编办')).toMatchObject({
      finding: { rule: 'typo', suggestion: '机构编制委员会办公室' },
    });
    // A reporter may not change the house's rules.
    const reporter = client(services, await signedIn(services, { name: '王子瑶', roles: ['reporter'] }));
    await expect(reporter('settings.set', { proofreading: { off: [], typos: [], avoid: [] } })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
  });

  it('changes nothing in a story the person may only read', async () => {
    const { story, call, article } = await openStory({ roles: ['reporter'], name: '另一位记者' });
    expect(story.getSnapshot().access.edit).toBe(false);
    story.update({ headline: '改了' });
    expect(story.fix('headline|typo:再接再励:0')).toBe(false);
    story.ignore('headline|typo:再接再励:0');
    expect(story.getSnapshot().draft.headline).toBe('区委编办获全省表彰,再接再励');
    await story.autosave.flush();
    expect((await call('articles.get', { id: article.id })).version).toBe(article.version);
  });

  it('moves the story through the workflow and restores a revision, saying what happened', async () => {
    const { story, call, article } = await openStory({ roles: ['editor'] });
    story.update({ headline: '第二稿' });
    await story.autosave.flush(true);
    expect(await story.changeStatus('submit')).toBe(true);
    expect(story.getSnapshot()).toMatchObject({ status: 'submitted', busy: false });
    expect(story.getSnapshot().statusLog.at(-1)).toMatchObject({ to: 'submitted' });
    const revisions = await call('revisions.list', { articleId: article.id });
    const first = revisions.at(-1)!;
    await story.restore(first);
    expect(story.getSnapshot().draft.headline).toBe('区委编办获全省表彰,再接再励');
    expect(story.getSnapshot().notice).toMatchObject({ kind: 'message' });
    expect(await story.changeStatus('approve')).toBe(false);
    expect(story.getSnapshot().notice).toMatchObject({ kind: 'error' });
  });
});

describe('the story desk controller on an imported story', () => {
  it('gives an undated import the date typed in the review, with its page’s others, and says how far it reached', async () => {
    const services = openServices(temp);
    const call = client(services, await signedIn(services, { name: '张编辑', roles: ['editor'] }));
    // neither the page (its printed dates taken out) nor the batch dates it
    const undated = pageText('shashi-2024-06.txt').replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, '');
    const [id] = importBytes(services.archive, Buffer.from(undated), 'undated.txt').articleIds as [string];
    const others = services.archive.importPieces(id).length - 1;
    const open = async () =>
      new StoryController(await call('articles.get', { id }), await call('articles.access', { id }), {
        ...storyDeps(call),
        saveDelayMs: 5,
      });
    const story = await open();
    expect(story.getSnapshot().dating).toEqual({ date: '', page: '' });
    expect(story.getSnapshot().origin!.doubts).toContain('no-edition-date');

    story.changeDating({ date: '2024-02-30' });
    expect(await story.setImportDate()).toBe(false);
    expect(story.getSnapshot().notice).toMatchObject({ kind: 'error', error: { code: 'INVALID_INPUT' } });
    expect((await call('articles.get', { id })).editionDate).toBeNull();

    story.changeDating({ date: '2024-06-25', page: '2' });
    expect(await story.setImportDate()).toBe(true);
    const snapshot = story.getSnapshot();
    expect(snapshot).toMatchObject({
      dating: { date: '2024-06-25', page: '2' },
      notice: { kind: 'message', key: 'dated', params: { date: '2024-06-25', others, skipped: 0 } },
      needsReview: true,
      busy: false,
    });
    expect(snapshot.origin!.doubts).not.toContain('no-edition-date');
    expect(await call('articles.get', { id })).toMatchObject({ editionDate: '2024-06-25', page: 2 });
    await story.close();

    // opened again, the review's fields hold the story's date and page
    const again = await open();
    expect(again.getSnapshot().dating).toEqual({ date: '2024-06-25', page: '2' });
    await again.close();
  });
});
