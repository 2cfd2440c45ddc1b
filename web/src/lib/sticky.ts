import { type RefObject, useEffect } from 'react';

/**
 * Publishes a sticky element's height as --cc-sticky-height on the document, kept current as it
 * grows or shrinks, so that the page's scroll padding keeps focused and scrolled-to content below
 * it (WCAG 2.4.11) whatever it holds: a state line, a transfer form, a log-off notice.
 */
export function useStickyHeight(ref: RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    const el = ref.current;
    const root = document.documentElement;
    if (!el || !active) return;
    const publish = () =>
      root.style.setProperty('--cc-sticky-height', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    publish();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(publish);
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      root.style.removeProperty('--cc-sticky-height');
    };
  }, [ref, active]);
}
