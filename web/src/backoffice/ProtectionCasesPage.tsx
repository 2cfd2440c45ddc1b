import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { AvailabilityPanel } from '../console/AvailabilityPanel.tsx';
import { type HeldSlot, HoldPanel } from '../console/HoldPanel.tsx';
import { PRIORITY_LABEL } from '../console/PrescriptionSection.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { localDeadline } from '../lib/countdown.ts';
import { formatDateTime, formatLongDate } from '../lib/format.ts';
import { useInvalidateBookings, useMe, useProtectionCases } from '../lib/queries.ts';
import type { Appointment, AvailableSlot, ProtectionCase } from '../lib/types.ts';

const STATES: ProtectionCase['state'][] = ['open', 'resolved', 'closed'];
const focusSoon = (f: () => void) => requestAnimationFrame(() => requestAnimationFrame(f));
/** The back office always gets whose a case is; the type allows its absence for other roles. */
const nameOf = (c: ProtectionCase) => (c.patient ? `${c.patient.givenName} ${c.patient.familyName}` : '');
const fiscalCodeOf = (c: ProtectionCase) => c.patient?.fiscalCode ?? '';

/**
 * BK-4, the back office's side of the protection path (percorso di tutela): the cases operators opened
 * when nothing was inside the guarantee. Take one, then book its prescription item (any slot, the
 * guarantee is the region's to keep) and resolve the case with that booking, or close it with a reason.
 */
