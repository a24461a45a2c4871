// Checks on a task's input: the workflows build it, so a bad one is a bug or a forged start, and
// gets a ValidationError naming the field rather than a TypeError deep inside the task.
import { ValidationError } from './errors.ts';

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`${field} must be a non-empty string`);
  return value;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(`${field} must be an object`);
  return value as Record<string, unknown>;
}
