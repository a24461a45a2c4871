// Transitions per order come from the ASL files: each route's billed transitions are the states it
// enters ("Step Functions counts a state transition each time a step of your workflow is executed",
// https://aws.amazon.com/step-functions/pricing/), and the model's monthly transitions are the
// executions of each route times its transitions.
import fs from 'node:fs';
import path from 'node:path';
import { AslRouteError, sagaRoutes, weightedRoutes, type AslDefinition } from '../../cost/asl-paths.ts';
import type { Measured, TrafficProfile } from '../../cost/inputs.ts';
import { trafficOf, workflowRoutes } from '../../cost/traffic.ts';

const root = path.resolve(import.meta.dirname, '../..');
const asl = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'workflows', `${name}.asl.json`), 'utf8')) as AslDefinition;
const read = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;

it('walks each saga path of the ASL files, naming the branches it takes', () => {
  const checkout = sagaRoutes(asl('checkout'));
  expect(checkout[0]).toMatchObject({ key: '', states: ['ValidateOrder', 'PlacedElsewhere', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'StartFulfilment', 'Placed'], transitions: 7,
    tasks: ['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder'], starts: ['Fulfilment'] });
  expect(checkout.find((r) => r.key === 'catch@AuthorisePayment:0')).toMatchObject({
    states: ['ValidateOrder', 'PlacedElsewhere', 'ReserveStock', 'AuthorisePayment', 'VoidPayment', 'ReleaseStock', 'CheckoutFailed'], transitions: 7, starts: [] });

  const fulfilment = sagaRoutes(asl('fulfilment'));
  expect(fulfilment[0].states).toEqual(['ResumeAt', 'RequestPacking', 'MarkPacked', 'CapturePayment', 'BookCapture', 'BookShipment', 'DispatchStock', 'AwaitDelivery', 'MarkDelivered', 'Delivered']);
  expect(fulfilment.find((r) => r.key === 'catch@RequestPacking:1 choice@WasCancelled:0')!.states)
    .toEqual(['ResumeAt', 'RequestPacking', 'VoidPayment', 'ReleaseStock', 'WasCancelled', 'Compensated']);

  const refund = sagaRoutes(asl('refund'));
  expect(refund[0].states).toEqual(['ResumeAt', 'CheckRefund', 'NeedsApproval', 'RefundPayment', 'Restock', 'WriteLedger', 'UpdateOrder', 'FinishRefund']);
  expect(refund.find((r) => r.key === 'choice@NeedsApproval:0 choice@Approved:0')!.transitions).toBe(11);
  // Every route ends at an end state, and no two routes are the same.
  for (const routes of [checkout, fulfilment, refund]) {
    expect(new Set(routes.map((r) => r.key)).size).toBe(routes.length);
  }
});

it('counts a state added to a definition on every route through it', () => {
  const definition = asl('refund');
  const before = sagaRoutes(definition);
  const withAudit: AslDefinition = { ...definition, States: { ...definition.States,
    WriteLedger: { ...definition.States.WriteLedger, Next: 'Audit' }, Audit: { Type: 'Pass', Next: 'UpdateOrder' } } };
  const after = sagaRoutes(withAudit);
  for (const route of before) {
    const same = after.find((r) => r.key === route.key)!;
    // Only a route that leaves WriteLedger by its Next (not by a Catch) enters the new state.
    const at = route.states.indexOf('WriteLedger');
    expect(same.transitions).toBe(route.transitions + (at >= 0 && route.states[at + 1] === 'UpdateOrder' ? 1 : 0));
  }
});

it('bills each month the transitions of the routes the profile names, in the shares it gives', () => {
  const profile = read<TrafficProfile>('profiles/launch.json');
  const measured = read<Measured>('bench/results/operations.json');
  const routes = workflowRoutes(path.join(root, 'workflows'));
  const traffic = trafficOf(profile, routes, measured);
  const us = traffic.regions['us-east-1'];
  const orders = profile.ordersPerMonth * profile.regionShare['us-east-1'];
  const expected = (name: string, executions: number) => weightedRoutes(name, routes[name], profile.routes[name])
    .reduce((sum, { route, share }) => sum + executions * share * route.transitions, 0);
  // Fulfilment runs for each checkout whose route starts it; Refund per refund request.
  const startsFulfilment = weightedRoutes('checkout', routes.checkout, profile.routes.checkout)
    .reduce((sum, { route, share }) => sum + (route.starts.includes('Fulfilment') ? share : 0), 0);
  expect(us.workflows.fulfilment.executions).toBeCloseTo(orders * startsFulfilment, 6);
  expect(us.workflows.fulfilment.transitions).toBeCloseTo(expected('fulfilment', orders * startsFulfilment), 6);
  expect(us.workflows.refund.transitions).toBeCloseTo(expected('refund', orders * profile.refundsPerOrder), 6);
  // With only main routes, a delivered order is 10 Fulfilment transitions; a refund 8 (each starts
  // at ResumeAt, the Choice that lets an adopted order resume mid-saga).
  const plain = trafficOf({ ...profile, routes: {} }, routes, measured).regions['us-east-1'];
  expect(plain.workflows.fulfilment.transitions / plain.workflows.fulfilment.executions).toBe(10);
  expect(plain.workflows.refund.transitions / plain.workflows.refund.executions).toBe(8);
});

it('refuses a profile naming a route the ASL does not have', () => {
  expect(() => weightedRoutes('refund', sagaRoutes(asl('refund')), { 'catch@Nowhere:0': 0.1 })).toThrow(AslRouteError);
  expect(() => weightedRoutes('refund', sagaRoutes(asl('refund')), { 'catch@CheckRefund:0': 0.7, 'catch@RefundPayment:0': 0.7 })).toThrow('more than 1');
});
