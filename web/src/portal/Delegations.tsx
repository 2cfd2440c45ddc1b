import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, romeToday } from '../lib/format.ts';
import { type Delegation, type PersonalArea, personal } from './api.ts';
import { CodeField } from './CodeField.tsx';
import { MinorDeclaration } from './MinorDeclaration.tsx';

/**
 * Delegations in the personal area: who may act for me (and the form to name one), and for whom I may
 * act. Acting for someone turns this session's area into theirs, with a banner to come back.
 */
export function Delegations() {
  const { t, lang } = useI18n();
  const id = useId();
  const list = useQuery({ queryKey: ['portal', 'delegations'], queryFn: personal.delegations, retry: false });
  const act = useActing();
  const revoke = useRevoke();
  const until = (d: Delegation) =>
    d.validUntil
      ? t('portal.delegation.until', { date: formatCalendarDate(d.validUntil, lang) })
      : t('portal.delegation.noEnd');
  const given = list.data?.given ?? [];
  const received = list.data?.received ?? [];
  return (
    <section aria-labelledby={`${id}-h`} className="mb-4">
      <h2 id={`${id}-h`} className="h4">
        {t('portal.delegation.title')}
      </h2>
      <p>{t('portal.delegation.lead')}</p>
      <ErrorAlert error={list.error ?? act.error ?? revoke.error} />
      <h3 className="h5">{t('portal.delegation.given')}</h3>
      {list.isSuccess && given.length === 0 && <p>{t('portal.delegation.noneGiven')}</p>}
      <ul className="list-unstyled">
        {given.map((d) => (
          <li key={d.id} className="d-flex flex-wrap align-items-center gap-2 mb-2">
            <span className="font-monospace">{d.delegateFiscalCode}</span>
            <span>
              · {until(d)} ·{' '}
              {d.declaredRole
                ? t(d.declaredRole === 'parent' ? 'portal.minor.givenParent' : 'portal.minor.givenGuardian')
                : t(d.channel === 'desk' ? 'portal.delegation.atDesk' : 'portal.delegation.online')}
            </span>
            {/* A parent's declaration is not the minor's to end: the CUP desk ends a false one. */}
            {!d.declaredRole && (
              <button
                type="button"
                className="btn btn-outline-danger btn-sm"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(d)}
              >
                {t('portal.delegation.revoke')}{' '}
                <span className="visually-hidden">{d.delegateFiscalCode}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <GrantForm />
      <h3 className="h5 mt-4">{t('portal.delegation.received')}</h3>
      {list.isSuccess && received.length === 0 && <p>{t('portal.delegation.noneReceived')}</p>}
      <ul className="list-unstyled">
        {received.map((d) => {
          const name = `${d.delegator?.givenName ?? ''} ${d.delegator?.familyName ?? ''}`.trim();
          return (
            <li key={d.id} className="d-flex flex-wrap align-items-center gap-2 mb-2">
              <span className="fw-semibold">{name}</span>
              <span>
                · {until(d)}
                {d.declaredRole &&
                  ` · ${t(d.declaredRole === 'parent' ? 'portal.minor.asParent' : 'portal.minor.asGuardian')}`}
              </span>
              <button
                type="button"
                className="btn btn-primary btn-sm"
                disabled={act.isPending}
                onClick={() => act.mutate(d.id)}
              >
                {t('portal.delegation.actFor', { name })}
              </button>
              <button
                type="button"
                className="btn btn-outline-secondary btn-sm"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(d)}
              >
                {t('portal.delegation.giveUp')} <span className="visually-hidden">{name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <MinorDeclaration />
    </section>
  );
}

function GrantForm() {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [fiscalCode, setFiscalCode] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const grant = useMutation({
    mutationFn: () => personal.grant(fiscalCode.trim(), validUntil || null),
    onSuccess: (d) => {
      setFiscalCode('');
      setValidUntil('');
      announce(t('portal.delegation.granted', { code: d.delegateFiscalCode ?? '' }));
      return client.invalidateQueries({ queryKey: ['portal', 'delegations'] });
    },
  });
  const cfError = fieldError(grant.error, 'fiscalCode');
  const untilError = fieldError(grant.error, 'validUntil');
  return (
    <form
      noValidate
      className="border rounded p-3"
      aria-labelledby={`${id}-t`}
      onSubmit={(e) => {
        e.preventDefault();
        grant.mutate();
      }}
    >
      <p id={`${id}-t`} className="fw-semibold">
        {t('portal.delegation.new')}
      </p>
      <CodeField
        id={`${id}-cf`}
        label={t('portal.delegation.fiscalCode')}
        hint={t('portal.delegation.fiscalCodeHint')}
        value={fiscalCode}
        onChange={setFiscalCode}
        maxLength={16}
        error={cfError}
      />
      <div className="form-group">
        <label htmlFor={`${id}-until`} className="active">
          {t('portal.delegation.validUntil')}
        </label>
        <input
          id={`${id}-until`}
          type="date"
          className="form-control"
          min={romeToday()}
          value={validUntil}
          aria-describedby={`${id}-until-hint ${id}-until-error`}
          aria-invalid={untilError ? true : undefined}
          onChange={(e) => setValidUntil(e.target.value)}
        />
        <small id={`${id}-until-hint`} className="form-text">
          {t('portal.delegation.validUntilHint')}
        </small>
        <FieldError id={`${id}-until-error`} error={untilError} />
      </div>
      <ErrorAlert
        error={cfError || untilError ? null : grant.error}
        messages={{ 'FORBIDDEN:minor': 'portal.delegation.minorCannot' }}
      />
      <button type="submit" className="btn btn-primary" disabled={grant.isPending || !fiscalCode.trim()}>
        {t('portal.delegation.grant')}
      </button>
    </form>
  );
}

/** Acting for a delegator (an id) or, with null, back to one's own area: every view of the area reloads. */
export function useActing() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (delegationId: string | null) => personal.actFor(delegationId),
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal'] }),
  });
}

function useRevoke() {
  const { t } = useI18n();
  const client = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (d: Delegation) => personal.revoke(d.id),
    onSuccess: () => {
      announce(t('portal.delegation.ended'));
      return client.invalidateQueries({ queryKey: ['portal', 'delegations'] });
    },
  });
}

/** Said on every view of the area while a delegate acts for its person, with the way back. */
export function ActingBanner({ area }: { area: PersonalArea }) {
  const { t, lang } = useI18n();
  const a = area.actingAs;
  if (!a) return null;
  return (
    <div className="alert alert-info" role="status">
      <p className="mb-2">
        {t(
          a.declaredRole === 'parent'
            ? 'portal.minor.actingParent'
            : a.declaredRole === 'guardian'
              ? 'portal.minor.actingGuardian'
              : 'portal.delegation.acting',
          {
            delegate: `${a.givenName} ${a.familyName}`,
            person: `${area.person.givenName} ${area.person.familyName}`,
          },
        )}{' '}
        {a.validUntil
          ? t('portal.delegation.until', { date: formatCalendarDate(a.validUntil, lang) })
          : t('portal.delegation.noEnd')}
      </p>
      <BackToOwnArea />
    </div>
  );
}

/** Back to the delegate's own area: the way out of acting for someone, also once the delegation ended. */
export function BackToOwnArea() {
  const { t } = useI18n();
  const back = useActing();
  return (
    <>
      <button
        type="button"
        className="btn btn-outline-primary btn-sm"
        disabled={back.isPending}
        onClick={() => back.mutate(null)}
      >
        {t('portal.delegation.back')}
      </button>
      <ErrorAlert error={back.error} className="mt-2" />
    </>
  );
}
