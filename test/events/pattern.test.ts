// Event-pattern semantics against the examples of the EventBridge user guide:
// "Amazon EventBridge event patterns" (eb-event-patterns.html), "Comparison operators for use in event
// patterns" (eb-create-pattern-operators.html), "Arrays in event patterns" (eb-event-patterns-arrays.html),
// "Matching null values and empty strings" (eb-event-patterns-null-values.html),
// all under https://docs.aws.amazon.com/eventbridge/latest/userguide/.
import { compilePattern } from '../../local/events/pattern.ts';
import { ServiceError } from '../../local/aws/service-error.ts';

// The EC2 example event of eb-event-patterns.html.
const ec2 = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const withDetail = (detail: Record<string, unknown>) => ({ ...ec2, detail });
const matches = (pattern: Record<string, unknown>, event: unknown): boolean => compilePattern(pattern)(event);

describe('structure (eb-event-patterns.html)', () => {
  it('matches the guide\'s EC2 termination pattern: fields ANDed, values ORed', () => {
    const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };
    expect(matches(pattern, ec2)).toBe(true);
    expect(matches(pattern, withDetail({ state: 'running' }))).toBe(false);
    expect(matches({ ...pattern, detail: { state: ['running', 'terminated'] } }, ec2)).toBe(true);
    expect(matches({ ...pattern, source: ['aws.s3'] }, ec2)).toBe(false);
  });

  it('matches case-sensitively, character for character', () => {
    expect(matches({ detail: { state: ['Terminated'] } }, ec2)).toBe(false);
  });

  it('requires the pattern\'s nesting: a missing or scalar intermediate field does not match a value', () => {
    expect(matches({ detail: { nested: { x: ['1'] } } }, ec2)).toBe(false);
    expect(matches({ detail: { state: { x: ['1'] } } }, ec2)).toBe(false);
  });
});

describe('arrays (eb-event-patterns-arrays.html)', () => {
  it('matches when the pattern array and the event array intersect', () => {
    const pattern = { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] };
    const event = { ...ec2, resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b', 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { ...ec2, resources: ['arn:other'] })).toBe(false);
  });

  it('applies a nested pattern to each object of an event array', () => {
    const event = withDetail({ items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 5 }] });
    expect(matches({ detail: { items: { sku: ['B'], qty: [{ numeric: ['>', 2] }] } } }, event)).toBe(true);
    expect(matches({ detail: { items: { sku: ['A'], qty: [{ numeric: ['>', 2] }] } } }, event)).toBe(false);
  });
});

