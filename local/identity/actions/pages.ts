// Cognito's list pagination: at most `limit` items from where the opaque NextToken points, and a
// NextToken while more remain.
import { ServiceError } from '../../aws/service-error.ts';

export function pageOf<T>(items: readonly T[], limit: number, nextToken: string | undefined): { page: T[]; next?: string } {
  const start = nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new ServiceError('InvalidParameterException', 'Invalid pagination token.');
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { page, next: Buffer.from(String(start + limit)).toString('base64url') } : { page };
}
