import { useId, useState } from 'react';
import { CampaignsSection } from '../campaigns/CampaignsSection.tsx';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatPercent, romeToday } from '../lib/format.ts';
import { type OutreachSummary, type ReofferSummary, useOutreachSummary, useReofferSummary } from './api.ts';
import { SimulatedNotice } from './SimulatedNotice.tsx';

const STATUS_ROWS: [string, MessageKey][] = [
  ['delivered', 'messages.status.delivered'],
  ['submitted', 'messages.status.submitted'],
  ['pending', 'messages.status.pending'],
  ['held', 'messages.status.held'],
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
  const refreshing = summary.isPlaceholderData || reoffer.isPlaceholderData;
  return (
    <Page title={t('outreach.title')}>
      {/* Every section is drawn from the start too: nothing moves when the data comes. */}
      <SimulatedNotice pending={summary.isPending} simulated={!!s?.label} />
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
      <p aria-live="polite">
        {s
          ? t('outreach.period', {
              from: formatCalendarDate(s.from, lang),
              to: formatCalendarDate(s.to, lang),
            })
          : '\u00a0'}
      </p>
      <div className="row g-4" aria-busy={refreshing || undefined}>
        {/* Failed without figures: the error says so, no table waits for them. */}
        {!(summary.isError && !s) && (
          <>
            <Reminders s={s} />
            <Answers s={s} />
          </>
        )}
        {!(reoffer.isError && !r) && <Reoffer r={r} />}
        {!(summary.isError && !s) && <AttendanceTable s={s} lang={lang} />}
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
  /** Null values: not loaded yet (shown as an ellipsis, the table marked busy). */
  rows: [string, string | number | null][];
  testId: string;
}) {
  const id = useId();
  const pending = rows.some(([, v]) => v === null);
  return (
    <section className="col-12 col-lg-6" aria-labelledby={id}>
      <h2 id={id} className="h4">
        {title}
      </h2>
      <table className="table table-sm" data-testid={testId} aria-busy={pending || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row" className="fw-normal">
                {label}
              </th>
              <td className="text-end fw-semibold">{value ?? '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Reminders({ s }: { s: OutreachSummary | undefined }) {
  const { t } = useI18n();
  return (
    <Figures
      title={t('outreach.reminders')}
      caption={t('outreach.remindersCaption')}
      testId="outreach-reminders"
      rows={[
        [t('outreach.planned'), s ? s.reminders.planned : null],
        ...STATUS_ROWS.map(([k, label]): [string, number | null] => [
          t(label),
          s ? (s.reminders.byStatus[k] ?? 0) : null,
        ]),
        [t('outreach.viaAppIo'), s ? s.reminders.viaAppIo : null],
        [t('outreach.sparedByAppIo'), s ? s.reminders.sparedByAppIo : null],
      ]}
    />
  );
}

function Answers({ s }: { s: OutreachSummary | undefined }) {
  const { t } = useI18n();
  return (
    <Figures
      title={t('outreach.answers')}
      caption={t('outreach.answersCaption')}
      testId="outreach-answers"
      rows={[
        [t('messages.outcome.confirmed'), s?.replies.confirmed ?? null],
        [t('messages.outcome.cancelled'), s?.replies.cancelled ?? null],
        [t('messages.outcome.optedOut'), s?.replies.optedOut ?? null],
        [t('messages.outcome.notUnderstood'), s?.replies.notUnderstood ?? null],
        [t('outreach.otherAnswers'), s?.replies.other ?? null],
      ]}
    />
  );
}

function Reoffer({ r }: { r: ReofferSummary | undefined }) {
  const { t } = useI18n();
  const o = (k: string) => (r ? (r.offers[k] ?? 0) : null);
  return (
    <Figures
      title={t('outreach.reoffer')}
      caption={t('outreach.reofferCaption')}
      testId="outreach-reoffer"
      rows={[
        [t('outreach.freed'), r?.places.freed ?? null],
        [t('outreach.reused'), r?.places.taken ?? null],
        [t('outreach.offering'), r?.places.offering ?? null],
        [t('outreach.exhausted'), r?.places.exhausted ?? null],
        [t('outreach.withdrawn'), r?.places.withdrawn ?? null],
        [t('outreach.offers'), r ? Object.values(r.offers).reduce((a, b) => a + b, 0) : null],
        [t('outreach.declined'), o('declined')],
        [t('outreach.expired'), o('expired')],
        [t('outreach.chain'), r?.deepestChain ?? null],
      ]}
    />
  );
}

function AttendanceTable({ s, lang }: { s: OutreachSummary | undefined; lang: 'it' | 'en' }) {
  const { t } = useI18n();
  const a = s?.attendance;
  return (
    <Figures
      title={t('outreach.attendance')}
      caption={t('outreach.attendanceCaption')}
      testId="outreach-attendance"
      rows={[
        [t('outreach.attended'), a?.attended ?? null],
        [t('outreach.noShow'), a?.noShow ?? null],
        [t('outreach.unmarked'), a?.unmarked ?? null],
        [t('outreach.ahead'), a?.ahead ?? null],
        [t('outreach.cancelled'), a?.cancelled ?? null],
        [t('outreach.rate'), a ? (a.rate === null ? '—' : formatPercent(a.rate, lang)) : null],
      ]}
    />
  );
}
