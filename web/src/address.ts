// Addresses as each country writes them, and the state/region lists where a country needs one.
import type { Address } from './api/types.ts';

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

export const US_STATES: [string, string][] = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'], ['CO', 'Colorado'],
  ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'], ['FL', 'Florida'], ['GA', 'Georgia'], ['HI', 'Hawaii'],
  ['ID', 'Idaho'], ['IL', 'Illinois'], ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'], ['KY', 'Kentucky'], ['LA', 'Louisiana'],
  ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'], ['MI', 'Michigan'], ['MN', 'Minnesota'], ['MS', 'Mississippi'],
  ['MO', 'Missouri'], ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'], ['NH', 'New Hampshire'], ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'], ['NY', 'New York'], ['NC', 'North Carolina'], ['ND', 'North Dakota'], ['OH', 'Ohio'], ['OK', 'Oklahoma'],
  ['OR', 'Oregon'], ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'], ['SD', 'South Dakota'],
  ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'], ['VA', 'Virginia'], ['WA', 'Washington'],
  ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
];

export const CA_PROVINCES: [string, string][] = [
  ['AB', 'Alberta'], ['BC', 'British Columbia'], ['MB', 'Manitoba'], ['NB', 'New Brunswick'], ['NL', 'Newfoundland and Labrador'],
  ['NS', 'Nova Scotia'], ['NT', 'Northwest Territories'], ['NU', 'Nunavut'], ['ON', 'Ontario'], ['PE', 'Prince Edward Island'],
  ['QC', 'Quebec'], ['SK', 'Saskatchewan'], ['YT', 'Yukon'],
];

/** The region field a country's addresses need: its label and choices; undefined when none. */
export function regionField(country: string): { label: string; options: [string, string][] } | undefined {
  if (country === 'US') return { label: 'State', options: US_STATES };
  if (country === 'CA') return { label: 'Province', options: CA_PROVINCES };
  return undefined;
}

// Where the postal code goes: after the city and region (US style), on its own line (UK style), or
// before the city (most of continental Europe and Latin America).
const CITY_REGION_POSTCODE = new Set(['US', 'CA', 'AU']);
const POSTCODE_OWN_LINE = new Set(['GB', 'IE']);

export function countryName(code: string): string {
  return countryNames.of(code) ?? code;
}

/** The address's lines in the order the destination country writes them, country name last. */
export function addressLines(a: Address): string[] {
  const lines = [a.name, a.line1, ...(a.line2 ? [a.line2] : [])];
  if (CITY_REGION_POSTCODE.has(a.country)) lines.push(`${a.city}${a.region ? `, ${a.region}` : ''} ${a.postalCode}`);
  else if (POSTCODE_OWN_LINE.has(a.country)) lines.push(a.city, ...(a.region ? [a.region] : []), a.postalCode);
  else lines.push(`${a.postalCode} ${a.city}`, ...(a.region ? [a.region] : []));
  lines.push(countryName(a.country));
  return lines;
}
