import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { $createHeadingNode, $isHeadingNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type EditorState,
  type LexicalEditor,
  type RangeSelection,
} from 'lexical';
import { useEffect, useState } from 'react';
import { LIMITS, type BodyBlock } from '../../../shared/domain/article';
import { $readBodyBlocks } from '../../../shared/editor/body';
import { BODY_NODES, EDITOR_NAMESPACE, INTERTITLE_TAG } from '../../../shared/editor/nodes';
import { registerPasteLimit } from './paste-limit';
import { ChangesPanel, TrackButtons, TrackChangesPlugin } from './track/ChangesPanel';
import { TrackingSwitch } from './track/track-changes';
import { useT } from '../i18n';

const THEME = {
  paragraph: 'body-paragraph',
  heading: { h3: 'body-intertitle' },
  text: { bold: 'body-bold' },
};

function Toolbar({
  editable,
  tracking,
  onAddNote,
}: {
  editable: boolean;
  tracking: TrackingSwitch;
  onAddNote: (selection: RangeSelection) => void;
}) {
  const { t } = useT();
  const [editor] = useLexicalComposerContext();
  const [bold, setBold] = useState(false);
  const [intertitle, setIntertitle] = useState(false);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) =>
          editorState.read(() => {
            const selection = $getSelection();
            if (!$isRangeSelection(selection)) return;
            setBold(selection.hasFormat('bold'));
            const block = selection.anchor.getNode().getTopLevelElement();
            setIntertitle($isHeadingNode(block));
          }),
        ),
        editor.registerCommand(CAN_UNDO_COMMAND, (v) => (setCanUndo(v), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, (v) => (setCanRedo(v), false), COMMAND_PRIORITY_LOW),
      ),
    [editor],
  );

  const setBlock = (kind: 'intertitle' | 'paragraph') =>
    editor.update(() => {
      const selection = $getSelection();
      if ($isRangeSelection(selection)) {
        $setBlocksType(selection, () => (kind === 'intertitle' ? $createHeadingNode(INTERTITLE_TAG) : $createParagraphNode()));
      }
    });

  return (
    <div className="toolbar" role="toolbar" aria-label={t('story:toolbar.label')}>
      <button type="button" disabled={!editable} aria-pressed={bold} onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}>
        {t('story:toolbar.bold')}
      </button>
      <button type="button" disabled={!editable} aria-pressed={intertitle} onClick={() => setBlock('intertitle')}>
        {t('story:toolbar.intertitle')}
      </button>
      <button type="button" disabled={!editable} onClick={() => setBlock('paragraph')}>
        {t('story:toolbar.paragraph')}
      </button>
      <button type="button" disabled={!editable || !canUndo} onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}>
        {t('story:toolbar.undo')}
      </button>
      <button type="button" disabled={!editable || !canRedo} onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}>
        {t('story:toolbar.redo')}
      </button>
      <TrackButtons editable={editable} tracking={tracking} onAddNote={onAddNote} />
    </div>
  );
}

function PasteLimitPlugin({ onRefuse }: { onRefuse: (chars: number) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => registerPasteLimit(editor, LIMITS.bodyChars, onRefuse), [editor, onRefuse]);
  return null;
}

/** Follows the story's access: a signed-off story, or one the person may not edit, is read only. */
function EditablePlugin({ editable }: { editable: boolean }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => editor.setEditable(editable), [editor, editable]);
  return null;
}

/** Hands the Lexical editor to the story desk (proofreading fixes, find and replace), and takes it back on unmount. */
function EditorHandlePlugin({ onEditor }: { onEditor: (editor: LexicalEditor | null) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return null;
}

export interface BodyChange {
  json: string;
  blocks: BodyBlock[];
}

/**
 * The body (正文): a Lexical rich-text editor with paragraphs, intertitles and bold, tracked
 * changes (修订) and notes (批注) with their panel. Remount it (change its key) to load another
 * state; it reports every change as JSON plus plain blocks, the text as it would print with
 * every pending change accepted.
 */
export function BodyEditor(props: {
  labelId: string;
  initialJson: string;
  /** False: the text is shown, not changed. */
  editable: boolean;
  onChange: (change: BodyChange) => void;
  onPasteRefused: (chars: number) => void;
  /** Receives the editor when it is made, and null when it goes. */
  onEditor?: (editor: LexicalEditor | null) => void;
  /** Whether changes are tracked (修订), as the story's controller keeps it. */
  tracking?: TrackingSwitch;
}) {
  const initialConfig: InitialConfigType = {
    namespace: EDITOR_NAMESPACE,
    nodes: [...BODY_NODES],
    theme: THEME,
    editorState: props.initialJson || undefined,
    editable: props.editable,
    onError: (error) => {
      throw error;
    },
  };
  // Whether changes are tracked: the story controller's switch (the editor's own when used alone).
  const [ownTracking] = useState(() => new TrackingSwitch());
  const tracking = props.tracking ?? ownTracking;
  const [noteSelection, setNoteSelection] = useState<RangeSelection | null>(null);
  const onChange = (state: EditorState) => props.onChange({ json: JSON.stringify(state.toJSON()), blocks: state.read($readBodyBlocks) });

  return (
    <LexicalComposer initialConfig={initialConfig}>
      <Toolbar editable={props.editable} tracking={tracking} onAddNote={setNoteSelection} />
      <div className="body-frame">
        <RichTextPlugin
          contentEditable={<ContentEditable className="body-editable" ariaLabelledBy={props.labelId} ariaMultiline />}
          ErrorBoundary={LexicalErrorBoundary}
        />
      </div>
      <ChangesPanel editable={props.editable} tracking={tracking} noteSelection={noteSelection} onNoteDone={() => setNoteSelection(null)} />
      <HistoryPlugin />
      <TrackChangesPlugin tracking={tracking} />
      <OnChangePlugin ignoreSelectionChange ignoreHistoryMergeTagChange onChange={onChange} />
      <PasteLimitPlugin onRefuse={props.onPasteRefused} />
      <EditablePlugin editable={props.editable} />
      {props.onEditor ? <EditorHandlePlugin onEditor={props.onEditor} /> : null}
    </LexicalComposer>
  );
}
