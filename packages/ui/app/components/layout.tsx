// Small building blocks every view uses: sections, key-value lists, loading and error states, timestamps.
import type { ComponentChildren } from 'preact';
import { formatTime } from '../lib/format';
import { Link } from '../router';

export function Section({ title, children, actions, id }: { title: string; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section class="card" aria-labelledby={headingId} id={id}>
      <header class="card-header">
        <h2 id={headingId}>{title}</h2>
        {actions && <div class="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export type KeyValue = [label: string, value: ComponentChildren];

export function KeyValues({ items, label, wide }: { items: KeyValue[]; label?: string; wide?: boolean }) {
  return (
    <dl class={wide ? 'kv wide' : 'kv'} aria-label={label}>
      {items
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => (
          <div class="kv-row" key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function ErrorMessage({ error, title }: { error: Error; title?: string }) {
  return (
    <div class="error" role="alert">
      {title && <strong>{title}: </strong>}
      {error.message}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted empty">{children}</p>;
}

export function Time({ iso }: { iso: string | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(iso)}
    </time>
  );
}

/** "Workflows / order-1": the way back to the list a page belongs to. */
export function Breadcrumbs({ parent, href, current }: { parent: string; href: string; current: string }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumbs">
      <Link href={href}>{parent}</Link> <span aria-hidden="true">/</span> <span class="mono">{current}</span>
    </nav>
  );
}

/** What an action did, announced to screen readers, until dismissed. */
export function Notice({ message, onDismiss }: { message: string | undefined; onDismiss(): void }) {
  if (!message) return null;
  return (
    <div class="notice" role="status">
      {message}
      <button type="button" class="link-button" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

/** A table's column headings. */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col" key={c}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
