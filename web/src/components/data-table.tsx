import type { ComponentChildren } from 'preact';

/** A column heading; numbers are right-aligned so that counts line up. */
export type Column = string | { readonly label: string; readonly number: true };

export interface DataTableProps {
  readonly class: string;
  readonly columns: readonly Column[];
  /** Names the table for screen readers (a hidden caption). */
  readonly caption?: string;
  /** Makes the scrolling wrapper a named region that takes keyboard focus, for tables wide enough to scroll. */
  readonly region?: string;
  /** The rows. */
  readonly children: ComponentChildren;
}

/** The table every list of the dashboard uses: scrolls inside its own box on a narrow screen, headings on top. */
export function DataTable({ class: className, columns, caption, region, children }: DataTableProps) {
  const regionProps = region ? ({ tabIndex: 0, role: 'region', 'aria-label': region } as const) : {};
  return (
    <div class="table-wrap" {...regionProps}>
      <table class={className}>
        {caption && <caption class="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) =>
              typeof column === 'string' ? (
                <th key={index} scope="col">
                  {column}
                </th>
              ) : (
                <th key={index} scope="col" class="number">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
