import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, fieldError, useAnnounce } from '../components/feedback.tsx';
import { type MessageKey, type Translate, useI18n } from '../i18n/i18n.tsx';
import type { Lang } from '../lib/format.ts';
import { useErlang } from '../lib/queries.ts';
import { DecimalField, SelectField } from './Field.tsx';
import {
  ERLANG_DEFAULTS,
  type ErlangField,
  type ErlangForm,
  erlangFieldsFor,
  type FieldErrors,
  toErlangQuery,
} from './forms.ts';
import { formatNumber, formatSeconds, formatShare, formatTarget } from './numbers.ts';
import type { ErlangModel, ErlangQuery, ErlangResult } from './types.ts';

const FIELD_LABELS: Record<ErlangField, MessageKey> = {
  calls: 'planning.erlang.calls',
  period: 'planning.erlang.period',
  aht: 'planning.erlang.aht',
  agents: 'planning.erlang.agents',
  lines: 'planning.erlang.lines',
  target: 'planning.erlang.target',
  patience: 'planning.erlang.patience',
  serviceLevel: 'planning.erlang.serviceLevel',
  maxAbandon: 'planning.erlang.maxAbandon',
  blocking: 'planning.erlang.blocking',
};
const FIELD_HINTS: Partial<Record<ErlangField, MessageKey>> = {
  period: 'planning.erlang.periodHint',
  agents: 'planning.erlang.agentsHint',
  lines: 'planning.erlang.linesHint',
  serviceLevel: 'planning.erlang.serviceLevelHint',
  blocking: 'planning.erlang.blockingHint',
};
const UNITS: Partial<Record<ErlangField, string>> = {
  period: 's',
  aht: 's',
  target: 's',
  patience: 's',
  serviceLevel: '%',
  maxAbandon: '%',
  blocking: '%',
};
const REQUIRED: ErlangField[] = ['calls', 'period', 'aht', 'patience'];

/** One figure of the answer: a label and its value, in a description list. */
export interface Figure {
  key: string;
  label: string;
  value: string;
}

/** The answer as the figures to read, in the order a planner reads them. */
export function erlangFigures(r: ErlangResult, q: ErlangQuery, t: Translate, lang: Lang): Figure[] {
  const figures: Figure[] = [
    {
      key: 'traffic',
      label: t('planning.erlang.traffic'),
      value: `${formatNumber(r.trafficErlangs, lang, 2)} Erlang`,
    },
  ];
  const add = (key: string, label: string, value: string | undefined | false) => {
    if (value !== undefined && value !== false) figures.push({ key, label, value });
  };
  if (r.model === 'b') {
    add('lines', t('planning.erlang.lines'), r.lines !== undefined && formatNumber(r.lines, lang));
    add(
      'blocking',
      t('planning.erlang.probabilityOfBlocking'),
      r.probabilityOfBlocking !== undefined && formatShare(r.probabilityOfBlocking, lang),
    );
    add(
      'occupancy',
      t('planning.erlang.lineOccupancy'),
      r.occupancy !== undefined && formatShare(r.occupancy, lang),
    );
    add(
      'linesNeeded',
      t('planning.erlang.linesNeeded', { blocking: formatTarget(q.blocking ?? 0, lang) }),
      r.linesNeeded !== undefined && formatNumber(r.linesNeeded, lang),
    );
    return figures;
  }
  const target = r.targetSeconds ?? q.target ?? 20;
  add('agents', t('planning.erlang.agents'), r.agents !== undefined && formatNumber(r.agents, lang));
  add(
    'waiting',
    t('planning.erlang.probabilityOfWaiting'),
    r.probabilityOfWaiting !== undefined && formatShare(r.probabilityOfWaiting, lang),
  );
  add(
    'serviceLevel',
    t('planning.erlang.serviceLevelResult', { target }),
    r.serviceLevel !== undefined && formatShare(r.serviceLevel, lang),
  );
  if (r.averageSpeedOfAnswerSeconds !== undefined) {
    add(
      'asa',
      t('planning.erlang.asa'),
      r.averageSpeedOfAnswerSeconds === null
        ? t('planning.erlang.neverClears')
        : formatSeconds(r.averageSpeedOfAnswerSeconds, lang),
    );
  }
  add(
    'occupancy',
    t('planning.erlang.occupancy'),
    r.occupancy !== undefined && formatShare(r.occupancy, lang),
  );
  add(
    'abandoning',
    t('planning.erlang.probabilityOfAbandoning'),
    r.probabilityOfAbandoning !== undefined && formatShare(r.probabilityOfAbandoning, lang),
  );
  if (r.agentsNeeded !== undefined) {
    const level = formatTarget(q.serviceLevel ?? 0, lang);
    add(
      'agentsNeeded',
      r.model === 'a' && q.maxAbandon !== undefined
        ? t('planning.erlang.agentsNeededAbandon', {
            level,
            target,
            abandon: formatTarget(q.maxAbandon, lang),
          })
        : t('planning.erlang.agentsNeeded', { level, target }),
      formatNumber(r.agentsNeeded, lang),
    );
  }
  return figures;
}

