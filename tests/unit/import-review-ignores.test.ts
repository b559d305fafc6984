import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/accounts/authority';
import { importBytes } from '../../electron/import/import-file';
import type { AppServices } from '../../electron/services/app-services';
import type { ImportFix, ReviewItem } from '../../shared/api/contract';
import { type Article } from '../../shared/domain/article';
import { articleDraftSchema } from '../../shared/domain/article-schemas';
import { houseOptions } from '../../shared/proofread/house';
import { ProofreadCache, proofreadStory, type StoryFinding } from '../../shared/proofread/story';
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

/**
 * The March page (printed with half-width commas and brackets, which the proofreader flags), imported,
 * and an editor to keep findings and fix the import.
 */
async function march() {
  const services = openServices(temp);
  const editor = await signedIn(services, { name: '张编辑', roles: ['editor'] });
  const { articleIds } = importBytes(services.archive, Buffer.from(pageText('shashi-2024-03.txt')), 'shashi-2024-03.txt', {
    editionDate: '2024-03-06',
    page: 3,
  });
  const pieces = (await call<ReviewItem[]>(services, editor, 'articles.importPieces', { id: articleIds[0] })).map((p) =>
    services.archive.get(p.id),
  );
  /** The findings the desk sees in the story, as the house finds them. */
  const findings = (story: Article, ignoring = true): StoryFinding[] =>
    proofreadStory(
      ignoring ? story : { ...story, proofIgnores: [] },
      new ProofreadCache(houseOptions(services.archive.settings().proofreading)),
    ).findings;
  /** The desk keeps these findings of the story (and, when given, puts a new headline on it first). */
  const keep = async (story: Article, chosen: (all: StoryFinding[]) => StoryFinding[], headline = story.headline) => {
    const edited = { ...story, headline };
    return call<Article>(services, editor, 'articles.save', {
      id: story.id,
      baseVersion: story.version,
      draft: { ...articleDraftSchema.parse(edited), proofIgnores: chosen(findings(edited, false)).map((f) => f.id) },
    });
  };
  const fix = (id: string, fix: ImportFix) =>
    call<{ article: Article; other: string | null }>(services, editor, 'articles.fixImport', {
      id,
      baseVersion: services.archive.get(id).version,
      fix,
    });
  /** What the story shows of each finding, by the text it stands in, and whether it is kept. */
  const seen = (story: Article) => {
    const shown = new Set(findings(story).map((f) => f.id));
    const all = findings(story, false);
    return {
      kept: all.filter((f) => !shown.has(f.id)).map(where),
      shown: all.filter((f) => shown.has(f.id)).map(where),
      // every id the story keeps names a finding in it
      dangling: story.proofIgnores.filter((id) => !all.some((f) => f.id === id)),
    };
  };
  return { services, pieces, findings, keep, fix, seen };
}

/** Where a finding stands, by its part and the part's text rather than by id or paragraph number. */
function where(f: StoryFinding): string {
  const part = f.place.part === 'caption' ? `caption ${f.place.photoId}` : f.place.part;
  return `${part} ${f.text}@${f.finding.offset} ${f.finding.rule}:${f.text.slice(f.finding.offset, f.finding.offset + f.finding.length)}`;
}

const inBody = (f: StoryFinding, test: (block: number) => boolean) => f.place.part === 'body' && test(f.place.block);
const sorted = (list: readonly string[]) => [...list].sort();

