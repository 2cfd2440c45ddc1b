import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { PatientContactHistory } from '../contact-centre/ContactHistory.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePatientAppointments } from '../lib/queries.ts';
import { linkTicket, mergeTicket, type Ticket, unlinkTicket, useCitizenTickets } from './api.ts';
import { STATE_LABEL } from './labels.ts';

/**
 * Issue 16 §6: beside a ticket, the citizen's other contacts — their other tickets (to link, or to merge
 * a duplicate here), the tickets already linked or merged, and for who serves patients their calls,
 * messages and bookings.
 */
export function CitizenContacts({
  ticket: x,
  works,
  servesPatients,
  onOpen,
}: {
  ticket: Ticket;
  /** May link and merge (the back office at levels 0–1, the regional offices above). */
  works: boolean;
  /** Operators and the back office read a patient's calls and bookings; the regional offices do not. */
  servesPatients: boolean;
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const others = useCitizenTickets(x.id);
  const [confirm, setConfirm] = useState<string | null>(null);
  const linked = new Set(x.links.filter((l) => l.relation === 'linked').map((l) => l.id));
  const change = useMutation({
    mutationFn: (c: { kind: 'link' | 'unlink' | 'merge'; other: string }) =>
      c.kind === 'merge'
        ? mergeTicket(c.other, x.id)
        : c.kind === 'link'
          ? linkTicket(x.id, c.other)
          : unlinkTicket(x.id, c.other),
    onSuccess: (kept, c) => {
      qc.setQueryData(['helpdesk', 'ticket', x.id], kept);
      void qc.invalidateQueries({ queryKey: ['helpdesk', 'tickets'] });
      void qc.invalidateQueries({ queryKey: ['helpdesk', 'citizen-tickets'] });
      setConfirm(null);
      announce(t(`helpdesk.${c.kind}Done`, { number: `#${c.other}`, into: x.number }));
    },
  });
  const list = others.data?.tickets ?? [];

  return (
    <section className="mb-3" aria-labelledby={`${id}-h`} data-testid="citizen-contacts">
      <h3 id={`${id}-h`} className="h5">
        {t('helpdesk.citizenContacts')}
      </h3>
      <ErrorAlert error={change.error ?? others.error} />
      {x.links.length > 0 && (
        <ul className="list-unstyled small mb-2" data-testid="ticket-links">
          {x.links.map((l) => (
            <li key={`${l.relation}-${l.id}`} className="d-flex flex-wrap align-items-center gap-2 mb-1">
              <span>
                {t(l.relation === 'merged' ? 'helpdesk.mergedHere' : 'helpdesk.linkedTo')}{' '}
                <button
                  type="button"
                  className="btn btn-link btn-sm p-0 align-baseline"
                  onClick={() => onOpen(l.id)}
                >
                  {l.number}
                </button>{' '}
                {l.subject} · {t(STATE_LABEL[l.state])}
              </span>
              {works && l.relation === 'linked' && (
                <button
                  type="button"
                  className="btn btn-outline-primary btn-sm py-0"
                  disabled={change.isPending}
                  aria-label={t('helpdesk.unlinkLabel', { number: l.number })}
                  onClick={() => change.mutate({ kind: 'unlink', other: l.id })}
                >
                  {t('helpdesk.unlink')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.isSuccess && list.length === 0 && <p className="small">{t('helpdesk.noOtherTickets')}</p>}
      {list.length > 0 && (
        <table className="table table-sm small align-middle" data-testid="citizen-tickets">
          <caption className="visually-hidden">{t('helpdesk.otherTickets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('helpdesk.col.number')}</th>
              <th scope="col">{t('helpdesk.field.subject')}</th>
              <th scope="col">{t('helpdesk.field.state')}</th>
              <th scope="col">{t('helpdesk.col.received')}</th>
              {works && <th scope="col">{t('helpdesk.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <button
                    type="button"
                    className="btn btn-link btn-sm p-0"
                    aria-label={t('helpdesk.openTicket', { number: o.number, subject: o.subject })}
                    onClick={() => onOpen(o.id)}
                  >
                    {o.number}
                  </button>
                </th>
                <td>
                  {o.subject} <span className="text-muted">· {o.queueName}</span>
                </td>
                <td>{t(STATE_LABEL[o.state as keyof typeof STATE_LABEL])}</td>
                <td>{formatDateTime(o.receivedAt, lang)}</td>
                {works && (
                  <td>
                    {confirm === o.id ? (
                      <span className="d-inline-flex flex-wrap gap-1 align-items-center">
                        <span>{t('helpdesk.mergeConfirm', { number: o.number, into: x.number })}</span>
                        <button
                          type="button"
                          className="btn btn-primary btn-sm py-0"
                          disabled={change.isPending}
                          onClick={() => change.mutate({ kind: 'merge', other: o.id })}
                        >
                          {t('helpdesk.mergeYes')}
                        </button>
                        <button
                          type="button"
                          className="btn btn-outline-primary btn-sm py-0"
                          onClick={() => setConfirm(null)}
                        >
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <span className="d-inline-flex flex-wrap gap-1">
                        {!linked.has(o.id) && (
                          <button
                            type="button"
                            className="btn btn-outline-primary btn-sm py-0"
                            disabled={change.isPending}
                            aria-label={t('helpdesk.linkLabel', { number: o.number })}
                            onClick={() => change.mutate({ kind: 'link', other: o.id })}
                          >
                            {t('helpdesk.link')}
                          </button>
                        )}
                        {o.state !== 'closed' && (
                          <button
                            type="button"
                            className="btn btn-outline-primary btn-sm py-0"
                            aria-label={t('helpdesk.mergeLabel', { number: o.number })}
                            onClick={() => setConfirm(o.id)}
                          >
                            {t('helpdesk.merge')}
                          </button>
                        )}
                      </span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {servesPatients && x.fiscalCode && (
        <>
          <PatientContactHistory fiscalCode={x.fiscalCode} />
          <PatientBookings fiscalCode={x.fiscalCode} />
        </>
      )}
    </section>
  );
}

/** The patient's bookings, read when opened (each read audited by the server). */
function PatientBookings({ fiscalCode }: { fiscalCode: string }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const q = usePatientAppointments(open ? fiscalCode : null);
  const items = q.data?.items ?? [];
  return (
    <details className="mt-2" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('helpdesk.patientBookings')}</summary>
      {q.isPending && open && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={q.error} />
      {q.isSuccess && items.length === 0 && <p className="small mb-0">{t('helpdesk.noBookings')}</p>}
      {items.length > 0 && (
        <ul className="small mb-0" data-testid="patient-bookings">
          {items.map((a) => (
            <li key={a.id}>
              {formatDateTime(a.start, lang)} · {a.service.description} · {a.facility.name} · {a.code} ·{' '}
              {t(`status.${a.status}`)}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
