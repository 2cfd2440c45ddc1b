import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CampaignWork } from '../campaigns/CampaignWork.tsx';
import { useAnnounce } from '../components/feedback.tsx';
import { AgentBar } from '../contact-centre/AgentBar.tsx';
import { CallCard } from '../contact-centre/CallCard.tsx';
import { ContactHistory } from '../contact-centre/ContactHistory.tsx';
import { pauseReasonLabel, STATE_LABELS } from '../contact-centre/labels.ts';
import { OutcomeForm } from '../contact-centre/OutcomeForm.tsx';
import { TrainingCall } from '../contact-centre/TrainingCall.tsx';
import type { AgentConsole, ConsoleAction } from '../contact-centre/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { newIdempotencyKey } from '../lib/ids.ts';
import { useMe } from '../lib/queries.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useStickyHeight } from '../lib/sticky.ts';
import { AGENT_KEY, useAgentLine } from './agent-line.ts';

export interface ContactCentreSlotProps {
  /** Called with a fiscal code when the operator opens one of the patients matching the caller. */
  onCaller?: (fiscalCode: string) => void;
  /**
   * Called when a new call is answered: the console starts afresh for this caller. `focusInBar` says the
   * operator answered from the bar, where the focus stays (on Hang up).
   */
  onNewCall?: (o: { focusInBar: boolean }) => void;
  /** The patient open in the console: the call's outcome names them, for their contact history. */
  servedPatient?: { fiscalCode: string; name: string } | null;
}

/** States in which the operator handles a call: the practice call's form gives way to it. */
const HANDLING: ReadonlySet<string> = new Set(['offered', 'on-call', 'wrap-up']);

const LOGOFF_REASONS = ['app-logout', 'session-ended', 'stream-lost'] as const;
const isLogoffReason = (r: string | null): r is (typeof LOGOFF_REASONS)[number] =>
  (LOGOFF_REASONS as readonly (string | null)[]).includes(r);

/**
 * The contact centre in the console: the agent state bar (CC-9), the card of the call on offer or in
 * conversation with its controls (CC-2: the operator code the caller heard), the outcome of the call and
 * the caller's earlier contacts. The agent's own view comes from GET agent; the WebSocket stream says
 * when it changed, so it is refetched then (and every few seconds while the stream is down).
 */
