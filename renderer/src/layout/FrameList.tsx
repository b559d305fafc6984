import { memo, useId } from 'react';
import { copyfitText } from '../../../shared/typeset/copyfit';
import type { SetFrame } from '../../../shared/typeset/frame';
import { i18n } from '../i18n';
import type { LayoutController } from './layout-controller';
import type { Translate } from './translate';
import { useDesk } from './use-desk';

type FrameListDesk = Pick<LayoutController, 'select' | 'showGalley' | 'subscribe' | 'getSnapshot'>;

/** The page's stories (版面稿件), each with its copyfit and its galley; a row is drawn again only when its own story changes. */
export const FrameList = memo(function FrameList({ desk, t }: { desk: FrameListDesk; t: Translate }) {
  const ids = useId();
  const frames = useDesk(desk, (s) => s.frames);
  const headlines = useDesk(desk, (s) => s.headlines);
  const spiked = useDesk(desk, (s) => s.spiked);
  const selectedId = useDesk(desk, (s) => s.selectedId);
  const galleyFor = useDesk(desk, (s) => s.galleyFor);
  return (
    <section aria-labelledby={`${ids}-frames`}>
      <h2 id={`${ids}-frames`}>{t('layout:frames')}</h2>
      {frames.length ? (
        <ul className="frame-list">
          {frames.map((f) => (
            <FrameRow
              key={f.placementId}
              t={t}
              desk={desk}
              frame={f}
              headline={headlines.get(f.articleId) || t('common:untitled')}
              selected={f.placementId === selectedId}
              spiked={spiked.has(f.articleId)}
              galleyOpen={galleyFor === f.articleId}
            />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('layout:noFrames')}</p>
      )}
    </section>
  );
});

const FrameRow = memo(function FrameRow(props: {
  t: Translate;
  desk: FrameListDesk;
  frame: SetFrame;
  headline: string;
  selected: boolean;
  spiked: boolean;
  galleyOpen: boolean;
}) {
  const { t, desk, frame: f, headline } = props;
  return (
    <li className={props.selected ? 'selected' : undefined}>
      <button type="button" className="link" onClick={() => desk.select(f.placementId)}>
        {headline}
      </button>
      {props.spiked ? (
        <span className="spiked-badge" data-testid="frame-spiked">
          {t('layout:spiked')}
        </span>
      ) : null}
      <span className={`copyfit-state ${f.copyfit.state}`} data-testid="copyfit-state">
        {copyfitText(i18n, f.copyfit)}
      </span>
      <button
        type="button"
        aria-label={`${t('layout:galley')}: ${headline}`}
        aria-pressed={props.galleyOpen}
        onClick={() => desk.showGalley(props.galleyOpen ? null : f.articleId)}
      >
        {t('layout:galley')}
      </button>
    </li>
  );
});
