import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FilePicker } from '../components/FilePicker.tsx';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { romeToday } from '../lib/format.ts';
import {
  CAMPAIGNS_KEY,
  type CampaignInput,
  type Channel,
  type CsvCheck,
  checkCsv,
  createCampaign,
} from './api.ts';
import { VoicePreview } from './VoicePreview.tsx';

const DEFAULT_OUTCOMES = 'Contattato: esito positivo; sì\nContattato: non interessato; no\nNumero errato; no';
/** The virtual operator's outcomes: the first is key 1, the second key 2 (the server numbers them so). */
const DEFAULT_VOICE_OUTCOMES = 'Sì; sì\nNo; no';
/** Keys 1 to 8 answer; 9 repeats the message. */
const MAX_VOICE_OUTCOMES = 8;

/** "label; yes/no" lines into the closed list of outcomes, with codes made from the labels. */
export function parseOutcomes(text: string, max = 20): CampaignInput['dispositions'] | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const out: NonNullable<CampaignInput['dispositions']> = [];
  for (const line of lines) {
    const at = line.lastIndexOf(';');
    if (at < 1) return null;
    const label = line.slice(0, at).trim();
    const flag = line
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (!['sì', 'si', 'yes', 'no'].includes(flag)) return null;
    const base =
      label
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 36) || 'esito';
    let code = base;
    for (let n = 2; out.some((d) => d.code === code); n++) code = `${base}-${n}`;
    out.push({ code, label, positive: flag !== 'no' });
  }
  return out.length >= 2 && out.length <= max && out.some((d) => d.positive) && out.some((d) => !d.positive)
    ? out
    : null;
}

/** The longest message per channel, as the server allows it (about 40 seconds of speech for the voice). */
const MESSAGE_MAX = { voice: 600, sms: 459, email: 4000 } as const;

