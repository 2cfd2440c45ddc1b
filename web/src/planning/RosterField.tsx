import { useState } from 'react';
import { FilePicker } from '../components/FilePicker.tsx';
import { FieldError } from '../components/feedback.tsx';
import { type MessageKey, type Translate, useI18n } from '../i18n/i18n.tsx';
import { parseRoster, type RosterFile } from './forms.ts';
import type { RosterBand, Weekday } from './types.ts';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The roster of a staffing plan from a JSON file (the same file `sportello plan --roster` reads): a
 * labelled file input, its hint and errors tied to it, and the bands it loaded listed in words, so that the
 * planner sees what will be planned before computing.
 */
export function RosterField({
  id,
  value,
  onChange,
  error,
  serverError,
}: {
  id: string;
  value: RosterFile | null;
  onChange: (roster: RosterFile | null) => void;
  error?: MessageKey | undefined;
  serverError?: unknown;
}) {
  const { t } = useI18n();
  const [fileError, setFileError] = useState<MessageKey | null>(null);
  const shown = fileError ?? error;
  const invalid = !!(shown || serverError);
  const described = [`${id}-hint`, invalid && `${id}-error`, value && `${id}-loaded`]
    .filter(Boolean)
    .join(' ');

  const read = async ([file]: File[]) => {
    if (!file) return;
    let text: string;
    try {
      text = await textOf(file);
    } catch {
      setFileError('planning.error.rosterRead');
      onChange(null);
      return;
    }
    const parsed = parseRoster(text);
    if (!parsed.ok) {
      setFileError(parsed.error);
      onChange(null);
      return;
    }
    setFileError(null);
    onChange({ name: file.name, bands: parsed.bands });
  };

  return (
    <div className="col-lg-8">
      <p id={`${id}-title`} className="form-label fw-semibold mb-1">
        {t('planning.staffing.rosterFile')}
        <span className="visually-hidden"> ({t('planning.requiredField')})</span>
      </p>
      <FilePicker
        id={id}
        labelledBy={`${id}-title`}
        describedBy={described}
        accept="application/json,.json"
        invalid={invalid}
        files={value ? [{ name: value.name }] : []}
        onFiles={read}
      />
      <div id={`${id}-hint`} className="form-text">
        {t('planning.staffing.rosterHint')}
      </div>
      {shown ? (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {t(shown)}
        </div>
      ) : (
        <FieldError id={`${id}-error`} error={serverError} />
      )}
      {value && (
        <div id={`${id}-loaded`} className="mt-2" data-testid="roster-loaded">
          <p className="mb-1">
            {t('planning.staffing.rosterLoaded', { name: value.name, bands: value.bands.length })}
          </p>
          <ul className="small mb-0">
            {value.bands.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a file's bands have no identity but their place
              <li key={i}>{bandText(b, t)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** A file's text through FileReader, which every browser (and jsdom) has. */
function textOf(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** "08:00–14:00: 12 agents (mon, tue)"; a day the server will refuse is shown as written. */
function bandText(b: RosterBand, t: Translate): string {
  const days = Array.isArray(b.weekdays)
    ? b.weekdays.map((d) => (WEEKDAYS.includes(d) ? t(`planning.weekday.${d}`) : String(d))).join(', ')
    : t('planning.staffing.everyDay');
  return t('planning.staffing.band', { from: b.from, to: b.to, agents: b.agents, days });
}
