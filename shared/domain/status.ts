/**
 * The story workflow: 草稿 draft → 待审 submitted → 已审 edited → 签发 approved, with 撤稿 spiked
 * reachable from any live status and restorable to the status it was spiked from.
 */
export const STATUSES = ['draft', 'submitted', 'edited', 'approved', 'spiked'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_ACTIONS = ['submit', 'edit', 'approve', 'return', 'revoke', 'spike', 'restore'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/**
 * Where each action leads from each status. `restore` is absent: it returns a spiked article to
 * the status recorded when it was spiked, which only the history knows.
 */
const NEXT: Readonly<Record<Exclude<Status, 'spiked'>, Partial<Record<StatusAction, Status>>>> = {
  draft: { submit: 'submitted', spike: 'spiked' },
  submitted: { edit: 'edited', return: 'draft', spike: 'spiked' },
  edited: { approve: 'approved', return: 'submitted', spike: 'spiked' },
  approved: { revoke: 'edited', spike: 'spiked' },
};

/** The actions offered for an article in `status`, in the order the desk shows them. */
export function availableActions(status: Status): StatusAction[] {
  if (status === 'spiked') return ['restore'];
  return STATUS_ACTIONS.filter((a) => NEXT[status][a] !== undefined);
}

/**
 * The status an action leads to, or null when the action does not apply. For `restore`,
 * `spikedFrom` is the status the article had before it was spiked.
 */
export function nextStatus(status: Status, action: StatusAction, spikedFrom?: Status | null): Status | null {
  if (status === 'spiked') {
    if (action !== 'restore') return null;
    return spikedFrom && spikedFrom !== 'spiked' ? spikedFrom : 'draft';
  }
  return NEXT[status][action] ?? null;
}
