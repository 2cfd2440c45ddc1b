import { useId, useState } from 'react';
import { CampaignsSection } from '../campaigns/CampaignsSection.tsx';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatPercent, romeToday } from '../lib/format.ts';
import { type OutreachSummary, type ReofferSummary, useOutreachSummary, useReofferSummary } from './api.ts';

const STATUS_ROWS: [string, MessageKey][] = [
  ['delivered', 'messages.status.delivered'],
  ['submitted', 'messages.status.submitted'],
  ['pending', 'messages.status.pending'],
  ['failed', 'messages.status.failed'],
  ['suppressed', 'messages.status.suppressed'],
];

/**
 * Issue 11 §7, the CUP manager's view of outreach over a period: the reminders and how they went, what
 * patients answered, the freed places and how many were re-used through the re-offer (with its
 * deepest chain), and the attendance of the period's appointments as the facility desks marked it —
 * an appointment nobody marked is shown as unknown, never counted as a no-show.
 */
export function OutreachPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const today = romeToday();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const q = { from, to };
  const summary = useOutreachSummary(q);
  const reoffer = useReofferSummary(q);
  const s = summary.data;
  const r = reoffer.data;
  return (
    <Page title={t('outreach.title')}>
      {s?.label && (
        <div className="alert alert-warning" role="note">
          <em>{t('messages.simulated')}</em>
        </div>
      )}
      <div className="row g-3 align-items-end mb-3">
        {(
          [
            // A start after the end moves the end with it; an end before the start moves the start.
            [
              'from',
              from,
              (v: string) => {
                setFrom(v);
                if (to < v) setTo(v);
              },
            ],
            [
              'to',
              to,
              (v: string) => {
                setTo(v);
                if (v < from) setFrom(v);
              },
            ],
          ] as const
        ).map(([k, v, set]) => (
          <div className="col-6 col-md-3" key={k}>
            <label htmlFor={`${id}-${k}`} className="form-label fw-semibold">
              {t(k === 'from' ? 'outreach.from' : 'outreach.to')}
            </label>
            <input
              id={`${id}-${k}`}
              type="date"
              className="form-control"
              value={v}
              onChange={(e) => e.target.value && set(e.target.value)}
            />
          </div>
        ))}
      </div>
      <ErrorAlert error={summary.error ?? reoffer.error} />
      {(summary.isPending || reoffer.isPending) && <p role="status">{t('common.loading')}</p>}
      {s && (
        <p aria-live="polite">
          {t('outreach.period', {
            from: formatCalendarDate(s.from, lang),
            to: formatCalendarDate(s.to, lang),
          })}
        </p>
      )}
      <div className="row g-4">
        {s && <Reminders s={s} />}
        {s && <Answers s={s} />}
        {r && <Reoffer r={r} />}
        {s && <AttendanceTable s={s} lang={lang} />}
        <CampaignsSection />
      </div>
    </Page>
  );
}

function Figures({
  title,
  caption,
  rows,
  testId,
}: {
  title: string;
  caption: string;
  rows: [string, string | number][];
  testId: string;
}) {
  const id = useId();
  return (
    <section className="col-12 col-lg-6" aria-labelledby={id}>
      <h2 id={id} className="h4">
        {title}
      </h2>
      <table className="table table-sm" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row" className="fw-normal">
                {label}
              </th>
              <td className="text-end fw-semibold">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Reminders({ s }: { s: OutreachSummary }) {
  const { t } = useI18n();
  return (
    <Figures
      title={t('outreach.reminders')}
      caption={t('outreach.remindersCaption')}
      testId="outreach-reminders"
      rows={[
        [t('outreach.planned'), s.reminders.planned],
        ...STATUS_ROWS.map(([k, label]): [string, number] => [t(label), s.reminders.byStatus[k] ?? 0]),
      ]}
    />
  );
}

function Answers({ s }: { s: OutreachSummary }) {
  const { t } = useI18n();
  return (
    <Figures
      title={t('outreach.answers')}
      caption={t('outreach.answersCaption')}
      testId="outreach-answers"
      rows={[
        [t('messages.outcome.confirmed'), s.replies.confirmed],
        [t('messages.outcome.cancelled'), s.replies.cancelled],
        [t('messages.outcome.optedOut'), s.replies.optedOut],
        [t('messages.outcome.notUnderstood'), s.replies.notUnderstood],
        [t('outreach.otherAnswers'), s.replies.other],
      ]}
    />
  );
}

function Reoffer({ r }: { r: ReofferSummary }) {
  const { t } = useI18n();
  const o = (k: string) => r.offers[k] ?? 0;
  return (
    <Figures
      title={t('outreach.reoffer')}
      caption={t('outreach.reofferCaption')}
      testId="outreach-reoffer"
      rows={[
        [t('outreach.freed'), r.places.freed],
        [t('outreach.reused'), r.places.taken],
        [t('outreach.offering'), r.places.offering],
        [t('outreach.exhausted'), r.places.exhausted],
        [t('outreach.withdrawn'), r.places.withdrawn],
        [t('outreach.offers'), Object.values(r.offers).reduce((a, b) => a + b, 0)],
        [t('outreach.declined'), o('declined')],
        [t('outreach.expired'), o('expired')],
        [t('outreach.chain'), r.deepestChain],
      ]}
    />
  );
}

function AttendanceTable({ s, lang }: { s: OutreachSummary; lang: 'it' | 'en' }) {
  const { t } = useI18n();
  const a = s.attendance;
  return (
    <Figures
      title={t('outreach.attendance')}
      caption={t('outreach.attendanceCaption')}
      testId="outreach-attendance"
      rows={[
        [t('outreach.attended'), a.attended],
        [t('outreach.noShow'), a.noShow],
        [t('outreach.unmarked'), a.unmarked],
        [t('outreach.ahead'), a.ahead],
        [t('outreach.cancelled'), a.cancelled],
        [t('outreach.rate'), a.rate === null ? '—' : formatPercent(a.rate, lang)],
      ]}
    />
  );
}