/** The CUP manager's form for a new campaign: a list is checked row by row before anything is made. */
export function NewCampaignForm() {
  const { t } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const today = romeToday();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<Channel>('agent');
  const [mode, setMode] = useState<'preview' | 'progressive'>('preview');
  const [script, setScript] = useState('');
  const [message, setMessage] = useState('');
  const [outcomes, setOutcomes] = useState(DEFAULT_OUTCOMES);
  const [voiceOutcomes, setVoiceOutcomes] = useState(DEFAULT_VOICE_OUTCOMES);
  const [attempts, setAttempts] = useState(3);
  const [retry, setRetry] = useState(60);
  const [hoursFrom, setHoursFrom] = useState('09:00');
  const [hoursTo, setHoursTo] = useState('19:00');
  const [everyDay, setEveryDay] = useState(false);
  const [target, setTarget] = useState<'appointments' | 'csv'>('appointments');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [serviceCode, setServiceCode] = useState('');
  const [agendaId, setAgendaId] = useState('');
  const [csv, setCsv] = useState('');
  const [csvFile, setCsvFile] = useState<{ name: string; size: number } | null>(null);
  const [checked, setChecked] = useState<CsvCheck | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [badOutcomes, setBadOutcomes] = useState(false);
  const check = useMutation({ mutationFn: () => checkCsv(channel, csv), onSuccess: setChecked });
  const create = useMutation({
    mutationFn: (input: CampaignInput) => createCampaign(input),
    onSuccess: (c) => {
      setDone(t('campaigns.form.created', { name: c.name, n: c.kpi.contacts }));
      void qc.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
    },
  });
  const submit = () => {
    setDone(null);
    const dispositions =
      channel === 'agent'
        ? parseOutcomes(outcomes)
        : channel === 'voice'
          ? parseOutcomes(voiceOutcomes, MAX_VOICE_OUTCOMES)
          : undefined;
    setBadOutcomes(dispositions === null);
    if (dispositions === null) return;
    create.mutate({
      name,
      channel,
      ...(channel === 'agent' ? { mode, script, dispositions } : {}),
      ...(channel === 'voice' ? { message, dispositions } : {}),
      ...(channel === 'sms' || channel === 'email' ? { message } : {}),
      maxAttempts: attempts,
      retryMinutes: retry,
      hours: { from: hoursFrom, to: hoursTo, everyDay },
      target:
        target === 'csv'
          ? { type: 'csv', csv }
          : {
              type: 'appointments',
              from,
              to,
              ...(serviceCode ? { serviceCode } : {}),
              ...(agendaId ? { agendaId } : {}),
            },
    });
  };
  const field = (key: string) => `${id}-${key}`;
  const FIELDS = ['name', 'message', 'dispositions', 'hours', 'target', 'target.to', 'target.csv'];
  const otherError = fieldError(create.error, ...FIELDS) ? null : create.error;
  return (
    <details className="mt-3" data-testid="new-campaign">
      <summary className="h5">{t('campaigns.new')}</summary>
      <form
        className="row g-3 mt-1"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="col-12 col-md-6">
          <label htmlFor={field('name')} className="form-label">
            {t('campaigns.form.name')}
          </label>
          <input
            id={field('name')}
            className="form-control"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id={field('name-err')} error={fieldError(create.error, 'name')} />
        </div>
        <div className="col-6 col-md-3">
          <label htmlFor={field('channel')} className="form-label">
            {t('campaigns.form.channel')}
          </label>
          <select
            id={field('channel')}
            className="form-select"
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value as Channel);
              setChecked(null);
            }}
          >
            {(['agent', 'voice', 'sms', 'email'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`campaigns.channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        {channel === 'agent' && (
          <div className="col-6 col-md-3">
            <label htmlFor={field('mode')} className="form-label">
              {t('campaigns.form.mode')}
            </label>
            <select
              id={field('mode')}
              className="form-select"
              value={mode}
              onChange={(e) => setMode(e.target.value as 'preview' | 'progressive')}
            >
              <option value="preview">{t('campaigns.mode.preview')}</option>
              <option value="progressive">{t('campaigns.mode.progressive')}</option>
            </select>
          </div>
        )}
        {channel === 'agent' ? (
          <>
            <div className="col-12 col-lg-6">
              <label htmlFor={field('script')} className="form-label">
                {t('campaigns.form.script')}
              </label>
              <textarea
                id={field('script')}
                className="form-control"
                rows={3}
                maxLength={4000}
                value={script}
                onChange={(e) => setScript(e.target.value)}
              />
            </div>
            <div className="col-12 col-lg-6">
              <label htmlFor={field('outcomes')} className="form-label">
                {t('campaigns.form.outcomes')}
              </label>
              <textarea
                id={field('outcomes')}
                className={`form-control${badOutcomes ? ' is-invalid' : ''}`}
                rows={3}
                value={outcomes}
                aria-describedby={badOutcomes ? field('outcomes-error') : undefined}
                onChange={(e) => setOutcomes(e.target.value)}
              />
              {badOutcomes && (
                <div id={field('outcomes-error')} className="invalid-feedback d-block">
                  {t('campaigns.form.badOutcomes')}
                </div>
              )}
              <FieldError id={field('dispositions-err')} error={fieldError(create.error, 'dispositions')} />
            </div>
          </>
        ) : (
          <>
            <div className={channel === 'voice' ? 'col-12 col-lg-6' : 'col-12'}>
              <label htmlFor={field('message')} className="form-label">
                {t('campaigns.form.message')}
              </label>
              <textarea
                id={field('message')}
                className="form-control"
                rows={3}
                maxLength={MESSAGE_MAX[channel]}
                value={message}
                aria-describedby={`${field('message-help')}${fieldError(create.error, 'message') ? ` ${field('message-err')}` : ''}`}
                aria-invalid={fieldError(create.error, 'message') ? true : undefined}
                onChange={(e) => setMessage(e.target.value)}
              />
              <div id={field('message-help')} className="form-text">
                {t(channel === 'voice' ? 'campaigns.form.voiceMessageHelp' : 'campaigns.form.messageHelp')}
              </div>
              <FieldError
                id={field('message-err')}
                error={fieldError(create.error, 'message')}
                messages={{ INVALID_FIELD: 'campaigns.form.badMessage' }}
              />
            </div>
            {channel === 'voice' && (
              <div className="col-12 col-lg-6">
                <label htmlFor={field('voice-outcomes')} className="form-label">
                  {t('campaigns.form.voiceOutcomes')}
                </label>
                <textarea
                  id={field('voice-outcomes')}
                  className={`form-control${badOutcomes ? ' is-invalid' : ''}`}
                  rows={3}
                  value={voiceOutcomes}
                  aria-describedby={`${field('voice-outcomes-help')}${badOutcomes ? ` ${field('outcomes-error')}` : ''}`}
                  onChange={(e) => setVoiceOutcomes(e.target.value)}
                />
                <div id={field('voice-outcomes-help')} className="form-text">
                  {t('campaigns.form.voiceOutcomesHelp')}
                </div>
                {badOutcomes && (
                  <div id={field('outcomes-error')} className="invalid-feedback d-block">
                    {t('campaigns.form.badVoiceOutcomes')}
                  </div>
                )}
                <FieldError id={field('dispositions-err')} error={fieldError(create.error, 'dispositions')} />
              </div>
            )}
            {channel === 'voice' && (
              <div className="col-12">
                <VoicePreview
                  message={message}
                  dispositions={parseOutcomes(voiceOutcomes, MAX_VOICE_OUTCOMES)}
                />
              </div>
            )}
          </>
        )}
        <div className="col-6 col-md-3">
          <label htmlFor={field('attempts')} className="form-label">
            {t('campaigns.form.attempts')}
          </label>
          <input
            id={field('attempts')}
            type="number"
            min={1}
            max={10}
            className="form-control"
            value={attempts}
            onChange={(e) => setAttempts(Number(e.target.value))}
          />
        </div>
        <div className="col-6 col-md-3">
          <label htmlFor={field('retry')} className="form-label">
            {t('campaigns.form.retry')}
          </label>
          <input
            id={field('retry')}
            type="number"
            min={5}
            max={10080}
            className="form-control"
            value={retry}
            onChange={(e) => setRetry(Number(e.target.value))}
          />
        </div>
        <div className="col-6 col-md-3">
          <label htmlFor={field('from-h')} className="form-label">
            {t('campaigns.form.hoursFrom')}
          </label>
          <input
            id={field('from-h')}
            type="time"
            className="form-control"
            value={hoursFrom}
            onChange={(e) => setHoursFrom(e.target.value)}
          />
        </div>
        <div className="col-6 col-md-3">
          <label htmlFor={field('to-h')} className="form-label">
            {t('campaigns.form.hoursTo')}
          </label>
          <input
            id={field('to-h')}
            type="time"
            className="form-control"
            value={hoursTo}
            onChange={(e) => setHoursTo(e.target.value)}
          />
          <FieldError id={field('hours-err')} error={fieldError(create.error, 'hours')} />
        </div>
        <div className="col-12">
          <div className="form-check">
            <input
              id={field('every-day')}
              type="checkbox"
              className="form-check-input"
              checked={everyDay}
              onChange={(e) => setEveryDay(e.target.checked)}
            />
            <label htmlFor={field('every-day')} className="form-check-label">
              {t('campaigns.form.everyDay')}
            </label>
          </div>
        </div>
        <fieldset className="col-12">
          <legend className="form-label fw-semibold fs-6">{t('campaigns.form.target')}</legend>
          {(['appointments', 'csv'] as const).map((k) => (
            <div className="form-check form-check-inline" key={k}>
              <input
                className="form-check-input"
                type="radio"
                id={field(`target-${k}`)}
                name={field('target')}
                checked={target === k}
                onChange={() => setTarget(k)}
              />
              <label className="form-check-label" htmlFor={field(`target-${k}`)}>
                {t(k === 'csv' ? 'campaigns.form.targetCsv' : 'campaigns.form.targetQuery')}
              </label>
            </div>
          ))}
        </fieldset>
        {target === 'appointments' ? (
          <>
            {(
              [
                ['from', from, setFrom, 'campaigns.form.from', 'date'],
                ['to', to, setTo, 'campaigns.form.to', 'date'],
                ['service', serviceCode, setServiceCode, 'campaigns.form.service', 'text'],
                ['agenda', agendaId, setAgendaId, 'campaigns.form.agenda', 'text'],
              ] as const
            ).map(([k, v, set, label, type]) => (
              <div className="col-6 col-md-3" key={k}>
                <label htmlFor={field(k)} className="form-label">
                  {t(label)}
                </label>
                <input
                  id={field(k)}
                  type={type}
                  className="form-control"
                  value={v}
                  onChange={(e) => set(e.target.value)}
                />
              </div>
            ))}
            <div className="col-12">
              <FieldError id={field('target-err')} error={fieldError(create.error, 'target')} />
              <FieldError id={field('target.to-err')} error={fieldError(create.error, 'target.to')} />
            </div>
          </>
        ) : (
          <div className="col-12">
            <p id={field('csv-title')} className="form-label mb-1">
              {t('campaigns.form.csv')}
            </p>
            <div className="mb-2">
              <FilePicker
                id={field('csv')}
                labelledBy={field('csv-title')}
                accept=".csv,text/csv,text/plain"
                files={csvFile ? [csvFile] : []}
                onFiles={async ([file]) => {
                  setChecked(null);
                  setCsvFile(file ? { name: file.name, size: file.size } : null);
                  setCsv(file ? await file.text() : '');
                }}
              />
            </div>
            <button
              type="button"
              className="btn btn-outline-primary"
              disabled={!csv || check.isPending}
              onClick={() => check.mutate()}
            >
              {t('campaigns.form.check')}
            </button>
            <ErrorAlert error={check.error} />
            {checked && <CsvResult checked={checked} />}
            <FieldError id={field('target.csv-err')} error={fieldError(create.error, 'target.csv')} />
          </div>
        )}
        <div className="col-12">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending || !name.trim() || (target === 'csv' && !csv)}
          >
            {t('campaigns.form.create')}
          </button>
          {done && (
            <p className="alert alert-success mt-2 mb-0" role="status">
              {done}
            </p>
          )}
          <ErrorAlert error={otherError} />
        </div>
      </form>
    </details>
  );
}

function CsvResult({ checked }: { checked: CsvCheck }) {
  const { t } = useI18n();
  if (checked.errors.length === 0)
    return (
      <p className="alert alert-success mt-2" role="status">
        {t('campaigns.form.checkOk', { rows: checked.rows })}
      </p>
    );
  return (
    <div className="mt-2" role="alert">
      <p className="mb-1">{t('campaigns.form.checkErrors', { n: checked.errors.length })}</p>
      <table className="table table-sm" data-testid="csv-errors">
        <caption className="visually-hidden">
          {t('campaigns.form.checkErrors', { n: checked.errors.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('campaigns.form.row')}</th>
            <th scope="col">{t('campaigns.form.field')}</th>
            <th scope="col">{t('campaigns.form.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {checked.errors.map((e) => (
            <tr key={`${e.row}-${e.field}-${e.message}`}>
              <td>{e.row}</td>
              <td>{e.field ?? '—'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
