import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ChatNotice } from '../chat/ChatNotice.tsx';
import { useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { OwedCallbacks } from '../helpdesk/OwedCallbacks.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { localDeadline } from '../lib/countdown.ts';
import { useInvalidateBookings, usePatient, usePrescription } from '../lib/queries.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import type { Appointment, AvailableSlot, Patient, Prescription, PrescriptionItem } from '../lib/types.ts';
import { AppointmentsSection } from './AppointmentsSection.tsx';
import { AvailabilityPanel, type SlotSearch } from './AvailabilityPanel.tsx';
import { BookingOutcome } from './BookingOutcome.tsx';
import { ContactCentreSlot } from './ContactCentreSlot.tsx';
import { type HeldSlot, HoldPanel } from './HoldPanel.tsx';
import { MoveConfirm } from './MoveConfirm.tsx';
import { PatientSection } from './PatientSection.tsx';
import { isOtherPatients, PrescriptionSection } from './PrescriptionSection.tsx';
import { ShortcutLegend } from './ShortcutLegend.tsx';

type Outcome = { kind: 'booked' | 'moved'; appointment: Appointment };

/** Focus after React has rendered and painted what the focus goes to. */
/**
 * Focus once React has painted, unless the operator has moved on meanwhile (clicked or tabbed elsewhere):
 * a late focus must not pull them back from what they are doing.
 */
const focusSoon = (f: () => void) => {
  const from = document.activeElement;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const now = document.activeElement;
      if (now === from || now === null || now === document.body) f();
    }),
  );
};

/**
 * The operator console, booking part: patient → prescription → first availability → hold → confirm,
 * and the patient's appointments (cancel, move). Everything is reachable from the keyboard; the
 * shortcuts are in the legend and next to what they do.
 */
