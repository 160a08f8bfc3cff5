// One navigation group of the sidebar (the queues, the cases, the outbox), named by its heading.
import type { ReactNode } from 'react';

export function SidebarSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <nav className="sidebar-section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </nav>
  );
}
