import { Component, Suspense, type ReactNode } from 'react';
import { useT } from '../i18n';

/** What shows while a view's code is read: a status line, announced politely to screen readers. */
export function Loading() {
  const { t } = useT();
  return (
    <p className="muted" role="status">
      {t('common:loading')}
    </p>
  );
}

function ViewFailed({ error }: { error: unknown }) {
  const { t } = useT();
  return (
    <div role="alert" className="error">
      <p>{t('common:viewFailed', { message: error instanceof Error ? error.message : String(error) })}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('common:reload')}
      </button>
    </div>
  );
}

/**
 * Catches a view that fails (its chunk could not be read, as when the app was rebuilt under an
 * open page) so that the header and the other views stay usable.
 */
class ViewBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    return this.state.error ? <ViewFailed error={this.state.error} /> : this.props.children;
  }
}

/** A view loaded on demand: the loading line until its code is there, its failure said in words. */
export function ViewFrame({ children }: { children: ReactNode }) {
  return (
    <ViewBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ViewBoundary>
  );
}
