// Entry point: load /outputs.json, configure Amplify, restore the session, start the router.
import './styles.css';
import { html, render } from 'lit-html';
import { refreshSession, start } from './app.ts';
import { configureAmplify, loadOutputs } from './config.ts';
import { useLocalRealtime } from './local-realtime.ts';
import { currentRoute, navigate } from './router.ts';
import { resolve } from './routes.ts';

const root = document.getElementById('app') as HTMLElement;

async function boot(): Promise<void> {
  try {
    const outputs = await loadOutputs();
    useLocalRealtime(outputs);
    configureAmplify(outputs);
  } catch (error) {
    render(html`<main id="main"><h1>BigSmokes is unavailable</h1>
      <div class="notice notice-error" role="alert">The shop could not load its configuration: ${(error as Error).message}</div></main>`, root);
    return;
  }
  await refreshSession();
  start(root, (route) => resolve(route, () => navigate(currentRoute().path)));
}

void boot();
