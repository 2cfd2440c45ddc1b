import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useTicketMacros } from './api.ts';

/** HD-2: an answer template of the ticket's queue, its values in, dropped into the answer to edit. */
export function MacroPicker({ ticketId, onPick }: { ticketId: string; onPick: (text: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const macros = useTicketMacros(ticketId).data?.macros ?? [];
  if (macros.length === 0) return null;
  return (
    <div className="mb-2" style={{ maxWidth: '28rem' }}>
      <label htmlFor={id} className="form-label small mb-0">
        {t('helpdesk.macro')}
      </label>
      <select
        id={id}
        className="form-select form-select-sm"
        value=""
        onChange={(e) => {
          const m = macros.find((x) => x.id === e.target.value);
          if (m) onPick(m.text ?? m.body);
        }}
      >
        <option value="">{t('helpdesk.macroChoose')}</option>
        {macros.map((m) => (
          <option key={m.id} value={m.id}>
            {m.title}
          </option>
        ))}
      </select>
    </div>
  );
}
