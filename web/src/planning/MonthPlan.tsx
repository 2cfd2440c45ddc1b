import { type FormEvent, lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { type Translate, useI18n } from '../i18n/i18n.tsx';
import { ApiError } from '../lib/api.ts';
import { type Lang, romeToday } from '../lib/format.ts';
import { usePlan, useWhatIf } from '../lib/queries.ts';
import { DecimalField, SelectField } from './Field.tsx';
import {
  type FieldErrors,
  type PlanField,
  type PlanForm,
  planDefaults,
  type StaffingMode,
  toPlanBody,
} from './forms.ts';
import { formatDay, formatNumber, formatSeconds, formatShare, formatTarget } from './numbers.ts';
import { RosterField } from './RosterField.tsx';
import { openDays, peakDay } from './series.ts';
import type { IntervalMinutes, Plan, PlanBody, QueueModel, Scenario, Staffing } from './types.ts';
import { WhatIfPanel } from './WhatIfPanel.tsx';

const PlanCharts = lazy(() => import('./PlanCharts.tsx'));

/** WF-1 for a month: forecast → agents per interval → FTE → channels (CC-5), then its what-if. */
export function MonthPlan() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [form, setForm] = useState<PlanForm>(() => planDefaults(romeToday()));
  const [errors, setErrors] = useState<FieldErrors<PlanField>>({});
  const [body, setBody] = useState<PlanBody | null>(null);
  const plan = usePlan(body);
  const whatIf = useWhatIf();
  const set = (field: PlanField) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const resultRef = useRef<HTMLDivElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (plan.isFetching) return;
    const parsed = toPlanBody(form, lang);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    // A what-if belongs to the plan it simulated: a new plan clears it.
    if (JSON.stringify(parsed.value) !== JSON.stringify(body)) whatIf.reset();
    setBody(parsed.value);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: read out each new plan once
  useEffect(() => {
    const p = plan.data;
    // The new plan's first figures come into view; the focus stays on "Calcola il piano".
    if (p) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
    if (p)
      announce(
        p.staffing
          ? t('planning.plan.announceStaffed', {
              fte: formatNumber(p.totals.fte, lang, 1),
              needed: formatNumber(p.totals.required.fte, lang, 1),
              below: p.totals.intervalsBelowTarget,
              channels: p.channels.cc5.channelsAfterRule,
            })
          : t('planning.plan.announce', {
              fte: formatNumber(p.totals.fte, lang, 1),
              peak: p.totals.peakAgents,
              channels: p.channels.cc5.channelsAfterRule,
            }),
      );
  }, [plan.data]);

  const apiError = plan.error;
  const monthInvalid = !!(errors.month || fieldError(apiError, 'month'));
  // The server names a roster's band and field (staffing.roster.2.to): all of them belong to the file input.
  const rosterError =
    apiError instanceof ApiError && apiError.field?.startsWith('staffing.roster') ? apiError : null;
  const placed =
    !!rosterError ||
    (
      [
        'month',
        'serviceLevel',
        'targetSeconds',
        'maxAbandonment',
        'shrinkage',
        'staffing.scale',
        'staffing.maxAgents',
      ] as const
    ).some((f) => fieldError(apiError, f));

  return (
    <section className="mb-5" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h3">
        {t('planning.plan.title')}
      </h2>
      <p>{t('planning.plan.intro')}</p>
      <form noValidate onSubmit={submit}>
        <div className="row g-3">
          <SelectField<Scenario>
            id={`${id}-scenario`}
            label={t('planning.plan.scenario')}
            value={form.scenario}
            onChange={(scenario) => setForm((f) => ({ ...f, scenario }))}
            options={[
              { value: 'cup-2013', label: t('planning.scenario.cup-2013') },
              { value: 'regional-2013', label: t('planning.scenario.regional-2013') },
            ]}
          />
          <div className="col-sm-6 col-lg-4">
            <label htmlFor={`${id}-month`} className="form-label fw-semibold">
              {t('planning.plan.month')}
            </label>
            <input
              id={`${id}-month`}
              type="month"
              className={`form-control${monthInvalid ? ' is-invalid' : ''}`}
              value={form.month}
              onChange={(e) => setForm((f) => ({ ...f, month: e.target.value }))}
              aria-invalid={monthInvalid || undefined}
              aria-describedby={`${id}-month-hint${monthInvalid ? ` ${id}-month-error` : ''}`}
              required
            />
            <div id={`${id}-month-hint`} className="form-text">
              {t('planning.plan.monthHint')}
            </div>
            {errors.month ? (
              <div id={`${id}-month-error`} className="invalid-feedback d-block" role="alert">
                {t(errors.month)}
              </div>
            ) : (
              <FieldError id={`${id}-month-error`} error={fieldError(apiError, 'month')} />
            )}
          </div>
          <SelectField<IntervalMinutes>
            id={`${id}-interval`}
            label={t('planning.plan.interval')}
            value={form.intervalMinutes}
            onChange={(intervalMinutes) => setForm((f) => ({ ...f, intervalMinutes }))}
            options={([15, 30, 60] as const).map((m) => ({
              value: m,
              label: t('planning.plan.minutes', { m }),
            }))}
          />
          <SelectField<QueueModel>
            id={`${id}-model`}
            label={t('planning.plan.model')}
            value={form.model}
            onChange={(model) => setForm((f) => ({ ...f, model }))}
            options={[
              { value: 'c', label: t('planning.model.c') },
              { value: 'a', label: t('planning.model.a') },
            ]}
          />
          <DecimalField
            id={`${id}-serviceLevel`}
            label={t('planning.plan.serviceLevel')}
            unit="%"
            value={form.serviceLevel}
            onChange={set('serviceLevel')}
            error={errors.serviceLevel}
            serverError={fieldError(apiError, 'serviceLevel')}
            required
          />
          <DecimalField
            id={`${id}-target`}
            label={t('planning.plan.targetSeconds')}
            unit="s"
            value={form.targetSeconds}
            onChange={set('targetSeconds')}
            error={errors.targetSeconds}
            serverError={fieldError(apiError, 'targetSeconds')}
            required
          />
          {form.model === 'a' && (
            <DecimalField
              id={`${id}-maxAbandonment`}
              label={t('planning.plan.maxAbandonment')}
              unit="%"
              value={form.maxAbandonment}
              onChange={set('maxAbandonment')}
              error={errors.maxAbandonment}
              serverError={fieldError(apiError, 'maxAbandonment')}
              required
            />
          )}
          <DecimalField
            id={`${id}-shrinkage`}
            label={t('planning.plan.shrinkage')}
            hint={t('planning.plan.shrinkageHint')}
            unit="%"
            value={form.shrinkage}
            onChange={set('shrinkage')}
            error={errors.shrinkage}
            serverError={fieldError(apiError, 'shrinkage')}
            required
          />
        </div>
        <fieldset className="mt-3" aria-describedby={`${id}-staffing-hint`}>
          <legend className="h6 mb-2">{t('planning.staffing.legend')}</legend>
          <p id={`${id}-staffing-hint`} className="form-text mt-0">
            {t('planning.staffing.hint')}
          </p>
          <div className="row g-3">
            <SelectField<StaffingMode>
              id={`${id}-staffing`}
              label={t('planning.staffing.mode')}
              value={form.staffing}
              onChange={(staffing) => setForm((f) => ({ ...f, staffing }))}
              options={[
                { value: 'required', label: t('planning.staffing.required') },
                { value: 'scale', label: t('planning.staffing.scale') },
                { value: 'cap', label: t('planning.staffing.cap') },
                { value: 'roster', label: t('planning.staffing.roster') },
              ]}
            />
            {form.staffing === 'scale' && (
              <DecimalField
                id={`${id}-staffingPercent`}
                label={t('planning.staffing.percent')}
                hint={t('planning.staffing.percentHint')}
                unit="%"
                value={form.staffingPercent}
                onChange={set('staffingPercent')}
                error={errors.staffingPercent}
                serverError={fieldError(apiError, 'staffing.scale')}
                required
              />
            )}
            {form.staffing === 'cap' && (
              <DecimalField
                id={`${id}-maxAgents`}
                label={t('planning.staffing.maxAgents')}
                hint={t('planning.staffing.maxAgentsHint')}
                value={form.maxAgents}
                onChange={set('maxAgents')}
                error={errors.maxAgents}
                serverError={fieldError(apiError, 'staffing.maxAgents')}
                required
              />
            )}
            {form.staffing === 'roster' && (
              <RosterField
                id={`${id}-roster`}
                value={form.roster}
                onChange={(roster) => setForm((f) => ({ ...f, roster }))}
                error={errors.roster}
                serverError={rosterError}
              />
            )}
          </div>
        </fieldset>
        <div className="mt-3">
          {/* Never disabled while computing: a disabled button drops the focus to the page (issue 14 §6). */}
          <button type="submit" className="btn btn-primary" aria-disabled={plan.isFetching || undefined}>
            {plan.isFetching ? t('planning.plan.computing') : t('planning.plan.compute')}
          </button>
        </div>
      </form>
      {!placed && <ErrorAlert error={apiError} className="mt-3" />}
      {plan.isFetching && !plan.data && (
        <p role="status" className="mt-3">
          {t('planning.plan.computing')}
        </p>
      )}
      <div ref={resultRef}>
        {plan.data && body && <PlanResult plan={plan.data} body={body} whatIf={whatIf} />}
      </div>
    </section>
  );
}

