import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A page: its title in the tab (WCAG 2.4.2) and an h1 that takes the focus when the page opens, so that
 * keyboard and screen-reader users start at the top of the new content.
 */
export function Page({
  title,
  children,
  actions,
  focusHeading = true,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  focusHeading?: boolean;
}) {
  const { t } = useI18n();
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (focusHeading) h1.current?.focus();
  }, [focusHeading]);
  return (
    <>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
        <h1 ref={h1} tabIndex={-1} className="h2 mb-0 page-title">
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </>
  );
}
