import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatPercent } from '../lib/format.ts';
import { useMe } from '../lib/queries.ts';
import { CAMPAIGNS_KEY, type Campaign, setCampaignStatus, useCampaigns } from './api.ts';
import { NewCampaignForm } from './NewCampaignForm.tsx';

/** Outcomes the server records by itself (campaigns.types' SYSTEM_DISPOSITIONS). */
const SYSTEM_OUTCOMES = [
  'no-answer',
  'unreachable',
  'delivered',
  'not-delivered',
  'confirmed',
  'cancelled',
  'no-choice',
  'rebooked',
  'not-booked',
  'moved',
  'too-late',
  'no-key',
];

/**
 * Issue 11 §7 and OB-5 on the Outreach page: every campaign with its indicators, live (refreshed every
 * 15 s) — positive share against the 50% goal, and each batch of 100 contacts against its 24 hours. The
 * CUP manager creates, pauses, resumes and closes them; others read.
 */
export function CampaignsSection() {
  const { t, lang } = useI18n();
  const id = useId();
  const me = useMe();
  const manager = !!me.data?.roles.some((r) => r === 'cup-manager' || r === 'admin');
  const campaigns = useCampaigns(false);
  const qc = useQueryClient();
  const status = useMutation({
    mutationFn: ({ c, to }: { c: Campaign; to: Campaign['status'] }) => setCampaignStatus(c.id, to),
    onSuccess: () => qc.invalidateQueries({ queryKey: CAMPAIGNS_KEY }),
  });
  const items = campaigns.data?.items ?? [];
  return (
    <section className="col-12" aria-labelledby={id} data-testid="outreach-campaigns">
      <h2 id={id} className="h4">
        {t('campaigns.title')}
      </h2>
      <ErrorAlert error={campaigns.error ?? status.error} />
      {campaigns.isPending && <p role="status">{t('common.loading')}</p>}
      {campaigns.data && items.length === 0 && <p>{t('campaigns.none')}</p>}
      {items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm align-middle">
            <caption>{t('campaigns.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.col.name')}</th>
                <th scope="col">{t('campaigns.col.channel')}</th>
                <th scope="col">{t('campaigns.col.status')}</th>
                <th scope="col" className="text-end">
                  {t('campaigns.col.contacts')}
                </th>
                <th scope="col" className="text-end">
                  {t('campaigns.col.done')}
                </th>
                <th scope="col">{t('campaigns.col.positive')}</th>
                <th scope="col">{t('campaigns.col.batches')}</th>
                {manager && <th scope="col">{t('campaigns.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="fw-semibold">
                    {c.name}
                    {c.kind !== 'standard' && (
                      <span className="badge text-bg-light ms-2">{t('campaigns.kind.standing')}</span>
                    )}
                  </th>
                  <td>
                    {t(`campaigns.channel.${c.channel}`)}
                    {c.mode && ` (${t(`campaigns.mode.${c.mode}`)})`}
                  </td>
                  <td>{t(`campaigns.status.${c.status}`)}</td>
                  <td className="text-end">{c.kpi.contacts}</td>
                  <td className="text-end">{c.kpi.done}</td>
                  <td>
                    {c.kpi.positiveShare === null ? (
                      '—'
                    ) : (
                      <>
                        {formatPercent(c.kpi.positiveShare, lang)}{' '}
                        <span
                          className={`badge ${c.kpi.positiveGoalMet ? 'text-bg-success' : 'text-bg-warning'}`}
                        >
                          {t(c.kpi.positiveGoalMet ? 'campaigns.goalMet' : 'campaigns.goalMissed')}
                        </span>
                      </>
                    )}
                  </td>
                  <td>{t('campaigns.batchesValue', { ok: c.kpi.batchesOnTime, late: c.kpi.batchesLate })}</td>
                  {manager && (
                    <td className="text-nowrap">
                      {c.status === 'active' && (
                        <StatusButton c={c} to="paused" busy={status.isPending} onClick={status.mutate} />
                      )}
                      {c.status === 'paused' && (
                        <StatusButton c={c} to="active" busy={status.isPending} onClick={status.mutate} />
                      )}
                      {c.kind === 'standard' && (
                        <StatusButton c={c} to="closed" busy={status.isPending} onClick={status.mutate} />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items
        .filter((c) => c.kpi.contacts > 0)
        .map((c) => (
          <details key={c.id} className="mb-2">
            <summary>{t('campaigns.batches', { name: c.name })}</summary>
            <Batches c={c} />
          </details>
        ))}
      {/* After the list, once it is there: drawn before, it would move down under the pointer. */}
      {manager && !campaigns.isPending && <NewCampaignForm />}
    </section>
  );
}

const STATUS_ACTIONS = {
  paused: { label: 'campaigns.pause', style: 'btn-outline-secondary' },
  active: { label: 'campaigns.resume', style: 'btn-outline-primary' },
  closed: { label: 'campaigns.close', style: 'btn-outline-danger' },
} as const;

function StatusButton({
  c,
  to,
  busy,
  onClick,
}: {
  c: Campaign;
  to: Campaign['status'];
  busy: boolean;
  onClick: (v: { c: Campaign; to: Campaign['status'] }) => void;
}) {
  const { t } = useI18n();
  const a = STATUS_ACTIONS[to];
  return (
    <button
      type="button"
      className={`btn btn-sm ${a.style} me-1`}
      disabled={busy}
      onClick={() => onClick({ c, to })}
      aria-label={`${t(a.label)}: ${c.name}`}
    >
      {t(a.label)}
    </button>
  );
}

function Batches({ c }: { c: Campaign }) {
  const { t, lang } = useI18n();
  const outcomes = Object.entries(c.kpi.byDisposition);
  const label = (code: string) =>
    c.dispositions.find((d) => d.code === code)?.label ??
    (SYSTEM_OUTCOMES.includes(code) ? t(`campaigns.outcome.${code}` as MessageKey) : code);
  const keyed = c.dispositions.filter((d) => d.key);
  return (
    <div className="row g-3 mt-1">
      {c.message && (
        <div className="col-12">
          <p className="mb-1">
            <strong>{t('campaigns.form.message')}:</strong> {c.message}
          </p>
          {keyed.length > 0 && (
            <p className="mb-0">
              <strong>{t('campaigns.keys')}:</strong>{' '}
              {keyed.map((d) => t('campaigns.keyOutcome', { key: d.key ?? '', label: d.label })).join(' · ')}
            </p>
          )}
        </div>
      )}
      <div className="col-12 col-lg-7">
        <table className="table table-sm">
          <caption className="visually-hidden">{t('campaigns.batches', { name: c.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaigns.batch.col')}</th>
              <th scope="col" className="text-end">
                {t('campaigns.col.contacts')}
              </th>
              <th scope="col" className="text-end">
                {t('campaigns.col.done')}
              </th>
              <th scope="col" className="text-end">
                {t('campaigns.col.positive')}
              </th>
              <th scope="col" className="text-end">
                {t('campaigns.batch.hours')}
              </th>
              <th scope="col">{t('campaigns.batch.timing')}</th>
            </tr>
          </thead>
          <tbody>
            {c.kpi.batches.map((b) => (
              <tr key={b.batch}>
                <th scope="row">{b.batch}</th>
                <td className="text-end">{b.contacts}</td>
                <td className="text-end">{b.done}</td>
                <td className="text-end">
                  {b.positiveShare === null ? '—' : formatPercent(b.positiveShare, lang)}
                </td>
                <td className="text-end">{b.hours ?? '—'}</td>
                <td>{t(`campaigns.timing.${b.timing}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {outcomes.length > 0 && (
        <div className="col-12 col-lg-5">
          <table className="table table-sm">
            <caption className="visually-hidden">{t('campaigns.outcomes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.outcomes')}</th>
                <th scope="col" className="text-end">
                  {t('campaigns.col.contacts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map(([code, n]) => (
                <tr key={code}>
                  <th scope="row" className="fw-normal">
                    {label(code)}
                  </th>
                  <td className="text-end">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
