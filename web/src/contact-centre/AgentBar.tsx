import { useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { SHORTCUTS, submitOnEnter } from '../lib/shortcuts.ts';
import { formatElapsed, pauseReasonLabel, STATE_LABELS, SYSTEM_PAUSE_REASONS } from './labels.ts';
import type { AgentConsole, ConsoleAction } from './types.ts';

/** Seconds in the current state, ticking: the server's count when it answered plus the time since. */
export function useSecondsInState(agent: AgentConsole | null, receivedAt: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  const base = agent?.secondsInState ?? null;
  useEffect(() => {
    if (base === null) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [base]);
  return base === null ? null : base + Math.max(0, (now - receivedAt) / 1000);
}

/**
 * Keeps the keyboard focus in the bar when the focused control goes away because the state changed
 * (Answer becomes Hang up, Hang up becomes Ready, Ready disappears; or the engine changed the state by
 * itself): the focus moves to the new state's primary control, else to the state itself. Only when the
 * focus was in the bar and is now nowhere (on the body): a focus the user moved elsewhere is left alone.
 */
function useFocusKept(bar: React.RefObject<HTMLDivElement | null>, state: string, busy: boolean) {
  const inBar = useRef(false);
  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const onFocusIn = (e: FocusEvent) => {
      inBar.current = el.contains(e.target as Node);
    };
    const onPointerDown = (e: PointerEvent) => {
      if (!el.contains(e.target as Node)) inBar.current = false;
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [bar]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the state or the busy flag changes
  useEffect(() => {
    const el = bar.current;
    if (!el || !inBar.current) return;
    const active = document.activeElement;
    // A control the user is on stays focused; the state itself only holds the focus until a control comes.
    const parked = active instanceof HTMLElement && active.hasAttribute('data-bar-state');
    if (
      active &&
      active !== document.body &&
      el.contains(active) &&
      !parked &&
      !(active as HTMLButtonElement).disabled
    )
      return;
    if (active && active !== document.body && !el.contains(active)) return;
    const target =
      el.querySelector<HTMLElement>('[data-bar-primary]:not([disabled])') ??
      el.querySelector<HTMLElement>('[data-bar-state]');
    target?.focus();
  }, [state, busy]);
}

/**
 * CC-9: the agent's state, always in view, with the time in state and the actions the state allows:
 * log in, ready, pause with a reason, answer, hang up, transfer to a queue (the back office included),
 * end of wrap-up, log out.
 */
export function AgentBar({
  agent,
  receivedAt,
  act,
  login,
  busy,
  error,
}: {
  agent: AgentConsole;
  receivedAt: number;
  act: (action: ConsoleAction) => void;
  login: () => void;
  busy: boolean;
  error: unknown;
}) {
  const { t } = useI18n();
  const id = useId();
  const seconds = useSecondsInState(agent, receivedAt);
  const reasons = agent.pauseReasons.filter((r) => !SYSTEM_PAUSE_REASONS.has(r));
  const [reason, setReason] = useState(reasons[0] ?? '');
  const [queueId, setQueueId] = useState(agent.transferQueues.find((q) => q.id === 'back-office')?.id ?? '');
  const state = agent.state;
  const bar = useRef<HTMLDivElement>(null);
  useFocusKept(bar, state, busy);

  return (
    <div className="cc-bar" data-state={state} ref={bar}>
      <div className="cc-bar-state" data-bar-state tabIndex={-1}>
        {agent.label && (
          <>
            <span className="badge cc-sim-badge">{t('cc.simulation')}</span>{' '}
          </>
        )}
        <span>{t('cc.stateLabel')}</span>{' '}
        <strong data-testid="agent-state" className="cc-state-name">
          {t(STATE_LABELS[state])}
        </strong>
        {agent.reason && state === 'paused' && <span> ({pauseReasonLabel(t, agent.reason)})</span>}
        {seconds !== null && (
          <span className="ms-2">
            <span className="visually-hidden">{t('cc.timeInState')} </span>
            <span data-testid="time-in-state" className="cc-timer">
              {formatElapsed(seconds)}
            </span>
          </span>
        )}
        {state === 'wrap-up' && agent.wrapUpSecondsLeft !== null && seconds !== null && (
          <span className="ms-2 small" data-testid="wrap-up-left">
            {t('cc.wrapUpEndsIn', {
              // A countdown rounds up: it says 0:00 only when the time is up.
              time: formatElapsed(
                Math.ceil(
                  Math.max(0, agent.wrapUpSecondsLeft - (seconds - (agent.secondsInState ?? seconds))),
                ),
              ),
            })}
          </span>
        )}
        {agent.code && <span className="ms-3 small">{t('cc.myCode', { code: agent.code })}</span>}
      </div>

      <div className="cc-bar-actions d-flex flex-wrap align-items-center gap-2">
        {state === 'logged-out' && (
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={login}
            disabled={busy}
            data-bar-primary
          >
            {t('cc.login')}
          </button>
        )}
        {(state === 'paused' || state === 'wrap-up') && (
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => act({ type: 'ready' })}
            disabled={busy}
            data-bar-primary
          >
            {state === 'wrap-up' ? t('cc.endWrapUp') : t('cc.ready')} <Kbd keys={SHORTCUTS.line} />
          </button>
        )}
        {state === 'offered' && (
          <button
            type="button"
            className="btn btn-success btn-sm"
            onClick={() => act({ type: 'answer' })}
            disabled={busy}
            data-bar-primary
          >
            {t('cc.answer')} <Kbd keys={SHORTCUTS.line} />
          </button>
        )}
        {state === 'on-call' && (
          <>
            <button
              type="button"
              className="btn btn-danger btn-sm"
              onClick={() => act({ type: 'hang-up' })}
              disabled={busy}
              data-bar-primary
            >
              {t('cc.hangUp')} <Kbd keys={SHORTCUTS.hangUp} />
            </button>
            <form
              className="d-flex align-items-center gap-1"
              onSubmit={(e) => {
                e.preventDefault();
                if (queueId) act({ type: 'transfer', queueId });
              }}
            >
              <div className="cc-inline-field">
                <label htmlFor={`${id}-queue`} className="form-label small mb-0">
                  {t('cc.transferTo')}
                </label>
                <select
                  id={`${id}-queue`}
                  className="form-select form-select-sm"
                  value={queueId}
                  onChange={(e) => setQueueId(e.target.value)}
                  onKeyDown={submitOnEnter}
                >
                  <option value="">{t('cc.chooseQueue')}</option>
                  {agent.transferQueues.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="btn btn-outline-primary btn-sm" disabled={busy || !queueId}>
                {t('cc.transfer')}
              </button>
            </form>
          </>
        )}
        {(state === 'ready' || state === 'paused' || state === 'wrap-up') && (
          <form
            className="d-flex align-items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (reason) act({ type: 'pause', reason });
            }}
          >
            <div className="cc-inline-field">
              <label htmlFor={`${id}-reason`} className="form-label small mb-0">
                {t('cc.pauseReason')}
              </label>
              <select
                id={`${id}-reason`}
                className="form-select form-select-sm"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                onKeyDown={submitOnEnter}
              >
                {reasons.map((r) => (
                  <option key={r} value={r}>
                    {pauseReasonLabel(t, r)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn btn-outline-primary btn-sm" disabled={busy || !reason}>
              {state === 'paused' ? t('cc.changePause') : t('cc.pause')}
            </button>
          </form>
        )}
        {state !== 'logged-out' && state !== 'on-call' && state !== 'offered' && (
          <button
            type="button"
            className="btn btn-outline-secondary btn-sm"
            onClick={() => act({ type: 'logout' })}
            disabled={busy}
          >
            {t('cc.logout')}
          </button>
        )}
      </div>
      {error ? <ErrorAlert error={error} className="mt-2 mb-0" /> : null}
    </div>
  );
}
