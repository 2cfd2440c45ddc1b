import { type ErrorMessages, FieldError } from '../components/feedback.tsx';

/**
 * A code the citizen types — a fiscal code, an NRE, a booking code: shown in capitals, never spell-checked
 * or autofilled, with its hint and the server's refusal of it beside it (`id` names the input; the hint
 * and the error are `${id}-hint` and `${id}-error`).
 */
export function CodeField({
  id,
  label,
  hint,
  value,
  onChange,
  maxLength,
  error,
  messages,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  /** The error of this field, if any (`fieldError`). */
  error: unknown;
  messages?: ErrorMessages;
}) {
  return (
    <div className="form-group">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        id={id}
        className="form-control text-uppercase"
        autoComplete="off"
        spellCheck={false}
        maxLength={maxLength}
        required
        value={value}
        aria-describedby={hint ? `${id}-hint ${id}-error` : `${id}-error`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <small id={`${id}-hint`} className="form-text">
          {hint}
        </small>
      )}
      <FieldError id={`${id}-error`} error={error} {...(messages ? { messages } : {})} />
    </div>
  );
}
