import { afterEach, describe, expect, it } from 'vitest';
import type { ApiInput, ApiOutput } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/methods';
import { PAGE_PRESETS, placementProblems } from '../../shared/domain/layout';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { storyTextOf } from '../../shared/typeset/story';
import { DEMO_EDITION } from '../../electron/archive/demo';
import type { AppServices } from '../../electron/services/app-services';
import type { Caller } from '../../electron/accounts/authority';
import { ClientError } from '../../renderer/src/api/client';
import type { RemoteChange } from '../../renderer/src/app/newsroom';
import { LayoutController, adjusted, snapToGrid, type LayoutDeps, type LayoutSnapshot } from '../../renderer/src/layout/layout-controller';
import type { LiveMessage } from '../../renderer/src/layout/live';
import { PICKER_PAGE, StorySearch } from '../../renderer/src/layout/story-search';
import { openServices, signedIn } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** The services' calls as the desk's API makes them: the answer, or a ClientError. */
function client(services: AppServices, caller: Caller) {
  return async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    const result = await services.call(method, input, caller);
    if (!result.ok) throw new ClientError(result.error);
    return result.value as ApiOutput<M>;
  };
}

/** Channels a test speaks into: what another window types, what the newsroom changed. */
function channels() {
  const live = new Set<(m: LiveMessage) => void>();
  const remote = new Set<(c: RemoteChange) => void>();
  return {
    onLive: (l: (m: LiveMessage) => void) => (live.add(l), () => void live.delete(l)),
    onRemoteChange: (l: (c: RemoteChange) => void) => (remote.add(l), () => void remote.delete(l)),
    live: (m: LiveMessage) => live.forEach((l) => l(m)),
    remote: (c: Partial<RemoteChange>) => remote.forEach((l) => l({ articles: new Set(), pages: new Set(), all: false, ...c })),
  };
}

const body = (text: string) => bodyJsonFromBlocks([{ type: 'paragraph', text }]);

/** The layout desk's controller over a fresh archive holding the demo edition, as a layout editor. */
async function openDesk(wrap: (deps: LayoutDeps) => LayoutDeps = (d) => d) {
  const services = openServices(temp);
  const call = client(services, await signedIn(services, { name: '钱版面', roles: ['layout'] }));
  const fake = channels();
  const calls: string[] = [];
  let ids = 0;
  const deps: LayoutDeps = {
    editions: () => call('layout.editions', {}),
    page: (input) => (calls.push('page'), call('layout.page', input)),
    place: (input) => (calls.push('place'), call('layout.place', input)),
    unplace: (input) => (calls.push('unplace'), call('layout.unplace', input)),
    updatePage: (input) => call('layout.updatePage', input),
    article: (input) => call('articles.get', input),
    onLive: fake.onLive,
    onRemoteChange: fake.onRemoteChange,
    newId: () => `new-${++ids}`,
  };
  const desk = new LayoutController(wrap(deps));
  temp.onCleanup(desk.start());
  await desk.show();
  await desk.idle();
  const archived = () => services.archive.layoutPage(DEMO_EDITION.date, 1).page;
  const placement = (id: string) => archived().placements.find((p) => p.id === id);
  return { services, call, desk, fake, calls, archived, placement };
}