describe('findings kept on purpose follow an import fix', () => {
  it('through a split: each part keeps what it kept of its own paragraphs, counted afresh in the second', async () => {
    const { services, pieces, findings, keep, fix, seen } = await march();
    // a story with findings on both sides of a paragraph, several of one kind after it
    const cut = pieces
      .flatMap((story) => story.body.slice(1).map((_, i) => ({ story, at: i + 1 })))
      .find(({ story, at }) => {
        const all = findings(story, false);
        return all.some((f) => inBody(f, (b) => b < at)) && all.filter((f) => inBody(f, (b) => b >= at)).length >= 3;
      });
    expect(cut).toBeDefined();
    const { at } = cut!;
    const chosen = (all: StoryFinding[]) => {
      const after = all.filter((f) => inBody(f, (b) => b >= at));
      return [all.find((f) => inBody(f, (b) => b < at))!, after[1]!, after.at(-1)!];
    };
    const before = seen(await keep(cut!.story, chosen));
    expect(before.kept).toHaveLength(3);

    const { article, other } = await fix(cut!.story.id, { kind: 'split', paragraph: at });
    const [first, second] = [seen(article), seen(services.archive.get(other!))];
    expect(first.kept).toEqual(before.kept.slice(0, 1));
    expect(second.kept).toEqual(before.kept.slice(1));
    expect([...first.shown, ...second.shown]).toEqual(before.shown);
    expect([first.dangling, second.dangling]).toEqual([[], []]);
  });

  it("through a join: the piece's kept findings counted after the story's, its headline's kept in the intertitle", async () => {
    const { services, pieces, findings, keep, fix, seen } = await march();
    const bodyFindings = (story: Article) => findings(story, false).filter((f) => f.place.part === 'body');
    const i = pieces.findIndex(
      (story, n) => n + 1 < pieces.length && bodyFindings(story).length && bodyFindings(pieces[n + 1]!).length >= 2,
    );
    expect(i).toBeGreaterThanOrEqual(0);
    const head = await keep(pieces[i]!, (all) => [all.filter((f) => f.place.part === 'body').at(-1)!]);
    // the desk put half-width commas in the piece's headline, and kept the first
    const headline = `${pieces[i + 1]!.headline.replace(/\s+/gu, ',')},`;
    const tail = await keep(
      pieces[i + 1]!,
      (all) => {
        const body = all.filter((f) => f.place.part === 'body');
        return [all.find((f) => f.place.part === 'headline')!, body[1]!, body.at(-1)!];
      },
      headline,
    );
    const [a, b] = [seen(head), seen(tail)];
    expect(b.kept[0]).toMatch(/^headline /);

    const { article } = await fix(head.id, { kind: 'join-next' });
    expect(article.body.map((block) => block.text)).toContain(headline);
    const joined = seen(article);
    const intertitle = (w: string) => w.replace(/^headline /, 'body ');
    expect(joined.kept).toEqual([...a.kept, intertitle(b.kept[0]!), ...b.kept.slice(1)]);
    // the piece's one-line fields go where the story has none; its headline and body all come in
    const text = (list: readonly string[]) => sorted(list.filter((w) => /^(headline|body) /.test(w)));
    expect(text(joined.shown)).toEqual(text([...a.shown, ...b.shown.map(intertitle)]));
    expect(joined.dangling).toEqual([]);
    expect(services.archive.listTrash().map((e) => e.id)).toEqual([tail.id]);
  });

  it("through a paragraph made the headline: its kept findings the headline's, the house's words too, the paragraphs after still kept", async () => {
    const { services, pieces, findings, keep, fix, seen } = await march();
    const made = pieces
      .flatMap((story) => story.body.slice(1).map((_, i) => ({ story, at: i + 1 })))
      .find(({ story, at }) => {
        const all = findings(story, false);
        return (
          /^\p{Script=Han}{2}/u.test(story.body[at]!.text) &&
          all.some((f) => inBody(f, (b) => b === at)) &&
          all.some((f) => inBody(f, (b) => b > at))
        );
      });
    expect(made).toBeDefined();
    const { at } = made!;
    const paragraph = made!.story.body[at]!.text;
    expect(paragraph).not.toMatch(/\s/u);
    // the house counts the paragraph's first two characters a typo: the fix finds as the desk does
    services.archive.updateSettings({ proofreading: { off: [], typos: [{ wrong: paragraph.slice(0, 2), right: '某某' }], avoid: [] } });
    const story = await keep(made!.story, (all) => {
      const here = all.filter((f) => inBody(f, (b) => b === at));
      return [
        here.find((f) => f.finding.rule === 'typo')!,
        here.find((f) => f.finding.rule !== 'typo')!,
        all.filter((f) => inBody(f, (b) => b > at)).at(-1)!,
      ];
    });
    const before = seen(story);
    expect(before.kept).toHaveLength(3);

    const { article } = await fix(story.id, { kind: 'headline-from-paragraph', paragraph: at });
    expect(article.headline).toBe(paragraph);
    const after = seen(article);
    // the paragraph and the old headline trade places, each with its findings
    const moved = (w: string) =>
      w.startsWith(`body ${paragraph}@`)
        ? w.replace(/^body /, 'headline ')
        : w.startsWith(`headline ${story.headline}@`)
          ? w.replace(/^headline /, 'body ')
          : w;
    expect(sorted(after.kept)).toEqual(sorted(before.kept.map(moved)));
    expect(sorted(after.shown)).toEqual(sorted(before.shown.map(moved)));
    expect(after.dangling).toEqual([]);
  });

  it('through a headline swap: each headline takes what it kept to the other story', async () => {
    const { services, pieces, keep, fix, seen } = await march();
    const [a, b] = pieces.filter((p) => p.headline && p.body.length);
    const headline = `${a!.headline.replace(/\s+/gu, ',')},`;
    const kept = await keep(
      a!,
      (all) => [all.find((f) => f.place.part === 'headline')!, all.find((f) => f.place.part === 'body')!],
      headline,
    );
    const before = seen(kept);
    expect(before.kept[0]).toMatch(/^headline /);

    await fix(a!.id, { kind: 'headline-from-story', from: b!.id });
    const [first, second] = [seen(services.archive.get(a!.id)), seen(services.archive.get(b!.id))];
    expect(second.kept).toEqual(before.kept.filter((w) => w.startsWith('headline ')));
    expect(first.kept).toEqual(before.kept.filter((w) => !w.startsWith('headline ')));
    expect(first.shown.some((w) => w.startsWith('headline '))).toBe(false);
    expect([first.dangling, second.dangling]).toEqual([[], []]);
  });
});
