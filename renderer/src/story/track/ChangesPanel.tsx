import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getSelection, $isRangeSelection, mergeRegister, type LexicalEditor, type RangeSelection } from 'lexical';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { $isTracking, $listChanges, $listNotes, $setTracking, type NoteView, type TrackedChange } from '../../../../shared/editor/track';
import { authorColourIndex } from '../../../../shared/editor/track-nodes';
import { formatTime } from '../../app/format';
import { useT } from '../../i18n';
import { currentAuthor } from './author';
import {
  ADD_NOTE_COMMAND,
  DELETE_NOTE_COMMAND,
  registerNotes,
  registerResolvedNotes,
  REPLY_NOTE_COMMAND,
  RESOLVE_NOTE_COMMAND,
} from './notes';
import {
  ACCEPT_ALL_CHANGES_COMMAND,
  ACCEPT_CHANGE_COMMAND,
  registerTrackChanges,
  REJECT_ALL_CHANGES_COMMAND,
  REJECT_CHANGE_COMMAND,
  type TrackingSwitch,
} from './track-changes';

interface TrackView {
  changes: TrackedChange[];
  notes: NoteView[];
}

const readView = (): TrackView => ({ changes: $listChanges(), notes: $listNotes() });

/** The pending changes and notes, read again whenever the text changes (not on a caret move). */
function useTrackView(editor: LexicalEditor): TrackView {
  const [view, setView] = useState(() => editor.getEditorState().read(readView));
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves }) => {
        if (dirtyElements.size > 0 || dirtyLeaves.size > 0) setView(editorState.read(readView));
      }),
    [editor],
  );
  return view;
}

const swatch = (author: string) => `track-swatch track-colour-${authorColourIndex(author)}`;
const short = (text: string) => (text.length > 12 ? `${text.slice(0, 12)}…` : text);

/** Tracked changes and notes in this editor, signed by whoever is signed in. */
export function TrackChangesPlugin({ tracking }: { tracking: TrackingSwitch }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () => registerTrackChanges(editor, { author: currentAuthor, enabled: () => tracking.getSnapshot() && editor.isEditable() }),
    [editor, tracking],
  );
  // The switch follows the story (tracking is kept in its body) and the story follows the switch.
  useEffect(() => {
    tracking.set(editor.getEditorState().read($isTracking));
    return tracking.subscribe(() => {
      const on = tracking.getSnapshot();
      if (editor.isEditable() && editor.getEditorState().read($isTracking) !== on) editor.update(() => $setTracking(on));
    });
  }, [editor, tracking]);
  useEffect(() => mergeRegister(registerNotes(editor, { author: currentAuthor }), registerResolvedNotes(editor)), [editor]);
  return null;
}

/** The toolbar's buttons for changes and notes. */
export function TrackButtons(props: { editable: boolean; tracking: TrackingSwitch; onAddNote: (selection: RangeSelection) => void }) {
  const { t } = useT();
  const [editor] = useLexicalComposerContext();
  const on = useSyncExternalStore(props.tracking.subscribe, props.tracking.getSnapshot);
  const { changes } = useTrackView(editor);
  const [selected, setSelected] = useState<RangeSelection | null>(null);
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState }) =>
        editorState.read(() => {
          const selection = $getSelection();
          // A click into the note's field blurs the editor: the selection of the moment is kept.
          if ($isRangeSelection(selection)) setSelected(selection.isCollapsed() ? null : selection.clone());
        }),
      ),
    [editor],
  );
  const name = currentAuthor()?.name ?? '';
  return (
    <>
      <button
        type="button"
        disabled={!props.editable}
        aria-pressed={on}
        title={t('story:track.toggleHint', { name })}
        onClick={() => props.tracking.set(!on)}
      >
        {t('story:track.toggle')}
      </button>
      <button
        type="button"
        disabled={!props.editable || changes.length === 0}
        onClick={() => editor.dispatchCommand(ACCEPT_ALL_CHANGES_COMMAND, undefined)}
      >
        {t('story:track.acceptAll')}
      </button>
      <button
        type="button"
        disabled={!props.editable || changes.length === 0}
        onClick={() => editor.dispatchCommand(REJECT_ALL_CHANGES_COMMAND, undefined)}
      >
        {t('story:track.rejectAll')}
      </button>
      <button
        type="button"
        disabled={!props.editable || selected === null}
        title={selected === null ? t('story:track.noteNoSelection') : undefined}
        onClick={() => selected && props.onAddNote(selected)}
      >
        {t('story:track.addNote')}
      </button>
    </>
  );
}

function NoteForm(props: { editor: LexicalEditor; selection: RangeSelection; onDone: () => void }) {
  const { t } = useT();
  const id = useId();
  const [text, setText] = useState('');
  const span = props.editor.getEditorState().read(() => props.selection.getTextContent());
  const save = () => {
    if (props.editor.dispatchCommand(ADD_NOTE_COMMAND, { text, selection: props.selection })) props.onDone();
  };
  return (
    <form
      className="track-note-form"
      aria-label={t('story:track.newNote')}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <p className="track-span">{t('story:track.noteOn', { text: span })}</p>
      <label htmlFor={id}>{t('story:track.noteText')}</label>
      <textarea id={id} autoFocus rows={2} value={text} onChange={(event) => setText(event.target.value)} />
      <div className="track-actions">
        <button type="submit" disabled={!text.trim()}>
          {t('story:track.saveNote')}
        </button>
        <button type="button" onClick={props.onDone}>
          {t('story:track.cancelNote')}
        </button>
      </div>
    </form>
  );
}

