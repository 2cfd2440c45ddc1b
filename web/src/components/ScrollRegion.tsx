import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a narrow screen: the region is reachable by keyboard (WCAG 2.1.1,
 * axe's scrollable-region-focusable), and named for screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled by keyboard
    <section className="table-responsive" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
