import { useI18n } from '../i18n/i18n.tsx';

/**
 * The place above a page's figures for the loading line and then the simulation notice (the demo's and
 * training's case): one slot, so that the page does not move down under the pointer when the answer comes.
 */
export function SimulatedNotice({ pending, simulated }: { pending: boolean; simulated: boolean }) {
  const { t } = useI18n();
  if (pending)
    return (
      <div className="alert alert-light" role="status">
        {t('common.loading')}
      </div>
    );
  if (!simulated) return null;
  return (
    <div className="alert alert-warning" role="note">
      <em>{t('messages.simulated')}</em>
    </div>
  );
}
