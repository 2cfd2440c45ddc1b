import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { type Article, knowledgeApi } from './api.ts';

/** A supervisor writes a sheet, or a new version of one (HD-7); a sheet changed meanwhile is refused. */
export function SheetForm({
  article,
  onDone,
}: {
  article: Article | null;
  onDone: (id: string | null) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const [title, setTitle] = useState(article?.title ?? '');
  const [body, setBody] = useState(article?.body ?? '');
  const [tags, setTags] = useState(article?.tags.join(', ') ?? '');
  const [archived, setArchived] = useState(article?.archived ?? false);
  const save = useMutation({
    mutationFn: () => {
      const list = tags
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return article
        ? knowledgeApi.revise(article.id, { title, body, tags: list, version: article.version, archived })
        : knowledgeApi.create({ title, body, tags: list });
    },
    onSuccess: (a) => {
      qc.setQueryData(['knowledge', 'article', a.id], a);
      void qc.invalidateQueries({ queryKey: ['knowledge', 'search'] });
      announce(t('knowledge.saved', { title: a.title, version: a.version }));
      onDone(a.id);
    },
  });
  const err = (f: string) => fieldError(save.error, f);
  return (
    <form
      className="card card-body mb-3"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={`${id}-h`} className="h5">
        {article ? t('knowledge.editTitle', { title: article.title }) : t('knowledge.new')}
      </h2>
      <ErrorAlert error={save.error && !err('title') && !err('body') ? save.error : null} />
      <label htmlFor={`${id}-title`} className="form-label">
        {t('knowledge.field.title')}
      </label>
      <input
        id={`${id}-title`}
        className={`form-control mb-2${err('title') ? ' is-invalid' : ''}`}
        value={title}
        maxLength={200}
        aria-invalid={err('title') ? true : undefined}
        aria-describedby={err('title') ? `${id}-title-error` : undefined}
        onChange={(e) => setTitle(e.target.value)}
      />
      <FieldError id={`${id}-title-error`} error={err('title')} />
      <label htmlFor={`${id}-body`} className="form-label">
        {t('knowledge.field.body')}
      </label>
      <textarea
        id={`${id}-body`}
        className={`form-control mb-2${err('body') ? ' is-invalid' : ''}`}
        rows={8}
        value={body}
        aria-invalid={err('body') ? true : undefined}
        aria-describedby={err('body') ? `${id}-body-error` : undefined}
        onChange={(e) => setBody(e.target.value)}
      />
      <FieldError id={`${id}-body-error`} error={err('body')} />
      <label htmlFor={`${id}-tags`} className="form-label">
        {t('knowledge.field.tags')}
      </label>
      <input
        id={`${id}-tags`}
        className="form-control mb-2"
        value={tags}
        onChange={(e) => setTags(e.target.value)}
      />
      {article && (
        <div className="form-check mb-2">
          <input
            id={`${id}-archived`}
            type="checkbox"
            className="form-check-input"
            checked={archived}
            onChange={(e) => setArchived(e.target.checked)}
          />
          <label htmlFor={`${id}-archived`} className="form-check-label">
            {t('knowledge.field.archived')}
          </label>
        </div>
      )}
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('knowledge.save')}
        </button>
        <button type="button" className="btn btn-outline-primary" onClick={() => onDone(null)}>
          {t('knowledge.cancel')}
        </button>
      </div>
    </form>
  );
}
