// The staff console: one app whose sections open by the ID token's cognito:groups. Someone with
// no staff group (a shopper) gets a refusal and no data; the API refuses them too.
import { html, nothing, type TemplateResult } from 'lit-html';
import { state, type Page } from '../../app.ts';
import { href } from '../../router.ts';
import { staffSections, type StaffGroup } from '../../session.ts';

export const SECTION_TITLES: Record<StaffGroup, string> = {
  support: 'Support', finance: 'Finance', warehouse: 'Warehouse', catalog: 'Catalogue',
};

function tabs(current: StaffGroup, sections: StaffGroup[]): TemplateResult {
  return html`<nav aria-label="Console sections" class="tabs"><ul>
    ${sections.map((s) => html`<li><a href=${href(`/console/${s}`)} aria-current=${s === current ? 'page' : nothing}>${SECTION_TITLES[s]}</a></li>`)}
  </ul></nav>`;
}

/** Wraps a section's page with the console's guard and tabs. */
export function consolePage(section: StaffGroup | undefined, open: (section: StaffGroup) => Page): Page {
  const sections = staffSections(state.session);
  if (!state.session) {
    return { title: 'Staff console', view: () => html`<h1 tabindex="-1">Staff console</h1>
      <p><a href=${href(`/signin?next=/console${section ? `/${section}` : ''}`)}>Sign in</a> with your staff account.</p>` };
  }
  const chosen = section ?? sections[0];
  if (!chosen || !sections.includes(chosen)) {
    return { title: 'Staff only', view: () => html`<h1 tabindex="-1">Staff only</h1>
      ${html`<div class="notice notice-error" role="alert">This console is for BigSmokes staff. Your account has no access to ${chosen ? SECTION_TITLES[chosen] : 'it'}.</div>`}
      <p><a href=${href('/')}>Back to the shop</a></p>` };
  }
  const inner = open(chosen);
  return {
    title: `${inner.title} · Console`,
    leave: inner.leave,
    view: () => html`<div class="console">${tabs(chosen, sections)}${inner.view()}</div>`,
  };
}
