const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** '00' to '59': two-digit fields without building a string each time. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

// Dates already formatted, by second, one table per format. A listing formats two dates per resource, and the
// files of a directory mostly share a few seconds (written together: a checkout, an upload, a build), but a
// directory is read in no order of time, so remembering only the last date formatted misses most of them.
// Emptied when full, so it stays small whatever the listing.
const CACHE_SIZE = 1024;
const httpDates = new Map<number, string>();
const isoDates = new Map<number, string>();

/** The text of `at`'s second from `cache`, written by `write` (given the second and its day) the first time. */
function formatted(cache: Map<number, string>, at: Date, write: (second: number, days: number) => string): string {
  const second = Math.floor(at.getTime() / 1000);
  let text = cache.get(second);
  if (text === undefined) {
    if (cache.size === CACHE_SIZE) cache.clear();
    text = write(second, Math.floor(second / 86400));
    cache.set(second, text);
  }
  return text;
}

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

/** `hh:mm:ss` of a second, given its day. */
function timeOfDay(second: number, days: number): string {
  const rest = second - days * 86400;
  const minutes = Math.floor(rest / 60);
  return `${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[rest % 60]}`;
}

/**
 * An HTTP-date (RFC 9110 §5.6.7, IMF-fixdate), as `Date#toUTCString` writes it but without a Date
 * round trip: a listing formats two dates per resource, so this runs tens of thousands of times.
 *
 * @example
 * formatHttpDate(new Date(0)); // 'Thu, 01 Jan 1970 00:00:00 GMT'
 */
export function formatHttpDate(at: Date): string {
  return formatted(httpDates, at, httpDate);
}

function httpDate(second: number, days: number): string {
  const [year, month, day] = civil(days);
  const weekday = DAYS[((days % 7) + 7) % 7];
  return `${weekday}, ${TWO_DIGITS[day]} ${MONTHS[month - 1]} ${year} ${timeOfDay(second, days)} GMT`;
}

/**
 * An RFC 3339 date-time in UTC to the second, for `DAV:creationdate` (RFC 4918 §15.1).
 *
 * @example
 * formatIsoDate(new Date(0)); // '1970-01-01T00:00:00Z'
 */
export function formatIsoDate(at: Date): string {
  return formatted(isoDates, at, isoDate);
}

function isoDate(second: number, days: number): string {
  const [year, month, day] = civil(days);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${timeOfDay(second, days)}Z`;
}
