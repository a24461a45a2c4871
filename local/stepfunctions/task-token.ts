// Task tokens: opaque to clients, but they carry the execution they belong to so a malformed
// token is told apart (InvalidToken) from one whose task is gone (TaskDoesNotExist).
import { randomUUID } from 'node:crypto';

export function newTaskToken(executionArn: string): string {
  return Buffer.from(JSON.stringify({ v: 1, x: executionArn, t: randomUUID() })).toString('base64url');
}

export function parseTaskToken(token: string): { executionArn: string } | undefined {
  if (!/^[A-Za-z0-9_-]{20,2048}$/.test(token)) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; x?: unknown };
    return decoded.v === 1 && typeof decoded.x === 'string' ? { executionArn: decoded.x } : undefined;
  } catch {
    return undefined;
  }
}
