// The browser's IANA time zone (e.g. "Europe/Brussels"), so the agent can mention times in the customer's zone.
export function timeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
    } catch {
        return null;
    }
}
