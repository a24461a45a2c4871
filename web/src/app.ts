// The app shell: shared state, the layout (skip link, header, nav, main, footer) and the render
// loop. Pages are plain functions of state rendered with lit-html; any change calls update().
import { html, render, nothing, type TemplateResult } from 'lit-html';
import { cartCount } from './cart.ts';
import { currentRoute, href, type Route } from './router.ts';
import { currentSession, leave, staffSections, type Session } from './session.ts';
import { bindToasts, toastRegion } from './toast.ts';
import { notice } from './ui.ts';

export interface Page {
  title: string;
  view(): TemplateResult;
  /** Storefront pages sit behind the age gate; the console and sign-in do not. */
  gated?: boolean;
  leave?(): void;
}

export const state: { session?: Session; flash?: { kind: 'success' | 'info' | 'error'; text: string } } = {};

let resolvePage: (route: Route) => Page = () => ({ title: 'BigSmokes', view: () => html`` });
let page: Page | undefined;
let pageFlash: typeof state.flash;
let root: HTMLElement;

export function update(): void {
  if (!page) return;
  render(layout(page), root);
}

/** Shows a message on the next page (after a redirect). */
export function flash(kind: 'success' | 'info' | 'error', text: string): void {
  state.flash = { kind, text };
}

export async function refreshSession(force = false): Promise<void> {
  state.session = await currentSession(force);
  update();
}

async function signOut(): Promise<void> {
  await leave();
  state.session = undefined;
  location.hash = '/';
}

function layout(current: Page): TemplateResult {
  const session = state.session;
  const count = cartCount();
  const staff = staffSections(session).length > 0;
  const path = currentRoute().path;
  const active = (prefix: string) => (prefix === '/' ? path === '/' || path.startsWith('/product') : path.startsWith(prefix)) ? 'page' : nothing;
  return html`
    <a class="skip-link" href="#main" @click=${(e: Event) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
    <header class="site-header">
      <a class="brand" href=${href('/')} aria-label="BigSmokes home"><span aria-hidden="true">◆</span> BigSmokes</a>
      <nav aria-label="Main">
        <ul>
          <li><a href=${href('/')} aria-current=${active('/')}>Shop</a></li>
          <li><a href=${href('/cart')} aria-current=${active('/cart')}>Cart <span class="count" aria-label="${count} items">${count}</span></a></li>
          ${session ? html`<li><a href=${href('/orders')} aria-current=${active('/orders')}>My orders</a></li>` : nothing}
          ${staff ? html`<li><a href=${href('/console')} aria-current=${active('/console')}>Console</a></li>` : nothing}
          ${session
            ? html`<li><button class="link-button" type="button" @click=${signOut}>Sign out <span class="visually-hidden">${session.username}</span></button></li>`
            : html`<li><a href=${href('/signin')} aria-current=${active('/signin')}>Sign in</a></li>`}
        </ul>
      </nav>
    </header>
    <main id="main" tabindex="-1">
      ${pageFlash ? notice(pageFlash.kind, pageFlash.text) : nothing}
      ${current.view()}
    </main>
    ${toastRegion()}
    <footer class="site-footer">
      <p><strong>Warning:</strong> cigar smoking can cause cancers of the mouth and throat, even if you do not inhale.</p>
      <p>Sales to adults 21 and over only. Sandbox store: no real payments.</p>
    </footer>`;
}

function show(): void {
  page?.leave?.();
  pageFlash = state.flash;
  state.flash = undefined;
  page = resolvePage(currentRoute());
  document.title = `${page.title} · BigSmokes`;
  update();
  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  requestAnimationFrame(() => (document.querySelector('main h1') as HTMLElement | null)?.focus({ preventScroll: false }));
}

export function start(element: HTMLElement, resolver: (route: Route) => Page): void {
  root = element;
  bindToasts(update);
  root.replaceChildren(); // drop the static loading shell before lit-html takes over
  resolvePage = resolver;
  window.addEventListener('hashchange', show);
  window.addEventListener('storage', update);
  show();
}