describe('the layout desk controller (a page open in the layout desk, over a real archive)', () => {
  it('opens the newest edition’s first page, each story set in its frame with its copyfit', async () => {
    const { desk, archived } = await openDesk();
    const s = desk.getSnapshot();
    expect(s.target).toEqual({ date: DEMO_EDITION.date, number: 1 });
    expect(s.frames.map((f) => f.placementId)).toEqual(archived().placements.map((p) => p.id));
    expect(s.frames.every((f) => f.lines.length > 0 && f.copyfit.state !== 'over')).toBe(true);
    expect([...s.placedInEdition.values()]).toEqual([1, 1, 1, 1]);
    expect(s.headlines.get(archived().placements[0]!.articleId)).toBeTruthy();
  });

  it('places a story on free space where it is set whole, selects it, and undo takes it off again', async () => {
    const { desk, services, archived } = await openDesk();
    const story = services.archive.create({ headline: '新稿排版测试', bodyJson: body('新稿的正文。'.repeat(20)) });
    expect(await desk.place(story.id)).toBe(true);
    const placed = archived().placements.find((p) => p.articleId === story.id)!;
    expect(placed).toMatchObject({ id: 'new-1', span: 2 });
    expect(placementProblems(archived(), placed)).toEqual([]);
    const s = desk.getSnapshot();
    expect(s.selectedId).toBe('new-1');
    expect(s.frames.find((f) => f.placementId === 'new-1')!.copyfit.state).not.toBe('over');
    expect(s.placedInEdition.get(story.id)).toBe(1);
    await desk.undo();
    expect(archived().placements.some((p) => p.articleId === story.id)).toBe(false);
    await desk.redo();
    expect(archived().placements.find((p) => p.articleId === story.id)).toEqual(placed);
  });

  it('says there is no room when the page is full, and places nothing', async () => {
    const { desk, services, archived } = await openDesk();
    // A one-column page of three lines, full once the demo's stories are off it.
    for (const p of archived().placements) await desk.unplace(p.id);
    await desk.setGeometry({ ...PAGE_PRESETS.tabloid, columns: 2, paperHeightMm: 50, marginTopMm: 5, marginBottomMm: 5 });
    const first = services.archive.create({ headline: '一', bodyJson: body('正文。'.repeat(400)) });
    expect(await desk.place(first.id)).toBe(true);
    const second = services.archive.create({ headline: '二', bodyJson: body('正文。') });
    expect(await desk.place(second.id)).toBe(false);
    expect(desk.getSnapshot().problem).toEqual({ kind: 'noRoom' });
    expect(archived().placements.map((p) => p.articleId)).toEqual([first.id]);
  });

  it('refuses a move onto another story, saying which, and changes nothing', async () => {
    const { desk, archived, services } = await openDesk();
    const before = archived();
    const [, second, third] = before.placements;
    await desk.edit(third!.id, { column: second!.column, top: second!.top });
    const problem = desk.getSnapshot().problem;
    expect(problem).toMatchObject({ kind: 'error', error: { code: 'PLACEMENT_OVERLAP' } });
    expect((problem as { error: ClientError }).error.params).toMatchObject({ headline: services.archive.get(second!.articleId).headline });
    expect(archived()).toEqual(before);
    expect(desk.getSnapshot().canUndo).toBe(false);
  });

  it('moves and resizes with the arrow keys, snaps a drag to the grid, and undoes and redoes each step', async () => {
    const { desk, placement } = await openDesk();
    const start = placement('demo-fourth')!;
    await desk.move('demo-fourth', 0, 1);
    expect(placement('demo-fourth')).toMatchObject({ top: start.top + 1, depth: start.depth });
    await desk.resize('demo-fourth', 0, -1);
    expect(placement('demo-fourth')).toMatchObject({ top: start.top + 1, depth: start.depth - 1 });
    expect(desk.getSnapshot()).toMatchObject({ canUndo: true, canRedo: false });
    await desk.undo();
    expect(placement('demo-fourth')!.depth).toBe(start.depth);
    await desk.undo();
    expect(placement('demo-fourth')).toEqual(start);
    expect(desk.getSnapshot()).toMatchObject({ canUndo: false, canRedo: true });
    await desk.redo();
    expect(placement('demo-fourth')!.top).toBe(start.top + 1);
    // A new change forgets what was undone.
    await desk.move('demo-fourth', 0, 1);
    expect(desk.getSnapshot().canRedo).toBe(false);

    // A drag of 2.6 columns and 2.4 lines lands 3 columns and 2 lines on; nothing goes off the left edge.
    const g = PAGE_PRESETS.tabloid;
    const em = 10;
    const column = (g.columnChars + g.gutterChars) * em;
    const line = (g.leadingPt / g.bodySizePt) * em;
    expect(snapToGrid(g, em, 2.6 * column, 2.4 * line)).toEqual({ columns: 3, lines: 2 });
    expect(snapToGrid(g, em, 0.4 * column, -0.4 * line)).toEqual({ columns: 0, lines: 0 });
    expect(adjusted(start, 'move', -9, 0).column).toBe(0);
    // Resizing a plain grid keeps it plain: body and split follow the span.
    expect(adjusted({ ...start, span: 2, bodySpan: 2, split: 2 }, 'resize', 1, 0)).toMatchObject({ span: 3, bodySpan: 3, split: 3 });
  });

  it('keeps the queue in order, each change reading the page as the one before left it, and goes on after a failed save', async () => {
    let n = 0;
    const tops: number[] = [];
    const { desk, placement, calls } = await openDesk((deps) => ({
      ...deps,
      // Answers come back out of step, and the second save fails on the way.
      place: async (input) => {
        const k = ++n;
        tops.push(input.placement.top);
        await new Promise((r) => setTimeout(r, [30, 0, 15, 5, 0][k - 1] ?? 0));
        if (k === 2) throw new ClientError({ code: 'INTERNAL', message: 'lost', params: { reason: 'lost' } });
        return deps.place(input);
      },
    }));
    const start = placement('demo-fourth')!.top;
    const problems: unknown[] = [];
    desk.subscribe(() => problems.push(desk.getSnapshot().problem));
    const moves = [1, 2, 3, 4].map(() => desk.move('demo-fourth', 0, 1));
    expect(desk.getSnapshot().pending).toBe(4);
    await Promise.all(moves);
    expect(tops).toEqual([start + 1, start + 2, start + 2, start + 3]);
    expect(placement('demo-fourth')!.top).toBe(start + 3);
    // The failure was shown, and the next change that went through cleared it.
    expect(problems).toContainEqual({ kind: 'error', error: expect.objectContaining({ code: 'INTERNAL' }) as unknown });
    expect(desk.getSnapshot()).toMatchObject({ pending: 0, problem: null });
    expect(calls.filter((c) => c === 'place')).toHaveLength(3);
    // The failed step is not in the history: three undos take the story back where it was.
    await Promise.all([desk.undo(), desk.undo(), desk.undo()]);
    expect(placement('demo-fourth')!.top).toBe(start);
    expect(desk.getSnapshot().canUndo).toBe(false);
  });

  it('draws a move at once, before the archive answers, keeping all it did not change, and takes it back when refused', async () => {
    let waiting: (() => void) | null = null;
    let refuse = false;
    const { desk, placement } = await openDesk((deps) => ({
      ...deps,
      // The archive answers when the test says so.
      place: async (input) => {
        await new Promise<void>((r) => (waiting = r));
        if (refuse) throw new ClientError({ code: 'INTERNAL', message: 'lost', params: { reason: 'lost' } });
        return deps.place(input);
      },
    }));
    /** Lets the archive answer the change sent to it, once it is sent (the queue sends it a moment later). */
    const answer = async () => {
      while (!waiting) await new Promise((r) => setTimeout(r, 1));
      const go: () => void = waiting;
      waiting = null;
      go();
    };
    const frameOf = (s: LayoutSnapshot, id: string) => s.frames.find((f) => f.placementId === id)!;
    const shown = (s: LayoutSnapshot, id: string) => s.layout!.page.placements.find((p) => p.id === id)!;
    const start = placement('demo-fourth')!;
    const before = desk.getSnapshot();
    const moved = desk.move('demo-fourth', 0, 1);
    const drawn = desk.getSnapshot();
    // Drawn a line down at once, the frame set there; the archive has not heard of it yet.
    expect(shown(drawn, 'demo-fourth').top).toBe(start.top + 1);
    expect(frameOf(drawn, 'demo-fourth').box.y).toBeGreaterThan(frameOf(before, 'demo-fourth').box.y);
    expect(placement('demo-fourth')).toEqual(start);
    // All the move did not touch is the very same object: a view memoised on it is not drawn again.
    const other = before.frames.find((f) => f.placementId !== 'demo-fourth')!;
    expect(frameOf(drawn, other.placementId)).toBe(other);
    expect(shown(drawn, other.placementId)).toBe(shown(before, other.placementId));
    expect(drawn.stories).toBe(before.stories);
    expect(drawn.headlines).toBe(before.headlines);
    expect(drawn.layout!.page.geometry).toBe(before.layout!.page.geometry);
    expect(drawn.layout!.edition).toBe(before.layout!.edition);
    // The archive's answer is the page as drawn: nothing is set again.
    await answer();
    await moved;
    const answered = desk.getSnapshot();
    expect(placement('demo-fourth')!.top).toBe(start.top + 1);
    expect(shown(answered, 'demo-fourth')).toBe(shown(drawn, 'demo-fourth'));
    expect(frameOf(answered, 'demo-fourth')).toBe(frameOf(drawn, 'demo-fourth'));

    // Refused: drawn at once all the same, then taken back, the problem shown.
    refuse = true;
    const again = desk.move('demo-fourth', 0, 1);
    expect(shown(desk.getSnapshot(), 'demo-fourth').top).toBe(start.top + 2);
    await answer();
    await again;
    expect(shown(desk.getSnapshot(), 'demo-fourth').top).toBe(start.top + 1);
    expect(desk.getSnapshot().problem).toMatchObject({ kind: 'error', error: { code: 'INTERNAL' } });
    // A move the archive would refuse (onto another story) is not drawn before it says so.
    const [, second] = answered.layout!.page.placements;
    refuse = false;
    const onto = desk.edit('demo-fourth', { column: second!.column, top: second!.top });
    expect(shown(desk.getSnapshot(), 'demo-fourth').top).toBe(start.top + 1);
    await answer();
    await onto;
  });

  it('sets a draft typed in another window as it is typed, and reads the saved text once it is saved', async () => {
    const { desk, fake, services } = await openDesk();
    const before = desk.getSnapshot().frames;
    const frame = before.find((f) => f.placementId === 'demo-fourth')!;
    expect(frame.copyfit.state).not.toBe('over');
    const article = services.archive.get(frame.articleId);
    const longer = storyTextOf({ ...article, body: [...article.body, { type: 'paragraph', text: '补充。'.repeat(300) }] });
    fake.live({ kind: 'draft', articleId: frame.articleId, story: longer });
    const typed = desk.getSnapshot();
    expect(typed.note).toBe('liveFromOtherTab');
    expect(typed.frames.find((f) => f.placementId === 'demo-fourth')!.copyfit.state).toBe('over');
    // Only that story is set again: the others keep their frames as they were.
    expect(typed.frames.find((f) => f.placementId === 'demo-lead')).toBe(before.find((f) => f.placementId === 'demo-lead'));
    // A story not on this page is none of its business.
    fake.live({ kind: 'draft', articleId: 'elsewhere', story: longer });
    expect(desk.getSnapshot().live.size).toBe(1);
    // Saved (here, unchanged): the page is read again and the overlay goes; the copyfit is the archive's.
    fake.live({ kind: 'saved', articleId: frame.articleId, version: article.version });
    await desk.idle();
    expect(desk.getSnapshot().live.size).toBe(0);
    expect(desk.getSnapshot().frames.find((f) => f.placementId === 'demo-fourth')!.copyfit).toEqual(frame.copyfit);
  });

  it('reads the page again when the newsroom changed it or a story on it, and not for others', async () => {
    const { desk, fake, services, calls } = await openDesk();
    // Another desk moved the fourth story down two lines; the change arrived through the newsroom.
    const fourth = services.archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-fourth')!;
    services.archive.place(DEMO_EDITION.date, 1, { ...fourth, top: fourth.top + 2 });
    const reads = calls.filter((c) => c === 'page').length;
    fake.remote({ pages: new Set(['2024-01-01/1']), articles: new Set(['not-here']) });
    await desk.idle();
    expect(calls.filter((c) => c === 'page')).toHaveLength(reads);
    fake.remote({ pages: new Set([`${DEMO_EDITION.date}/1`]) });
    await desk.idle();
    expect(desk.getSnapshot().note).toBe('remoteChanged');
    expect(desk.getSnapshot().layout!.page.placements.find((p) => p.id === 'demo-fourth')!.top).toBe(fourth.top + 2);
    // A story placed here changed elsewhere: read again too.
    fake.remote({ articles: new Set([fourth.articleId]) });
    await desk.idle();
    expect(calls.filter((c) => c === 'page')).toHaveLength(reads + 2);
  });

  it('gives another page its own history, no selection and no galley', async () => {
    const { desk, call } = await openDesk();
    await call('layout.addPage', { date: DEMO_EDITION.date, number: 2, section: '综合', editor: '钱版面', preset: 'tabloid' });
    desk.select('demo-fourth');
    desk.showGalley(desk.getSnapshot().frames[0]!.articleId);
    await desk.move('demo-fourth', 0, 1);
    await desk.show(DEMO_EDITION.date, 2);
    await desk.idle();
    expect(desk.getSnapshot()).toMatchObject({ selectedId: null, galleyFor: null, canUndo: false, frames: [] });
    expect(desk.getSnapshot().layout!.page.number).toBe(2);
    // Page 1's stories are still marked placed in the edition.
    expect(desk.getSnapshot().placedInEdition.size).toBe(4);
  });

  it('changes a frame’s fields as the inspector does: headline size, body columns following the span, depth fitted to the text', async () => {
    const { desk, placement } = await openDesk();
    await desk.edit('demo-third', { depth: 2 });
    expect(desk.getSnapshot().frames.find((f) => f.placementId === 'demo-third')!.copyfit.state).toBe('over');
    await desk.fitDepth('demo-third');
    expect(desk.getSnapshot().frames.find((f) => f.placementId === 'demo-third')!.copyfit.state).not.toBe('over');
    await desk.setHeadlineSize('demo-third', 'large');
    expect(placement('demo-third')!.headlineSize).toBe('large');
    await desk.edit('demo-third', { span: 1 });
    expect(placement('demo-third')).toMatchObject({ span: 1, bodySpan: 1, split: 1 });
  });

  it('crops a photo in its frame by dragging and zooming, step by step in the history, the image itself untouched', async () => {
    const { desk, placement, services } = await openDesk();
    const start = placement('demo-lead')!;
    const drawn = () => desk.getSnapshot().frames.find((f) => f.placementId === 'demo-lead')!.photos[0]!;
    const { image, picture, hash } = drawn();
    const stored = services.archive.image(hash!);
    // Uncropped, the picture covers its frame, centred, as object-fit: cover drew it before crops.
    expect(picture.x).toBeLessThanOrEqual(0);
    expect(picture.y).toBeLessThanOrEqual(0);
    expect(Math.min(picture.x + picture.width - image.width, picture.y + picture.height - image.height)).toBeCloseTo(0, 6);
    expect(picture.x * 2 + picture.width).toBeCloseTo(image.width, 6);
    expect(picture.width / picture.height).toBeCloseTo(stored!.width / stored!.height, 6);

    await desk.zoomPhoto('demo-lead', 0, 2);
    expect(placement('demo-lead')!.photos[0]!.crop).toEqual({ zoom: 2, x: 0.5, y: 0.5 });
    const zoomed = drawn().picture;
    expect(zoomed.width).toBeCloseTo(picture.width * 2, 6);
    // Dragged left and up, the picture moves with the pointer: its right and lower part shows.
    await desk.panPhoto('demo-lead', 0, -1, -0.5);
    expect(drawn().picture.x).toBeCloseTo(zoomed.x - 1, 2);
    expect(drawn().picture.y).toBeCloseTo(zoomed.y - 0.5, 2);
    const panned = placement('demo-lead')!.photos[0]!.crop!;
    expect(panned.x).toBeGreaterThan(0.5);
    expect(panned.y).toBeGreaterThan(0.5);
    // Two quick drags add up, each taking the crop the one before left.
    await Promise.all([desk.panPhoto('demo-lead', 0, 0.5, 0), desk.panPhoto('demo-lead', 0, 0.5, 0)]);
    expect(drawn().picture.x).toBeCloseTo(zoomed.x, 2);
    // Never past the picture's edge: the frame stays filled.
    await desk.panPhoto('demo-lead', 0, 1000, 1000);
    expect([drawn().picture.x, drawn().picture.y].map((n) => Math.abs(n) < 1e-3)).toEqual([true, true]);
    const corner = placement('demo-lead')!.photos[0]!.crop;
    expect(corner).toMatchObject({ zoom: 2 });
    // Zooming out keeps the frame filled too, about the point at its centre.
    await desk.zoomPhoto('demo-lead', 0, 1.5);
    const out = drawn().picture;
    expect([out.x, out.y].map((n) => Math.abs(n) < 1e-3)).toEqual([true, true]);
    expect(out.width).toBeCloseTo(picture.width * 1.5, 6);

    // Each step undoes on its own, back to the frame as it was.
    await desk.undo();
    expect(placement('demo-lead')!.photos[0]!.crop).toEqual(corner);
    await desk.redo();
    await desk.resetCrop('demo-lead', 0);
    // A reset crop is no crop at all: stored as before crops, read by any desk.
    expect(placement('demo-lead')).toEqual(start);
    expect(drawn().picture).toEqual(picture);
    await desk.undo();
    expect(placement('demo-lead')!.photos[0]!.crop).toMatchObject({ zoom: 1.5 });
    // Zoomed back to 1 and centred, the crop goes as well.
    await desk.zoomPhoto('demo-lead', 0, 1);
    await desk.panPhoto('demo-lead', 0, 1000, 1000);
    await desk.panPhoto('demo-lead', 0, -(drawn().picture.x * 2 + drawn().picture.width - image.width) / 2, 0);
    await desk.panPhoto('demo-lead', 0, 0, -(drawn().picture.y * 2 + drawn().picture.height - image.height) / 2);
    expect(placement('demo-lead')).toEqual(start);
    // The image in the archive is the one stored before.
    expect(services.archive.image(hash!)).toEqual(stored);
  });
});

