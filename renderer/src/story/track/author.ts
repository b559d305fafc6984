import { authorColour } from '../../../../shared/editor/track-nodes';
import { session } from '../../app/session';
import type { TrackAuthor } from './track-changes';

/** Who signs tracked changes and notes: the signed-in account, in its colour; no one while the desk is locked. */
export function currentAuthor(): TrackAuthor | null {
  const state = session.getSnapshot().state;
  return state.kind === 'signed-in' ? { name: state.account.name, color: authorColour(state.account.name) } : null;
}
