import { useEffect, useId, useMemo, useState } from 'react';
import type { Slot } from '../../../shared/api/contract';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { partedStories } from '../../../shared/typeset/flow';
import { partFlows, setFrame, type SetFrame } from '../../../shared/typeset/frame';
import type { StoryText } from '../../../shared/typeset/story';
import { api } from '../api/client';
import { navigate } from '../app/route';
import { i18n, useT } from '../i18n';
import { Galley } from '../layout/Galley';

/**
 * The story's slot on the page and its copyfit while the editor types: "超 3 行，约 45 字".
 * The same composer as the layout desk sets the text, so both say the same.
 */
export function SlotPanel(props: { articleId: string; story: StoryText }) {
  const { t } = useT();
  const id = useId();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [galley, setGalley] = useState(false);
  useEffect(() => {
    api.layout.slots({ articleId: props.articleId }).then(setSlots, () => setSlots([]));
  }, [props.articleId]);

  const { story } = props;

  const slot = slots?.[0];
  // A story set in parts (转版) fits when its last part holds the rest: the parts are set in turn.
  const parts = useMemo(() => (slot ? (slots ?? []).filter((s) => s.date === slot.date) : []), [slot, slots]);
  const frame = useMemo((): SetFrame | null => {
    if (!slot) return null;
    if (parts.length < 2) return setFrame(slot.geometry, slot.placement, story);
    const pages = parts.map((s) => ({ number: s.page, geometry: s.geometry, placements: [s.placement] }));
    const texts = new Map([[props.articleId, story]]);
    const last = partedStories(pages).get(props.articleId)?.at(-1);
    const grid = parts.find((s) => s.placement.id === last?.placement.id)?.geometry;
    return last && grid ? setFrame(grid, last.placement, story, partFlows(pages, texts).get(last.placement.id)) : null;
  }, [slot, parts, story, props.articleId]);

  return (
    <section className="slot-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('layout:slot')}</h2>
      {slot && frame ? (
        <>
          <p>
            <a
              href={`#/layout/${slot.date}/${slot.page}`}
              onClick={(e) => {
                e.preventDefault();
                navigate({ view: 'layout', date: slot.date, page: slot.page });
              }}
            >
              {t('layout:slotOf', { date: slot.date, page: slot.page, section: slot.section })}
            </a>{' '}
            <span className="muted">{t('layout:columnsOf', { count: slot.placement.split })}</span>
            {parts.length > 1 ? (
              <>
                {' '}
                <span className="muted">
                  {t('layout:parts.inParts', { count: parts.length, pages: parts.map((s) => s.page).join('、') })}
                </span>
              </>
            ) : null}
          </p>
          <p className={`copyfit-state ${frame.copyfit.state}`} role="status" data-testid="story-copyfit">
            {copyfitText(i18n, frame.copyfit)}
          </p>
          <button type="button" aria-pressed={galley} onClick={() => setGalley(!galley)}>
            {t('layout:galley')}
          </button>
          {galley ? <Galley story={story} columnChars={frame.columnChars} capacity={frame.copyfit.capacity} embedded /> : null}
        </>
      ) : (
        <p className="muted">{slots ? t('layout:notPlaced') : t('common:loading')}</p>
      )}
    </section>
  );
}