/** What the staffing rule plans, in words. */
export function describeStaffing(staffing: Staffing | null, t: Translate, lang: Lang): string {
  if (!staffing) return t('planning.staffing.describeRequired');
  if ('scale' in staffing)
    return t('planning.staffing.describeScale', { share: formatTarget(staffing.scale, lang) });
  if ('maxAgents' in staffing) return t('planning.staffing.describeCap', { count: staffing.maxAgents });
  return t('planning.staffing.describeRoster', { bands: staffing.roster.length });
}

function PlanResult({
  plan,
  body,
  whatIf,
}: {
  plan: Plan;
  body: PlanBody;
  whatIf: ReturnType<typeof useWhatIf>;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const days = openDays(plan);
  const [chosen, setChosen] = useState<string | null>(null);
  const peak = peakDay(plan);
  const date = chosen && days.some((d) => d.date === chosen) ? chosen : peak;
  const { totals, channels } = plan;
  const required = totals.required;
  const cc5 = channels.cc5;
  // The required figures only when a staffing rule makes them differ from the planned ones.
  const both = plan.staffing !== null;

  return (
    <div className="mt-4" data-testid="plan-result">
      <h3 className="h4">
        {t('planning.plan.resultTitle', {
          scenario: t(`planning.scenario.${plan.scenario as Scenario}`),
          from: formatDay(plan.from, lang),
          to: formatDay(plan.to, lang),
        })}
      </h3>
      <p data-testid="plan-staffing">
        <strong>{t('planning.staffing.legend')}:</strong> {describeStaffing(plan.staffing, t, lang)}
      </p>
      <dl className="planning-figures">
        <div className="planning-figure planning-figure-fte">
          <dt>{both ? t('planning.plan.ftePlanned') : t('planning.plan.fte')}</dt>
          <dd data-testid="plan-fte">{formatNumber(totals.fte, lang, 1)}</dd>
        </div>
        {both && (
          <div className="planning-figure">
            <dt>{t('planning.plan.fteNeeded')}</dt>
            <dd data-testid="plan-fte-needed">{formatNumber(required.fte, lang, 1)}</dd>
          </div>
        )}
        <div className="planning-figure">
          <dt>{both ? t('planning.plan.peakPlanned') : t('planning.plan.peakAgents')}</dt>
          <dd data-testid="plan-peak">{formatNumber(totals.peakAgents, lang)}</dd>
        </div>
        {both && (
          <div className="planning-figure">
            <dt>{t('planning.plan.peakRequired')}</dt>
            <dd data-testid="plan-peak-required">{formatNumber(required.peakAgents, lang)}</dd>
          </div>
        )}
        <div className="planning-figure">
          <dt>{t('planning.plan.calls')}</dt>
          <dd>{formatNumber(totals.calls, lang)}</dd>
        </div>
        <div className="planning-figure">
          <dt>{t('planning.plan.agentHours')}</dt>
          <dd>{formatNumber(totals.agentHours, lang)}</dd>
        </div>
        <div className="planning-figure">
          <dt>{t('planning.plan.paidHours', { shrinkage: formatTarget(totals.shrinkage, lang) })}</dt>
          <dd>{formatNumber(totals.paidHours, lang)}</dd>
        </div>
        <div className="planning-figure">
          <dt>
            {t('planning.plan.modelServiceLevel', {
              target: plan.targets.targetSeconds,
              queue: plan.targets.queueTargetSeconds,
              ivr: formatNumber(plan.targets.preQueueSeconds, lang),
            })}
          </dt>
          <dd data-testid="plan-service-level">{formatShare(totals.serviceLevel, lang)}</dd>
        </div>
        {both && (
          <div className="planning-figure">
            <dt>{t('planning.plan.requiredServiceLevel')}</dt>
            <dd>{formatShare(required.serviceLevel, lang)}</dd>
          </div>
        )}
        <div className={`planning-figure${totals.intervalsBelowTarget > 0 ? ' planning-figure-below' : ''}`}>
          <dt>
            {t('planning.plan.intervalsBelow', { level: formatTarget(plan.targets.serviceLevel, lang) })}
          </dt>
          <dd data-testid="plan-below">
            {t('planning.plan.intervalsBelowValue', {
              count: formatNumber(totals.intervalsBelowTarget, lang),
              total: formatNumber(totals.openIntervals, lang),
            })}
          </dd>
        </div>
        <div className="planning-figure">
          <dt>{t('planning.erlang.asa')}</dt>
          <dd>{formatSeconds(totals.averageSpeedOfAnswerSeconds, lang)}</dd>
        </div>
        {plan.targets.model === 'a' && (
          <div className="planning-figure">
            <dt>{t('planning.erlang.probabilityOfAbandoning')}</dt>
            <dd>{formatShare(totals.abandonment, lang)}</dd>
          </div>
        )}
      </dl>
      <p className="small text-muted">
        {both && `${t('planning.plan.bothNote')} `}
        {t('planning.plan.fteNote', {
          hours: formatNumber(totals.contractHoursPerWeek, lang),
          aht: formatSeconds(plan.handling.ahtSeconds, lang, 0),
        })}
      </p>

      <h4 className="h5 mt-4">{t('planning.plan.channelsTitle', { line: plan.lineNumber })}</h4>
      <dl className="planning-figures">
        <div className="planning-figure">
          <dt>{t('planning.plan.channelsMinimum')}</dt>
          <dd>{channels.minimum}</dd>
        </div>
        <div className="planning-figure">
          <dt>
            {t('planning.plan.channelsSized', { blocking: formatTarget(channels.blockingTarget, lang) })}
          </dt>
          <dd>{channels.sized}</dd>
        </div>
        <div className="planning-figure">
          <dt>{t('planning.plan.channelsRecommended')}</dt>
          <dd>{channels.recommended}</dd>
        </div>
        <div className="planning-figure">
          <dt>{t('planning.plan.channelsProvisioned')}</dt>
          <dd>{channels.provisioned}</dd>
        </div>
        <div className="planning-figure">
          <dt>{t('planning.plan.channelsAfterRule')}</dt>
          <dd data-testid="plan-channels">{cc5.channelsAfterRule}</dd>
        </div>
      </dl>
      <p data-testid="cc5-flag" className={`cc5-flag ${cc5.consecutiveSaturation ? 'cc5-alert' : 'cc5-ok'}`}>
        <strong>
          {cc5.consecutiveSaturation ? t('planning.plan.cc5Triggered') : t('planning.plan.cc5Ok')}
        </strong>{' '}
        {cc5.consecutiveSaturation
          ? t('planning.plan.cc5Steps', {
              bands: cc5.saturatedBands.length,
              steps: [channels.provisioned, ...cc5.steps].join(' → '),
            })
          : t('planning.plan.cc5Bands', { bands: cc5.saturatedBands.length })}
      </p>

      <h4 className="h5 mt-4" id={`${id}-day-title`}>
        {t('planning.plan.dayTitle')}
      </h4>
      {date ? (
        <>
          <div className="row mb-3">
            <SelectField<string>
              id={`${id}-day`}
              label={t('planning.plan.day')}
              value={date}
              onChange={setChosen}
              options={days.map((d) => {
                const vars = { day: formatDay(d.date, lang), peak: d.peakAgents, time: d.peakAt ?? '' };
                return {
                  value: d.date,
                  label:
                    d.intervalsBelowTarget > 0
                      ? t('planning.plan.dayOptionBelow', { ...vars, below: d.intervalsBelowTarget })
                      : t('planning.plan.dayOption', vars),
                };
              })}
              hint={t('planning.plan.dayHint')}
              className="col-md-10 col-lg-8"
            />
          </div>
          <Suspense fallback={<p role="status">{t('planning.chart.loading')}</p>}>
            <PlanCharts plan={plan} whatIf={whatIf.data?.whatIf ?? null} date={date} />
          </Suspense>
        </>
      ) : (
        <p>{t('planning.plan.noOpenDay')}</p>
      )}

      <WhatIfPanel body={body} whatIf={whatIf} />
    </div>
  );
}
