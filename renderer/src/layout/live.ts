import type { StoryText } from '../../../shared/typeset/story';

/**
 * Live text between windows and tabs: the story desk announces its draft as the editor types,
 * and every layout view showing that story sets it again. BroadcastChannel reaches every page
 * of the same origin: tabs on the browser host, windows of the app.
 */
export type LiveMessage = { kind: 'draft'; articleId: string; story: StoryText } | { kind: 'saved'; articleId: string; version: number };

const CHANNEL = 'banmian-live';
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);

export function publishLive(message: LiveMessage): void {
  channel?.postMessage(message);
}

export function onLive(listener: (message: LiveMessage) => void): () => void {
  if (!channel) return () => undefined;
  const handler = (event: MessageEvent<LiveMessage>) => listener(event.data);
  channel.addEventListener('message', handler);
  return () => channel.removeEventListener('message', handler);
}
