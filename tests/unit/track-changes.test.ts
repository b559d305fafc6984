import { $createHeadingNode } from '@lexical/rich-text';
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  COMPOSITION_START_COMMAND,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  DELETE_CHARACTER_COMMAND,
  PASTE_COMMAND,
  REMOVE_TEXT_COMMAND,
  type LexicalEditor,
  type LexicalNode,
  type TextNode,
} from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { headlessBodyEditor } from '../support/body-editor';
import { $readBodyBlocks, bodyBlocksFromJson, bodyJsonFromBlocks } from '../../shared/editor/body';
import { $createNoteNode, $isNoteNode } from '../../shared/editor/note-nodes';
import {
  $acceptAll,
  $acceptChange,
  $addNote,
  $isTracking,
  $listChanges,
  $listNotes,
  $rejectAll,
  $rejectChange,
  $setTracking,
} from '../../shared/editor/track';
import {
  $createDeletionNode,
  $createInsertionNode,
  $isDeletionNode,
  $isInsertionNode,
  AUTHOR_COLOURS,
  authorColour,
  type ChangeMark,
} from '../../shared/editor/track-nodes';
import { nitfXml, wireText } from '../../shared/export/nitf';
import { storyTextOf, bodyParagraphs } from '../../shared/typeset/story';
import { countChars } from '../../shared/text/count';
import {
  registerTrackChanges,
  TrackingSwitch,
  ACCEPT_CHANGE_COMMAND,
  REJECT_ALL_CHANGES_COMMAND,
} from '../../renderer/src/story/track/track-changes';
import {
  ADD_NOTE_COMMAND,
  DELETE_NOTE_COMMAND,
  REPLY_NOTE_COMMAND,
  RESOLVE_NOTE_COMMAND,
  registerNotes,
} from '../../renderer/src/story/track/notes';
import { tempFolders } from '../support/temp';
import { openServices } from '../support/services';

const WANG: ChangeMark = { id: 'c1', author: '王丙全', at: '2025-03-18T09:00:00.000Z' };
const LI: ChangeMark = { id: 'c2', author: '李华', at: '2025-03-18T10:00:00.000Z' };

const headless = (): LexicalEditor => headlessBodyEditor();

const update = (editor: LexicalEditor, fn: () => void) => editor.update(fn, { discrete: true });
const blocksOf = (editor: LexicalEditor) => editor.getEditorState().read($readBodyBlocks);
const jsonOf = (editor: LexicalEditor) => JSON.stringify(editor.getEditorState().toJSON());

/** The body drawn as text: [+who:…] an insertion, [-who:…] a deletion, {…} a noted span, | between paragraphs. */
function $draw(node: LexicalNode): string {
  const inner = () => ($isElementNode(node) ? node.getChildren().map($draw).join('') : node.getTextContent());
  if ($isInsertionNode(node)) return `[+${node.getMark().author}:${inner()}]`;
  if ($isDeletionNode(node)) return `[-${node.getMark().author}:${inner()}]`;
  if ($isNoteNode(node)) return `{${inner()}}`;
  return inner();
}
const drawn = (editor: LexicalEditor) =>
  editor
    .getEditorState()
    .read(() => $getRoot().getChildren().map($draw))
    .join('|');

/** A paragraph of plain runs and changes: strings are plain text, [mark, text, kind] a change. */
type Run = string | [ChangeMark, string, 'ins' | 'del'];
function $paragraph(...runs: Run[]) {
  const p = $createParagraphNode();
  for (const run of runs) {
    if (typeof run === 'string') p.append($createTextNode(run));
    else p.append((run[2] === 'ins' ? $createInsertionNode(run[0]) : $createDeletionNode(run[0])).append($createTextNode(run[1])));
  }
  return p;
}

function body(editor: LexicalEditor, ...paragraphs: Run[][]) {
  update(editor, () => {
    $getRoot()
      .clear()
      .append(...paragraphs.map((runs) => $paragraph(...runs)));
  });
}

