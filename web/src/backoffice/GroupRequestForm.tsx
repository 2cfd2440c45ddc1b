import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { ApiError } from '../lib/api.ts';
import { romeToday } from '../lib/format.ts';
import { type GroupRequest, groupsApi, parseAthletes } from './groups-api.ts';

/**
 * BK-10: a club's list as it arrives (e-mail, spreadsheet): the club, its contact, the service for all,
 * the period agreed, and the athletes pasted one a line. A line the server refuses is named by its place.
 */
export function GroupRequestForm({
  onCreated,
  onCancel,
}: {
  onCreated: (g: GroupRequest) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [club, setClub] = useState('');
  const [contact, setContact] = useState('');
  const [service, setService] = useState('');
  const [facility, setFacility] = useState('');
  const [from, setFrom] = useState(() => romeToday());
  const [to, setTo] = useState('');
  const [maxPerDay, setMaxPerDay] = useState('');
  const [note, setNote] = useState('');
  const [athletes, setAthletes] = useState('');
  const facilities = useQuery({
    queryKey: ['facilities'],
    queryFn: groupsApi.facilities,
    staleTime: 300_000,
  });
  const lines = parseAthletes(athletes);

  const create = useMutation({
    mutationFn: () =>
      groupsApi.create({
        club,
        contact,
        service: service.trim().toUpperCase(),
        from,
        to,
        athletes: lines,
        ...(facility ? { facility } : {}),
        ...(maxPerDay ? { maxPerDay: Number(maxPerDay) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: onCreated,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const err = (...fields: string[]) => fieldError(create.error, ...fields);
  const athletesError =
    create.error instanceof ApiError && String(create.error.field ?? '').startsWith('athletes')
      ? create.error
      : null;
  const named = ['club', 'contact', 'service', 'facility', 'from', 'to', 'maxPerDay', 'note'] as const;
  const generalError = create.error && !athletesError && !named.some((f) => err(f)) ? create.error : null;

  /** One labelled input with its hint and its error, the app's one shape of a field. */
  const field = (
    name: (typeof named)[number],
    label: MessageKey,
    control: (props: {
      id: string;
      className: string;
      'aria-describedby'?: string;
      'aria-invalid'?: true;
    }) => ReactNode,
    hint?: ReactNode,
  ) => {
    const error = err(name);
    const describedBy = [hint ? `${id}-${name}-hint` : '', error ? `${id}-${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return (
      <div className="mb-3">
        <label htmlFor={`${id}-${name}`} className="form-label fw-semibold">
          {t(label)}
        </label>
        {control({
          id: `${id}-${name}`,
          className: `form-control${error ? ' is-invalid' : ''}`,
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          ...(error ? { 'aria-invalid': true as const } : {}),
        })}
        {hint && (
          <div id={`${id}-${name}-hint`} className="form-text">
            {hint}
          </div>
        )}
        <FieldError id={`${id}-${name}-error`} error={error} />
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate className="console-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h4">
        {t('groups.form.title')}
      </h2>
      <div className="row g-3">
        <div className="col-lg-6">
          {field('club', 'groups.form.club', (p) => (
            <input {...p} value={club} maxLength={120} onChange={(e) => setClub(e.target.value)} required />
          ))}
          {field(
            'contact',
            'groups.form.contact',
            (p) => (
              <input {...p} value={contact} maxLength={200} onChange={(e) => setContact(e.target.value)} />
            ),
            t('groups.form.contactHint'),
          )}
          {field(
            'service',
            'groups.form.service',
            (p) => (
              <input
                {...p}
                value={service}
                maxLength={20}
                autoComplete="off"
                className={`${p.className} font-monospace`}
                onChange={(e) => setService(e.target.value)}
              />
            ),
            t('groups.form.serviceHint'),
          )}
          {field('facility', 'groups.form.facility', (p) => (
            <select
              {...p}
              className={p.className.replace('form-control', 'form-select')}
              value={facility}
              onChange={(e) => setFacility(e.target.value)}
            >
              <option value="">{t('groups.form.anyFacility')}</option>
              {(facilities.data?.items ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          ))}
          <div className="row g-2">
            <div className="col-sm-4">
              {field('from', 'groups.form.from', (p) => (
                <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              ))}
            </div>
            <div className="col-sm-4">
              {field('to', 'groups.form.to', (p) => (
                <input {...p} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
              ))}
            </div>
            <div className="col-sm-4">
              {field('maxPerDay', 'groups.form.maxPerDay', (p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={500}
                  inputMode="numeric"
                  value={maxPerDay}
                  onChange={(e) => setMaxPerDay(e.target.value)}
                />
              ))}
            </div>
          </div>
          <p className="form-text mt-n2">
            {t('groups.form.periodHint')} {t('groups.form.maxPerDayHint')}
          </p>
        </div>
        <div className="col-lg-6">
          <div className="mb-3">
            <label htmlFor={`${id}-athletes`} className="form-label fw-semibold">
              {t('groups.form.athletes')}
            </label>
            <textarea
              id={`${id}-athletes`}
              className={`form-control font-monospace${athletesError ? ' is-invalid' : ''}`}
              rows={12}
              value={athletes}
              spellCheck={false}
              onChange={(e) => setAthletes(e.target.value)}
              aria-invalid={athletesError ? true : undefined}
              aria-describedby={`${id}-athletes-hint${athletesError ? ` ${id}-athletes-error` : ''}`}
            />
            <div id={`${id}-athletes-hint`} className="form-text">
              {t('groups.form.athletesHint', { n: lines.length })}
            </div>
            <FieldError id={`${id}-athletes-error`} error={athletesError} />
          </div>
          {field('note', 'groups.form.note', (p) => (
            <input {...p} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          ))}
        </div>
      </div>
      <ErrorAlert error={generalError} />
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('groups.form.save')}
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          {t('groups.form.cancel')}
        </button>
      </div>
    </form>
  );
}
