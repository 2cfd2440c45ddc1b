import { useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useArticles } from './api.ts';

/**
 * HD-7: the sheets a request's words point to (any of them), beside a ticket and in the console. Each
 * opens on the knowledge page, in a new tab so the work in progress stays.
 */
export function SuggestedSheets({ words }: { words: string }) {
  const { t } = useI18n();
  const id = useId();
  // Typed words are looked up once the typing pauses, not at every key.
  const [settled, setSettled] = useState(words);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(words), 400);
    return () => clearTimeout(timer);
  }, [words]);
  const enough =
    settled
      .trim()
      .split(/\s+/)
      .filter((w) => w.length > 2).length >= 2;
  const found = useArticles({ q: settled.slice(0, 2000), match: 'any', limit: 3 }, enough);
  const list = enough ? (found.data?.articles ?? []) : [];
  if (list.length === 0) return null;
  return (
    <aside className="border rounded p-2 mb-3" aria-labelledby={`${id}-h`} data-testid="suggested-sheets">
      <h3 id={`${id}-h`} className="h6 mb-1">
        {t('knowledge.suggested')}
      </h3>
      <ul className="list-unstyled mb-0 small">
        {list.map((a) => (
          <li key={a.id} className="mb-1">
            <a href={`/schede?scheda=${encodeURIComponent(a.id)}`} target="_blank" rel="noreferrer">
              {a.title}
            </a>
            <span className="d-block text-muted">{a.snippet}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
