// The demo users of API.md §6, created through the pool's own API so they are exactly what a
// Cognito admin would create: a shopper (an adult with a US address) and one user per staff group.
// Idempotent: existing groups and users are kept, never duplicated. Passwords are generated per
// data dir on the first start and kept in <dataDir>/demo-users.json (mode 0600), for this local
// sandbox only; each start sets them again so outputs.json always holds working credentials.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient,
  CreateGroupCommand, GroupExistsException, UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { localClientConfig } from '../aws/client-config.ts';
import { generatePassword } from './passwords.ts';

export const STAFF_GROUPS = ['support', 'finance', 'warehouse', 'delivery', 'catalog'] as const;
export type DemoRole = 'shopper' | (typeof STAFF_GROUPS)[number];
export type DemoUsers = Record<DemoRole, { username: string; password: string }>;

export interface SeedOptions {
  /** The identity service's endpoint (startIdentity's `endpoint`). */
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly dataDir: string;
  readonly region: string;
}

const GROUP_DESCRIPTIONS: Record<(typeof STAFF_GROUPS)[number], string> = {
  support: 'Customer support: reads and cancels orders, requests refunds',
  finance: 'Finance: decides refunds at or above the approval threshold',
  warehouse: 'Warehouse: packs orders, restocks products',
  delivery: 'Delivery: reports carrier tracking events',
  catalog: 'Catalogue editors: create and change products',
};

const ROLES: readonly DemoRole[] = ['shopper', ...STAFF_GROUPS];

function attributesOf(role: DemoRole): AttributeType[] {
  const email = [{ Name: 'email', Value: `${role}@bigsmokes.example` }, { Name: 'email_verified', Value: 'true' }];
  if (role !== 'shopper') return [...email, { Name: 'name', Value: `Demo ${role}` }];
  return [
    ...email,
    { Name: 'given_name', Value: 'Sam' },
    { Name: 'family_name', Value: 'Shopper' },
    { Name: 'birthdate', Value: '1985-04-12' },
    { Name: 'address', Value: '350 Fifth Avenue, New York, NY 10118, US' },
    { Name: 'custom:country', Value: 'US' },
  ];
}

async function demoPasswords(dataDir: string): Promise<Record<DemoRole, string>> {
  const file = path.join(dataDir, 'demo-users.json');
  let stored: Partial<Record<DemoRole, string>> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<DemoRole, string>>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const passwords = Object.fromEntries(ROLES.map((role) => [role, stored[role] ?? generatePassword()])) as Record<DemoRole, string>;
  if (ROLES.some((role) => stored[role] === undefined)) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(passwords, null, 2), { mode: 0o600 });
    await rename(temp, file);
  }
  return passwords;
}

async function ignoring<E extends Error>(kind: abstract new (...args: never[]) => E, work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof kind)) throw error;
  }
}

export async function seedDemoUsers(options: SeedOptions): Promise<DemoUsers> {
  const passwords = await demoPasswords(options.dataDir);
  const cognito = new CognitoIdentityProviderClient(localClientConfig(options.endpoint, options.region));
  const UserPoolId = options.userPoolId;
  try {
    for (const [precedence, group] of STAFF_GROUPS.entries()) {
      await ignoring(GroupExistsException, cognito.send(new CreateGroupCommand({
        UserPoolId, GroupName: group, Description: GROUP_DESCRIPTIONS[group], Precedence: precedence + 1,
      })));
    }
    for (const role of ROLES) {
      await ignoring(UsernameExistsException, cognito.send(new AdminCreateUserCommand({
        UserPoolId, Username: role, UserAttributes: attributesOf(role), MessageAction: 'SUPPRESS',
      })));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: role, Password: passwords[role], Permanent: true }));
      if (role !== 'shopper') await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: role, GroupName: role }));
    }
  } finally {
    cognito.destroy();
  }
  return Object.fromEntries(ROLES.map((role) => [role, { username: role, password: passwords[role] }])) as DemoUsers;
}
