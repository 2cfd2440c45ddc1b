import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { type HelpdeskQueue, type Macro, saveMacro, useMacros } from './api.ts';
import { QueueOptions } from './QueueOptions.tsx';

const EMPTY = { title: '', body: '', queue: '', archived: false };

/** HD-2: the supervisors' answer templates — written once, offered beside every ticket of their queue. */
export function MacrosPanel({ queues }: { queues: HelpdeskQueue[] }) {
  const { t } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const macros = useMacros();
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState(EMPTY);
  const save = useMutation({
    mutationFn: () =>
      saveMacro(editing === 'new' ? null : editing, {
        title: form.title.trim(),
        body: form.body.trim(),
        queue: form.queue || null,
        archived: form.archived,
      }),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: ['helpdesk', 'macros'] });
      void qc.invalidateQueries({ queryKey: ['helpdesk', 'ticket-macros'] });
      setEditing(null);
      announce(t('helpdesk.macroSaved', { title: m.title }));
    },
  });
  const edit = (m: Macro | null) => {
    save.reset();
    setEditing(m ? m.id : 'new');
    setForm(m ? { title: m.title, body: m.body, queue: m.queue ?? '', archived: m.archived } : EMPTY);
  };
  const err = (f: string) => fieldError(save.error, f);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const queueName = (q: string | null) =>
    q ? (queues.find((x) => x.id === q)?.name ?? q) : t('helpdesk.allQueues');

  return (
    <details className="mb-3" data-testid="macros">
      <summary className="fw-semibold">{t('helpdesk.macros')}</summary>
      <ErrorAlert error={macros.error} />
      <ul className="list-unstyled mt-2">
        {(macros.data?.macros ?? []).map((m) => (
          <li key={m.id} className="d-flex flex-wrap align-items-center gap-2 mb-1">
            <span>
              <strong>{m.title}</strong> · {queueName(m.queue)}
              {m.archived && <> · {t('helpdesk.macroArchived')}</>}
            </span>
            <button
              type="button"
              className="btn btn-outline-primary btn-sm py-0"
              aria-label={t('helpdesk.macroEditLabel', { title: m.title })}
              onClick={() => edit(m)}
            >
              {t('helpdesk.macroEdit')}
            </button>
          </li>
        ))}
      </ul>
      {editing === null ? (
        <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => edit(null)}>
          {t('helpdesk.macroNew')}
        </button>
      ) : (
        <form className="row g-2" onSubmit={submit} noValidate aria-label={t('helpdesk.macroForm')}>
          <div className="col-12 col-md-6">
            <label htmlFor={`${id}-title`} className="form-label small mb-0">
              {t('helpdesk.macroTitle')}
            </label>
            <input
              id={`${id}-title`}
              className={`form-control form-control-sm${err('title') ? ' is-invalid' : ''}`}
              value={form.title}
              required
              aria-invalid={err('title') ? true : undefined}
              aria-describedby={err('title') ? `${id}-title-error` : undefined}
              onChange={(e) => setForm((f) => ({ ...f, title: e.target.value }))}
            />
            <FieldError id={`${id}-title-error`} error={err('title')} />
          </div>
          <div className="col-12 col-md-6">
            <label htmlFor={`${id}-queue`} className="form-label small mb-0">
              {t('helpdesk.field.queue')}
            </label>
            <select
              id={`${id}-queue`}
              className="form-select form-select-sm"
              value={form.queue}
              onChange={(e) => setForm((f) => ({ ...f, queue: e.target.value }))}
            >
              <option value="">{t('helpdesk.allQueues')}</option>
              <QueueOptions queues={queues} />
            </select>
          </div>
          <div className="col-12">
            <label htmlFor={`${id}-body`} className="form-label small mb-0">
              {t('helpdesk.macroBody')}
            </label>
            <textarea
              id={`${id}-body`}
              rows={4}
              className={`form-control form-control-sm${err('body') ? ' is-invalid' : ''}`}
              value={form.body}
              required
              aria-invalid={err('body') ? true : undefined}
              aria-describedby={`${id}-body-hint${err('body') ? ` ${id}-body-error` : ''}`}
              onChange={(e) => setForm((f) => ({ ...f, body: e.target.value }))}
            />
            <div id={`${id}-body-hint`} className="form-text">
              {t('helpdesk.macroHint')}
            </div>
            <FieldError
              id={`${id}-body-error`}
              error={err('body')}
              messages={{ INVALID_FIELD: 'helpdesk.macroBadBody' }}
            />
          </div>
          <div className="col-12 form-check ms-2">
            <input
              id={`${id}-archived`}
              type="checkbox"
              className="form-check-input"
              checked={form.archived}
              onChange={(e) => setForm((f) => ({ ...f, archived: e.target.checked }))}
            />
            <label htmlFor={`${id}-archived`} className="form-check-label">
              {t('helpdesk.macroArchive')}
            </label>
          </div>
          <div className="col-12">
            <ErrorAlert error={save.error && !['title', 'body'].some((f) => err(f)) ? save.error : null} />
            <div className="d-flex gap-2">
              <button type="submit" className="btn btn-primary btn-sm" disabled={save.isPending}>
                {t('helpdesk.macroSave')}
              </button>
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                onClick={() => setEditing(null)}
              >
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </form>
      )}
    </details>
  );
}
