import { describe, expect, it } from 'vitest';
import { availableActions, nextStatus } from '../../shared/domain/status';

describe('the status workflow', () => {
  it('moves a story forward draft → submitted → edited → approved', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'edit')).toBe('edited');
    expect(nextStatus('edited', 'approve')).toBe('approved');
  });

  it('refuses a step that skips the desk', () => {
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(availableActions('draft')).toEqual(['submit', 'spike']);
  });

  it('restores a spiked story to the status it was spiked from', () => {
    expect(nextStatus('edited', 'spike')).toBe('spiked');
    expect(nextStatus('spiked', 'restore', 'edited')).toBe('edited');
    expect(nextStatus('spiked', 'restore', null)).toBe('draft');
    expect(availableActions('spiked')).toEqual(['restore']);
  });
});
