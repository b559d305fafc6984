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
} from 'lexical';
import { useEffect, useState } from 'react';
import { LIMITS, type BodyBlock } from '../../../shared/domain/article';
import { $readBodyBlocks } from '../../../shared/editor/body';
import { BODY_NODES, EDITOR_NAMESPACE, INTERTITLE_TAG } from '../../../shared/editor/nodes';
import { registerPasteLimit } from './paste-limit';
import { useT } from '../i18n';

const THEME = {
  paragraph: 'body-paragraph',
  heading: { h3: 'body-intertitle' },
  text: { bold: 'body-bold' },
};

function Toolbar({ editable }: { editable: boolean }) {
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

export interface BodyChange {
  json: string;
  blocks: BodyBlock[];
}

/**
 * The body (正文): a Lexical rich-text editor with paragraphs, intertitles and bold. Remount it
 * (change its key) to load another state; it reports every change as JSON plus plain blocks.
 */
export function BodyEditor(props: {
  labelId: string;
  initialJson: string;
  /** False: the text is shown, not changed. */
  editable: boolean;
  onChange: (change: BodyChange) => void;
  onPasteRefused: (chars: number) => void;
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
  const onChange = (state: EditorState) => props.onChange({ json: JSON.stringify(state.toJSON()), blocks: state.read($readBodyBlocks) });

  return (
    <LexicalComposer initialConfig={initialConfig}>
      <Toolbar editable={props.editable} />
      <div className="body-frame">
        <RichTextPlugin
          contentEditable={<ContentEditable className="body-editable" ariaLabelledBy={props.labelId} ariaMultiline />}
          ErrorBoundary={LexicalErrorBoundary}
        />
      </div>
      <HistoryPlugin />
      <OnChangePlugin ignoreSelectionChange ignoreHistoryMergeTagChange onChange={onChange} />
      <PasteLimitPlugin onRefuse={props.onPasteRefused} />
      <EditablePlugin editable={props.editable} />
    </LexicalComposer>
  );
}
