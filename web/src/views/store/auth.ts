// Sign in, and sign up with a birthdate (the ID token's birthdate is what checkout's age check
// reads) followed by the emailed confirmation code (locally: printed in the identity service's log).
import { html } from 'lit-html';
import { refreshSession, flash, update, type Page } from '../../app.ts';
import { verifyAge } from '../../age.ts';
import { currentRoute, href, navigate } from '../../router.ts';
import { confirmRegistration, describeAuthError, register, signInWithPassword } from '../../session.ts';
import { formValues, notice } from '../../ui.ts';

function nextPath(): string {
  const next = currentRoute().query.get('next');
  return next && next.startsWith('/') ? next : '/';
}

async function finishSignIn(username: string, password: string): Promise<string | undefined> {
  const step = await signInWithPassword(username, password);
  if (step !== 'DONE') return `Sign-in needs another step (${step}).`;
  await refreshSession();
  navigate(nextPath());
  return undefined;
}

export function signInPage(): Page {
  let error: string | undefined;
  let busy = false;
  const submit = async (event: Event) => {
    const v = formValues(event);
    busy = true; error = undefined; update();
    try {
      error = await finishSignIn(v.username ?? '', v.password ?? '');
    } catch (e) {
      error = describeAuthError(e);
    }
    busy = false; update();
  };
  return {
    title: 'Sign in',
    view: () => html`
      <h1 tabindex="-1">Sign in</h1>
      <form class="narrow" @submit=${submit}>
        <div class="field"><label for="username">Email or username</label><input id="username" name="username" autocomplete="username" required></div>
        <div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
        ${notice('error', error)}
        <button class="button" type="submit" ?disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p>New here? <a href=${href(`/signup?next=${nextPath()}`)}>Create an account</a>.</p>`,
  };
}

export function signUpPage(): Page {
  let error: string | undefined;
  let busy = false;
  let pending: { email: string; password: string } | undefined;

  const submit = async (event: Event) => {
    const v = formValues(event);
    error = undefined;
    const age = verifyAge(v.birthdate ?? '');
    if (age !== 'ok') {
      error = age === 'invalid' ? 'Enter your date of birth.' : 'You must be 21 or over to shop with us.';
      update();
      return;
    }
    busy = true; update();
    try {
      const step = await register(v.email ?? '', v.password ?? '', v.birthdate ?? '');
      if (step === 'DONE') error = await finishSignIn(v.email ?? '', v.password ?? '');
      else pending = { email: v.email ?? '', password: v.password ?? '' };
    } catch (e) {
      error = describeAuthError(e);
    }
    busy = false; update();
  };

  const confirm = async (event: Event) => {
    const v = formValues(event);
    if (!pending) return;
    busy = true; error = undefined; update();
    try {
      await confirmRegistration(pending.email, v.code ?? '');
      flash('success', 'Welcome to BigSmokes! Your account is ready.');
      error = await finishSignIn(pending.email, pending.password);
    } catch (e) {
      error = describeAuthError(e);
    }
    busy = false; update();
  };

  return {
    title: 'Create an account',
    view: () => pending ? html`
      <h1 tabindex="-1">Confirm your email</h1>
      <p>We sent a confirmation code to <strong>${pending.email}</strong>.</p>
      <form class="narrow" @submit=${confirm}>
        <div class="field"><label for="code">Confirmation code</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required></div>
        ${notice('error', error)}
        <button class="button" type="submit" ?disabled=${busy}>Confirm</button>
      </form>` : html`
      <h1 tabindex="-1">Create an account</h1>
      <form class="narrow" @submit=${submit}>
        <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required></div>
        <div class="field"><label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required aria-describedby="password-hint">
          <p class="hint" id="password-hint">At least 8 characters with upper and lower case letters, a number and a symbol.</p></div>
        <div class="field"><label for="birthdate">Date of birth</label>
          <input id="birthdate" name="birthdate" type="date" autocomplete="bday" required aria-describedby="birthdate-hint">
          <p class="hint" id="birthdate-hint">You must be 21 or over. It cannot be changed later.</p></div>
        ${notice('error', error)}
        <button class="button" type="submit" ?disabled=${busy}>${busy ? 'Creating…' : 'Create account'}</button>
      </form>
      <p>Already have an account? <a href=${href(`/signin?next=${nextPath()}`)}>Sign in</a>.</p>`,
  };
}
