import type { ReactNode } from 'react';

/**
 * The TodoMVC frame for the pages that are not the list itself (starting, signed
 * out, start-up failure): the main landmark, the card and its "todos" heading.
 */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <main>
      <section className="todoapp">
        <header className="header">
          <h1>todos</h1>
        </header>
        {children}
      </section>
    </main>
  );
}
