import { $createHeadingNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, UNDO_COMMAND, type ElementNode, type LexicalEditor } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { headlessBodyEditor } from '../support/body-editor';
import { emptyDraft, type Photo } from '../../shared/domain/article';
import { INTERTITLE_TAG } from '../../shared/editor/nodes';
import { $createDeletionNode } from '../../shared/editor/track-nodes';
import { FindController, type FindStory, type StoryFields } from '../../renderer/src/story/find/find-controller';
import { LexicalBody } from '../../renderer/src/story/find/lexical-body';
import { menuTemplate } from '../../electron/app/menu';
import { commandForKey } from '../../renderer/src/app/commands';
import { createI18n } from '../../shared/i18n/setup';
import { pageText } from '../support/fixtures';

/** Lines of a real page (shashi-2024-03: half-width marks, as its typist set them). */
const page = pageText('shashi-2024-03.txt')
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const line = (start: string) => page.find((l) => l.startsWith(start))!;

const HEADLINE = line('省委编办表彰全省2023年度');
const LEAD = line('本报讯(通讯员刘江林)');
const YEAR_2023 = line('2023年,区委编办紧盯');
const YEAR_2024 = line('2024年,区委编办将');

type Run = string | { bold: string };

/** A body editor as the desk runs it (rich text, undo history) without a page: blocks of text runs, bold where asked. */
function bodyEditor(blocks: { intertitle?: boolean; runs: Run[] }[]): { editor: LexicalEditor; undo: () => Promise<void> } {
  const editor = headlessBodyEditor({ history: true });
  editor.update(
    () => {
      const root = $getRoot();
      root.clear();
      for (const block of blocks) {
        const node = block.intertitle ? $createHeadingNode(INTERTITLE_TAG) : $createParagraphNode();
        for (const run of block.runs) {
          const text = $createTextNode(typeof run === 'string' ? run : run.bold);
          if (typeof run !== 'string') text.toggleFormat('bold');
          node.append(text);
        }
        root.append(node);
      }
      // A blank paragraph is no block: the numbering skips it, as the history panel's does.
      root.append($createParagraphNode());
    },
    { discrete: true },
  );
  // Lexical sets the undone state at the next microtask.
  const undo = () => (editor.dispatchCommand(UNDO_COMMAND, undefined), Promise.resolve());
  return { editor, undo };
}

function photo(id: string, caption: string): Photo {
  return { id, hash: null, mime: null, width: null, height: null, fileName: '', caption, credit: { kind: 'photo', people: [] } };
}

/** The story's side of the controller: the draft's fields, changed as the desk changes them. */
function story(fields: Partial<StoryFields>) {
  const state = { fields: { ...emptyDraft(), ...fields } as StoryFields, editable: true, writes: 0 };
  const target: FindStory = {
    fields: () => state.fields,
    setFields: (patch) => {
      state.writes++;
      state.fields = { ...state.fields, ...patch };
    },
    editable: () => state.editable,
  };
  return { state, target };
}

const controllers: FindController[] = [];
afterEach(() => {
  for (const c of controllers.splice(0)) c.dispose();
});

function setUp(fields: Partial<StoryFields>, blocks: { intertitle?: boolean; runs: Run[] }[]) {
  const s = story(fields);
  const { editor, undo } = bodyEditor(blocks);
  const body = new LexicalBody(editor);
  const controller = new FindController(s.target);
  controllers.push(controller);
  controller.setBody(body);
  controller.open();
  return { ...s, editor, undo, body, controller };
}

const places = (c: FindController) =>
  c.getSnapshot().matches.map((m) => {
    const p = m.place;
    return p.kind === 'field' ? p.field : p.kind === 'body' ? `body ${p.block}` : `caption ${p.photo}`;
  });