/** WF-1: Erlang B, C or A for one period, and the agents or lines a target needs. */
export function ErlangCalculator() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [form, setForm] = useState<ErlangForm>(ERLANG_DEFAULTS);
  const [errors, setErrors] = useState<FieldErrors<ErlangField>>({});
  const [query, setQuery] = useState<ErlangQuery | null>(null);
  const result = useErlang(query);
  const formRef = useRef<HTMLFormElement>(null);

  const fields = erlangFieldsFor(form.model);
  const set = (field: ErlangField) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (result.isFetching) return;
    const parsed = toErlangQuery(form, lang);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = fields.find((f) => parsed.errors[f]);
      if (first)
        formRef.current?.querySelector<HTMLInputElement>(`#${CSS.escape(`${id}-${first}`)}`)?.focus();
      return;
    }
    setErrors({});
    setQuery(parsed.value);
  };

  const data = query && result.data ? result.data : null;
  const figures = data && query ? erlangFigures(data, query, t, lang) : [];
  const resultRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read out each new answer once
  useEffect(() => {
    // The answer comes into view; the focus stays on the button or field the user pressed Enter in.
    if (figures.length > 0) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
    if (figures.length > 0)
      announce(
        `${t('planning.erlang.resultTitle')}: ${figures
          .slice(1)
          .map((f) => `${f.label} ${f.value}`)
          .join('; ')}`,
      );
  }, [data]);

  const serverError = result.error;
  const placed = fields.some((f) => fieldError(serverError, f));

  return (
    <section className="mb-5" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h3">
        {t('planning.erlang.title')}
      </h2>
      <p>{t('planning.erlang.intro')}</p>
      <form ref={formRef} noValidate onSubmit={submit}>
        <div className="row g-3 mb-3">
          <SelectField<ErlangModel>
            id={`${id}-model`}
            label={t('planning.erlang.model')}
            value={form.model}
            onChange={(model) => {
              setForm((f) => ({ ...f, model }));
              setErrors({});
            }}
            options={[
              { value: 'c', label: t('planning.model.c') },
              { value: 'a', label: t('planning.model.a') },
              { value: 'b', label: t('planning.model.b') },
            ]}
            className="col-lg-8"
          />
        </div>
        <div className="row g-3">
          {fields.map((f) => (
            <DecimalField
              key={f}
              id={`${id}-${f}`}
              label={t(FIELD_LABELS[f])}
              {...(FIELD_HINTS[f] ? { hint: t(FIELD_HINTS[f]) } : {})}
              {...(UNITS[f] ? { unit: UNITS[f] } : {})}
              value={form[f]}
              onChange={set(f)}
              error={errors[f]}
              serverError={fieldError(serverError, f)}
              required={REQUIRED.includes(f)}
            />
          ))}
        </div>
        <div className="mt-3 d-flex gap-2">
          {/* Never disabled while computing: a disabled button drops the focus to the page (issue 14 §6). */}
          <button type="submit" className="btn btn-primary" aria-disabled={result.isFetching || undefined}>
            {result.isFetching ? t('planning.erlang.computing') : t('planning.erlang.compute')}
          </button>
          <button
            type="button"
            className="btn btn-outline-primary"
            onClick={() => {
              setForm(ERLANG_DEFAULTS);
              setErrors({});
              setQuery(null);
            }}
          >
            {t('planning.reset')}
          </button>
        </div>
      </form>
      {!placed && <ErrorAlert error={serverError} className="mt-3" />}
      {figures.length > 0 && query && (
        <div className="planning-result mt-4" data-testid="erlang-result" ref={resultRef}>
          <h3 className="h5">{t('planning.erlang.resultTitle')}</h3>
          <p className="small text-muted mb-2">{describeQuery(query, t, lang)}</p>
          <dl className="planning-figures">
            {figures.map((f) => (
              <div key={f.key} className={`planning-figure planning-figure-${f.key}`}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </section>
  );
}

/** What the answer is for, since the form may have changed since. */
function describeQuery(q: ErlangQuery, t: Translate, lang: Lang): string {
  return t('planning.erlang.resultFor', {
    model: t(`planning.model.${q.model}`),
    calls: formatNumber(q.calls, lang),
    period: formatNumber(q.period, lang),
    aht: formatNumber(q.aht, lang, q.aht % 1 === 0 ? 0 : 1),
  });
}
