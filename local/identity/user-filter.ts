// ListUsers' Filter: `name = "value"` (exact) or `name ^= "value"` (prefix) over the searchable
// attributes listed in API_ListUsers.html ("Filter"); an empty filter lists everyone.
import { ServiceError } from '../aws/service-error.ts';
import type { UserRecord } from './store.ts';

const SEARCHABLE = ['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username',
  'cognito:user_status', 'status', 'sub'];

function valueOf(user: UserRecord, attribute: string): string | undefined {
  if (attribute === 'username') return user.username;
  if (attribute === 'cognito:user_status') return user.status;
  if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
  return user.attributes[attribute];
}

export function parseUserFilter(filter: string): (user: UserRecord) => boolean {
  if (filter.trim() === '') return () => true;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match || !SEARCHABLE.includes(match[1])) throw new ServiceError('InvalidParameterException', 'Error while parsing filter.');
  const [, attribute, operator, raw] = match;
  const wanted = raw.replace(/\\(.)/g, '$1');
  // Usernames are case-insensitive in this pool; attribute values compare as stored.
  const fold = attribute === 'username' ? (s: string): string => s.toLowerCase() : (s: string): string => s;
  return (user) => {
    const value = valueOf(user, attribute);
    if (value === undefined) return false;
    return operator === '=' ? fold(value) === fold(wanted) : fold(value).startsWith(fold(wanted));
  };
}
