import { useId, useState } from 'react';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { useT } from '../i18n';

/** The article as NITF XML for the archive service, or as wire-form text, downloaded. */
export function ArticleExport(props: { articleId: string; beforeExport(): Promise<void> }) {
  const { t } = useT();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'nitf' | 'text') => {
    try {
      await props.beforeExport();
      const file = await api.export.article({ id: props.articleId, format });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([file.content], { type: `${file.mime};charset=utf-8` }));
      link.download = file.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="slot-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('export:articleFormat')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void download('nitf')}>
          {t('export:formats.nitf')}
        </button>
        <button type="button" onClick={() => void download('text')}>
          {t('export:formats.text')}
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