describe('FindController: find across the story in reading order', () => {
  it('lists the matches of kicker, headline, deck, body, jump, source and captions in the order they are read', () => {
    const { controller } = setUp(
      {
        kicker: '2023年度考核',
        headline: HEADLINE,
        deck: '——2023年回顾',
        source: '（原载2024年3月《沙市日报》）',
        photos: [photo('p1', '2023年度表彰现场。'), photo('p2', '无关的说明')],
      },
      [{ runs: [LEAD] }, { runs: [YEAR_2023] }, { runs: [YEAR_2024] }],
    );
    controller.setQuery('2023');
    expect(places(controller)).toEqual(['kicker', 'headline', 'deck', 'body 0', 'body 1', 'caption 0']);
    const snapshot = controller.getSnapshot();
    expect(snapshot.current).toBe(0);
    for (const m of snapshot.matches) expect(m.text).toBe('2023');
    expect(snapshot.matches[3]).toMatchObject({ start: LEAD.indexOf('2023'), end: LEAD.indexOf('2023') + 4 });

    controller.previous();
    expect(controller.currentMatch?.place).toEqual({ kind: 'caption', photoId: 'p1', photo: 0 });
    controller.next();
    controller.next();
    expect(controller.currentMatch?.place).toEqual({ kind: 'field', field: 'headline' });
    // Each move asks the view to show the match; a text change alone would not.
    expect(controller.getSnapshot().reveal).toBeGreaterThan(snapshot.reveal);
  });

  it('finds ２０２４ for 2024 and ，for , only when widths are not kept apart (区分全半角 off)', () => {
    const { controller } = setUp({ headline: '２０２４年沙市区营商环境评价' }, [{ runs: [YEAR_2024] }]);
    controller.setQuery('2024');
    expect(places(controller)).toEqual(['body 0']);
    controller.setOptions({ matchWidth: false });
    expect(places(controller)).toEqual(['headline', 'body 0']);
    expect(controller.getSnapshot().matches[0]!.text).toBe('２０２４');
    controller.setQuery('，');
    expect(controller.getSnapshot().matches.length).toBe(YEAR_2024.split(',').length - 1);
  });

  it('follows the text as it is typed without moving the reader, and keeps the current match where it was', () => {
    const { controller, editor, state } = setUp({ headline: '2023年' }, [{ runs: [YEAR_2023] }, { runs: [YEAR_2024] }]);
    controller.setQuery('区委编办');
    controller.next();
    expect(controller.currentMatch?.place).toEqual({ kind: 'body', block: 1 });
    const reveal = controller.getSnapshot().reveal;
    editor.update(
      () => {
        $getRoot().getFirstChildOrThrow<ElementNode>().getFirstDescendant()!.insertBefore($createTextNode('区委编办'));
      },
      { discrete: true },
    );
    expect(controller.getSnapshot().matches.length).toBe(3);
    expect(controller.currentMatch?.place).toEqual({ kind: 'body', block: 1 });
    expect(controller.getSnapshot().reveal).toBe(reveal);
    state.fields = { ...state.fields, headline: '区委编办2023年' };
    controller.refresh();
    expect(places(controller)).toEqual(['headline', 'body 0', 'body 0', 'body 1']);
    expect(controller.currentMatch?.place).toEqual({ kind: 'body', block: 1 });
  });
});