describe('the story picker’s search (over a real archive)', () => {
  async function openPicker() {
    const services = openServices(temp);
    const call = client(services, await signedIn(services, { name: '钱版面', roles: ['layout'] }));
    const timers: (() => void)[] = [];
    const search = new StorySearch({
      list: (input) => call('articles.list', input),
      search: (input) => call('search.query', input),
      schedule: (fn) => (timers.push(fn), () => timers.splice(timers.indexOf(fn), 1)),
    });
    return { services, call, search, timers };
  }

  it('lists stories with their length and status, leaving out empty drafts and spiked stories', async () => {
    const { services, search } = await openPicker();
    const empty = services.archive.create({});
    const spiked = services.archive.list({ status: 'spiked' })[0]!;
    await search.start();
    const { items, more } = search.getSnapshot();
    expect(items.length).toBeGreaterThan(3);
    expect(more).toBe(false);
    expect(items.map((i) => i.id)).not.toContain(empty.id);
    expect(items.map((i) => i.id)).not.toContain(spiked.id);
    const lead = services.archive.list({}).find((a) => a.status === 'approved')!;
    expect(items.find((i) => i.id === lead.id)).toMatchObject({ headline: lead.headline, chars: lead.chars, status: 'approved' });
    expect(lead.chars).toBeGreaterThan(0);
  });

  it('searches the archive as the desk does once words are typed, a moment after the last key', async () => {
    const { services, search, timers } = await openPicker();
    await search.start();
    const wanted = services.archive.create({ headline: '防汛应急演练', bodyJson: body('沙市区开展防汛应急演练。'.repeat(3)) });
    search.setQuery('防');
    search.setQuery('防汛');
    expect(timers).toHaveLength(1);
    timers[0]!();
    await expect.poll(() => search.getSnapshot().total).toBe(1);
    expect(search.getSnapshot().items).toEqual([
      {
        id: wanted.id,
        kicker: '',
        headline: '防汛应急演练',
        status: 'draft',
        chars: services.archive.list({}).find((a) => a.id === wanted.id)!.chars,
        byline: '',
      },
    ]);
    await search.setStatus('approved');
    expect(search.getSnapshot().items).toEqual([]);
  });

  it('pages on past 500 stories, in the list and in a search', async () => {
    const { services, search } = await openPicker();
    const made = 620;
    for (let i = 0; i < made; i++)
      services.archive.create({ headline: `简讯第${i + 1}条`, bodyJson: body(`本报讯 区里召开第${i + 1}次例会。`) });
    await search.start();
    expect(search.getSnapshot().items).toHaveLength(PICKER_PAGE);
    while (search.getSnapshot().more) await search.loadMore();
    const listed = search.getSnapshot().items;
    expect(listed.filter((i) => i.headline.startsWith('简讯'))).toHaveLength(made);
    expect(new Set(listed.map((i) => i.id)).size).toBe(listed.length);

    search.setQuery('例会');
    await search.start();
    expect(search.getSnapshot()).toMatchObject({ total: made, more: true });
    while (search.getSnapshot().more) await search.loadMore();
    expect(search.getSnapshot().items).toHaveLength(made);
  });
});
