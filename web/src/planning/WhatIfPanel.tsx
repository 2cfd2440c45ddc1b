import { type FormEvent, useEffect, useId, useState } from 'react';
import { ErrorAlert, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { useWhatIf } from '../lib/queries.ts';
import { DecimalField } from './Field.tsx';
import {
  type FieldErrors,
  toWhatIfOptions,
  WHAT_IF_DEFAULTS,
  type WhatIfField,
  type WhatIfForm,
} from './forms.ts';
import {
  type EstimateKind,
  formatInterval,
  formatMean,
  formatNumber,
  formatShare,
  formatTarget,
} from './numbers.ts';
import type { Estimate, PlanBody, WhatIfReport } from './types.ts';

/** Seconds since `running` turned true, ticking once a second; 0 when not running. */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return running ? seconds : 0;
}

/**
 * The what-if (WF-1, MR-5): the shown plan simulated on the contact-centre engine, several runs, with 95%
 * intervals and the month's penalties. It takes seconds to tens of seconds: the button says so while busy.
 */
export function WhatIfPanel({ body, whatIf }: { body: PlanBody; whatIf: ReturnType<typeof useWhatIf> }) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [form, setForm] = useState<WhatIfForm>(WHAT_IF_DEFAULTS);
  const [errors, setErrors] = useState<FieldErrors<WhatIfField>>({});
  const elapsed = useElapsed(whatIf.isPending);
  const set = (field: WhatIfField) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (whatIf.isPending) return;
    const parsed = toWhatIfOptions(form, lang);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    whatIf.mutate(
      { ...body, ...parsed.value },
      {
        onSuccess: (r) =>
          announce(
            t('planning.whatIf.done', {
              level: formatMean(r.whatIf.total.serviceLevel, 'share', lang),
              penalty: formatMean(r.whatIf.penalties.share, 'share', lang),
            }),
          ),
      },
    );
  };

  const apiError = whatIf.error;
  const serverField = (f: string) => fieldError(apiError, f);
  const placed = ['replications', 'seed', 'serviceValueEuros'].some((f) => serverField(f));

  return (
    <section className="mt-5 what-if" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="h4 d-flex align-items-center gap-2">
        {t('planning.whatIf.title')}
        <span className="badge simulation-badge">{t('planning.whatIf.badge')}</span>
      </h3>
      <p>{t('planning.whatIf.intro')}</p>
      <form noValidate onSubmit={submit}>
        <div className="row g-3">
          <DecimalField
            id={`${id}-replications`}
            label={t('planning.whatIf.replications')}
            hint={t('planning.whatIf.replicationsHint')}
            value={form.replications}
            onChange={set('replications')}
            error={errors.replications}
            serverError={serverField('replications')}
            required
          />
          <DecimalField
            id={`${id}-seed`}
            label={t('planning.whatIf.seed')}
            hint={t('planning.whatIf.seedHint')}
            value={form.seed}
            onChange={set('seed')}
            error={errors.seed}
            serverError={serverField('seed')}
            required
          />
          <DecimalField
            id={`${id}-value`}
            label={t('planning.whatIf.serviceValue')}
            hint={t('planning.whatIf.serviceValueHint')}
            unit="€"
            value={form.serviceValue}
            onChange={set('serviceValue')}
            error={errors.serviceValue}
            serverError={serverField('serviceValueEuros')}
          />
        </div>
        <div className="mt-3 d-flex flex-wrap align-items-center gap-3">
          <button
            type="submit"
            className="btn btn-primary"
            aria-disabled={whatIf.isPending || undefined}
            aria-describedby={`${id}-busy`}
            data-testid="what-if-run"
          >
            {whatIf.isPending ? t('planning.whatIf.running') : t('planning.whatIf.run')}
          </button>
          <div id={`${id}-busy`} role="status" className="d-flex align-items-center gap-2">
            {whatIf.isPending && (
              <>
                <span className="progress-spinner progress-spinner-active size-sm" aria-hidden="true" />
                <span>{t('planning.whatIf.busy')}</span>
              </>
            )}
          </div>
          {whatIf.isPending && (
            // Outside the live region: a ticking counter is for the eyes, not read out each second.
            <span className="text-muted small" aria-hidden="true" data-testid="what-if-elapsed">
              {t('planning.whatIf.elapsed', { seconds: elapsed })}
            </span>
          )}
        </div>
      </form>
      {!placed && <ErrorAlert error={apiError} className="mt-3" />}
      <div aria-busy={whatIf.isPending} className="mt-3">
        {whatIf.data && !whatIf.isPending && <WhatIfResults report={whatIf.data.whatIf} />}
      </div>
    </section>
  );
}

function EstimateRow({ label, e, kind }: { label: string; e: Estimate; kind: EstimateKind }) {
  const { lang } = useI18n();
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="text-end">{formatMean(e, kind, lang)}</td>
      <td className="text-end text-nowrap">{formatInterval(e, kind, lang)}</td>
    </tr>
  );
}