describe('FindController: replace one, replace all, undo in one step', () => {
  it('replaces the current match in a field and goes on to the next, not into its own replacement', () => {
    const { controller, state } = setUp({ headline: '2023年与2023年度' }, [{ runs: [YEAR_2023] }]);
    controller.setQuery('2023');
    controller.setReplacement('2023—2024');
    expect(controller.replaceCurrent()).toBe(true);
    expect(state.fields.headline).toBe('2023—2024年与2023年度');
    expect(controller.currentMatch).toMatchObject({ place: { kind: 'field', field: 'headline' }, start: 11 });
    expect(controller.replaceCurrent()).toBe(true);
    expect(state.fields.headline).toBe('2023—2024年与2023—2024年度');
    expect(controller.currentMatch?.place).toEqual({ kind: 'body', block: 0 });
  });

  it('replaces in the body inside its text nodes, keeping bold, as one step of the editor undo', async () => {
    const { controller, editor, body, undo } = setUp({}, [
      { runs: ['2024年,区委编办将', { bold: '奋力推进' }, '机构编制工作再上新台阶。'] },
      { intertitle: true, runs: ['突出主责主业'] },
    ]);
    const before = body.save();
    controller.setQuery('推进机构');
    expect(places(controller)).toEqual(['body 0']);
    controller.setReplacement('推动机构');
    expect(controller.replaceCurrent()).toBe(true);
    expect(body.blocks()).toEqual(['2024年,区委编办将奋力推动机构编制工作再上新台阶。', '突出主责主业']);
    // The replacement takes the bold of the text it replaced where it began; the rest stays plain.
    const runs = editor.getEditorState().read(() =>
      $getRoot()
        .getFirstChildOrThrow<ElementNode>()
        .getAllTextNodes()
        .map((n) => [n.getTextContent(), n.hasFormat('bold')]),
    );
    expect(runs).toEqual([
      ['2024年,区委编办将', false],
      ['奋力推动机构', true],
      ['编制工作再上新台阶。', false],
    ]);
    await undo();
    expect(body.save()).toBe(before);
  });

  it('replaces all across fields, body and captions, and one undo puts every one back', async () => {
    const { controller, state, body, undo } = setUp(
      {
        headline: HEADLINE,
        deck: '２０２３年度考核',
        photos: [photo('p1', '2023年度表彰现场。'), photo('p2', '无关的说明')],
      },
      [{ runs: [LEAD] }, { runs: [YEAR_2023] }, { runs: ['前年', { bold: '2023' }, '年'] }],
    );
    const fieldsBefore = state.fields;
    const bodyBefore = body.save();
    controller.setOptions({ matchWidth: false });
    controller.setQuery('2023');
    controller.setReplacement('2022');
    expect(controller.getSnapshot().matches.length).toBe(6);
    expect(controller.replaceAll()).toBe(6);
    expect(controller.getSnapshot().notice).toEqual({ kind: 'replaced', count: 6 });
    expect(state.fields.headline).toBe(HEADLINE.replace('2023', '2022'));
    expect(state.fields.deck).toBe('2022年度考核');
    expect(state.fields.photos.map((p) => p.caption)).toEqual(['2022年度表彰现场。', '无关的说明']);
    expect(body.blocks()).toEqual([LEAD.replaceAll('2023', '2022'), YEAR_2023.replaceAll('2023', '2022'), '前年2022年']);
    // The fields changed in one write, the body in one step of its own undo.
    expect(state.writes).toBe(1);
    expect(controller.getSnapshot().matches).toEqual([]);
    expect(controller.getSnapshot().canUndo).toBe(true);

    expect(controller.undoReplace()).toBe(true);
    expect(state.fields.headline).toBe(fieldsBefore.headline);
    expect(state.fields.deck).toBe(fieldsBefore.deck);
    expect(state.fields.photos).toEqual(fieldsBefore.photos);
    expect(body.save()).toBe(bodyBefore);
    expect(controller.getSnapshot()).toMatchObject({ canUndo: false, notice: { kind: 'restored' } });
    expect(controller.getSnapshot().matches.length).toBe(6);

    // The body's own undo after a replace all takes back the body's part in one step.
    controller.replaceAll();
    await undo();
    expect(body.save()).toBe(bodyBefore);
  });

  it('undoes replaces one after another, and none once the text they wrote was changed', () => {
    const { controller, state, editor } = setUp({ headline: '甲乙甲' }, [{ runs: ['甲丙'] }]);
    controller.setQuery('甲');
    controller.setReplacement('丁');
    controller.replaceCurrent();
    controller.replaceCurrent();
    expect(state.fields.headline).toBe('丁乙丁');
    expect(controller.undoReplace()).toBe(true);
    expect(state.fields.headline).toBe('丁乙甲');
    expect(controller.undoReplace()).toBe(true);
    expect(state.fields.headline).toBe('甲乙甲');
    expect(controller.undoReplace()).toBe(false);

    controller.replaceAll();
    expect(controller.getSnapshot().canUndo).toBe(true);
    // Typed in the body after: putting the old body back would lose it, so the undo goes.
    editor.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().append($createTextNode('戊')), { discrete: true });
    expect(controller.getSnapshot().canUndo).toBe(false);
    expect(controller.undoReplace()).toBe(false);
    expect(state.fields.headline).toBe('丁乙丁');

    // A change to a field the replace did not touch leaves its undo be.
    controller.setQuery('丁');
    controller.setReplacement('甲');
    controller.replaceCurrent();
    state.fields = { ...state.fields, deck: '新副题' };
    controller.refresh();
    expect(controller.getSnapshot().canUndo).toBe(true);
    state.fields = { ...state.fields, headline: state.fields.headline + '。' };
    controller.refresh();
    expect(controller.getSnapshot().canUndo).toBe(false);
  });

  it('replaces nothing in a story that may not be changed here', () => {
    const { controller, state, body } = setUp({ headline: HEADLINE }, [{ runs: [YEAR_2023] }]);
    state.editable = false;
    controller.refresh();
    controller.setQuery('2023');
    controller.setReplacement('2022');
    const bodyBefore = body.save();
    expect(controller.getSnapshot()).toMatchObject({ editable: false });
    expect(controller.replaceCurrent()).toBe(false);
    expect(controller.replaceAll()).toBe(0);
    expect(controller.getSnapshot().notice).toEqual({ kind: 'readOnly' });
    expect(state.fields.headline).toBe(HEADLINE);
    expect(state.writes).toBe(0);
    expect(body.save()).toBe(bodyBefore);
    // Finding still works.
    expect(controller.getSnapshot().matches.length).toBe(2);
  });

  it('refuses a replace all that would take a field past its limit, and changes nothing', () => {
    const { controller, state, body } = setUp({ headline: '年'.repeat(300) }, [{ runs: ['年年'] }]);
    const bodyBefore = body.save();
    controller.setQuery('年');
    controller.setReplacement('年度');
    expect(controller.replaceAll()).toBe(0);
    expect(controller.getSnapshot().notice).toEqual({ kind: 'tooLong' });
    expect(state.writes).toBe(0);
    expect(body.save()).toBe(bodyBefore);
  });

  it('neither finds nor replaces text a tracked change deleted (修订: no longer the story’s text)', () => {
    const { controller, editor, body } = setUp({}, [{ runs: ['区委编办'] }]);
    editor.update(
      () => {
        const deleted = $createDeletionNode({ id: 'c1', author: '李编辑', at: '2024-03-01T08:00:00Z' });
        deleted.append($createTextNode('2023'));
        $getRoot().getFirstChildOrThrow<ElementNode>().append(deleted, $createTextNode('2024年'));
      },
      { discrete: true },
    );
    expect(body.blocks()).toEqual(['区委编办2024年']);
    controller.setQuery('2023');
    expect(controller.getSnapshot().matches).toEqual([]);
    controller.setQuery('编办2024');
    controller.setReplacement('编办2025');
    expect(controller.replaceAll()).toBe(1);
    expect(body.blocks()).toEqual(['区委编办2025年']);
    expect(editor.getEditorState().read(() => $getRoot().getTextContent())).toContain('2023');
  });

  it('leaves a match alone whose text changed under it before the replace', () => {
    const { controller, state } = setUp({ headline: '2023年' }, []);
    controller.setQuery('2023');
    controller.setReplacement('2022');
    // Changed behind the controller's back, not yet refreshed.
    state.fields = { ...state.fields, headline: '2024年' };
    expect(controller.replaceCurrent()).toBe(false);
    expect(state.fields.headline).toBe('2024年');
  });

  it('starts again on a new body (the story loaded anew) with nothing to undo', () => {
    const { controller, state } = setUp({ headline: '2023年' }, [{ runs: ['2023'] }]);
    controller.setQuery('2023');
    controller.setReplacement('2022');
    controller.replaceAll();
    expect(controller.getSnapshot().canUndo).toBe(true);
    state.fields = { ...state.fields, headline: '2023年' };
    controller.setBody(new LexicalBody(bodyEditor([{ runs: ['又是2023'] }]).editor));
    expect(controller.getSnapshot()).toMatchObject({ canUndo: false });
    expect(places(controller)).toEqual(['headline', 'body 0']);
  });
});

