import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { FilePicker } from '../components/FilePicker.tsx';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { fileBase64 } from '../lib/files.ts';
import { type HelpdeskQueue, type NewTicket, openTicket } from './api.ts';
import { CHANNEL_LABEL } from './labels.ts';
import { QueueOptions } from './QueueOptions.tsx';

const CHANNELS = Object.keys(CHANNEL_LABEL) as NewTicket['channel'][];
/** What the server keeps (its allow-list); anything else it refuses by the document's field. */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.gif,.txt,.xml,.p7m,.odt,.ods,.doc,.docx,.xls,.xlsx';

/** A file chosen in the form, as the API takes it (base64 in the JSON body). */
const asDocument = async (file: File) => ({
  filename: file.name,
  contentType: file.type || 'application/octet-stream',
  content: await fileBase64(file),
});

/** HD-1: a request written down as a ticket in its queue, with who asked and how. */
export function NewTicketForm({
  queues,
  onDone,
}: {
  queues: HelpdeskQueue[];
  onDone: (ticketId: string | null) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState({
    queue: queues[0]?.id ?? 'cup',
    channel: 'phone' as NewTicket['channel'],
    subject: '',
    body: '',
    name: '',
    email: '',
    phone: '',
    fiscalCode: '',
  });
  const [files, setFiles] = useState<File[]>([]);
  useEffect(() => heading.current?.focus(), []);
  const save = useMutation({
    mutationFn: async () =>
      openTicket({
        queue: form.queue,
        channel: form.channel,
        subject: form.subject.trim(),
        body: form.body.trim(),
        requester: {
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          ...(form.email.trim() ? { email: form.email.trim() } : {}),
          ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
        },
        ...(form.fiscalCode.trim() ? { fiscalCode: form.fiscalCode.trim().toUpperCase() } : {}),
        ...(files.length ? { documents: await Promise.all(files.map(asDocument)) } : {}),
      }),
    onSuccess: (ticket) => {
      void qc.invalidateQueries({ queryKey: ['helpdesk', 'tickets'] });
      announce(t('helpdesk.created', { number: ticket.number }));
      onDone(ticket.id);
    },
  });
  const err = (field: string) =>
    field === 'documents'
      ? fieldError(
          save.error,
          'documents',
          ...files.flatMap((_, i) => [`documents.${i}`, `documents.${i}.content`]),
        )
      : fieldError(save.error, field, `requester.${field}`);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const input = (k: 'subject' | 'name' | 'email' | 'phone' | 'fiscalCode', label: string, type = 'text') => (
    <div className={k === 'subject' ? 'col-12' : 'col-12 col-md-6 col-lg-3'}>
      <label htmlFor={`${id}-${k}`} className="form-label fw-semibold">
        {label}
      </label>
      <input
        id={`${id}-${k}`}
        type={type}
        className={`form-control${err(k) ? ' is-invalid' : ''}`}
        value={form[k]}
        required={k === 'subject'}
        aria-invalid={err(k) ? true : undefined}
        aria-describedby={err(k) ? `${id}-${k}-error` : undefined}
        onChange={set(k)}
      />
      <FieldError id={`${id}-${k}-error`} error={err(k)} />
    </div>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <section className="card mb-4" aria-labelledby={`${id}-h`}>
      <div className="card-body">
        <h2 id={`${id}-h`} ref={heading} tabIndex={-1} className="h4">
          {t('helpdesk.new')}
        </h2>
        <form className="row g-3" onSubmit={submit} noValidate>
          <div className="col-12 col-md-6">
            <label htmlFor={`${id}-queue`} className="form-label fw-semibold">
              {t('helpdesk.field.queue')}
            </label>
            <select id={`${id}-queue`} className="form-select" value={form.queue} onChange={set('queue')}>
              <QueueOptions queues={queues} />
            </select>
          </div>
          <div className="col-12 col-md-6">
            <label htmlFor={`${id}-channel`} className="form-label fw-semibold">
              {t('helpdesk.field.channel')}
            </label>
            <select
              id={`${id}-channel`}
              className="form-select"
              value={form.channel}
              onChange={set('channel')}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(CHANNEL_LABEL[c])}
                </option>
              ))}
            </select>
          </div>
          {input('subject', t('helpdesk.field.subject'))}
          <div className="col-12">
            <label htmlFor={`${id}-body`} className="form-label fw-semibold">
              {t('helpdesk.field.body')}
            </label>
            <textarea
              id={`${id}-body`}
              className={`form-control${err('body') ? ' is-invalid' : ''}`}
              rows={4}
              value={form.body}
              required
              aria-invalid={err('body') ? true : undefined}
              aria-describedby={err('body') ? `${id}-body-error` : undefined}
              onChange={set('body')}
            />
            <FieldError id={`${id}-body-error`} error={err('body')} />
          </div>
          <div className="col-12">
            <p id={`${id}-documents-title`} className="form-label fw-semibold mb-1">
              {t('helpdesk.field.documents')}
            </p>
            <FilePicker
              id={`${id}-documents`}
              labelledBy={`${id}-documents-title`}
              describedBy={`${id}-documents-hint${err('documents') ? ` ${id}-documents-error` : ''}`}
              multiple
              accept={ACCEPT}
              invalid={!!err('documents')}
              files={files}
              onFiles={setFiles}
            />
            <div id={`${id}-documents-hint`} className="form-text">
              {t('helpdesk.documentsHint')}
            </div>
            <FieldError
              id={`${id}-documents-error`}
              error={err('documents')}
              messages={{ INVALID_FIELD: 'helpdesk.documentRefused' }}
            />
          </div>
          {input('name', t('helpdesk.field.name'))}
          {input('email', t('helpdesk.field.email'), 'email')}
          {input('phone', t('helpdesk.field.phone'), 'tel')}
          {input('fiscalCode', t('helpdesk.field.fiscalCode'))}
          <div className="col-12">
            <ErrorAlert
              error={
                save.error &&
                !['subject', 'body', 'name', 'email', 'phone', 'fiscalCode', 'documents'].some((f) => err(f))
                  ? save.error
                  : null
              }
            />
            <div className="d-flex gap-2">
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                {t('helpdesk.create')}
              </button>
              <button type="button" className="btn btn-outline-primary" onClick={() => onDone(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </form>
      </div>
    </section>
  );
}
