// The web app's own regional failover (issue 16: on AWS without a domain, the app knows every
// region's endpoint and fails over by itself).
import { AllRegionsFailed, isRegionFailure, RegionFailover } from '../../../web/src/region-failover.ts';

const regions = {
  'us-east-1': { graphqlUrl: 'https://us.example/graphql' },
  'eu-west-1': { graphqlUrl: 'https://eu.example/graphql' },
  'ap-southeast-1': { graphqlUrl: 'https://ap.example/graphql' },
};

test('the nearest region leads, then the others by measured round trip', () => {
  const failover = RegionFailover.fromRegions(regions, 'eu-west-1', { 'us-east-1': 90, 'ap-southeast-1': 40 });
  expect(failover.ordered().map((e) => e.region)).toEqual(['eu-west-1', 'ap-southeast-1', 'us-east-1']);
  expect(RegionFailover.fromRegions(regions).ordered().map((e) => e.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
});

test('a region that does not answer is passed over for the cool-down, then tried again', async () => {
  let now = 0;
  const failover = RegionFailover.fromRegions(regions, 'us-east-1', {}, { cooldownMs: 30_000, now: () => now });
  const tried: string[] = [];
  const answer = await failover.call(async (endpoint) => {
    tried.push(endpoint.region);
    if (endpoint.region === 'us-east-1') throw new TypeError('fetch failed');
    return endpoint.region;
  });
  expect(answer).toBe('eu-west-1');
  expect(tried).toEqual(['us-east-1', 'eu-west-1']);
  expect(failover.current().region).toBe('eu-west-1');
  now = 30_001;
  expect(failover.current().region).toBe('us-east-1');
});

test('the API\'s own errors are not region failures: thrown at once, no other region tried', async () => {
  const failover = RegionFailover.fromRegions(regions, 'us-east-1');
  const business = Object.assign(new Error('out of stock'), { type: 'OutOfStock' });
  let calls = 0;
  await expect(failover.call(async () => {
    calls += 1;
    throw business;
  })).rejects.toBe(business);
  expect(calls).toBe(1);
  expect(failover.current().region).toBe('us-east-1');
});

test('every region down: AllRegionsFailed with the last failure as cause', async () => {
  const failover = RegionFailover.fromRegions(regions);
  await expect(failover.call(async () => {
    throw Object.assign(new Error('bad gateway'), { status: 502 });
  })).rejects.toBeInstanceOf(AllRegionsFailed);
});

test('what counts as a region failure', () => {
  expect(isRegionFailure(new TypeError('fetch failed'))).toBe(true);
  expect(isRegionFailure({ type: 'NetworkError' })).toBe(true);
  expect(isRegionFailure({ status: 503 })).toBe(true);
  expect(isRegionFailure({ status: 400 })).toBe(false);
  expect(isRegionFailure({ type: 'WrongRegion' })).toBe(false);
});