export function ConsolePage() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const invalidate = useInvalidateBookings();

  const [fiscalCode, setFiscalCode] = useState<string | null>(null);
  const [nre, setNre] = useState<string | null>(null);
  const [search, setSearch] = useState<SlotSearch | null>(null);
  const [focusToken, setFocusToken] = useState(0);
  const [held, setHeld] = useState<HeldSlot | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // Shared with the sections through the query cache: one request each.
  const patientQuery = usePatient(fiscalCode);
  const patient = patientQuery.data ?? null;
  const prescription = usePrescription(nre).data ?? null;
  // Someone else's prescription: nothing is booked on it until the operator confirms the patient.
  const otherPatients = isOtherPatients(prescription, fiscalCode);

  const cfInput = useRef<HTMLInputElement>(null);
  const nreInput = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLDivElement>(null);
  const appointmentsHeading = useRef<HTMLHeadingElement>(null);

  // The console opens where a call starts: the fiscal code.
  useEffect(() => cfInput.current?.focus(), []);

  const lookFor = useCallback((next: SlotSearch) => {
    setSearch(next);
    setHeld(null);
    setOutcome(null);
    setFocusToken((n) => n + 1);
  }, []);

  const newCall = useCallback(
    (o?: { focusInBar: boolean }) => {
      if (held) void api.releaseHold(held.hold.id).catch(() => {});
      setFiscalCode(null);
      setNre(null);
      setSearch(null);
      setHeld(null);
      setOutcome(null);
      qc.removeQueries({ queryKey: ['patient'] });
      qc.removeQueries({ queryKey: ['prescription'] });
      // Answered from the phone bar, the focus stays there (on Hang up); else back to the fiscal code.
      if (!o?.focusInBar) focusSoon(() => cfInput.current?.focus());
      announce(t('console.newCallReady'));
    },
    [held, qc, announce, t],
  );

  const onPatientFound = useCallback((p: Patient) => {
    setFiscalCode(p.fiscalCode);
    // The next step is the prescription.
    focusSoon(() => nreInput.current?.focus());
  }, []);

  // The patient being served, for the server's check that the prescription is theirs (a ref, so that
  // choosing an item does not depend on re-rendering with the new fiscal code).
  const servedRef = useRef(fiscalCode);
  servedRef.current = fiscalCode;
  const bookItem = useCallback(
    (p: Prescription, item: PrescriptionItem) =>
      lookFor({
        kind: 'book',
        nre: p.nre,
        fiscalCode: servedRef.current ?? p.fiscalCode,
        itemIndex: item.index,
        service: { code: item.service.code, description: item.service.description },
        priority: p.priority,
        followUp: p.access === 'follow_up',
      }),
    [lookFor],
  );

  const onPrescriptionLoaded = useCallback(
    (p: Prescription) => {
      // Starting from the NRE is fine: the prescription names its patient.
      if (!fiscalCode) setFiscalCode(p.fiscalCode);
      const mismatch = isOtherPatients(p, fiscalCode);
      const firstOpen = p.items.find((i) => i.state === 'open');
      if (firstOpen && !mismatch) bookItem(p, firstOpen);
      else {
        setSearch(null);
        setHeld(null);
        setOutcome(null);
      }
    },
    [fiscalCode, bookItem],
  );

  const onConfirmPatient = useCallback(
    (p: Prescription, name: string) => {
      setFiscalCode(p.fiscalCode);
      announce(t('prescription.patientConfirmed', { name }));
      const firstOpen = p.items.find((i) => i.state === 'open');
      if (firstOpen) bookItem(p, firstOpen);
    },
    [announce, t, bookItem],
  );

  // Serving another patient than the prescription's (a new fiscal code searched) stops any booking on it.
  useEffect(() => {
    if (!otherPatients) return;
    if (held) void api.releaseHold(held.hold.id).catch(() => {});
    setHeld(null);
    setSearch((s) => (s?.kind === 'book' ? null : s));
  }, [otherPatients, held]);

  const hold = useMutation({
    mutationFn: async (slot: AvailableSlot) => ({
      slot,
      ...(await api.placeHold(
        slot.slotId,
        search?.kind === 'book'
          ? { nre: search.nre, itemIndex: search.itemIndex }
          : { nre: '', itemIndex: 0 },
      )),
    }),
    onSuccess: ({ slot, hold: h, serverDate }) => {
      if (search?.kind !== 'book') return;
      const deadline = localDeadline(h.expiresAt, serverDate, Date.now());
      setHeld({
        hold: h,
        slot,
        deadline,
        total: Math.max(1, Math.round((deadline - Date.now()) / 1000)),
        nre: search.nre,
        fiscalCode: search.fiscalCode,
        itemIndex: search.itemIndex,
        service: search.service,
        followUp: search.followUp === true,
      });
    },
    // A slot taken in the meantime: the list is stale, so fetch it again.
    onError: () => void qc.invalidateQueries({ queryKey: ['availability'] }),
  });

  // A slot picked for a move waits for the operator's yes (issue 14 §4).
  const [pendingMove, setPendingMove] = useState<AvailableSlot | null>(null);
  const move = useMutation({
    mutationFn: (slot: AvailableSlot) =>
      search?.kind === 'move'
        ? api.move(search.appointmentId, slot.slotId)
        : Promise.reject(new Error('nothing to move')),
    onSuccess: async (a) => {
      await invalidate();
      setPendingMove(null);
      setSearch(null);
      setOutcome({ kind: 'moved', appointment: a });
    },
    onError: () => void qc.invalidateQueries({ queryKey: ['availability'] }),
  });

  const onBooked = useCallback(
    async (a: Appointment) => {
      setHeld(null);
      setSearch(null);
      setOutcome({ kind: 'booked', appointment: a });
      await invalidate();
    },
    [invalidate],
  );

  const nextOpenItem = (() => {
    if (!prescription || outcome?.kind !== 'booked') return null;
    return (
      prescription.items.find((i) => i.state === 'open' && i.index !== outcome.appointment.itemIndex) ?? null
    );
  })();

  useShortcuts({
    patient: () => {
      cfInput.current?.focus();
      cfInput.current?.select();
    },
    prescription: () => {
      nreInput.current?.focus();
      nreInput.current?.select();
    },
    availability: () => {
      const first = results.current?.querySelector<HTMLButtonElement>('button[data-slot]');
      (first ?? results.current)?.focus();
    },
    appointments: () => appointmentsHeading.current?.focus(),
    newCall,
  });

  const pickError = hold.error;

  return (
    <Page
      title={t('console.title')}
      actions={
        <>
          {/* CC-10: citizens' chats waiting, and the operator's own, beside the phone. */}
          <ChatNotice />
          <ShortcutLegend />
        </>
      }
      focusHeading={false}
    >
      {/* The phone line: agent state bar, the call on offer or in conversation, its outcome. */}
      <ContactCentreSlot
        onCaller={setFiscalCode}
        onNewCall={newCall}
        servedPatient={
          patient
            ? { fiscalCode: patient.fiscalCode, name: `${patient.givenName} ${patient.familyName}` }
            : null
        }
      />

      {/* HD-2: outcomes owed by phone to citizens without e-mail. */}
      <OwedCallbacks />

      <div className="row g-4">
        <div className="col-lg-5 col-xl-4">
          <PatientSection
            fiscalCode={fiscalCode}
            onSearch={(cf) => {
              if (cf !== fiscalCode) setOutcome(null);
              setFiscalCode(cf);
            }}
            onFound={onPatientFound}
            inputRef={cfInput}
          />
          <PrescriptionSection
            nre={nre}
            servedFiscalCode={fiscalCode}
            servedRegistered={patientQuery.isPending || !!patient}
            selectedItem={search?.kind === 'book' ? search.itemIndex : null}
            onSearch={setNre}
            onLoaded={onPrescriptionLoaded}
            onSelectItem={bookItem}
            onConfirmPatient={onConfirmPatient}
            inputRef={nreInput}
          />
        </div>
        <div className="col-lg-7 col-xl-8">
          {outcome ? (
            <BookingOutcome
              appointment={outcome.appointment}
              kind={outcome.kind}
              patient={patient}
              onNextItem={
                prescription && nextOpenItem ? () => bookItem(prescription, nextOpenItem) : undefined
              }
              onNewCall={newCall}
            />
          ) : held ? (
            <HoldPanel
              held={held}
              onBooked={onBooked}
              onReleased={() => {
                setHeld(null);
                void qc.invalidateQueries({ queryKey: ['availability'] });
                setFocusToken((n) => n + 1);
              }}
            />
          ) : search?.kind === 'move' && pendingMove ? (
            <MoveConfirm
              code={search.code}
              service={search.service.description}
              fiscalCode={patient?.fiscalCode ?? fiscalCode ?? ''}
              appointmentId={search.appointmentId}
              {...(search.followUp ? { followUpOf: search.service.code } : {})}
              slot={pendingMove}
              pending={move.isPending}
              error={move.error}
              onConfirm={() => move.mutate(pendingMove)}
              onBack={() => {
                move.reset();
                setPendingMove(null);
                setFocusToken((n) => n + 1);
              }}
            />
          ) : search ? (
            <AvailabilityPanel
              key={
                search.kind === 'book' ? `b-${search.nre}-${search.itemIndex}` : `m-${search.appointmentId}`
              }
              search={search}
              focusToken={focusToken}
              near={patient?.residenceCode ?? null}
              onPick={(slot) => (search.kind === 'book' ? hold.mutate(slot) : setPendingMove(slot))}
              picking={hold.isPending || move.isPending}
              pickError={pickError}
              resultsRef={results}
            />
          ) : (
            <section className="console-section console-empty" aria-label={t('console.stepsLabel')}>
              <h2 className="h4">{t('console.stepsTitle')}</h2>
              <ol className="mb-0">
                <li>{t('console.step1')}</li>
                <li>{t('console.step2')}</li>
                <li>{t('console.step3')}</li>
                <li>{t('console.step4')}</li>
              </ol>
            </section>
          )}
        </div>
        {patient && (
          <div className="col-12">
            <AppointmentsSection
              fiscalCode={patient.fiscalCode}
              headingRef={appointmentsHeading}
              onMove={(a) => {
                hold.reset();
                move.reset();
                setPendingMove(null);
                lookFor({
                  kind: 'move',
                  appointmentId: a.id,
                  code: a.code,
                  service: a.service,
                  priority: a.priority,
                  followUp: a.access === 'follow_up',
                });
              }}
            />
          </div>
        )}
      </div>
    </Page>
  );
}
