import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatTime } from '../lib/format.ts';
import { formatPhone } from '../lib/phone.ts';
import { formatElapsed, requestTypeLabel } from './labels.ts';
import type { CallCard as Card } from './types.ts';

/**
 * The call on offer or in conversation (CC-2, CC-9): line, the caller's IVR path and request type, queue,
 * time waited, the operator code announced to the caller, and the registry patients matching the
 * caller's number (the lookup is audited on the server), each one a button that opens them in the console.
 */
export function CallCard({ call, onPatient }: { call: Card; onPatient: (fiscalCode: string) => void }) {
  const { t, lang } = useI18n();
  const waited = call.waitedSeconds ?? (call.waitedMs === null ? null : call.waitedMs / 1000);
  return (
    <section className="cc-card" aria-labelledby={`call-${call.callId}`} data-testid="call-card">
      <h2 id={`call-${call.callId}`} className="h5 mb-2">
        {call.kind === 'callback' ? t('cc.card.callback') : t('cc.card.title')}
        {call.finished && <span className="badge bg-secondary ms-2">{t('cc.card.ended')}</span>}
      </h2>
      <dl className="cc-card-facts mb-2">
        <div>
          <dt>{t('cc.card.caller')}</dt>
          <dd data-testid="caller-number">{formatPhone(call.callerId)}</dd>
        </div>
        <div>
          <dt>{t('cc.card.line')}</dt>
          <dd>{formatPhone(call.line)}</dd>
        </div>
        <div>
          <dt>{t('cc.card.request')}</dt>
          <dd data-testid="request-type">{requestTypeLabel(t, call.requestType)}</dd>
        </div>
        <div>
          <dt>{t('cc.card.queue')}</dt>
          <dd>{call.queueName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('cc.card.ivr')}</dt>
          <dd>
            {call.ivr.length === 0
              ? '—'
              : call.ivr
                  .map((s) => {
                    // In the flow's words (issue 10 §6); a wrong key or silence said as such.
                    const menu = s.menuLabel ?? s.menu;
                    if (s.result === 'timeout') return `${menu}: ${t('cc.card.ivrTimeout')}`;
                    if (s.choiceLabel) return `${menu}: ${s.choiceLabel}`;
                    return `${menu}: ${t('cc.card.ivrKey', { key: s.digits ?? '' })}`;
                  })
                  .join(' → ')}
          </dd>
        </div>
        <div>
          <dt>{t('cc.card.waited')}</dt>
          <dd data-testid="time-waited">{waited === null ? '—' : formatElapsed(waited)}</dd>
        </div>
        <div>
          <dt>{t('cc.card.announced')}</dt>
          <dd data-testid="announced-code">{call.operatorCode ?? t('cc.card.notYet')}</dd>
        </div>
        {call.answeredAt !== null && (
          <div>
            <dt>{t('cc.card.answeredAt')}</dt>
            <dd>{formatTime(new Date(call.answeredAt), lang)}</dd>
          </div>
        )}
      </dl>
      <h3 className="h6 mb-1">{t('cc.card.patients')}</h3>
      {call.patients.length === 0 ? (
        <p className="small mb-0">{t('cc.card.noPatient')}</p>
      ) : (
        <ul className="list-unstyled mb-0 d-flex flex-wrap gap-2">
          {call.patients.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                onClick={() => onPatient(p.fiscalCode)}
              >
                {t('cc.card.openPatient', {
                  name: `${p.givenName} ${p.familyName}`,
                  born: formatCalendarDate(p.birthDate, lang),
                })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