export function WhatIfResults({ report }: { report: WhatIfReport }) {
  const { t, lang } = useI18n();
  const id = useId();
  const { total, penalties, line } = report;
  const euros = penalties.euros !== null;
  const seeds =
    report.seeds.length > 1
      ? `${report.seeds[0]}–${report.seeds[report.seeds.length - 1]}`
      : `${report.seeds[0]}`;
  return (
    <div data-testid="what-if-result">
      <div className="alert alert-warning simulation-note">
        <strong>{t('planning.whatIf.label')}</strong>{' '}
        {t('planning.whatIf.about', {
          replications: report.replications,
          seeds,
          seconds: formatNumber(report.wallSeconds, lang, 1),
        })}
      </div>

      <div className="table-responsive">
        <table className="table table-sm planning-table">
          <caption>{t('planning.whatIf.figuresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planning.whatIf.indicator')}</th>
              <th scope="col" className="text-end">
                {t('planning.whatIf.mean')}
              </th>
              <th scope="col" className="text-end">
                {t('planning.whatIf.interval')}
              </th>
            </tr>
          </thead>
          <tbody>
            <EstimateRow
              label={t('planning.whatIf.serviceLevel', { target: report.targetSeconds })}
              e={total.serviceLevel}
              kind="share"
            />
            <EstimateRow label={t('planning.whatIf.abandonment')} e={total.abandonment} kind="share" />
            <EstimateRow label={t('planning.whatIf.answered')} e={total.answeredShare} kind="share" />
            <EstimateRow
              label={t('planning.whatIf.asa')}
              e={total.averageSpeedOfAnswerSeconds}
              kind="seconds"
            />
            <EstimateRow label={t('planning.whatIf.offered')} e={total.offered} kind="number" />
          </tbody>
        </table>
      </div>

      <h4 className="h5 mt-4" id={`${id}-penalties`}>
        {t('planning.whatIf.penaltiesTitle')}
      </h4>
      <p className="small text-muted" lang="it">
        {penalties.source}
      </p>
      <div className="table-responsive">
        <table className="table table-sm planning-table" aria-labelledby={`${id}-penalties`}>
          <thead>
            <tr>
              <th scope="col">{t('planning.whatIf.rule')}</th>
              <th scope="col" className="text-end">
                {t('planning.whatIf.threshold')}
              </th>
              <th scope="col" className="text-end">
                {t('planning.whatIf.measured')}
              </th>
              <th scope="col" className="text-end">
                {t('planning.whatIf.points')}
              </th>
              <th scope="col" className="text-end">
                {t('planning.whatIf.penaltyShare')}
              </th>
              {euros && (
                <th scope="col" className="text-end">
                  {t('planning.whatIf.penaltyEuros')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {penalties.rules.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="fw-normal" lang="it">
                  {r.description}
                </th>
                <td className="text-end text-nowrap">
                  {r.comparison === 'at-most' ? '≤' : '≥'} {formatTarget(r.threshold, lang)}
                </td>
                <td className="text-end">
                  {formatMean(r.measured, 'share', lang)}
                  <div className="small text-muted text-nowrap">
                    {formatInterval(r.measured, 'share', lang)}
                  </div>
                </td>
                <td className="text-end">{formatMean(r.points, 'number', lang)}</td>
                <td className="text-end">
                  {formatMean(r.share, 'share', lang)}
                  <div className="small text-muted text-nowrap">{formatInterval(r.share, 'share', lang)}</div>
                </td>
                {euros && <td className="text-end">{r.euros ? formatMean(r.euros, 'euros', lang) : '—'}</td>}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="fw-semibold">
              <th scope="row">{t('planning.whatIf.penaltyTotal')}</th>
              <td />
              <td />
              <td />
              <td className="text-end" data-testid="penalty-total">
                {formatMean(penalties.share, 'share', lang)}
                <div className="small text-muted text-nowrap">
                  {formatInterval(penalties.share, 'share', lang)}
                </div>
              </td>
              {euros && (
                <td className="text-end">
                  {penalties.euros ? formatMean(penalties.euros, 'euros', lang) : '—'}
                </td>
              )}
            </tr>
          </tfoot>
        </table>
      </div>
      <p>
        {t('planning.whatIf.probabilityOfPenalty', {
          share: formatShare(penalties.probabilityOfPenalty, lang, 0),
          days: penalties.observedDays,
        })}
      </p>
      <p>
        {t('planning.whatIf.line', {
          number: line.number,
          channels: line.channels,
          busy: formatMean(line.busy, 'number', lang),
          peak: formatMean(line.peakChannelsInUse, 'number', lang),
          cc5: formatShare(line.cc5Triggered, lang, 0),
          suggested: line.suggestedChannels,
        })}
      </p>
    </div>
  );
}
