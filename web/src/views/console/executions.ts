// Step Functions executions as support reads them: status, failure (error and cause), redrive.
import { html, nothing } from 'lit-html';
import type { ExecutionSummary } from '../../api/types.ts';
import { formatDate } from '../../format.ts';
import { href } from '../../router.ts';
import { statusBadge } from '../../ui.ts';

/** A Lambda task's cause is its error JSON ({errorMessage, errorType, trace}): show the message, keep the rest at hand. */
function failure(f: { error?: string | null; cause?: string | null }) {
  let message = f.cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // A plain-text cause is shown as it is.
  }
  return html`<strong class="mono">${f.error ?? ''}</strong><div class="cause">${message}</div>
    ${f.cause && message !== f.cause ? html`<details class="cause"><summary>Full cause</summary><pre class="detail">${f.cause}</pre></details>` : nothing}`;
}

export function executionTable(executions: ExecutionSummary[], redrive: (arn: string) => void, busy: boolean, caption: string) {
  if (executions.length === 0) return html`<p>No executions.</p>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="table">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Execution</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Error and cause</th><th scope="col">Actions</th></tr></thead>
    <tbody>${executions.map((e) => html`<tr>
      <td><a href=${href(`/console/support/execution/${encodeURIComponent(e.executionArn)}`)} class="mono">${e.name}</a>
        <div class="muted small">${e.stateMachineArn.split(':').pop()}</div></td>
      <td>${statusBadge(e.status)}${e.redriveCount ? html`<div class="muted small">redriven ${e.redriveCount}×</div>` : nothing}</td>
      <td><time datetime=${e.startDate}>${formatDate(e.startDate)}</time></td>
      <td>${e.failure ? failure(e.failure) : nothing}</td>
      <td>${e.status === 'FAILED' || e.status === 'TIMED_OUT' || e.status === 'ABORTED'
        ? html`<button type="button" class="button" ?disabled=${busy} @click=${() => redrive(e.executionArn)}>Redrive <span class="visually-hidden">${e.name}</span></button>`
        : nothing}</td>
    </tr>`)}</tbody>
  </table></div>`;
}
