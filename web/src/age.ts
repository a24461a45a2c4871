// The age gate at entry (tobacco: 21 in the US). Passing it is remembered on this device only;
// the binding check is the server's, against the ID token's birthdate, at checkout.
import { ageOn, parseBirthdate } from '../../tasks/orders/age.ts';

export const LEGAL_AGE_US = 21;
const KEY = 'bigsmokes.ageVerified';

export function ageVerified(): boolean {
  return localStorage.getItem(KEY) === 'yes';
}

/** True when the birthdate is valid and at least the legal age today; remembers a pass. */
export function verifyAge(birthdate: string, today = new Date()): 'ok' | 'under-age' | 'invalid' {
  const birth = parseBirthdate(birthdate);
  if (!birth || Date.UTC(birth.year, birth.month - 1, birth.day) > today.getTime()) return 'invalid';
  if (ageOn(birth, today) < LEGAL_AGE_US) return 'under-age';
  localStorage.setItem(KEY, 'yes');
  return 'ok';
}