/** The text node holding `text` (the first), for placing a caret. */
function $textNode(text: string): TextNode {
  const found = $getRoot()
    .getAllTextNodes()
    .find((n) => n.getTextContent().includes(text));
  if (!found) throw new Error(`no text node with ${text}`);
  return found;
}

function caret(editor: LexicalEditor, text: string, offsetInText: number) {
  update(editor, () => {
    const node = $textNode(text);
    const offset = node.getTextContent().indexOf(text) + offsetInText;
    node.select(offset, offset);
  });
}

function select(editor: LexicalEditor, text: string) {
  update(editor, () => {
    const node = $textNode(text);
    const start = node.getTextContent().indexOf(text);
    node.select(start, start + text.length);
  });
}

function tracked(author = '王丙全') {
  const editor = headless();
  const tracking = new TrackingSwitch();
  tracking.set(true);
  let n = 0;
  const who = { name: author, color: authorColour(author) };
  const stop = registerTrackChanges(editor, {
    author: () => who,
    enabled: tracking.getSnapshot,
    now: () => new Date('2025-03-18T12:00:00.000Z'),
    newId: () => `t${++n}`,
  });
  registerNotes(editor, { author: () => who, now: () => new Date('2025-03-18T12:30:00.000Z'), newId: () => `n${++n}` });
  const as = (name: string) => (who.name = name);
  return { editor, tracking, stop, as };
}

const type = (editor: LexicalEditor, text: string) =>
  update(editor, () => {
    for (const ch of text) editor.dispatchCommand(CONTROLLED_TEXT_INSERTION_COMMAND, ch);
  });
const backspace = (editor: LexicalEditor, times = 1) =>
  update(editor, () => {
    for (let i = 0; i < times; i++) editor.dispatchCommand(DELETE_CHARACTER_COMMAND, true);
  });
const del = (editor: LexicalEditor) => update(editor, () => editor.dispatchCommand(DELETE_CHARACTER_COMMAND, false));