export function ContactCentreSlot({ onCaller, onNewCall, servedPatient = null }: ContactCentreSlotProps) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const me = useMe();
  const { agent, centreOff } = useAgentLine();

  // The state this console's own last action led to: any other change is the engine's own doing.
  const ownState = useRef<string | null>(null);
  // An action's answer is the newest view: a refetch still in flight must not overwrite it.
  const setAgent = (a: AgentConsole) => {
    void qc.cancelQueries({ queryKey: AGENT_KEY });
    ownState.current = a.state;
    qc.setQueryData(AGENT_KEY, a);
  };
  const login = useMutation({ mutationFn: api.ccLogin, onSuccess: setAgent });
  const [outcomeFor, setOutcomeFor] = useState<string | null>(null);
  const [openedTicket, setOpenedTicket] = useState<{ number: string; queueName: string } | null>(null);
  // Issue 10 §6: each action gets an id; a retry of the same action on the same call after a failure
  // keeps it, so the server replays it instead of taking it twice (an outcome recorded twice).
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const act = useMutation({
    mutationFn: (action: ConsoleAction) => {
      const key = JSON.stringify([action, agent.data?.call?.callId ?? null]);
      const id = attempt.current?.key === key ? attempt.current.id : newIdempotencyKey();
      attempt.current = { key, id };
      return api.ccAct(action, id);
    },
    onSuccess: (a, action) => {
      attempt.current = null;
      setAgent(a);
      if (action.type === 'outcome') {
        setOutcomeFor(a.call?.callId ?? null);
        setOpenedTicket(a.openedTicket ?? null);
      }
    },
  });

  const data = agent.data ?? null;
  const state = data?.state ?? 'logged-out';
  const slot = useRef<HTMLElement>(null);
  useStickyHeight(slot, data !== undefined && state !== 'logged-out');
  // A call arriving while the operator had scrolled down (the practice call's form, the patient's
  // sections) comes into view below the bar (the page's scroll padding keeps it clear of the bar); the
  // focus, if it was in the practice call's form that the call replaces, goes to the bar, where the call
  // is answered — not to the page's start, from where the next key would scroll away.
  const card = useRef<HTMLDivElement>(null);
  const offeredCallId = data?.call?.callId ?? null;
  useEffect(() => {
    if (!offeredCallId) return;
    card.current?.scrollIntoView?.({ block: 'nearest' });
    if (document.activeElement === document.body)
      slot.current?.querySelector<HTMLElement>('[data-bar-state]')?.focus({ preventScroll: true });
  }, [offeredCallId]);
  // A campaign's call has its own card (CampaignWork): its outcome is the campaign's, not a request type.
  const call = data?.call && data.call.kind !== 'campaign' ? data.call : null;

  // A new call on offer is announced to screen readers and headset users who look elsewhere.
  const offeredCall = state === 'offered' ? call?.callId : null;
  useEffect(() => {
    if (offeredCall) announce(t('cc.incoming'));
  }, [offeredCall, announce, t]);

  // State changes the engine makes by itself (an offer timed out, the wrap-up over, the caller hung up)
  // are read out politely: the operator may be looking elsewhere. A new offer has its own announcement.
  const lastState = useRef<string | null>(null);
  const reason = data?.reason ?? null;
  useEffect(() => {
    const before = lastState.current;
    lastState.current = data ? state : null;
    if (!data || before === null || before === state) return;
    const own = ownState.current === state;
    ownState.current = null;
    if (own || state === 'offered') return;
    if (before === 'offered' && state === 'paused') {
      announce(t('cc.engine.offerTimedOut', { reason: reason ? pauseReasonLabel(t, reason) : '' }));
    } else if (before === 'wrap-up' && state === 'ready') announce(t('cc.engine.wrapUpOver'));
    else if (before === 'on-call' && state === 'wrap-up') announce(t('cc.engine.callEnded'));
    else announce(t('cc.engine.state', { state: t(STATE_LABELS[state]) }));
  }, [data, state, reason, announce, t]);

  // On answering, the console starts afresh, and a caller whose number matches exactly one patient is
  // opened in it at once.
  const answeredCall = state === 'on-call' ? call : null;
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!answeredCall || opened.current === answeredCall.callId) return;
    opened.current = answeredCall.callId;
    onNewCall?.({ focusInBar: !!document.activeElement?.closest('.cc-slot') });
    const only = answeredCall.patients.length === 1 ? answeredCall.patients[0] : undefined;
    if (only) onCaller?.(only.fiscalCode);
  }, [answeredCall, onCaller, onNewCall]);

  const busy = login.isPending || act.isPending;
  useShortcuts({
    line: () => {
      if (busy) return;
      if (state === 'offered') act.mutate({ type: 'answer' });
      else if (state === 'paused' || state === 'wrap-up') act.mutate({ type: 'ready' });
      else if (state === 'logged-out') login.mutate();
    },
    hangUp: () => {
      if (!busy && state === 'on-call') act.mutate({ type: 'hang-up' });
    },
  });

  if (agent.isPending) {
    // The bar's place is kept while the line's state loads: the console below does not move when it comes.
    return (
      <section className="cc-slot mb-3" aria-label={t('cc.region')} aria-busy="true">
        <div className="cc-bar">
          <div className="cc-bar-state" role="status">
            {t('common.loading')}
          </div>
          <div className="cc-bar-actions d-flex">
            <span className="btn btn-sm invisible" aria-hidden="true">
              {'\u00a0'}
            </span>
          </div>
        </div>
      </section>
    );
  }
  if (agent.isError && !data) {
    // The server runs without a contact centre (CONTACT_CENTRE=off): the console books all the same.
    if (centreOff) {
      return (
        <p className="small text-body-secondary" role="status">
          {t('cc.off')}
        </p>
      );
    }
    return null;
  }
  if (!data) return null;

  // The outcome can be recorded in the conversation, in the wrap-up, and after the wrap-up ended by
  // itself (the engine's timer) until it is recorded: a half-typed note is never taken away.
  // An outcome recorded before (in another session of this operator, before a new login) is never
  // offered again: one outcome per call (issue 14 §5).
  const recordedElsewhere = call !== null && call.outcomeAt !== null && outcomeFor !== call.callId;
  const pendingOutcome =
    call !== null &&
    call.answeredAt !== null &&
    outcomeFor !== call.callId &&
    !recordedElsewhere &&
    (state === 'ready' || state === 'paused');
  const showOutcome =
    call !== null &&
    call.answeredAt !== null &&
    !recordedElsewhere &&
    (state === 'on-call' || state === 'wrap-up' || pendingOutcome);
  const outcomeError = act.variables?.type === 'outcome' ? act.error : null;
  const canSimulate = me.data?.roles.some((r) => r === 'operator' || r === 'trainer') ?? false;
  return (
    <>
      {/* On the line, the state and the controls stay in view while the operator scrolls the console. */}
      <section
        ref={slot}
        className={`cc-slot mb-3${state === 'logged-out' ? '' : ' cc-slot-sticky'}`}
        aria-label={t('cc.region')}
      >
        <AgentBar
          agent={data}
          receivedAt={agent.dataUpdatedAt}
          act={(a: ConsoleAction) => act.mutate(a)}
          login={() => login.mutate()}
          busy={busy}
          error={login.error ?? (act.error && act.variables?.type !== 'outcome' ? act.error : null)}
        />
        {/* Issue 8 §17: why the line was left without the operator asking, or that it will be. */}
        {data.logoffPending && (
          <p className="alert alert-warning small mt-2 mb-0" role="status" data-testid="cc-logoff">
            {t('cc.logoff.pending', { why: t(`cc.logoff.${data.logoffPending}`) })}
          </p>
        )}
        {state === 'logged-out' && isLogoffReason(data.reason) && (
          <p className="alert alert-info small mt-2 mb-0" data-testid="cc-logoff">
            {t('cc.logoff.done', { why: t(`cc.logoff.${data.reason}`) })}
          </p>
        )}
      </section>
      {/* Training and demos: an operator sends themself a call (simulazione only), out of the way of a call. */}
      {data.label && canSimulate && !HANDLING.has(state) && <TrainingCall />}
      {call && (state === 'offered' || state === 'on-call' || state === 'wrap-up' || pendingOutcome) && (
        <div className="cc-call mb-4" ref={card}>
          <CallCard call={call} onPatient={(cf) => onCaller?.(cf)} />
          {recordedElsewhere && call.answeredAt !== null && (
            <p className="small text-success-emphasis mb-2" role="status" data-testid="outcome-recorded">
              {t('cc.outcome.recordedBefore')}
            </p>
          )}
          {showOutcome && (
            <OutcomeForm
              key={call.callId}
              requestType={call.requestType}
              patientName={servedPatient?.name ?? null}
              onSubmit={(o) => act.mutate(servedPatient ? { ...o, fiscalCode: servedPatient.fiscalCode } : o)}
              busy={busy}
              error={outcomeError}
              saved={outcomeFor === call.callId && !outcomeError && !act.isPending}
              openedTicket={outcomeFor === call.callId ? openedTicket : null}
            />
          )}
          {state !== 'offered' && <ContactHistory key={call.callerId} number={call.callerId} />}
        </div>
      )}
      {state !== 'logged-out' && <CampaignWork lineVersion={agent.dataUpdatedAt} onPatient={onCaller} />}
    </>
  );
}
