import { useT } from '../i18n';

/** A message the desk must see (an error, a refusal), until it is dismissed. */
export function Notice(props: { message: string | null; onDismiss: () => void }) {
  const { t } = useT();
  if (!props.message) return null;
  return (
    <div className="notice" role="alert">
      <span>{props.message}</span>
      <button type="button" aria-label={t('common:dismiss')} onClick={props.onDismiss}>
        ✕
      </button>
    </div>
  );
}