describe('the nodes of tracked changes and notes', () => {
  it('go through the stored JSON and come back the same, who and when included', () => {
    const editor = headless();
    body(editor, ['旧', [WANG, '新', 'ins'], [LI, '删', 'del'], '尾']);
    update(editor, () => {
      const tail = $textNode('尾');
      tail.insertBefore($createNoteNode('n1').append($createTextNode('注')));
      $addNote(
        (() => {
          tail.select(0, 1);
          return $getSelection() as never;
        })(),
        { id: 'n2', by: '李华', at: LI.at, text: '核实' },
      );
    });
    const json = jsonOf(editor);
    const stored = JSON.parse(json) as { root: { children: [{ children: unknown[] }]; $: unknown } };
    expect(stored.root.children[0].children[1]).toMatchObject({
      type: 'banmian-insertion',
      version: 1,
      ...WANG,
      children: [{ text: '新' }],
    });
    expect(stored.root.children[0].children[2]).toMatchObject({ type: 'banmian-deletion', ...LI, children: [{ text: '删' }] });
    expect(stored.root.children[0].children[3]).toMatchObject({ type: 'banmian-note', id: 'n1', children: [{ text: '注' }] });
    expect(stored.root.$).toEqual({ 'banmian-notes': [{ id: 'n2', by: '李华', at: LI.at, text: '核实', replies: [], resolved: false }] });

    const again = headless();
    again.setEditorState(again.parseEditorState(json));
    expect(jsonOf(again)).toBe(json);
    expect(drawn(again)).toBe('旧[+王丙全:新][-李华:删]{注}{尾}');
    expect(again.getEditorState().read($listChanges)).toEqual([
      { ...WANG, kind: 'insertion', text: '新' },
      { ...LI, kind: 'deletion', text: '删' },
    ]);
  });

  it('read a body stored before them exactly as before, and store it unchanged', () => {
    const old =
      '{"root":{"children":[{"children":[{"detail":0,"format":0,"mode":"normal","style":"","text":"  近日，省委编办印发通报。","type":"text","version":1},{"type":"linebreak","version":1},{"detail":0,"format":1,"mode":"normal","style":"","text":"区委编办荣获二等奖","type":"text","version":1}],"direction":null,"format":"","indent":0,"textFormat":0,"textStyle":"","type":"paragraph","version":1},{"children":[],"direction":null,"format":"","indent":0,"textFormat":0,"textStyle":"","type":"paragraph","version":1},{"children":[{"detail":0,"format":0,"mode":"normal","style":"","text":"突出主责主业","type":"text","version":1}],"tag":"h3","direction":null,"format":"","indent":0,"type":"heading","version":1}],"direction":null,"format":"","indent":0,"type":"root","version":1}}';
    const editor = headless();
    editor.setEditorState(editor.parseEditorState(old));
    // What $readBodyBlocks read before there were tracked changes: each block's getTextContent.
    const before = editor.getEditorState().read(() =>
      $getRoot()
        .getChildren()
        .map((n) => n.getTextContent().trim())
        .filter(Boolean),
    );
    expect(bodyBlocksFromJson(old).map((b) => b.text)).toEqual(before);
    expect(bodyBlocksFromJson(old)).toEqual([
      { type: 'paragraph', text: '近日，省委编办印发通报。\n区委编办荣获二等奖' },
      { type: 'intertitle', text: '突出主责主业' },
    ]);
    expect(jsonOf(editor)).toBe(old);
    const built = bodyJsonFromBlocks([{ type: 'paragraph', text: '一段' }]);
    expect(built).not.toContain('banmian');
    expect(built).not.toContain('"$"');
  });

  it('keep whether the story’s changes are tracked in its body, and nothing for a story never tracked', () => {
    const editor = headless();
    editor.setEditorState(editor.parseEditorState(bodyJsonFromBlocks([{ type: 'paragraph', text: '江城开展防汛演练。' }])));
    const plain = jsonOf(editor);
    expect(plain).not.toContain('banmian-tracking');
    expect(editor.getEditorState().read($isTracking)).toBe(false);
    update(editor, () => $setTracking(true));
    const tracked = jsonOf(editor);
    expect(tracked).toContain('"banmian-tracking":true');
    const reopened = headless();
    reopened.setEditorState(reopened.parseEditorState(tracked));
    expect(reopened.getEditorState().read($isTracking)).toBe(true);
  });

  it('give each author one of eight colours, the same on every desk', () => {
    expect(AUTHOR_COLOURS).toHaveLength(8);
    expect(authorColour('王丙全')).toBe(authorColour('王丙全'));
    const names = ['王丙全', '李华', '杨婕', '甘茹', '测试管理员', '总编室', '张三', '赵四', '钱五', '孙六'];
    expect(new Set(names.map(authorColour)).size).toBeGreaterThan(4);
  });
});

describe('the body as it would print', () => {
  it('holds inserted text and leaves out deleted text and notes', () => {
    const editor = headless();
    body(editor, ['今天', [WANG, '上午', 'ins'], [LI, '下午', 'del'], '举行演练。'], [[LI, '整段删去。', 'del']], ['末段']);
    update(editor, () => {
      $getRoot().append(
        $createHeadingNode('h3').append($createTextNode('小标题'), $createDeletionNode(WANG).append($createTextNode('删'))),
      );
      $textNode('末段').select(0, 2);
      const selection = $getSelection();
      if ($isRangeSelection(selection)) $addNote(selection, { id: 'n1', by: '李华', at: LI.at, text: '请核实这一段的说法' });
    });
    const expected = [
      { type: 'paragraph', text: '今天上午举行演练。' },
      { type: 'paragraph', text: '末段' },
      { type: 'intertitle', text: '小标题' },
    ];
    expect(blocksOf(editor)).toEqual(expected);
    // The main side's reading of the stored state (what the archive, export and search use).
    const json = jsonOf(editor);
    expect(json).toContain('请核实这一段的说法');
    expect(bodyBlocksFromJson(json)).toEqual(expected);
  });

  it('accepts or rejects one change, leaving the others pending', () => {
    const editor = headless();
    body(editor, ['甲', [WANG, '乙', 'ins'], [LI, '丙', 'del'], [{ ...WANG, id: 'c3' }, '丁', 'ins']]);
    update(editor, () => $acceptChange('c1'));
    expect(drawn(editor)).toBe('甲乙[-李华:丙][+王丙全:丁]');
    update(editor, () => $rejectChange('c2'));
    expect(drawn(editor)).toBe('甲乙丙[+王丙全:丁]');
    update(editor, () => $rejectChange('c3'));
    expect(drawn(editor)).toBe('甲乙丙');
    expect(editor.getEditorState().read($listChanges)).toEqual([]);
  });

  it('accepts all or rejects all, nested changes included', () => {
    const make = () => {
      const editor = headless();
      body(editor, ['甲', [WANG, '乙', 'ins'], [LI, '丙', 'del']], [[LI, '丁', 'ins'], '戊']);
      // 李华 struck out part of 王丙全's insertion.
      update(editor, () => {
        const insertion = $textNode('乙').getParentOrThrow();
        insertion.append($createDeletionNode({ ...LI, id: 'c9' }).append($createTextNode('己')));
      });
      return editor;
    };
    const accepted = make();
    update(accepted, $acceptAll);
    expect(drawn(accepted)).toBe('甲乙|丁戊');
    const rejected = make();
    expect(blocksOf(rejected).map((b) => b.text)).toEqual(['甲乙', '丁戊']);
    update(rejected, $rejectAll);
    expect(drawn(rejected)).toBe('甲丙|戊');
  });
});

