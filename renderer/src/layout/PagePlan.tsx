import { useEffect, useId, useState, useSyncExternalStore, type ReactNode } from 'react';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { newsroom } from '../app/newsroom';
import { Notice } from '../app/Notice';
import { hashOf, navigate, type Route } from '../app/route';
import { i18n, useT } from '../i18n';
import { onLive } from './live';
import { PagePlanController } from './page-plan-controller';

/** A link inside the app: the hash for a new tab, the route for a click. */
function RouteLink(props: { to: Route; label?: string; children: ReactNode }) {
  return (
    <a
      href={hashOf(props.to)}
      aria-label={props.label}
      onClick={(e) => {
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

/**
 * The page plan (版面计划) of an edition: every page with its section and editor, and every story
 * on it with its status (草稿…签发) and copyfit, at a glance. A page opens in the layout desk, a
 * story in the story desk.
 */
export function PagePlan(props: { date: string }) {
  const { t } = useT();
  const ids = useId();
  const [controller] = useState(() => new PagePlanController({ plan: (input) => api.layout.plan(input), describe: messageOf }, props.date));
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);

  useEffect(() => {
    void controller.load();
    const offLive = onLive((message) => {
      if (message.kind === 'draft') controller.draft(message.articleId, message.story);
      else if (controller.shows(message.articleId)) void controller.load();
    });
    const offRemote = newsroom.onRemoteChange((change) => controller.changed(change));
    return () => {
      offLive();
      offRemote();
    };
  }, [controller]);

  const { plan, pages, totals } = snapshot;
  return (
    <section className="page-plan" aria-labelledby={`${ids}-title`} aria-busy={snapshot.loading}>
      <div className="page-plan-head">
        <h1 id={`${ids}-title`}>
          {t('layout:plan.title')}
          {plan
            ? ` · ${t('layout:editionTitle', {
                date: plan.edition.date,
                number: plan.edition.number,
                total: plan.edition.totalNumber,
                paper: plan.edition.paper,
              })}`
            : ''}
        </h1>
        <RouteLink to={{ view: 'layout', date: props.date }}>{t('layout:plan.backToLayout')}</RouteLink>
      </div>
      <Notice message={snapshot.error} onDismiss={controller.dismissError} />
      {totals ? (
        <p className="muted" data-testid="plan-totals">
          {t('layout:plan.totals', { ...totals })}
        </p>
      ) : null}
      {plan && !pages.length ? <p className="muted">{t('layout:plan.noPages')}</p> : null}
      <div className="plan-pages">
        {pages.map((page) => (
          <section key={page.number} className="plan-page" aria-labelledby={`${ids}-page-${page.number}`}>
            <h2 id={`${ids}-page-${page.number}`}>
              <RouteLink to={{ view: 'layout', date: props.date, page: page.number }}>
                {t('layout:pageTitle', { number: page.number, section: page.section })}
              </RouteLink>
            </h2>
            <p className="muted">
              {t('layout:editorInCharge')}
              {t('common:labelSeparator')}
              {page.editor || t('layout:plan.noEditor')}
            </p>
            {page.stories.length ? (
              <table aria-labelledby={`${ids}-page-${page.number}`}>
                <thead>
                  <tr>
                    <th scope="col">{t('layout:plan.story')}</th>
                    <th scope="col">{t('layout:plan.status')}</th>
                    <th scope="col">{t('layout:plan.copyfit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.stories.map((s) => (
                    <tr key={s.placementId} data-testid="plan-story">
                      <th scope="row">
                        <RouteLink to={{ view: 'article', id: s.articleId }}>{s.headline || t('common:untitled')}</RouteLink>
                      </th>
                      <td>
                        <span className={`status-${s.status}`}>{t(`common:status.${s.status}`)}</span>
                      </td>
                      <td>
                        <span className={`copyfit-state ${s.copyfit?.state ?? 'none'}`}>{copyfitText(i18n, s.copyfit)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('layout:noFrames')}</p>
            )}
          </section>
        ))}
      </div>
    </section>
  );
}
