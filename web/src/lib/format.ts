// Money and time as a person reads them. Amounts arrive as decimal strings and are handed to
// Intl as strings, so no amount ever passes through a float.

const currencyDigits = new Map<string, number>();

/** The currency's minor units (USD 2, JPY 0, KWD 3), as the browser's ICU data knows them. */
export function minorUnits(currency: string): number {
  let digits = currencyDigits.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    currencyDigits.set(currency, digits);
  }
  return digits;
}

type Decimalish = string | number | null | undefined;

function decimals(value: string): number {
  const fraction = value.split(".")[1] ?? "";
  return fraction.replace(/0+$/, "").length;
}

/** An amount in its currency with the currency's decimals (a total, a line amount). */
export function formatMoney(value: Decimalish, currency: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const digits = minorUnits(currency);
  return new Intl.NumberFormat(undefined, {
    style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(String(value) as unknown as number);
}

/** A unit price keeps every decimal it was set with (0.0005 stays 0.0005). */
export function formatUnitPrice(value: Decimalish, currency: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const digits = Math.min(20, Math.max(minorUnits(currency), decimals(String(value))));
  return new Intl.NumberFormat(undefined, {
    style: "currency", currency, minimumFractionDigits: minorUnits(currency), maximumFractionDigits: digits,
  }).format(String(value) as unknown as number);
}

export function formatQuantity(value: Decimalish): string {
  if (value === null || value === undefined || value === "") return "—";
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 20 })
    .format(String(value) as unknown as number);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : "—";
}

const utcDay = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const utcDayTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const DAY_MS = 86_400_000;

function utcMidnight(date: Date): boolean {
  return date.getTime() % DAY_MS === 0;
}

/** A billing period as its invoice and PDF say it: the UTC days it covers, its last day
 *  included (October is Oct 1 – Oct 31); a period between other instants, in UTC. */
export function formatPeriod(start: string, end: string): string {
  const from = new Date(start);
  const to = new Date(end);
  if (utcMidnight(from) && utcMidnight(to) && to > from) {
    return `${utcDay.format(from)} \u2013 ${utcDay.format(new Date(to.getTime() - DAY_MS))}`;
  }
  return `${utcDayTime.format(from)} \u2013 ${utcDayTime.format(to)} UTC`;
}

/** The UTC day an instant falls on (a billing period's first day, say). */
export function formatUtcDate(iso: string): string {
  return utcDay.format(new Date(iso));
}

/** The UTC instant, for the hover title next to a local time. */
export function utcTitle(iso: string | null | undefined): string | undefined {
  return iso ? new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : undefined;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** A local "YYYY-MM-DD" (a date input's value) as the instant of that local midnight. */
export function localDateToIso(value: string): string {
  const [year, month, day] = value.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1).toISOString();
}

export function todayLocal(offsetDays = 0): string {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