describe('typing with changes tracked', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((stop) => stop()));
  const start = (author?: string) => {
    const t = tracked(author);
    cleanups.push(t.stop);
    return t;
  };

  it('marks typed text as one insertion of the author, and it prints', () => {
    const { editor } = start();
    body(editor, ['旧文']);
    caret(editor, '旧文', 2);
    type(editor, '新加的');
    caret(editor, '旧文', 1);
    type(editor, '中');
    expect(drawn(editor)).toBe('旧[+王丙全:中]文[+王丙全:新加的]');
    expect(blocksOf(editor)).toEqual([{ type: 'paragraph', text: '旧中文新加的' }]);
    const [first] = editor.getEditorState().read($listChanges);
    expect(first).toMatchObject({ kind: 'insertion', author: '王丙全', at: '2025-03-18T12:00:00.000Z', text: '中' });
  });

  it('strikes out what Backspace and Delete take, stepping over what is struck out already', () => {
    const { editor } = start();
    body(editor, ['一二三四五']);
    caret(editor, '一二三四五', 3);
    backspace(editor);
    expect(drawn(editor)).toBe('一二[-王丙全:三]四五');
    backspace(editor);
    expect(drawn(editor)).toBe('一[-王丙全:二三]四五');
    // Delete from before 二: steps over the struck text and strikes 四, joining the author's deletion.
    caret(editor, '一', 1);
    del(editor);
    expect(drawn(editor)).toBe('一[-王丙全:二三四]五');
    expect(blocksOf(editor)).toEqual([{ type: 'paragraph', text: '一五' }]);
    expect(
      editor
        .getEditorState()
        .read($listChanges)
        .map((c) => c.text),
    ).toEqual(['二三四']);
    // Another author's deletion beside it is a change of its own.
    const t = start('李华');
    t.editor.setEditorState(editor.getEditorState());
    caret(t.editor, '五', 0);
    update(t.editor, () => t.editor.dispatchCommand(DELETE_CHARACTER_COMMAND, false));
    expect(drawn(t.editor)).toBe('一[-王丙全:二三四][-李华:五]');
  });

  it('really removes what the author inserted, and strikes out another author’s insertion', () => {
    const t = start();
    body(t.editor, ['原文']);
    caret(t.editor, '原文', 2);
    type(t.editor, '新增');
    backspace(t.editor);
    expect(drawn(t.editor)).toBe('原文[+王丙全:新]');
    t.as('李华');
    caret(t.editor, '新', 1);
    backspace(t.editor);
    expect(drawn(t.editor)).toBe('原文[+王丙全:[-李华:新]]');
    expect(blocksOf(t.editor)).toEqual([{ type: 'paragraph', text: '原文' }]);
    // 李华 types inside 王丙全's insertion: the insertion is cut, 李华's stands between.
    update(t.editor, () => $rejectAll());
    t.as('王丙全');
    caret(t.editor, '原文', 2);
    type(t.editor, '甲乙');
    t.as('李华');
    caret(t.editor, '甲乙', 1);
    type(t.editor, '丙');
    expect(drawn(t.editor)).toBe('原文[+王丙全:甲][+李华:丙][+王丙全:乙]');
  });

  it('strikes out a selection typed over and puts the new text after it', () => {
    const { editor } = start();
    body(editor, ['今天上午举行']);
    select(editor, '上午');
    type(editor, '下午');
    expect(drawn(editor)).toBe('今天[-王丙全:上午][+王丙全:下午]举行');
    expect(blocksOf(editor)[0]!.text).toBe('今天下午举行');
    // A selection across paragraphs is struck out in each; the paragraphs stay apart.
    body(editor, ['第一段'], ['第二段']);
    update(editor, () => {
      const [a, b] = [$textNode('第一段'), $textNode('第二段')];
      const selection = a.select(1, 1);
      selection.focus.set(b.getKey(), 2, 'text');
      editor.dispatchCommand(REMOVE_TEXT_COMMAND, null);
    });
    expect(drawn(editor)).toBe('第[-王丙全:一段]|[-王丙全:第二]段');
  });

  it('keeps deleted text out of what is typed with tracking off, and tracks nothing then', () => {
    const t = start();
    body(t.editor, ['甲', [LI, '乙丙', 'del'], '丁']);
    t.tracking.set(false);
    caret(t.editor, '乙丙', 1);
    type(t.editor, '戊');
    expect(drawn(t.editor)).toBe('甲[-李华:乙]戊[-李华:丙]丁');
    caret(t.editor, '丁', 1);
    type(t.editor, '己');
    expect(drawn(t.editor)).toBe('甲[-李华:乙]戊[-李华:丙]丁己');
  });

  it('takes a paste as an insertion, paragraphs and all', () => {
    const { editor } = start();
    body(editor, ['原文']);
    caret(editor, '原文', 2);
    const paste = { clipboardData: { getData: (kind: string) => (kind === 'text/plain' ? '粘贴一\n粘贴二' : '') }, preventDefault() {} };
    update(editor, () => editor.dispatchCommand(PASTE_COMMAND, paste as unknown as ClipboardEvent));
    expect(drawn(editor)).toBe('原文[+王丙全:粘贴一]|[+王丙全:粘贴二]');
  });

  it('begins an IME composition inside an insertion of the author', () => {
    const { editor } = start();
    body(editor, ['原文']);
    caret(editor, '原文', 1);
    update(editor, () => editor.dispatchCommand(COMPOSITION_START_COMMAND, {} as CompositionEvent));
    update(editor, () => {
      const selection = $getSelection();
      expect($isRangeSelection(selection) && $isInsertionNode(selection.anchor.getNode().getParent())).toBe(true);
    });
    // Lexical takes the placeholder out when the composition ends; the body never prints it.
    expect(drawn(editor)).toBe('原[+王丙全:\u200b]文');
  });

  it('accepts and rejects through its commands', () => {
    const { editor } = start();
    body(editor, ['甲', [WANG, '乙', 'ins'], [LI, '丙', 'del']]);
    update(editor, () => editor.dispatchCommand(ACCEPT_CHANGE_COMMAND, 'c1'));
    expect(drawn(editor)).toBe('甲乙[-李华:丙]');
    update(editor, () => editor.dispatchCommand(REJECT_ALL_CHANGES_COMMAND, undefined));
    expect(drawn(editor)).toBe('甲乙丙');
  });
});

