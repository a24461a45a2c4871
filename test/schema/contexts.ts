// The contexts AppSync hands the platform's resolvers and functions on a real request: Cognito
// user pool identities (the shopper and each staff group), the API's environment variables, `info`
// for the field, and what each data source returns (DynamoDB items, the HTTP data source's
// { statusCode, headers, body } from Step Functions, a Lambda's payload). Shapes follow
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html and
// https://docs.aws.amazon.com/appsync/latest/devguide/http-function-reference-js.html.

export const ACCOUNT = '000000000000';
const machine = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;

/** ctx.env as CDK and the local runtime set it (schema/resolver-map.ts `environment`). */
export const env = {
  HOME_REGION: 'us-east-1',
  INVENTORY_TABLE: 'bigsmokes-inventory',
  REFUNDS_TABLE: 'bigsmokes-refunds',
  CHECKOUT_STATE_MACHINE_ARN: machine('bigsmokes-checkout'),
  FULFILMENT_STATE_MACHINE_ARN: `${machine('bigsmokes-fulfilment')}:live`,
  REFUND_STATE_MACHINE_ARN: `${machine('bigsmokes-refund')}:live`,
};

export interface CognitoIdentity {
  sub: string;
  username: string;
  groups: string[];
  claims: Record<string, unknown>;
  issuer: string;
  sourceIp: string[];
  defaultAuthStrategy: 'ALLOW';
}

const issuer = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bigsmokes';

/** A user pool identity as AppSync builds it from a verified ID token. */
export function cognito(sub: string, username: string, groups: string[] = [], extraClaims: Record<string, unknown> = {}): CognitoIdentity {
  return {
    sub, username, groups, issuer, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW',
    claims: { sub, 'cognito:username': username, 'cognito:groups': groups, token_use: 'id', iss: issuer, ...extraClaims },
  };
}

export const shopper = cognito('user-ana', 'ana', [], { birthdate: '1990-04-12' });
export const otherShopper = cognito('user-bo', 'bo', [], { birthdate: '1985-09-30' });
export const support = cognito('staff-sam', 'sam', ['support']);
export const finance = cognito('staff-fay', 'fay', ['finance']);
export const warehouse = cognito('staff-wes', 'wes', ['warehouse']);
export const delivery = cognito('staff-dan', 'dan', ['delivery']);
export const catalog = cognito('staff-cat', 'cat', ['catalog']);

/** ctx.info for a field (no selection needed by these resolvers). */
export function info(parentTypeName: string, fieldName: string) {
  return { parentTypeName, fieldName, variables: {}, selectionSetList: ['id'], selectionSetGraphQL: '{ id }' };
}

const at = '2026-11-20T10:00:00.000Z';

/** An order item as Checkout stores it in the Orders table. */
export function order(status: string, overrides: Record<string, unknown> = {}) {
  return {
    id: 'ord-1', userId: shopper.sub, status, createdAt: at, updatedAt: at,
    items: [{ productId: 'prod-cuban', name: 'Cohiba Siglo VI', quantity: 2, unitPrice: { amount: 4500, currency: 'USD' } }],
    total: { amount: 9000, currency: 'USD' },
    deliveryAddress: { name: 'Ana Lima', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
    history: [{ status: 'PLACED', at, note: 'Order placed' }],
    ...overrides,
  };
}

/** The Refunds table's refund record. */
export function refund(status: string, overrides: Record<string, unknown> = {}) {
  return {
    pk: 'REFUND#ref-1', sk: 'REFUND', recordType: 'REFUND', id: 'ref-1', orderId: 'ord-1',
    amount: { amount: 4500, currency: 'USD' }, reason: 'Box arrived crushed', status, requestedBy: shopper.sub,
    items: [{ productId: 'prod-cuban', quantity: 1 }], steps: [], createdAt: at, updatedAt: at,
    ...overrides,
  };
}

export const product = {
  id: 'prod-cuban', name: 'Cohiba Siglo VI', brand: 'Cohiba', category: 'cigars', description: null,
  price: { amount: 4500, currency: 'USD' }, imageUrl: null, onSale: true, attributes: null, updatedAt: at,
};

/** What the HTTP data source puts in ctx.result for a Step Functions (awsJson1_0) answer. */
export function http(statusCode: number, body: unknown) {
  return { statusCode, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' }, body: JSON.stringify(body) };
}

/** A DynamoDB data source error as AppSync exposes it in ctx.error. */
export function ddbError(type: string, message: string) {
  return { type: `DynamoDB:${type}`, message };
}