function NoteItem(props: { editor: LexicalEditor; note: NoteView; editable: boolean }) {
  const { t, i18n: page } = useT();
  const { note, editor } = props;
  const id = useId();
  const [reply, setReply] = useState('');
  const time = (iso: string) => formatTime(iso, page.language);
  return (
    <li className={note.resolved ? 'track-note-item resolved' : 'track-note-item'} data-note-id={note.id}>
      <blockquote className="track-span">{note.span || t('story:track.spanGone')}</blockquote>
      <p>
        <span className={swatch(note.by)} aria-hidden="true" />{' '}
        <strong>{t('story:track.said', { name: note.by, time: time(note.at) })}</strong>
        {note.resolved ? <span className="track-resolved"> · {t('story:track.resolved')}</span> : null}
      </p>
      <p className="track-note-text">{note.text}</p>
      {note.replies.length > 0 ? (
        <ul className="track-replies">
          {note.replies.map((r, i) => (
            <li key={i}>
              <span className={swatch(r.by)} aria-hidden="true" />{' '}
              <strong>{t('story:track.said', { name: r.by, time: time(r.at) })}</strong>
              <p>{r.text}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="track-reply"
        onSubmit={(event) => {
          event.preventDefault();
          if (editor.dispatchCommand(REPLY_NOTE_COMMAND, { id: note.id, text: reply })) setReply('');
        }}
      >
        <label htmlFor={id}>{t('story:track.replyLabel', { name: note.by })}</label>
        <textarea id={id} rows={1} disabled={!props.editable} value={reply} onChange={(event) => setReply(event.target.value)} />
        <div className="track-actions">
          <button type="submit" disabled={!props.editable || !reply.trim()}>
            {t('story:track.reply')}
          </button>
          <button
            type="button"
            disabled={!props.editable}
            onClick={() => editor.dispatchCommand(RESOLVE_NOTE_COMMAND, { id: note.id, resolved: !note.resolved })}
          >
            {note.resolved ? t('story:track.reopen') : t('story:track.resolve')}
          </button>
          <button type="button" disabled={!props.editable} onClick={() => editor.dispatchCommand(DELETE_NOTE_COMMAND, note.id)}>
            {t('story:track.deleteNote')}
          </button>
        </div>
      </form>
    </li>
  );
}

/**
 * Beside the body: the pending changes (who, when, what; accept or reject each) and the notes
 * with their threads (reply, resolve, delete), and the form for a new note. Shown once there is
 * something to show, or tracking is on.
 */
export function ChangesPanel(props: {
  editable: boolean;
  tracking: TrackingSwitch;
  noteSelection: RangeSelection | null;
  onNoteDone: () => void;
}) {
  const { t, i18n: page } = useT();
  const [editor] = useLexicalComposerContext();
  const on = useSyncExternalStore(props.tracking.subscribe, props.tracking.getSnapshot);
  const { changes, notes } = useTrackView(editor);
  const headingId = useId();
  if (!on && changes.length === 0 && notes.length === 0 && props.noteSelection === null) return null;
  const author = currentAuthor();
  return (
    <section className="track-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('story:track.panel')}</h3>
      {on && author ? (
        <p className="track-on" role="status">
          <span className={swatch(author.name)} aria-hidden="true" /> {t('story:track.on', { name: author.name })}
        </p>
      ) : null}
      {props.noteSelection ? <NoteForm editor={editor} selection={props.noteSelection} onDone={props.onNoteDone} /> : null}
      <h4>{t('story:track.changes', { count: changes.length })}</h4>
      {changes.length === 0 ? (
        <p className="track-empty">{t('story:track.noChanges')}</p>
      ) : (
        <ul className="track-changes">
          {changes.map((change) => {
            const kind = t(change.kind === 'insertion' ? 'story:track.insertion' : 'story:track.deletion');
            return (
              <li key={change.id} data-change-id={change.id} className={`track-change ${change.kind}`}>
                <p>
                  <span className={swatch(change.author)} aria-hidden="true" />{' '}
                  {t('story:track.who', { name: change.author, kind, time: formatTime(change.at, page.language) })}
                </p>
                <p className={`track-change-text track-${change.kind} track-colour-${authorColourIndex(change.author)}`}>{change.text}</p>
                <div className="track-actions">
                  <button
                    type="button"
                    disabled={!props.editable}
                    aria-label={t('story:track.acceptOne', { kind, text: short(change.text) })}
                    onClick={() => editor.dispatchCommand(ACCEPT_CHANGE_COMMAND, change.id)}
                  >
                    {t('story:track.accept')}
                  </button>
                  <button
                    type="button"
                    disabled={!props.editable}
                    aria-label={t('story:track.rejectOne', { kind, text: short(change.text) })}
                    onClick={() => editor.dispatchCommand(REJECT_CHANGE_COMMAND, change.id)}
                  >
                    {t('story:track.reject')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <h4>{t('story:track.notes', { count: notes.length })}</h4>
      {notes.length === 0 ? (
        <p className="track-empty">{t('story:track.noNotes')}</p>
      ) : (
        <ul className="track-notes">
          {notes.map((note) => (
            <NoteItem key={note.id} editor={editor} note={note} editable={props.editable} />
          ))}
        </ul>
      )}
    </section>
  );
}
