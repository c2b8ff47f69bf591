const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** Year, month (1-12) and day of a count of days since 1970-01-01 (the proleptic Gregorian "civil from days"). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

// The last date formatted, per format: files written together share their second (a checkout, an upload, a
// build), so a listing formats the same date over and over. Both formats are to the second.
let lastHttp = { second: Number.NaN, text: '' };
let lastIso = { second: Number.NaN, text: '' };

function parts(date: Date): { days: number; y: number; m: number; d: number; time: string } {
  const seconds = Math.floor(date.getTime() / 1000);
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  const [y, m, d] = civil(days);
  const time = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return { days, y, m, d, time };
}

/**
 * An HTTP-date (RFC 9110 §5.6.7, IMF-fixdate), as `Date#toUTCString` writes it but without a Date
 * round trip: a listing formats two dates per resource, so this runs tens of thousands of times.
 *
 * @example
 * formatHttpDate(new Date(0)); // 'Thu, 01 Jan 1970 00:00:00 GMT'
 */
export function formatHttpDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastHttp.second) return lastHttp.text;
  const { days, y, m, d, time } = parts(date);
  const text = `${DAYS[((days % 7) + 7) % 7]}, ${pad(d)} ${MONTHS[m - 1]} ${y} ${time} GMT`;
  lastHttp = { second, text };
  return text;
}

/**
 * An RFC 3339 date-time in UTC to the second, for `DAV:creationdate` (RFC 4918 §15.1).
 *
 * @example
 * formatIsoDate(new Date(0)); // '1970-01-01T00:00:00Z'
 */
export function formatIsoDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastIso.second) return lastIso.text;
  const { y, m, d, time } = parts(date);
  const text = `${y}-${pad(m)}-${pad(d)}T${time}Z`;
  lastIso = { second, text };
  return text;
}