describe('the keys and the menu: Ctrl+F and Ctrl+H in the story, Ctrl+Shift+F the archive', () => {
  const key = (k: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code'>> = {}) =>
    commandForKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, code: '', ...mods } as KeyboardEvent);

  it('maps the keys the menu shows', () => {
    expect(key('f', { ctrlKey: true })).toBe('find-in-story');
    expect(key('h', { ctrlKey: true })).toBe('replace-in-story');
    expect(key('F', { ctrlKey: true, shiftKey: true })).toBe('find');
    expect(key('ƒ', { metaKey: true, altKey: true, code: 'KeyF' })).toBe('replace-in-story');
    expect(key('f', { metaKey: true })).toBe('find-in-story');
    expect(key('s', { ctrlKey: true })).toBe('save');
    // Undo stays with the editor; plain letters are typing.
    expect(key('z', { ctrlKey: true })).toBeNull();
    expect(key('f')).toBeNull();
    expect(key('H', { ctrlKey: true, shiftKey: true })).toBeNull();
  });

  it('shows them in the Edit menu in the archive’s language, each sending its command', () => {
    const sent: string[] = [];
    for (const isMac of [false, true]) {
      const menu = menuTemplate(createI18n('zh-CN'), {
        command: (c) => sent.push(c),
        about: () => undefined,
        importPages: () => undefined,
        newWindow: () => undefined,
        openExports: () => undefined,
        isMac,
        isPackaged: true,
      });
      const edit = menu.find((m) => m.label === '编辑')!.submenu as { label?: string; accelerator?: string; click?: () => void }[];
      const items = edit.filter((i) => i.accelerator).map((i) => [i.label, i.accelerator]);
      expect(items).toEqual([
        ['在稿件中查找', 'CmdOrCtrl+F'],
        ['在稿件中替换', isMac ? 'Cmd+Alt+F' : 'Ctrl+H'],
        ['搜索资料库', 'CmdOrCtrl+Shift+F'],
      ]);
      for (const item of edit.filter((i) => i.accelerator)) item.click!();
    }
    expect(sent).toEqual(['find-in-story', 'replace-in-story', 'find', 'find-in-story', 'replace-in-story', 'find']);
  });
});
