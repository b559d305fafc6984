import { errorMessage } from '../../../shared/i18n/setup';
import { ClientError } from '../api/client';
import { i18n } from '../i18n';

/** What a failed call says to the desk, in its language. */
export function messageOf(error: unknown): string {
  return error instanceof ClientError ? errorMessage(i18n, error.code, error.params) : String(error);
}
