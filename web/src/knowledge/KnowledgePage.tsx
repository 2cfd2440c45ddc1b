import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useMe } from '../lib/queries.ts';
import { knowledgeApi, useArticle, useArticles } from './api.ts';
import { SheetForm } from './SheetForm.tsx';

/** HD-7: the information sheets — searched in Italian by everyone who answers, written by supervisors. */
export function KnowledgePage() {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [words, setWords] = useState('');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<'new' | 'current' | null>(null);
  const selected = params.get('scheda');
  const roles: readonly string[] = useMe().data?.roles ?? [];
  const writes = roles.includes('supervisor') || roles.includes('admin');
  const rates = ['operator', 'backoffice', 'second-level'].some((r) => roles.includes(r));
  const found = useArticles({ q });
  const sheet = useArticle(selected);
  const rate = useMutation({
    mutationFn: (useful: boolean) => knowledgeApi.rate(selected!, useful),
    onSuccess: (a) => qc.setQueryData(['knowledge', 'article', a.id], a),
  });
  const open = (sheetId: string | null) => {
    setEditing(null);
    setParams(sheetId ? { scheda: sheetId } : {});
  };
  const a = sheet.data;

  return (
    <Page
      title={t('knowledge.title')}
      actions={
        writes &&
        editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('knowledge.new')}
          </button>
        )
      }
    >
      {editing === 'new' && <SheetForm article={null} onDone={(x) => (x ? open(x) : setEditing(null))} />}
      <form
        className="row g-2 mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(words.trim());
        }}
      >
        <div className="col-md-8">
          <label htmlFor={`${id}-q`} className="form-label">
            {t('knowledge.search')}
          </label>
          <input
            id={`${id}-q`}
            className="form-control"
            value={words}
            onChange={(e) => setWords(e.target.value)}
          />
        </div>
        <div className="col-md-4 d-flex align-items-end">
          <button type="submit" className="btn btn-primary">
            {t('knowledge.find')}
          </button>
        </div>
      </form>
      <ErrorAlert error={found.error} />
      <section aria-labelledby={`${id}-results`} className="mb-4">
        <h2 id={`${id}-results`} className="h5">
          {q ? t('knowledge.results', { q }) : t('knowledge.latest')}
        </h2>
        {found.data && found.data.articles.length === 0 && <p>{t('knowledge.none')}</p>}
        <ul className="list-unstyled" data-testid="sheets">
          {found.data?.articles.map((h) => (
            <li key={h.id} className="mb-2">
              <button type="button" className="btn btn-link p-0 text-start" onClick={() => open(h.id)}>
                {h.title}
              </button>
              <span className="d-block small text-muted">{h.snippet}</span>
            </li>
          ))}
        </ul>
      </section>
      <ErrorAlert error={sheet.error} />
      {a && editing === 'current' && (
        <SheetForm article={a} onDone={(x) => (x ? open(x) : setEditing(null))} />
      )}
      {a && editing !== 'current' && (
        <article className="card card-body" aria-labelledby={`${id}-sheet`} data-testid="sheet">
          <h2 id={`${id}-sheet`} className="h4">
            {a.title}
            {a.archived && <span className="badge bg-secondary ms-2">{t('knowledge.archived')}</span>}
          </h2>
          <p className="small text-muted">
            {t('knowledge.updated', { at: formatDateTime(a.updatedAt, lang), version: a.version })}
            {a.tags.length > 0 && ` · ${a.tags.join(', ')}`}
          </p>
          <div style={{ whiteSpace: 'pre-wrap' }}>{a.body}</div>
          <p className="mt-3 mb-1 small" data-testid="sheet-useful">
            {t('knowledge.usefulCount', { yes: a.useful.yes, no: a.useful.no })}
          </p>
          <ErrorAlert error={rate.error} />
          {rates && (
            <fieldset className="d-flex gap-2 align-items-center">
              <legend className="fs-6 mb-0 me-2 float-none w-auto">{t('knowledge.wasUseful')}</legend>
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                onClick={() => rate.mutate(true)}
              >
                {t('knowledge.yes')}
              </button>
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                onClick={() => rate.mutate(false)}
              >
                {t('knowledge.no')}
              </button>
            </fieldset>
          )}
          {writes && (
            <div className="mt-3">
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                onClick={() => setEditing('current')}
              >
                {t('knowledge.edit')}
              </button>
            </div>
          )}
          <details className="mt-3">
            <summary>{t('knowledge.versions')}</summary>
            <ul className="small mb-0">
              {a.versions.map((v) => (
                <li key={v.version}>
                  {t('knowledge.version', {
                    version: v.version,
                    at: formatDateTime(v.at, lang),
                    author: v.author ?? '—',
                    title: v.title,
                  })}
                </li>
              ))}
            </ul>
          </details>
        </article>
      )}
    </Page>
  );
}
