import { useI18n } from '../i18n/i18n.tsx';
import type { Lang } from '../lib/format.ts';

const LANGS: { lang: Lang; label: string }[] = [
  { lang: 'it', label: 'Italiano' },
  { lang: 'en', label: 'English' },
];

/** Two toggle buttons; each language's name is spoken in that language. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset className="lang-switch d-flex align-items-center gap-1 m-0 p-0 border-0">
      <legend className="visually-hidden">{t('shell.language')}</legend>
      {LANGS.map((l) => (
        <button
          key={l.lang}
          type="button"
          lang={l.lang}
          aria-pressed={lang === l.lang}
          className="btn btn-sm lang-btn"
          onClick={() => setLang(l.lang)}
        >
          {l.label}
        </button>
      ))}
    </fieldset>
  );
}
