import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { formatPhone } from '../lib/phone.ts';
import {
  dialContact,
  giveBack,
  type HeldContact,
  recordOutcome,
  takeNext,
  useCampaignWork,
  WORK_KEY,
  type CampaignWork as Work,
} from './api.ts';

const RESULTS = new Set([
  'no-answer',
  'busy',
  'unreachable',
  'hung-up',
  'cancelled',
  'answered',
  'interrupted',
]);

/**
 * OB-5 in the console: the campaigns the agent can work and, once a contact is taken, its card — who,
 * why (the booking), the script to read, the call through the line (preview: the agent calls;
 * progressive: it is already ringing) and the closed list of outcomes. `lineVersion` changes whenever the
 * agent's line state does, so the call's state is read again at once.
 */
export function CampaignWork({
  lineVersion,
  onPatient,
}: {
  lineVersion: number;
  onPatient?: (fiscalCode: string) => void;
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const work = useCampaignWork(true);
  useEffect(() => {
    if (lineVersion) void qc.invalidateQueries({ queryKey: WORK_KEY });
  }, [lineVersion, qc]);
  const set = (w: Work) => {
    void qc.cancelQueries({ queryKey: WORK_KEY });
    qc.setQueryData(WORK_KEY, w);
  };
  const take = useMutation({ mutationFn: takeNext, onSuccess: set });
  const data = work.data;
  if (!data) return null;
  if (data.contact) return <ContactCard contact={data.contact} onDone={set} onPatient={onPatient} />;
  if (data.campaigns.length === 0) return null;
  const last = data.lastAttempt;
  return (
    <section className="console-section mb-3" aria-labelledby="cmp-work" data-testid="campaign-work">
      <h2 id="cmp-work" className="h5">
        {t('campaigns.work.title')}
      </h2>
      {last && (
        <p className="small mb-2" role="status">
          {t('campaigns.work.last', {
            name: last.name,
            result: t(
              `campaigns.result.${RESULTS.has(last.result ?? '') ? last.result : 'pending'}` as MessageKey,
            ),
          })}
        </p>
      )}
      <ul className="list-unstyled mb-2">
        {data.campaigns.map((c) => (
          <li key={c.id} className="d-flex flex-wrap align-items-center gap-2 mb-2">
            <span className="fw-semibold">{c.name}</span>
            <span className="badge text-bg-light">{t(`campaigns.mode.${c.mode ?? 'preview'}`)}</span>
            <span className="small">
              {c.open
                ? t('campaigns.work.due', { n: c.due })
                : t('campaigns.work.closedHours', { from: c.hours.from, to: c.hours.to })}
            </span>
            <button
              type="button"
              className="btn btn-sm btn-primary ms-auto"
              disabled={!c.open || c.due === 0 || take.isPending}
              onClick={() => take.mutate(c.id)}
            >
              {t('campaigns.work.takeOf', { name: c.name })}
            </button>
          </li>
        ))}
      </ul>
      <p className="small text-body-secondary mb-0">{t('campaigns.work.pauseHint')}</p>
      <ErrorAlert error={take.error} />
    </section>
  );
}

function ContactCard({
  contact: c,
  onDone,
  onPatient,
}: {
  contact: HeldContact;
  onDone: (w: Work) => void;
  onPatient?: ((fiscalCode: string) => void) | undefined;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const dial = useMutation({ mutationFn: dialContact, onSuccess: onDone });
  const back = useMutation({ mutationFn: giveBack, onSuccess: onDone });
  const save = useMutation({
    mutationFn: () => recordOutcome(code, note),
    onSuccess: (w) => {
      announce(t('campaigns.work.recorded'));
      onDone(w);
    },
  });
  const state = c.call.state;
  const onLine = state === 'ringing' || state === 'talking';
  useEffect(() => {
    if (state === 'talking') announce(t('campaigns.call.talking'));
  }, [state, announce, t]);
  const busy = dial.isPending || back.isPending || save.isPending;
  return (
    <section className="console-section mb-3" aria-labelledby={`${id}-h`} data-testid="campaign-contact">
      <h2 id={`${id}-h`} className="h5">
        {t('campaigns.work.contact', { name: c.campaignName })}
      </h2>
      <div className="d-flex flex-wrap gap-3 align-items-baseline mb-2">
        <span className="fs-5 fw-semibold">{c.name}</span>
        {c.phone && <span className="font-monospace">{formatPhone(c.phone)}</span>}
        <span className="small">{t('campaigns.work.attempts', { n: c.attempts, max: c.maxAttempts })}</span>
        <span className="badge text-bg-secondary" role="status" data-testid="campaign-call-state">
          {t('campaigns.work.callState', { state: t(`campaigns.call.${state}`) })}
        </span>
      </div>
      {c.note && <p className="small mb-2">{c.note}</p>}
      {c.appointment && (
        <p className="mb-2">
          <span className="fw-semibold">{t('campaigns.work.appointment')}: </span>
          {c.appointment.service}, {formatDateTime(c.appointment.start, lang)}, {c.appointment.facility} (
          <span className="font-monospace">{c.appointment.code}</span>)
        </p>
      )}
      {c.script && (
        <figure className="border-start border-4 ps-3 mb-3">
          <figcaption className="small fw-semibold">{t('campaigns.work.script')}</figcaption>
          <blockquote className="mb-0">{c.script}</blockquote>
        </figure>
      )}
      <div className="d-flex flex-wrap gap-2 mb-3">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || onLine || !c.phone}
          onClick={() => dial.mutate()}
        >
          {t('campaigns.work.call')}
        </button>
        {c.fiscalCode && onPatient && (
          <button type="button" className="btn btn-outline-primary" onClick={() => onPatient(c.fiscalCode!)}>
            {t('campaigns.work.openPatient')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-outline-secondary"
          disabled={busy || onLine}
          onClick={() => back.mutate()}
        >
          {t('campaigns.work.giveBack')}
        </button>
      </div>
      <ErrorAlert error={dial.error ?? back.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (code) save.mutate();
        }}
      >
        <fieldset disabled={busy || state === 'ringing'}>
          <legend className="h6">{t('campaigns.work.outcome')}</legend>
          {c.dispositions.map((d) => (
            <div className="form-check" key={d.code}>
              <input
                className="form-check-input"
                type="radio"
                name={`${id}-outcome`}
                id={`${id}-${d.code}`}
                value={d.code}
                checked={code === d.code}
                onChange={() => setCode(d.code)}
              />
              <label className="form-check-label" htmlFor={`${id}-${d.code}`}>
                {d.label}
              </label>
            </div>
          ))}
          <label htmlFor={`${id}-note`} className="form-label mt-2">
            {t('campaigns.work.note')}
          </label>
          <textarea
            id={`${id}-note`}
            className="form-control mb-2"
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="btn btn-success" disabled={!code}>
            {t('campaigns.work.record')}
          </button>
        </fieldset>
        <ErrorAlert error={save.error} />
      </form>
    </section>
  );
}
