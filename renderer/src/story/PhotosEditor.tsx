import { useId, useState } from 'react';
import { LIMITS, type Photo, type PhotoCredit } from '../../../shared/domain/article';
import { formatCaption, formatPhotoCredit } from '../../../shared/domain/byline';
import { errorMessage } from '../../../shared/i18n/setup';
import { ClientError, api } from '../api/client';
import { readBase64 } from '../api/files';
import { i18n, useT } from '../i18n';
import { CreditEditor } from './CreditEditor';
import { moveItem, removeItem, replaceItem } from './list-ops';

/**
 * Photos (图片): attach image files into the archive, then caption and credit each, or credit
 * the set at once (本组图片：… 摄) with numbered captions. The printed form renders beside.
 */
export function PhotosEditor(props: {
  photos: Photo[];
  groupCredit: PhotoCredit | null;
  peopleListId: string;
  onChange(photos: Photo[], groupCredit: PhotoCredit | null): void;
}) {
  const { t } = useT();
  const base = useId();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const { photos, groupCredit } = props;
  const setPhotos = (next: Photo[]) => props.onChange(next, groupCredit);

  /** Stores each file in the archive; what cannot be stored is reported, not lost silently. */
  const store = async (files: File[]): Promise<Pick<Photo, 'hash' | 'mime' | 'width' | 'height' | 'fileName'>[]> => {
    setBusy(true);
    const found: string[] = [];
    const stored: Pick<Photo, 'hash' | 'mime' | 'width' | 'height' | 'fileName'>[] = [];
    for (const file of files) {
      try {
        if (file.size > LIMITS.photoBytes) {
          found.push(
            errorMessage(i18n, 'IMAGE_TOO_LARGE', { size: (file.size / 1024 / 1024).toFixed(1), max: LIMITS.photoBytes / 1024 / 1024 }),
          );
          continue;
        }
        const image = await api.photos.import({ fileName: file.name, dataBase64: await readBase64(file) });
        stored.push({ hash: image.hash, mime: image.mime, width: image.width, height: image.height, fileName: file.name });
      } catch (error) {
        found.push(error instanceof ClientError ? errorMessage(i18n, error.code, error.params) : String(error));
      }
    }
    setProblems(found);
    setBusy(false);
    return stored;
  };

  const attach = async (files: FileList | null) => {
    if (!files?.length) return;
    const stored = await store(Array.from(files));
    const added = stored.map((image): Photo => ({ id: crypto.randomUUID(), ...image, caption: '', credit: { kind: 'photo', people: [] } }));
    if (added.length) setPhotos([...photos, ...added]);
  };

  /** A photo known only by its caption (read off a page) gets its picture. */
  const supply = async (index: number, files: FileList | null) => {
    const file = files?.[0];
    const photo = photos[index];
    if (!file || !photo) return;
    const [image] = await store([file]);
    if (image) setPhotos(replaceItem(photos, index, { ...photo, ...image }));
  };

  return (
    <section className="panel photos-editor" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>{t('story:photos.title')}</h2>
      {photos.length === 0 ? <p className="muted">{t('story:photos.empty')}</p> : null}
      <ol className="photo-list">
        {photos.map((photo, i) => {
          const n = i + 1;
          const printed = groupCredit ? formatCaption(photo.caption, photo.credit, i) : formatCaption(photo.caption, photo.credit, null);
          return (
            <li key={photo.id} className="photo">
              {photo.hash && photo.width && photo.height ? (
                <img
                  className="thumbnail"
                  src={`photos/${photo.hash}`}
                  alt={t('story:photos.thumbnail', { n, name: photo.fileName })}
                  width={120}
                  height={Math.round((120 * photo.height) / photo.width)}
                />
              ) : (
                <div className="thumbnail missing">
                  <span>{t('story:photos.missing', { n })}</span>
                  <label className="file-button small">
                    {t('story:photos.supply', { n })}
                    <input
                      type="file"
                      accept="image/png,image/jpeg,image/webp"
                      disabled={busy}
                      onChange={(e) => {
                        const input = e.currentTarget;
                        void supply(i, input.files).finally(() => {
                          input.value = '';
                        });
                      }}
                    />
                  </label>
                </div>
              )}
              <div className="photo-fields">
                <label htmlFor={`${base}-${i}-caption`}>{t('story:photos.caption', { n })}</label>
                <textarea
                  id={`${base}-${i}-caption`}
                  data-caption-of={photo.id}
                  rows={2}
                  value={photo.caption}
                  maxLength={2000}
                  onChange={(e) => setPhotos(replaceItem(photos, i, { ...photo, caption: e.target.value }))}
                />
                {groupCredit ? null : (
                  <CreditEditor
                    credit={photo.credit}
                    peopleListId={props.peopleListId}
                    onChange={(credit) => setPhotos(replaceItem(photos, i, { ...photo, credit }))}
                  />
                )}
                <p className="printed">
                  <span className="printed-label">{t('story:photos.preview')}</span>
                  <output data-testid={`caption-preview-${n}`}>{printed}</output>
                </p>
              </div>
              <span className="row-actions">
                <button
                  type="button"
                  disabled={i === 0}
                  aria-label={t('story:photos.moveUp', { n })}
                  onClick={() => setPhotos(moveItem(photos, i, i - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === photos.length - 1}
                  aria-label={t('story:photos.moveDown', { n })}
                  onClick={() => setPhotos(moveItem(photos, i, i + 1))}
                >
                  ↓
                </button>
                <button type="button" aria-label={t('story:photos.remove', { n })} onClick={() => setPhotos(removeItem(photos, i))}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="panel-actions">
        <label className="file-button">
          {t('story:photos.add')}
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            multiple
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              void attach(input.files).finally(() => {
                input.value = '';
              });
            }}
          />
        </label>
        <span className="muted">{busy ? t('story:photos.uploading') : t('story:photos.hint')}</span>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={groupCredit !== null}
            onChange={(e) => props.onChange(photos, e.target.checked ? { kind: 'photo', people: [] } : null)}
          />
          {t('story:photos.group')}
        </label>
      </div>
      {problems.length ? (
        <ul className="problems" role="alert">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      {groupCredit ? (
        <div className="group-credit">
          <h3>{t('story:photos.groupCredit')}</h3>
          <CreditEditor credit={groupCredit} peopleListId={props.peopleListId} onChange={(c) => props.onChange(photos, c)} />
          <p className="printed">
            <span className="printed-label">{t('story:photos.preview')}</span>
            <output data-testid="group-credit-preview">{formatPhotoCredit(groupCredit, true)}</output>
          </p>
        </div>
      ) : null}
    </section>
  );
}
