// HandBackStock's writes, as DynamoDB receives them (the integration test, test/regions/hand-back.test.ts,
// runs them against the local runtime). The fence is a condition expression naming the owner and
// the epoch replaced: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
import '../helpers/env.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, lambdaContext, resetMocks } from '../helpers/mocks.ts';
import { handler } from '../../../tasks/regions/hand-back-stock.ts';

// The tests run as us-east-1 (helpers/env.ts), the adopter of eu-west-1's rows.
const returned = 'eu-west-1';
const row = (productId: string, available: number, reserved: number) => ({
  pk: `PRODUCT#${productId}`, sk: `REGION#${returned}`, productId, region: returned, available, reserved,
  ownerRegion: 'us-east-1', ownerEpoch: 1, adoptedFrom: returned,
});
const reservation = (orderId: string, productId: string, quantity: number, ownerRegion?: string) => ({
  pk: `ORDER#${orderId}`, sk: 'RESERVATION', orderId, region: returned, status: 'RESERVED', items: [{ productId, quantity }], updatedAt: 't',
  ...(ownerRegion !== undefined && { ownerRegion }),
});
const rowsScan = { FilterExpression: 'sk = :row AND ownerRegion = :me' };
const reservationsScan = { FilterExpression: 'sk = :reservation AND #status = :reserved AND #region = :returned' };

beforeEach(() => {
  resetMocks();
  documents.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, number> }) => ({
    Attributes: { available: 10 - input.ExpressionAttributeValues[':late']!, reserved: input.ExpressionAttributeValues[':late'] },
  }));
});

test('hands each adopted row back at the next epoch, conditional on the owner and epoch it replaces, counts untouched', async () => {
  documents.on(ScanCommand, rowsScan).resolves({ Items: [row('a', 10, 0)] });
  documents.on(ScanCommand, reservationsScan).resolves({ Items: [] });
  await expect(handler({ returnedRegion: returned, executionId: 'x-1' }, lambdaContext)).resolves.toEqual({
    returnedRegion: returned, adopter: 'us-east-1', kept: [], contested: [],
    handedBack: [{ productId: 'a', epoch: 2, available: 10, reserved: 0, lateReserved: 0 }],
  });
  expect(documents).toHaveReceivedCommandWith(UpdateCommand, {
    Key: { pk: 'PRODUCT#a', sk: `REGION#${returned}` },
    ConditionExpression: 'ownerRegion = :me AND ownerEpoch = :epoch AND available >= :late',
    ExpressionAttributeValues: expect.objectContaining({ ':back': returned, ':next': 2, ':epoch': 1, ':me': 'us-east-1', ':late': 0 }),
  });
});

test('keeps a row an adopted reservation still holds, folds a late one of the returned region, and hands back the rest', async () => {
  documents.on(ScanCommand, rowsScan).resolves({ Items: [row('held', 10, 2), row('late', 10, 0)] });
  documents.on(ScanCommand, reservationsScan).resolves({ Items: [
    reservation('adopted', 'held', 2, 'us-east-1'),
    // No adoption stamp: its record arrived after the adoption; no order was stored, so it is the returned region's.
    reservation('cut-off', 'late', 3),
  ] });
  documents.on(GetCommand).resolves({});
  const result = await handler({ returnedRegion: returned, executionId: 'x-2' }, lambdaContext);
  expect(result).toMatchObject({ kept: [{ productId: 'held', orders: ['adopted'] }], handedBack: [{ productId: 'late', lateReserved: 3, available: 7, reserved: 3 }] });
  expect(documents).toHaveReceivedCommandTimes(UpdateCommand, 1);
  expect(documents).toHaveReceivedCommandWith(GetCommand, { TableName: 'bigsmokes-orders', Key: { id: 'cut-off' } });
});

test('a late reservation whose order this region adopted is this region\'s to settle: its row is kept', async () => {
  documents.on(ScanCommand, rowsScan).resolves({ Items: [row('a', 10, 0)] });
  documents.on(ScanCommand, reservationsScan).resolves({ Items: [reservation('adopted-late', 'a', 1)] });
  documents.on(GetCommand).resolves({ Item: { homeRegion: 'us-east-1' } });
  await expect(handler({ returnedRegion: returned, executionId: 'x-3' }, lambdaContext))
    .resolves.toMatchObject({ kept: [{ productId: 'a', orders: ['adopted-late'] }], handedBack: [] });
  expect(documents).not.toHaveReceivedCommand(UpdateCommand);
});

test('a row whose owner or epoch changed since it was read is reported as contested, not overwritten', async () => {
  documents.on(ScanCommand, rowsScan).resolves({ Items: [row('a', 10, 0)] });
  documents.on(ScanCommand, reservationsScan).resolves({ Items: [] });
  documents.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
  await expect(handler({ returnedRegion: returned, executionId: 'x-4' }, lambdaContext)).resolves.toMatchObject({ handedBack: [], contested: ['a'] });
});

test('nothing adopted: nothing read beyond the rows, nothing written', async () => {
  documents.on(ScanCommand, rowsScan).resolves({ Items: [] });
  await expect(handler({ returnedRegion: returned, executionId: 'x-5' }, lambdaContext)).resolves.toEqual({
    returnedRegion: returned, adopter: 'us-east-1', handedBack: [], kept: [], contested: [],
  });
  expect(documents).toHaveReceivedCommandTimes(ScanCommand, 1);
});

test('a region cannot hand stock back to itself', async () => {
  await expect(handler({ returnedRegion: 'us-east-1', executionId: 'x-6' }, lambdaContext)).rejects.toMatchObject({ name: 'ValidationError' });
  expect(documents).not.toHaveReceivedCommand(ScanCommand);
});