describe('notes', () => {
  it('are added to the selected text, answered, resolved and deleted, and never printed', () => {
    const t = tracked();
    body(t.editor, ['沙市区举行防汛应急演练。']);
    select(t.editor, '防汛');
    update(t.editor, () => t.editor.dispatchCommand(ADD_NOTE_COMMAND, { text: '  是否应为“防汛抗旱”？ ' }));
    expect(drawn(t.editor)).toBe('沙市区举行{防汛}应急演练。');
    const [note] = t.editor.getEditorState().read($listNotes);
    expect(note).toEqual({
      id: expect.any(String) as string,
      by: '王丙全',
      at: '2025-03-18T12:30:00.000Z',
      text: '是否应为“防汛抗旱”？',
      replies: [],
      resolved: false,
      span: '防汛',
    });
    t.as('李华');
    update(t.editor, () => t.editor.dispatchCommand(REPLY_NOTE_COMMAND, { id: note!.id, text: '原文无误' }));
    update(t.editor, () => t.editor.dispatchCommand(RESOLVE_NOTE_COMMAND, { id: note!.id, resolved: true }));
    expect(t.editor.getEditorState().read($listNotes)[0]).toMatchObject({
      replies: [{ by: '李华', text: '原文无误' }],
      resolved: true,
    });
    const json = jsonOf(t.editor);
    expect(json).toContain('原文无误');
    expect(bodyBlocksFromJson(json)).toEqual([{ type: 'paragraph', text: '沙市区举行防汛应急演练。' }]);
    update(t.editor, () => t.editor.dispatchCommand(DELETE_NOTE_COMMAND, note!.id));
    expect(drawn(t.editor)).toBe('沙市区举行防汛应急演练。');
    expect(jsonOf(t.editor)).not.toContain('banmian-notes');
    t.stop();
  });

  it('span line breaks and changes without cutting them, and overlap', () => {
    const editor = headless();
    update(editor, () => {
      $getRoot()
        .clear()
        .append($paragraph('甲乙', [WANG, '丙丁', 'ins'], '戊').append($createLineBreakNode(), $createTextNode('己庚')));
      const a = $textNode('甲乙');
      const selection = a.select(1, 1);
      selection.focus.set($textNode('己庚').getKey(), 1, 'text');
      $addNote(selection, { id: 'n1', by: '李华', at: LI.at, text: '一' });
      const b = $textNode('戊');
      const again = b.select(0, 1);
      $addNote(again, { id: 'n2', by: '李华', at: LI.at, text: '二' });
    });
    expect(drawn(editor)).toBe('甲{乙}[+王丙全:{丙丁}]{{戊}\n己}庚');
    expect(
      editor
        .getEditorState()
        .read($listNotes)
        .map((n) => [n.text, n.span]),
    ).toEqual([
      ['一', '乙丙丁戊\n己'],
      ['二', '戊'],
    ]);
  });
});

