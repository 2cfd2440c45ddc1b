import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { TrainingCall } from './TrainingCall.tsx';

/**
 * The trainer's page (simulazione): a practice call for the operators in line, and a simulated person for
 * the outbound calls (a campaign's, the recall's virtual operator) — both on the simulated switch only.
 */
export function TrainingPage() {
  const { t } = useI18n();
  return (
    <Page title={t('training.title')}>
      <p>{t('training.lead')}</p>
      <TrainingCall open />
      <SimulatedPerson />
    </Page>
  );
}

/** The attempts are answered from the n-th on (0: never); the keys are pressed at the prompts, in order. */
export function personScript(answersFrom: number, keys: string) {
  const answers =
    answersFrom === 0 ? [false] : [...Array.from({ length: answersFrom - 1 }, () => false), true];
  const pressed = keys.replace(/\s+/g, '').split('').filter(Boolean);
  return { answers, ...(pressed.length > 0 ? { keys: pressed } : {}) };
}

const ANSWERS = [1, 2, 3, 0] as const;

function SimulatedPerson() {
  const { t } = useI18n();
  const id = useId();
  const [number, setNumber] = useState('');
  const [answersFrom, setAnswersFrom] = useState<number>(1);
  const [keys, setKeys] = useState('');
  const [done, setDone] = useState('');
  const script = useMutation({
    mutationFn: () => api.ccSimulatedPerson({ number: number.trim(), ...personScript(answersFrom, keys) }),
    onSuccess: () =>
      setDone(
        t(answersFrom === 0 ? 'training.person.doneNever' : 'training.person.done', {
          number: number.trim(),
          n: answersFrom,
          keys: keys.replace(/\s+/g, '') || '—',
        }),
      ),
  });
  const numberError = fieldError(script.error, 'number');
  // An item of the keys is named by its place (`keys.2`).
  const keysError = fieldError(script.error, 'keys', ...Array.from({ length: 10 }, (_, i) => `keys.${i}`));
  return (
    <section aria-labelledby={`${id}-h`} className="mt-4">
      <h2 id={`${id}-h`} className="h5">
        {t('training.person.title')}
      </h2>
      <p className="small">{t('training.person.lead')}</p>
      <form
        noValidate
        className="row g-2 align-items-end small"
        onSubmit={(e) => {
          e.preventDefault();
          setDone('');
          script.mutate();
        }}
      >
        <div className="col-md-4">
          <label className="form-label" htmlFor={`${id}-number`}>
            {t('training.person.number')}
          </label>
          <input
            id={`${id}-number`}
            className="form-control form-control-sm"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            value={number}
            aria-invalid={numberError ? true : undefined}
            aria-describedby={`${id}-number-error`}
            onChange={(e) => setNumber(e.target.value)}
          />
          <FieldError id={`${id}-number-error`} error={numberError} />
        </div>
        <div className="col-md-3">
          <label className="form-label" htmlFor={`${id}-answers`}>
            {t('training.person.answers')}
          </label>
          <select
            id={`${id}-answers`}
            className="form-select form-select-sm"
            value={answersFrom}
            onChange={(e) => setAnswersFrom(Number(e.target.value))}
          >
            {ANSWERS.map((n) => (
              <option key={n} value={n}>
                {n === 0 ? t('training.person.never') : t('training.person.attempt', { n })}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-3">
          <label className="form-label" htmlFor={`${id}-keys`}>
            {t('training.person.keys')}
          </label>
          <input
            id={`${id}-keys`}
            className="form-control form-control-sm"
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            value={keys}
            aria-invalid={keysError ? true : undefined}
            aria-describedby={`${id}-keys-hint ${id}-keys-error`}
            onChange={(e) => setKeys(e.target.value)}
          />
          <FieldError id={`${id}-keys-error`} error={keysError} />
        </div>
        <div className="col-md-2">
          <button
            type="submit"
            className="btn btn-outline-primary btn-sm w-100"
            disabled={script.isPending || !number.trim()}
          >
            {t('training.person.send')}
          </button>
        </div>
        <p className="form-text mb-1" id={`${id}-keys-hint`}>
          {t('training.person.keysHint')}
        </p>
      </form>
      <p role="status" className="small mb-0">
        {done}
      </p>
      <ErrorAlert error={numberError || keysError ? null : script.error} className="mt-2" />
    </section>
  );
}
