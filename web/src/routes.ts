// Which page a hash route opens. Storefront pages sit behind the age gate.
import { html } from 'lit-html';
import type { Page } from './app.ts';
import { ageVerified } from './age.ts';
import type { Route } from './router.ts';
import { ageGatePage } from './views/age-gate.ts';
import { catalogEdit, catalogList } from './views/console/catalog.ts';
import { consolePage, type ConsoleSection } from './views/console/console.ts';
import { deliveryPage } from './views/console/delivery.ts';
import { overviewPage } from './views/console/overview.ts';
import { ordersIndex, staffOrder } from './views/console/orders.ts';
import { financePage } from './views/console/finance.ts';
import { supportExecution, supportHome } from './views/console/support.ts';
import { warehousePage } from './views/console/warehouse.ts';
import { signInPage, signUpPage } from './views/store/auth.ts';
import { cartPage } from './views/store/cart.ts';
import { cataloguePage } from './views/store/catalogue.ts';
import { checkoutPage } from './views/store/checkout.ts';
import { orderPage } from './views/store/order.ts';
import { ordersPage } from './views/store/orders.ts';
import { productPage } from './views/store/product.ts';

function consoleRoute([section, kind, id]: string[]): Page {
  // The support order page's old address opens the staff order page.
  const chosen = (section === 'support' && kind === 'order' ? 'orders' : section) as ConsoleSection | undefined;
  return consolePage(chosen, (open) => {
    switch (open) {
      case 'overview': return overviewPage();
      case 'orders':
        if (section === 'support' && id) return staffOrder(id);
        return kind ? staffOrder(kind) : ordersIndex();
      case 'support':
        if (kind === 'execution' && id) return supportExecution(id);
        return supportHome();
      case 'finance': return financePage();
      case 'warehouse': return warehousePage();
      case 'delivery': return deliveryPage();
      case 'catalog': return kind ? catalogEdit(kind === 'new' ? undefined : kind) : catalogList();
    }
  });
}

function storePage([first, second]: string[]): Page {
  switch (first) {
    case undefined: return cataloguePage();
    case 'product': return second ? productPage(second) : cataloguePage();
    case 'cart': return cartPage();
    case 'checkout': return checkoutPage();
    case 'orders': return second ? orderPage(second) : ordersPage();
    case 'signin': return signInPage();
    case 'signup': return signUpPage();
    default: return { title: 'Not found', view: () => html`<h1 tabindex="-1">Page not found</h1><p><a href="#/">Back to the shop</a></p>` };
  }
}

export function resolve(route: Route, reload: () => void): Page {
  const [first, ...rest] = route.parts;
  if (first === 'console') return consoleRoute(rest);
  const page = storePage(route.parts);
  return page.gated && !ageVerified() ? ageGatePage(reload) : page;
}