export function ProtectionCasesPage() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const me = useMe().data;
  const id = useId();
  const [state, setState] = useState<ProtectionCase['state']>('open');
  const [working, setWorking] = useState<string | null>(null);
  const [done, setDone] = useState<ProtectionCase | null>(null);
  const cases = useProtectionCases(state);
  const items = cases.data?.items ?? [];
  const current = items.find((c) => c.id === working) ?? null;
  const workHeading = useRef<HTMLHeadingElement>(null);

  const take = useMutation({
    mutationFn: (c: ProtectionCase) => api.takeProtectionCase(c.id),
    onSuccess: (c) => {
      qc.setQueryData<{ items: ProtectionCase[] }>(['protection-cases', 'open'], (old) =>
        old ? { items: old.items.map((x) => (x.id === c.id ? c : x)) } : old,
      );
      setWorking(c.id);
      setDone(null);
      announce(t('cases.taken', { name: nameOf(c) }));
      // To the case's heading — unless its slots came first and the first one has the focus already.
      focusSoon(() => {
        const heading = workHeading.current;
        if (heading && !heading.parentElement?.contains(document.activeElement)) heading.focus();
      });
    },
    onError: () => void cases.refetch(),
  });

  const onEnded = (c: ProtectionCase) => {
    setWorking(null);
    setDone(c);
    void qc.invalidateQueries({ queryKey: ['protection-cases'] });
    announce(
      c.state === 'resolved' ? t('cases.resolved', { code: c.appointment?.code ?? '' }) : t('cases.closed'),
    );
  };

  return (
    <Page title={t('cases.title')}>
      <p>{t('cases.intro')}</p>
      <div className="d-flex align-items-end gap-2 mb-3">
        <div>
          <label htmlFor={`${id}-state`} className="form-label small fw-semibold mb-0">
            {t('cases.show')}
          </label>
          <select
            id={`${id}-state`}
            className="form-select form-select-sm"
            value={state}
            onChange={(e) => {
              setState(e.target.value as ProtectionCase['state']);
              setWorking(null);
            }}
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.state.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {done && (
        <div className="alert alert-success" data-testid="case-done">
          {done.state === 'resolved'
            ? t('cases.resolved', { code: done.appointment?.code ?? '' })
            : t('cases.closed')}
        </div>
      )}
      <ErrorAlert error={cases.error} />
      <ErrorAlert
        error={take.error}
        messages={{ CONFLICT: 'cases.takenByOther', INVALID_STATE: 'cases.notOpen' }}
      />

      {cases.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="alert alert-info">{t(`cases.none.${state}`)}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="cases">
            <caption className="visually-hidden">{t('cases.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.openedAt')}</th>
                <th scope="col">{t('cases.patient')}</th>
                <th scope="col">{t('cases.service')}</th>
                <th scope="col">{t('cases.guarantee')}</th>
                <th scope="col">{t('cases.firstAvailable')}</th>
                <th scope="col">{state === 'open' ? t('cases.takenBy') : t('cases.outcome')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const name = nameOf(c);
                const mine = c.takenBy?.id === me?.id;
                return (
                  <tr key={c.id} data-case={c.id} className={c.id === working ? 'table-active' : ''}>
                    <td className="text-nowrap small">{formatDateTime(c.openedAt, lang)}</td>
                    <td>
                      <span className="fw-semibold">{name}</span>
                      <div className="small font-monospace">{fiscalCodeOf(c)}</div>
                    </td>
                    <td>
                      {c.serviceDescription}{' '}
                      <span className={`badge priority-badge priority-${c.priority}`}>{c.priority}</span>
                      <div className="small">
                        {t('cases.prescription', { nre: c.nre ?? '', item: c.itemIndex })} ·{' '}
                        {t(PRIORITY_LABEL[c.priority])}
                      </div>
                    </td>
                    <td className="small">{formatLongDate(c.guaranteeDeadline, lang)}</td>
                    <td className="small">
                      {c.firstAvailableAt ? formatDateTime(c.firstAvailableAt, lang) : t('cases.noSlot')}
                    </td>
                    <td className="small">
                      {c.state === 'open'
                        ? c.takenBy
                          ? mine
                            ? t('cases.byMe')
                            : c.takenBy.name
                          : t('cases.nobody')
                        : c.state === 'resolved'
                          ? t('cases.resolvedWith', { code: c.appointment?.code ?? '' })
                          : t('cases.closedBecause', { reason: c.resolutionReason ?? '' })}
                    </td>
                    <td className="text-end">
                      {c.state === 'open' && (!c.takenBy || mine) && (
                        <button
                          type="button"
                          className="btn btn-sm btn-primary text-nowrap"
                          disabled={take.isPending}
                          onClick={() => (mine ? setWorking(c.id) : take.mutate(c))}
                        >
                          {mine ? t('cases.work') : t('cases.take')}
                          <span className="visually-hidden">: {name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {current && (
        <CaseWork key={current.id} protectionCase={current} headingRef={workHeading} onEnded={onEnded} />
      )}
    </Page>
  );
}

function CaseWork({
  protectionCase: c,
  headingRef,
  onEnded,
}: {
  protectionCase: ProtectionCase;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onEnded: (c: ProtectionCase) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const invalidate = useInvalidateBookings();
  const [held, setHeld] = useState<HeldSlot | null>(null);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [reason, setReason] = useState('');
  const [focusToken, setFocusToken] = useState(0);
  const results = useRef<HTMLDivElement>(null);
  const name = nameOf(c);
  // What is booked, for whom: the case's prescription item, for the prescription's own patient.
  const item = {
    nre: c.nre ?? '',
    fiscalCode: fiscalCodeOf(c),
    itemIndex: c.itemIndex,
    service: { code: c.serviceCode, description: c.serviceDescription },
  };
  const search = { kind: 'book' as const, ...item, priority: c.priority };

  const hold = useMutation({
    mutationFn: async (slot: AvailableSlot) => ({
      slot,
      ...(await api.placeHold(slot.slotId, { nre: item.nre, itemIndex: item.itemIndex })),
    }),
    onSuccess: ({ slot, hold: h, serverDate }) => {
      const deadline = localDeadline(h.expiresAt, serverDate, Date.now());
      setHeld({
        hold: h,
        slot,
        deadline,
        total: Math.max(1, Math.round((deadline - Date.now()) / 1000)),
        ...item,
      });
    },
  });
  const resolve = useMutation({
    mutationFn: (outcome: { appointmentId: string } | { reason: string }) =>
      api.resolveProtectionCase(c.id, outcome),
    onSuccess: onEnded,
  });

  // A booking made: the case is resolved with it (again on a retry, if resolving failed).
  useEffect(() => {
    if (booked && resolve.isIdle) resolve.mutate({ appointmentId: booked.id });
  }, [booked, resolve]);

  const close = (e: FormEvent) => {
    e.preventDefault();
    resolve.mutate({ reason: reason.trim() });
  };
  const reasonError = fieldError(resolve.error, 'reason');

  return (
    <section aria-labelledby={`${id}-title`} className="console-section mt-4" data-testid="case-work">
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="h4">
        {t('cases.workTitle', { name, service: c.serviceDescription })}
      </h2>
      <p className="small">
        {t('cases.workIntro', { nre: c.nre ?? '', item: c.itemIndex, cf: fiscalCodeOf(c) })}
      </p>
      <div className="row g-4">
        <div className="col-xl-8">
          {booked ? (
            <div className="alert alert-info">
              <p className="mb-2">{t('cases.bookedResolving', { code: booked.code })}</p>
              <ErrorAlert error={resolve.error} className="mb-2" />
              {resolve.isError && (
                <button
                  type="button"
                  className="btn btn-sm btn-primary"
                  onClick={() => resolve.mutate({ appointmentId: booked.id })}
                >
                  {t('cases.resolveAgain', { code: booked.code })}
                </button>
              )}
            </div>
          ) : held ? (
            <HoldPanel
              held={held}
              onBooked={async (a) => {
                setHeld(null);
                setBooked(a);
                await invalidate();
              }}
              onReleased={() => {
                setHeld(null);
                setFocusToken((n) => n + 1);
              }}
            />
          ) : (
            <AvailabilityPanel
              search={search}
              focusToken={focusToken}
              onPick={(slot) => hold.mutate(slot)}
              picking={hold.isPending}
              pickError={hold.error}
              resultsRef={results}
              offerProtection={false}
            />
          )}
        </div>
        <div className="col-xl-4">
          <form onSubmit={close} className="console-section" noValidate>
            <h3 className="h5">{t('cases.closeTitle')}</h3>
            <label htmlFor={`${id}-reason`} className="form-label fw-semibold">
              {t('cases.reason')}
            </label>
            <textarea
              id={`${id}-reason`}
              className={`form-control ${reasonError ? 'is-invalid' : ''}`}
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={`${id}-reason-hint${reasonError ? ` ${id}-reason-error` : ''}`}
            />
            <div id={`${id}-reason-hint`} className="form-text">
              {t('cases.reasonHint')}
            </div>
            <FieldError id={`${id}-reason-error`} error={reasonError} />
            <button
              type="submit"
              className="btn btn-outline-primary mt-2"
              disabled={resolve.isPending || !reason.trim() || !!booked}
            >
              {t('cases.close')}
            </button>
            {!booked && !reasonError && (
              <ErrorAlert
                error={resolve.error}
                className="mt-2 mb-0"
                messages={{ CONFLICT: 'cases.takenByOther', INVALID_STATE: 'cases.notOpen' }}
              />
            )}
          </form>
        </div>
      </div>
    </section>
  );
}
