// Who is signed in, from the ID token: username, birthdate and the cognito:groups that open the
// staff console's sections. Sign-in uses USER_PASSWORD_AUTH, which the app client allows.
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';

export const STAFF_GROUPS = ['support', 'finance', 'warehouse', 'delivery', 'catalog'] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export interface Session {
  userId: string;
  username: string;
  email?: string;
  birthdate?: string;
  groups: string[];
}

export async function currentSession(forceRefresh = false): Promise<Session | undefined> {
  try {
    const { tokens } = await fetchAuthSession({ forceRefresh });
    const claims = tokens?.idToken?.payload;
    if (!claims) return undefined;
    const groups = claims['cognito:groups'];
    return {
      userId: String(claims.sub),
      username: String(claims['cognito:username'] ?? claims.email ?? claims.sub),
      email: typeof claims.email === 'string' ? claims.email : undefined,
      birthdate: typeof claims.birthdate === 'string' ? claims.birthdate : undefined,
      groups: Array.isArray(groups) ? groups.map(String) : [],
    };
  } catch {
    return undefined;
  }
}

export function staffSections(session: Session | undefined): StaffGroup[] {
  return STAFF_GROUPS.filter((group) => session?.groups.includes(group));
}

/** Signs in; returns the next step when Cognito asks for more (e.g. CONFIRM_SIGN_UP). */
export async function signInWithPassword(username: string, password: string): Promise<string> {
  const result = await signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  return result.nextStep.signInStep;
}

export async function register(email: string, password: string, birthdate: string): Promise<string> {
  const result = await signUp({ username: email, password, options: { userAttributes: { email, birthdate } } });
  return result.nextStep.signUpStep;
}

export async function confirmRegistration(email: string, code: string): Promise<void> {
  await confirmSignUp({ username: email, confirmationCode: code });
}

export async function leave(): Promise<void> {
  await signOut();
}

/** Cognito errors carry their exception name; people get a sentence. */
export function describeAuthError(error: unknown): string {
  const { name, message } = error as { name?: string; message?: string };
  switch (name) {
    case 'NotAuthorizedException': return 'Incorrect email or password.';
    case 'UserNotFoundException': return 'Incorrect email or password.';
    case 'UsernameExistsException': return 'An account with this email already exists. Sign in instead.';
    case 'InvalidPasswordException': return `Choose a stronger password: ${message ?? ''}`.trim();
    case 'CodeMismatchException': return 'That confirmation code is not right. Check it and try again.';
    case 'ExpiredCodeException': return 'That confirmation code has expired.';
    case 'UserNotConfirmedException': return 'Confirm your account with the code we sent before signing in.';
    case 'UserAlreadyAuthenticatedException': return 'You are already signed in.';
    default: return message ?? 'Something went wrong. Please try again.';
  }
}
