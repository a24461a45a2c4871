// util.time: epoch helpers and formatting with Java DateTimeFormatter-style patterns, as AppSync's
// time helpers take them (https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html).
import type { util as UtilDeclaration } from '@aws-appsync/utils';

type TimeUtils = typeof UtilDeclaration.time;

interface Parts { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; weekday: number; offsetMinutes: number }

function partsIn(epochMs: number, timezone: string): Parts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
  });
  const get = Object.fromEntries(fmt.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const p = { year: Number(get.year), month: Number(get.month), day: Number(get.day), hour: Number(get.hour), minute: Number(get.minute), second: Number(get.second) };
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const offsetMinutes = Math.round((asUtc - (epochMs - ms)) / 60000);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(String(get.weekday));
  return { ...p, ms, weekday, offsetMinutes };
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function offset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60), 2)}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60, 2)}`;
}

// Tokens: runs of the same letter; text in single quotes is literal.
function tokens(pattern: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      out.push(`'${pattern.slice(i + 1, end === -1 ? pattern.length : end)}`);
      i = end === -1 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out.push(pattern.slice(i, j));
      i = j;
    } else {
      out.push(`'${c}`);
      i++;
    }
  }
  return out;
}

export function formatEpoch(epochMs: number, pattern: string, timezone = 'UTC'): string {
  const p = partsIn(epochMs, timezone);
  return tokens(pattern).map((t) => {
    if (t.startsWith("'")) return t.slice(1);
    const n = t.length;
    switch (t[0]) {
      case 'y': case 'u': return n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
      case 'M': return n >= 4 ? monthNames[p.month - 1] : n === 3 ? monthNames[p.month - 1].slice(0, 3) : pad(p.month, n);
      case 'd': return pad(p.day, n);
      case 'H': return pad(p.hour, n);
      case 'h': return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, n);
      case 'm': return pad(p.minute, n);
      case 's': return pad(p.second, n);
      case 'S': return pad(p.ms, 3).slice(0, n).padEnd(n, '0');
      case 'a': return p.hour < 12 ? 'AM' : 'PM';
      case 'E': return n >= 4 ? dayNames[p.weekday] : dayNames[p.weekday].slice(0, 3);
      case 'Z': return n === 5 ? offset(p.offsetMinutes, true) : offset(p.offsetMinutes, false);
      case 'X': case 'x': return p.offsetMinutes === 0 && t[0] === 'X' ? 'Z' : offset(p.offsetMinutes, n >= 3);
      case 'z': return timezone;
      default: throw new RangeError(`Unsupported pattern letter ${t[0]} in "${pattern}"`);
    }
  }).join('');
}

export function parseFormatted(text: string, pattern: string, timezone = 'UTC'): number {
  const v = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0, pm: null as boolean | null, offset: null as number | null };
  let i = 0;
  const digits = (max: number) => {
    const m = /^\d+/.exec(text.slice(i, i + max));
    if (m === null) throw new RangeError(`Text "${text}" does not match "${pattern}" at ${i}`);
    i += m[0].length;
    return Number(m[0]);
  };
  for (const t of tokens(pattern)) {
    if (t.startsWith("'")) {
      const lit = t.slice(1);
      if (text.slice(i, i + lit.length) !== lit) throw new RangeError(`Text "${text}" does not match "${pattern}" at ${i}`);
      i += lit.length;
      continue;
    }
    const n = t.length;
    switch (t[0]) {
      case 'y': case 'u': v.year = n === 2 ? 2000 + digits(2) : digits(n === 4 ? 4 : 9); break;
      case 'M':
        if (n >= 3) {
          const idx = monthNames.findIndex((name) => text.slice(i).startsWith(n === 3 ? name.slice(0, 3) : name));
          if (idx === -1) throw new RangeError(`Bad month in "${text}"`);
          v.month = idx + 1;
          i += n === 3 ? 3 : monthNames[idx].length;
        } else v.month = digits(2);
        break;
      case 'd': v.day = digits(2); break;
      case 'H': case 'h': v.hour = digits(2); break;
      case 'm': v.minute = digits(2); break;
      case 's': v.second = digits(2); break;
      case 'S': v.ms = Math.round(Number(`0.${String(digits(n)).padStart(n, '0')}`) * 1000); break;
      case 'a': v.pm = text.slice(i, i + 2).toUpperCase() === 'PM'; i += 2; break;
      case 'E': {
        const idx = dayNames.findIndex((name) => text.slice(i).startsWith(n >= 4 ? name : name.slice(0, 3)));
        if (idx === -1) throw new RangeError(`Bad weekday in "${text}"`);
        i += n >= 4 ? dayNames[idx].length : 3;
        break;
      }
      case 'Z': case 'X': case 'x': {
        if (text[i] === 'Z') { v.offset = 0; i++; break; }
        const m = /^([+-])(\d{2}):?(\d{2})/.exec(text.slice(i));
        if (m === null) throw new RangeError(`Bad offset in "${text}"`);
        v.offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
        i += m[0].length;
        break;
      }
      default: throw new RangeError(`Unsupported pattern letter ${t[0]} in "${pattern}"`);
    }
  }
  if (v.pm !== null) v.hour = (v.hour % 12) + (v.pm ? 12 : 0);
  const naive = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second, v.ms);
  if (v.offset !== null) return naive - v.offset * 60000;
  // Wall-clock time in `timezone`: subtract that zone's offset at (about) that instant.
  return naive - partsIn(naive, timezone).offsetMinutes * 60000;
}

export const timeUtil = {
  nowISO8601: () => new Date().toISOString(),
  nowEpochSeconds: () => Math.floor(Date.now() / 1000),
  nowEpochMilliSeconds: () => Date.now(),
  nowFormatted: (format: string, timezone?: string) => formatEpoch(Date.now(), format, timezone),
  parseFormattedToEpochMilliSeconds: (timestamp: string, format: string, timezone?: string) => parseFormatted(timestamp, format, timezone),
  parseISO8601ToEpochMilliSeconds: (date: string) => {
    const ms = Date.parse(date);
    if (Number.isNaN(ms)) throw new RangeError(`Not an ISO-8601 date: ${date}`);
    return ms;
  },
  epochMilliSecondsToSeconds: (ms: number) => Math.floor(ms / 1000),
  epochMilliSecondsToISO8601: (ms: number) => new Date(ms).toISOString(),
  epochMilliSecondsToFormatted: (ms: number, format: string, timezone?: string) => formatEpoch(ms, format, timezone),
} satisfies TimeUtils;
