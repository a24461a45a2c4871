// Where we ship: each destination's legal smoking age, whether tobacco may be sent there by
// mail, and its delivery zone. A country missing here is unknown to the shop (ValidationError).
export type Zone = 'DOMESTIC' | 'AMERICAS' | 'EUROPE' | 'ASIA_PACIFIC' | 'REST_OF_WORLD';

export interface Destination {
  readonly zone: Zone;
  /** Minimum age to buy tobacco there (for a country with regional ages, the highest). */
  readonly legalAge: number;
  /** False where tobacco may not be sold or imported by post. */
  readonly tobaccoAllowed: boolean;
}

const d = (zone: Zone, legalAge: number, tobaccoAllowed = true): Destination => ({ zone, legalAge, tobaccoAllowed });

export const destinations: Readonly<Record<string, Destination>> = {
  US: d('DOMESTIC', 21),
  CA: d('AMERICAS', 21), MX: d('AMERICAS', 18), BR: d('AMERICAS', 18), AR: d('AMERICAS', 18), CL: d('AMERICAS', 18),
  GB: d('EUROPE', 18), IE: d('EUROPE', 18), FR: d('EUROPE', 18), DE: d('EUROPE', 18), NL: d('EUROPE', 18),
  BE: d('EUROPE', 18), LU: d('EUROPE', 18), ES: d('EUROPE', 18), PT: d('EUROPE', 18), IT: d('EUROPE', 18),
  AT: d('EUROPE', 18), CH: d('EUROPE', 18), DK: d('EUROPE', 18), SE: d('EUROPE', 18), NO: d('EUROPE', 18),
  FI: d('EUROPE', 18), PL: d('EUROPE', 18), CZ: d('EUROPE', 18), GR: d('EUROPE', 18),
  JP: d('ASIA_PACIFIC', 20), KR: d('ASIA_PACIFIC', 19), SG: d('ASIA_PACIFIC', 21), MY: d('ASIA_PACIFIC', 18),
  TH: d('ASIA_PACIFIC', 20), PH: d('ASIA_PACIFIC', 21), IN: d('ASIA_PACIFIC', 21), NZ: d('ASIA_PACIFIC', 18),
  // Australia forbids importing tobacco without a permit; Bhutan bans its sale; Turkmenistan its trade.
  AU: d('ASIA_PACIFIC', 18, false), BT: d('ASIA_PACIFIC', 18, false), TM: d('REST_OF_WORLD', 18, false),
  ZA: d('REST_OF_WORLD', 18), AE: d('REST_OF_WORLD', 18), IL: d('REST_OF_WORLD', 18), TR: d('REST_OF_WORLD', 18),
};

export function destinationOf(country: string): Destination | undefined {
  return Object.hasOwn(destinations, country) ? destinations[country] : undefined;
}
