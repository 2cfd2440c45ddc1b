import { FieldError } from '../components/feedback.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';

/**
 * A labelled decimal input: typed as text so that "88,5" and "88.5" both work (parsed in forms.ts); its
 * hint and its error are tied to it with aria-describedby, and it is aria-invalid while wrong.
 */
export function DecimalField({
  id,
  label,
  hint,
  unit,
  value,
  onChange,
  error,
  serverError,
  required = false,
  className = 'col-sm-6 col-lg-4',
}: {
  id: string;
  label: string;
  hint?: string;
  unit?: string;
  value: string;
  onChange: (value: string) => void;
  error?: MessageKey | undefined;
  serverError?: unknown;
  required?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  const described = [hint && `${id}-hint`, (error || serverError) && `${id}-error`].filter(Boolean).join(' ');
  const invalid = !!(error || serverError);
  return (
    <div className={className}>
      <label htmlFor={id} className="form-label fw-semibold">
        {label}
        {required && <span className="visually-hidden"> ({t('planning.requiredField')})</span>}
      </label>
      <div className={unit ? 'input-group' : undefined}>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          className={`form-control${invalid ? ' is-invalid' : ''}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          aria-describedby={described || undefined}
        />
        {unit && (
          <span className="input-group-text" aria-hidden="true">
            {unit}
          </span>
        )}
      </div>
      {hint && (
        <div id={`${id}-hint`} className="form-text">
          {hint}
        </div>
      )}
      {error ? (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {t(error)}
        </div>
      ) : (
        <FieldError id={`${id}-error`} error={serverError} />
      )}
    </div>
  );
}

/** A labelled select of fixed choices. */
export function SelectField<V extends string | number>({
  id,
  label,
  value,
  options,
  onChange,
  hint,
  className = 'col-sm-6 col-lg-4',
}: {
  id: string;
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  hint?: string;
  className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="form-label fw-semibold">
        {label}
      </label>
      <select
        id={id}
        className="form-select"
        value={String(value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <div id={`${id}-hint`} className="form-text">
          {hint}
        </div>
      )}
    </div>
  );
}
