// The staff console: one app whose sections open by the ID token's cognito:groups, plus an
// overview for everyone on staff and the orders index for support and finance. Someone with no
// staff group (a shopper) gets a refusal and no data; the API refuses them too.
import { html, nothing, type TemplateResult } from 'lit-html';
import { state, type Page } from '../../app.ts';
import { href } from '../../router.ts';
import { staffSections, type Session, type StaffGroup } from '../../session.ts';

export type ConsoleSection = StaffGroup | 'overview' | 'orders';

export const SECTION_TITLES: Record<ConsoleSection, string> = {
  overview: 'Overview', orders: 'Orders', support: 'Support', finance: 'Finance', warehouse: 'Warehouse', delivery: 'Delivery', catalog: 'Catalogue',
};

/** Groups that may use the orders index (searchOrders) and the staff order page. */
export const ORDER_READERS: StaffGroup[] = ['support', 'finance'];

export function consoleSections(session: Session | undefined): ConsoleSection[] {
  const groups = staffSections(session);
  if (groups.length === 0) return [];
  const orders = groups.some((g) => ORDER_READERS.includes(g)) ? ['orders' as const] : [];
  return ['overview', ...orders, ...groups];
}

function tabs(current: ConsoleSection, sections: ConsoleSection[]): TemplateResult {
  return html`<nav aria-label="Console sections" class="tabs"><ul>
    ${sections.map((s) => html`<li><a href=${href(`/console/${s}`)} aria-current=${s === current ? 'page' : nothing}>${SECTION_TITLES[s]}</a></li>`)}
  </ul></nav>`;
}

/** Wraps a section's page with the console's guard and tabs. */
export function consolePage(section: ConsoleSection | undefined, open: (section: ConsoleSection) => Page): Page {
  const sections = consoleSections(state.session);
  if (!state.session) {
    return { title: 'Staff console', view: () => html`<h1 tabindex="-1">Staff console</h1>
      <p><a href=${href(`/signin?next=/console${section ? `/${section}` : ''}`)}>Sign in</a> with your staff account.</p>` };
  }
  const chosen = section ?? sections[0];
  if (!chosen || !sections.includes(chosen)) {
    const name = chosen && chosen in SECTION_TITLES ? SECTION_TITLES[chosen] : undefined;
    return { title: 'Staff only', view: () => html`<h1 tabindex="-1">Staff only</h1>
      ${html`<div class="notice notice-error" role="alert">This console is for BigSmokes staff. ${sections.length
        ? `Your account has no access to ${name ?? 'that page'}.` : 'Your account has no access to it.'}</div>`}
      <p><a href=${href(sections.length ? '/console' : '/')}>${sections.length ? 'Back to the console' : 'Back to the shop'}</a></p>` };
  }
  const inner = open(chosen);
  return {
    title: `${inner.title} · Console`,
    leave: inner.leave,
    view: () => html`<div class="console">${tabs(chosen, sections)}${inner.view()}</div>`,
  };
}
