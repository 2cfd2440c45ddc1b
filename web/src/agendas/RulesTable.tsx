import { FieldError, fieldError } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatNumber } from '../lib/format.ts';
import { nextRule, placesOfRule, placesPerWeek, WEEKDAYS, type WeeklyRule } from './rules.ts';

const CLASSES = ['U', 'B', 'D', 'P'] as const;

/** The agenda's weekly rules, one row each: day, hours, slot length, capacity, reserved class. */
export function RulesTable({
  id,
  rules,
  onChange,
  error,
}: {
  id: string;
  rules: WeeklyRule[];
  onChange: (rules: WeeklyRule[]) => void;
  error: unknown;
}) {
  const { t, lang } = useI18n();
  const set = (i: number, patch: Partial<WeeklyRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const invalid = (i: number, f: string) => fieldError(error, `rules.${i}.${f}`);
  const cell = (i: number, f: string) => {
    const e = invalid(i, f);
    return {
      'aria-invalid': !!e,
      'aria-describedby': e ? `${id}-r${i}-${f}-err` : undefined,
    };
  };
  return (
    <fieldset className="mb-3">
      <legend className="h5">{t('agendaEdit.rules')}</legend>
      <p className="small text-muted">{t('agendaEdit.rules.help')}</p>
      <div className="table-responsive">
        <table className="table table-sm align-middle agenda-rules">
          <thead>
            <tr>
              <th scope="col">{t('agendaEdit.rule.weekday')}</th>
              <th scope="col">{t('agendaEdit.rule.start')}</th>
              <th scope="col">{t('agendaEdit.rule.end')}</th>
              <th scope="col">{t('agendaEdit.rule.minutes')}</th>
              <th scope="col">{t('agendaEdit.rule.capacity')}</th>
              <th scope="col">{t('agendaEdit.rule.reserved')}</th>
              <th scope="col" className="text-end">
                {t('agendaEdit.rule.places')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('agendaEdit.rule.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => {
              const n = i + 1;
              const label = (what: string) => t('agendaEdit.rule.label', { what, n });
              const errors = [
                'weekday',
                'startTime',
                'endTime',
                'slotMinutes',
                'capacity',
                'reservedPriority',
              ];
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                <tr key={i} data-rule={n}>
                  <td>
                    <select
                      className="form-select form-select-sm"
                      aria-label={label(t('agendaEdit.rule.weekday'))}
                      value={r.weekday}
                      onChange={(e) => set(i, { weekday: Number(e.target.value) })}
                      {...cell(i, 'weekday')}
                    >
                      {WEEKDAYS.map((d) => (
                        <option key={d} value={d}>
                          {t(`agendaEdit.weekday.${d}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="time"
                      className="form-control form-control-sm"
                      aria-label={label(t('agendaEdit.rule.start'))}
                      value={r.startTime}
                      required
                      onChange={(e) => set(i, { startTime: e.target.value })}
                      {...cell(i, 'startTime')}
                    />
                  </td>
                  <td>
                    <input
                      type="time"
                      className="form-control form-control-sm"
                      aria-label={label(t('agendaEdit.rule.end'))}
                      value={r.endTime}
                      required
                      onChange={(e) => set(i, { endTime: e.target.value })}
                      {...cell(i, 'endTime')}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      className="form-control form-control-sm"
                      aria-label={label(t('agendaEdit.rule.minutes'))}
                      min={5}
                      max={480}
                      value={r.slotMinutes}
                      required
                      onChange={(e) => set(i, { slotMinutes: Number(e.target.value) })}
                      {...cell(i, 'slotMinutes')}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      className="form-control form-control-sm"
                      aria-label={label(t('agendaEdit.rule.capacity'))}
                      min={1}
                      max={100}
                      value={r.capacity}
                      required
                      onChange={(e) => set(i, { capacity: Number(e.target.value) })}
                      {...cell(i, 'capacity')}
                    />
                  </td>
                  <td>
                    <select
                      className="form-select form-select-sm"
                      aria-label={label(t('agendaEdit.rule.reserved'))}
                      value={r.reservedPriority ?? ''}
                      onChange={(e) =>
                        set(i, {
                          reservedPriority: (e.target.value || null) as WeeklyRule['reservedPriority'],
                        })
                      }
                      {...cell(i, 'reservedPriority')}
                    >
                      <option value="">{t('agendaEdit.rule.anyClass')}</option>
                      {CLASSES.map((c) => (
                        <option key={c} value={c}>
                          {t(`priority.${c}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="text-end small">{formatNumber(placesOfRule(r), lang)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-outline-danger btn-sm"
                      disabled={rules.length === 1}
                      aria-label={t('agendaEdit.rule.remove', { n })}
                      onClick={() => onChange(rules.filter((_, j) => j !== i))}
                    >
                      {t('agendaEdit.rule.removeShort')}
                    </button>
                    {errors.map((f) => (
                      <FieldError key={f} id={`${id}-r${i}-${f}-err`} error={invalid(i, f)} />
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="d-flex flex-wrap align-items-center gap-3">
        <button
          type="button"
          className="btn btn-outline-primary btn-sm"
          onClick={() => onChange([...rules, nextRule(rules)])}
        >
          {t('agendaEdit.rule.add')}
        </button>
        <span className="small" data-testid="places-per-week">
          {t('agendaEdit.placesPerWeek', { places: formatNumber(placesPerWeek(rules), lang) })}
        </span>
      </div>
      <FieldError id={`${id}-rules-err`} error={fieldError(error, 'rules')} />
    </fieldset>
  );
}