describe('null and empty values (eb-event-patterns-null-values.html)', () => {
  const event = withDetail({ eventVersion: '', responseElements: null });
  it('matches "" and null, and does not take one for the other', () => {
    expect(matches({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matches({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matches({ detail: { responseElements: [''] } }, event)).toBe(false);
  });
});

describe('comparison operators (eb-create-pattern-operators.html)', () => {
  it('exact numbers and booleans', () => {
    expect(matches({ detail: { price: [100] } }, withDetail({ price: 100 }))).toBe(true);
    expect(matches({ detail: { price: [100] } }, withDetail({ price: '100' }))).toBe(false);
    expect(matches({ detail: { ok: [true] } }, withDetail({ ok: true }))).toBe(true);
  });

  it('prefix, and prefix with equals-ignore-case', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] }, ec2)).toBe(true);
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, ec2)).toBe(false);
    expect(matches({ detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, withDetail({ service: 'eventbridge' }))).toBe(true);
    expect(matches({ detail: { service: [{ prefix: 'EventB' }] } }, withDetail({ service: 'eventbridge' }))).toBe(false);
  });

  it('suffix, and suffix with equals-ignore-case', () => {
    expect(matches({ detail: { FileName: [{ suffix: '.png' }] } }, withDetail({ FileName: 'cat.png' }))).toBe(true);
    expect(matches({ detail: { FileName: [{ suffix: '.png' }] } }, withDetail({ FileName: 'cat.PNG' }))).toBe(false);
    expect(matches({ detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, withDetail({ FileName: 'cat.PNG' }))).toBe(true);
  });

  it('equals-ignore-case', () => {
    expect(matches({ detail: { Name: [{ 'equals-ignore-case': 'alice' }] } }, withDetail({ Name: 'ALICE' }))).toBe(true);
    expect(matches({ detail: { Name: [{ 'equals-ignore-case': 'alice' }] } }, withDetail({ Name: 'alicia' }))).toBe(false);
  });

  it('anything-but: a string, a number, lists, prefix, suffix, equals-ignore-case, wildcard', () => {
    const state = (value: unknown) => withDetail({ state: value, 'x-limit': 150 });
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, state('running'))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, state('initializing'))).toBe(false);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, state('x'))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, state('stopped'))).toBe(false);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': [100, 150, 300] }] } }, state('x'))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, state('initializing'))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, state('running'))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { suffix: '.png' } }] } }, state('a.png'))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing'] } }] } }, state('INITIALIZING'))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, state('dir/lib/x.js'))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, state('dir/src/x.js'))).toBe(true);
    // Anything-but needs a value to compare: an absent field does not match.
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } }, state('running'))).toBe(false);
  });

  it('numeric ranges, on JSON numbers only (content-filtering example)', () => {
    const pattern = { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } };
    expect(matches(pattern, withDetail({ 'c-count': 5, 'd-count': 9.99, 'x-limit': 301.8 }))).toBe(true);
    expect(matches(pattern, withDetail({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'c-count': '3', 'd-count': 9, 'x-limit': 301.8 }))).toBe(false);
    expect(matches({ detail: { price: [{ numeric: ['>', 10, '<=', 20] }] } }, withDetail({ price: 20 }))).toBe(true);
  });

  it('exists: presence of a leaf; an object is not a leaf', () => {
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, withDetail({ state: ['initializing', 'running'] }))).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, withDetail({ 'c-count': { c1: 100 } }))).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, withDetail({ 'c-count': 3 }))).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, withDetail({}))).toBe(false);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, withDetail({ 'c-count': 3 }))).toBe(false);
  });

  it('wildcard, with escapes', () => {
    const key = (k: string) => withDetail({ key: k });
    expect(matches({ detail: { key: [{ wildcard: 'dir/*.png' }] } }, key('dir/a/b.png'))).toBe(true);
    expect(matches({ detail: { key: [{ wildcard: 'dir/*.png' }] } }, key('other/b.png'))).toBe(false);
    expect(matches({ detail: { key: [{ wildcard: '*Title*' }] } }, key('A Title here'))).toBe(true);
    expect(matches({ detail: { key: [{ wildcard: 'a\\*b' }] } }, key('a*b'))).toBe(true);
    expect(matches({ detail: { key: [{ wildcard: 'a\\*b' }] } }, key('axb'))).toBe(false);
  });

  it('cidr, IPv4 and IPv6', () => {
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, withDetail({ ip: '10.0.0.17' }))).toBe(true);
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, withDetail({ ip: '10.0.1.17' }))).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, withDetail({ ip: '2001:db8::1' }))).toBe(true);
  });

  it('$or, at the top level and nested, ANDed with its siblings', () => {
    const pattern = { source: ['aws.ec2'], $or: [{ 'detail-type': ['nope'] }, { detail: { state: ['terminated'] } }] };
    expect(matches(pattern, ec2)).toBe(true);
    expect(matches({ ...pattern, source: ['x'] }, ec2)).toBe(false);
    const nested = { detail: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] } };
    expect(matches(nested, withDetail({ Location: 'Paris', Day: 'Monday' }))).toBe(true);
    expect(matches(nested, withDetail({ Location: 'Paris', Day: 'Sunday' }))).toBe(false);
  });
});

describe('invalid patterns: InvalidEventPatternException', () => {
  it.each([
    ['not JSON', '{"source": '],
    ['not an object', '["a"]'],
    ['a scalar field value', { source: 'aws.ec2' }],
    ['an unknown operator', { source: [{ regex: '.*' }] }],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['numeric with a string bound', { detail: { n: [{ numeric: ['>', '5'] }] } }],
    ['numeric upper bound first', { detail: { n: [{ numeric: ['<', 5, '>', 1] }] } }],
    ['anything-but mixed list', { detail: { n: [{ 'anything-but': ['a', 1] }] } }],
    ['exists not boolean', { detail: { n: [{ exists: 'yes' }] } }],
    ['consecutive wildcards', { detail: { n: [{ wildcard: 'a**b' }] } }],
    ['bad cidr', { detail: { n: [{ cidr: '10.0.0.0/40' }] } }],
    ['$or with one alternative', { $or: [{ source: ['a'] }] }],
  ])('%s', (_why, pattern) => {
    expect(() => compilePattern(pattern as Record<string, unknown>)).toThrow(ServiceError);
    try {
      compilePattern(pattern as Record<string, unknown>);
    } catch (error) {
      expect((error as ServiceError).type).toBe('InvalidEventPatternException');
      expect((error as ServiceError).message).toMatch(/^Event pattern is not valid\. Reason: /);
    }
  });
});
