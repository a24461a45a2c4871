// The age gate at the shop's door: date of birth, 21 or over (US).
import { html } from 'lit-html';
import { update, type Page } from '../app.ts';
import { LEGAL_AGE_US, verifyAge } from '../age.ts';
import { formValues, notice } from '../ui.ts';

export function ageGatePage(onPass: () => void): Page {
  let error: string | undefined;
  let refused = false;
  const submit = (event: Event) => {
    const result = verifyAge(formValues(event).birthdate ?? '');
    if (result === 'ok') return onPass();
    refused = result === 'under-age';
    error = refused ? undefined : 'Enter a valid date of birth.';
    update();
  };
  return {
    title: 'Are you 21 or over?',
    view: () => refused ? html`
      <section class="gate">
        <h1 tabindex="-1">Sorry, you cannot enter</h1>
        <p>BigSmokes sells tobacco products to adults aged ${LEGAL_AGE_US} and over only.</p>
      </section>` : html`
      <section class="gate">
        <h1 tabindex="-1">Are you ${LEGAL_AGE_US} or over?</h1>
        <p>This shop sells tobacco products. Please confirm your age to enter.</p>
        <form @submit=${submit}>
          <div class="field"><label for="gate-birthdate">Date of birth</label>
            <input id="gate-birthdate" name="birthdate" type="date" autocomplete="bday" required></div>
          ${notice('error', error)}
          <button class="button button-large" type="submit">Enter the shop</button>
        </form>
      </section>`,
  };
}
