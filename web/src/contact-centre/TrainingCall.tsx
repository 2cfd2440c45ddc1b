import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

/**
 * Training and demos (simulazione): a simulated citizen calls one of the lines and makes the first menu's
 * choice, so that an operator — at any hour the lines are open — gets a call to practise on. The choices
 * are the IVR's own words, read from the running centre.
 */
export function TrainingCall({
  open = false,
}: {
  /** Shown unfolded (the trainer's page). */ open?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const choices = useQuery({
    queryKey: ['cc', 'simulated-call-choices'],
    queryFn: api.ccSimulatedCallChoices,
  });
  const [picked, setPicked] = useState('');
  const [caller, setCaller] = useState('');
  const send = useMutation({ mutationFn: api.ccSimulatedCall });
  const lines = choices.data?.lines ?? [];
  const options = lines.flatMap((l) =>
    l.choices.map((c) => ({ value: `${l.line}|${c.digits}`, line: l, choice: c })),
  );
  const chosen = options.find((o) => o.value === picked) ?? options[0];
  // The summary is drawn at once, with the console: the choices arriving later move nothing below it.
  return (
    <details className="mb-3 small" data-testid="training-call" open={open}>
      <summary>{t('cc.training.title')}</summary>
      {choices.isError ? (
        <ErrorAlert error={choices.error} className="mt-2" />
      ) : (
        // Drawn whole while the choices load (the select says so): nothing below it moves when they arrive.
        <form
          className="mt-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen) return;
            send.mutate({
              line: chosen.line.line,
              ...(chosen.choice.digits ? { digits: chosen.choice.digits } : {}),
              ...(caller.trim() ? { callerId: caller.trim() } : {}),
            });
          }}
        >
          <p className="mb-2">{t('cc.training.intro')}</p>
          <div className="row g-2 align-items-end">
            <div className="col-md-6">
              <label className="form-label" htmlFor={`${id}-choice`}>
                {t('cc.training.choice')}
              </label>
              <select
                id={`${id}-choice`}
                className="form-select form-select-sm"
                value={chosen?.value ?? ''}
                onChange={(e) => setPicked(e.target.value)}
              >
                {!chosen && <option value="">{t('common.loading')}</option>}
                {lines.map((l) => (
                  <optgroup key={l.line} label={`${l.name} (${l.line})`}>
                    {l.choices.map((c) => (
                      <option key={c.digits} value={`${l.line}|${c.digits}`}>
                        {c.digits ? t('cc.training.key', { key: c.digits, label: c.label }) : c.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div className="col-md-3">
              <label className="form-label" htmlFor={`${id}-caller`}>
                {t('cc.training.caller')}
              </label>
              <input
                id={`${id}-caller`}
                className="form-control form-control-sm"
                type="tel"
                inputMode="tel"
                autoComplete="off"
                value={caller}
                onChange={(e) => setCaller(e.target.value)}
                aria-describedby={`${id}-caller-hint`}
              />
            </div>
            <div className="col-md-3">
              <button
                type="submit"
                className="btn btn-outline-primary btn-sm w-100"
                disabled={send.isPending || !chosen}
              >
                {t('cc.training.send')}
              </button>
            </div>
          </div>
          <p className="form-text mb-1" id={`${id}-caller-hint`}>
            {t('cc.training.callerHint')}
          </p>
          <p role="status" className="mb-0" data-testid="training-call-sent">
            {send.isSuccess && !send.isPending && chosen
              ? t('cc.training.sent', { line: chosen.line.name, choice: chosen.choice.label })
              : ''}
          </p>
          {send.isError && <ErrorAlert error={send.error} className="mt-2" />}
        </form>
      )}
    </details>
  );
}
