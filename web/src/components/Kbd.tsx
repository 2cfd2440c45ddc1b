import { useI18n } from '../i18n/i18n.tsx';

/** A shortcut shown next to what it does: "Alt+C". */
export function Kbd({ keys }: { keys: string }) {
  const { t } = useI18n();
  return (
    <span className="shortcut-hint">
      <span className="visually-hidden">{t('shortcut.prefix')}</span>{' '}
      {keys.split('+').map((k, i) => (
        <span key={k}>
          {i > 0 && '+'}
          <kbd>{k}</kbd>
        </span>
      ))}
    </span>
  );
}
