/**
 * Today's date as every adapter uses it: the default `asOf` of the config (RSB015 tells "deprecated" from
 * "scheduled for deprecation" with it). UTC, YYYY-MM-DD. The one clock read of the check flow.
 */
export function today(now: number = Date.now()): string {
    return new Date(now).toISOString().slice(0, 10);
}
