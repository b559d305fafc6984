import { useId, useMemo } from 'react';
import { setBody } from '../../../shared/typeset/frame';
import { DEFAULT_TYPEFACES, lineType } from '../../../shared/typeset/typefaces';
import type { StoryText } from '../../../shared/typeset/story';
import { useT } from '../i18n';
import { LineView } from './SetLines';

/**
 * The galley (毛条): the story set in one column at its slot's width, with line numbers, the
 * slot's last line marked and the overset below it — as InCopy shows it.
 */
export function Galley(props: {
  story: StoryText;
  columnChars: number;
  capacity: number | null;
  onClose?: () => void;
  embedded?: boolean;
}) {
  const { t } = useT();
  const id = useId();
  const lines = useMemo(() => setBody(props.story, props.columnChars), [props.story, props.columnChars]);
  const lead = 1.5;
  const headline = props.story.headline || t('common:untitled');
  const width = Math.round(props.columnChars * 100) / 100;
  return (
    <section className={props.embedded ? 'galley embedded' : 'galley'} aria-labelledby={`${id}-title`}>
      <header>
        <h2 id={`${id}-title`}>{t('layout:galleyTitle', { headline, chars: width })}</h2>
        {props.onClose ? (
          <button type="button" aria-label={t('layout:closeGalley')} onClick={props.onClose}>
            ✕
          </button>
        ) : null}
      </header>
      <div className="galley-body" data-testid="galley" style={{ height: `${lines.length * lead + 1}em` }}>
        {lines.map((l, i) => {
          const overset = props.capacity !== null && i >= props.capacity;
          return (
            <div key={i} className="galley-row" style={{ top: `${i * lead}em` }}>
              <span className={`line-number${overset ? ' overset' : ''}`} aria-hidden="true">
                {i + 1}
              </span>
              {props.capacity !== null && i === props.capacity ? <span className="slot-end" aria-hidden="true" /> : null}
              <div className="galley-line" style={{ width: `${props.columnChars}em` }}>
                <LineView
                  line={{
                    role: l.role,
                    line: l.line,
                    x: 0,
                    y: 0,
                    size: 1,
                    bold: l.bold,
                    ...lineType(DEFAULT_TYPEFACES, l.role),
                    number: i + 1,
                  }}
                  overset={overset}
                />
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
