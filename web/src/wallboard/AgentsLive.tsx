import { useEffect, useState } from 'react';
import { formatElapsed, pauseReasonLabel, STATE_LABELS } from '../contact-centre/labels.ts';
import type { LiveAgent } from '../contact-centre/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { agentRows } from './agents.ts';

/** A clock for times that tick on screen. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * Issue 14 §13: each agent on the line, live: state, time in it, the call in progress, the pause
 * reason; an agent who held a state too long (ringing unanswered, a long wrap-up or pause) comes
 * first and says so in words.
 */
export function AgentsLive({ agents }: { agents: LiveAgent[] }) {
  const { t } = useI18n();
  const rows = agentRows(agents, useNow(1000));
  return (
    <table className="table table-sm wb-table" data-testid="wb-agent-list">
      <caption>{t('wallboard.agentList.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('wallboard.agentList.agent')}</th>
          <th scope="col">{t('wallboard.agents.state')}</th>
          <th scope="col">{t('wallboard.agentList.since')}</th>
          <th scope="col">{t('wallboard.agentList.call')}</th>
          <th scope="col">{t('wallboard.agentList.reason')}</th>
          <th scope="col">{t('wallboard.agentList.look')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={6}>{t('wallboard.agentList.none')}</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.id} data-agent={r.id} className={r.look ? 'wb-row-busy' : undefined}>
              <th scope="row">
                {r.name} <span className="small text-muted">· {r.code}</span>
                {r.simulated && (
                  <span className="small text-muted"> ({t('wallboard.agentList.simulated')})</span>
                )}
              </th>
              <td>{t(STATE_LABELS[r.state])}</td>
              <td className="cc-timer">{formatElapsed(r.secondsInState)}</td>
              <td className="small">
                {r.callId ? t('wallboard.agentList.onCall', { id: r.callId.slice(-6) }) : '—'}
              </td>
              <td className="small">{r.reason ? pauseReasonLabel(t, r.reason) : '—'}</td>
              <td className="small">
                {r.look ? <strong>{t(`wallboard.agentList.look.${r.state as 'offered'}`)}</strong> : '—'}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
