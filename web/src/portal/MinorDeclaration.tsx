import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  ErrorAlert,
  type ErrorMessages,
  FieldError,
  fieldError,
  useAnnounce,
} from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate } from '../lib/format.ts';
import { personal } from './api.ts';
import { CodeField } from './CodeField.tsx';

/** The server's refusals in words a parent understands (by code and field). */
const MESSAGES: ErrorMessages = {
  'INVALID_FIELD:declaration': 'portal.minor.error.declaration',
  'INVALID_FIELD:fiscalCode': 'portal.minor.error.fiscalCode',
  'INVALID_FIELD:nre': 'portal.minor.error.nre',
  NOT_FOUND: 'portal.minor.error.noMatch',
  FORBIDDEN: 'portal.minor.error.forbidden',
};

/**
 * A parent or guardian declares their role for a minor (DPR 445/2000) and proves the minor's fiscal code
 * with one of the minor's prescriptions (NRE); the minor then appears among "for whom you may act" until
 * the day before their 18th birthday.
 */
export function MinorDeclaration() {
  const { t, lang } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [fiscalCode, setFiscalCode] = useState('');
  const [nre, setNre] = useState('');
  const [role, setRole] = useState<'parent' | 'guardian'>('parent');
  const [declaration, setDeclaration] = useState(false);
  const declare = useMutation({
    mutationFn: () =>
      personal.declareForMinor({ fiscalCode: fiscalCode.trim(), nre: nre.trim(), role, declaration }),
    onSuccess: (d) => {
      setFiscalCode('');
      setNre('');
      setDeclaration(false);
      announce(
        t('portal.minor.done', {
          date: d.validUntil ? formatCalendarDate(d.validUntil, lang) : '',
        }),
      );
      return client.invalidateQueries({ queryKey: ['portal', 'delegations'] });
    },
  });
  const cfError = fieldError(declare.error, 'fiscalCode');
  const nreError = fieldError(declare.error, 'nre');
  const declarationError = fieldError(declare.error, 'declaration');
  const roleText = t(
    role === 'parent' ? 'portal.minor.declarationParent' : 'portal.minor.declarationGuardian',
  );
  return (
    <form
      noValidate
      className="border rounded p-3 mt-3"
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-lead`}
      onSubmit={(e) => {
        e.preventDefault();
        declare.mutate();
      }}
    >
      <h3 id={`${id}-t`} className="h5">
        {t('portal.minor.title')}
      </h3>
      <p id={`${id}-lead`}>{t('portal.minor.lead')}</p>
      <fieldset className="mb-3">
        <legend className="fs-6 fw-semibold">{t('portal.minor.role')}</legend>
        {(['parent', 'guardian'] as const).map((r) => (
          <div className="form-check" key={r}>
            <input
              id={`${id}-role-${r}`}
              type="radio"
              name={`${id}-role`}
              className="form-check-input"
              checked={role === r}
              onChange={() => setRole(r)}
            />
            <label htmlFor={`${id}-role-${r}`} className="form-check-label">
              {t(r === 'parent' ? 'portal.minor.parent' : 'portal.minor.guardian')}
            </label>
          </div>
        ))}
      </fieldset>
      <CodeField
        id={`${id}-cf`}
        label={t('portal.minor.fiscalCode')}
        value={fiscalCode}
        onChange={setFiscalCode}
        maxLength={16}
        error={cfError}
        messages={MESSAGES}
      />
      <CodeField
        id={`${id}-nre`}
        label={t('portal.minor.nre')}
        hint={t('portal.minor.nreHint')}
        value={nre}
        onChange={setNre}
        maxLength={15}
        error={nreError}
        messages={MESSAGES}
      />
      <div className="form-check mb-3">
        <input
          id={`${id}-declaration`}
          type="checkbox"
          className="form-check-input"
          checked={declaration}
          aria-describedby={`${id}-declaration-error`}
          aria-invalid={declarationError ? true : undefined}
          onChange={(e) => setDeclaration(e.target.checked)}
        />
        <label htmlFor={`${id}-declaration`} className="form-check-label">
          {t('portal.minor.declaration', { role: roleText })}
        </label>
        <FieldError id={`${id}-declaration-error`} error={declarationError} messages={MESSAGES} />
      </div>
      <ErrorAlert
        error={cfError || nreError || declarationError ? null : declare.error}
        messages={MESSAGES}
      />
      <button
        type="submit"
        className="btn btn-primary"
        disabled={declare.isPending || !fiscalCode.trim() || !nre.trim()}
      >
        {t('portal.minor.submit')}
      </button>
    </form>
  );
}