describe('what leaves the desk', () => {
  const temp = tempFolders();
  afterEach(() => temp.cleanupAll());

  it('is the text with every change accepted and no note: archive, search, composer, NITF and wire text', () => {
    const services = openServices(temp);
    const editor = headless();
    body(editor, ['沙市区', [WANG, '今天上午', 'ins'], [LI, '昨天下午', 'del'], '举行防汛应急演练。']);
    update(editor, () => {
      const selection = $textNode('举行防汛应急演练。').select(2, 4);
      $addNote(selection, { id: 'n1', by: '李华', at: LI.at, text: '批注不可外传' });
    });
    const article = services.archive.create({ headline: '防汛演练', dateline: '', bodyJson: jsonOf(editor) });
    const printed = '沙市区今天上午举行防汛应急演练。';
    expect(article.body).toEqual([{ type: 'paragraph', text: printed }]);
    expect(article.chars).toBe(countChars([printed]).chars);
    expect(bodyParagraphs(storyTextOf(article)).map((b) => b.text)).toEqual([printed]);
    for (const out of [nitfXml(article, { paper: '江城日报' }), wireText(article)]) {
      expect(out).toContain(printed);
      expect(out).not.toContain('昨天下午');
      expect(out).not.toContain('批注不可外传');
    }
    expect(services.archive.search({ q: '今天上午' }).results.map((h) => h.id)).toContain(article.id);
    expect(services.archive.search({ q: '昨天下午' }).results).toEqual([]);
    expect(services.archive.search({ q: '不可外传' }).results).toEqual([]);
  });
});
