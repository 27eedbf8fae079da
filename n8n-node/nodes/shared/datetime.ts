/**
 * Turns an n8n date-time parameter into the RFC 3339 instant (with zone) PinBridge requires.
 *
 * The date picker yields wall-clock text without an offset ("2026-05-01T09:30:00"), which n8n
 * means in the workflow's time zone; expressions may yield text with an offset or a Luxon
 * DateTime. Returns undefined when the text is not a date.
 */
export function toRfc3339(value: unknown, timeZone: string): string | undefined {
	if (isLuxonLike(value)) return value.toUTC().toISO() ?? undefined;
	if (value instanceof Date) return isNaN(value.getTime()) ? undefined : value.toISOString();
	const text = String(value).trim();
	if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
		const instant = new Date(text);
		return isNaN(instant.getTime()) ? undefined : instant.toISOString();
	}
	const wallClock = parseWallClock(text);
	return wallClock === undefined
		? undefined
		: new Date(zonedToUtc(wallClock, timeZone)).toISOString();
}

interface LuxonLike {
	toUTC(): { toISO(): string | null };
}

function isLuxonLike(value: unknown): value is LuxonLike {
	return (
		typeof value === 'object' && value !== null && typeof (value as LuxonLike).toUTC === 'function'
	);
}

/** Milliseconds since the epoch as if the wall-clock text were UTC. */
function parseWallClock(text: string): number | undefined {
	const match =
		/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = match;
	const ms = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		Number(fraction.padEnd(3, '0')),
	);
	// Date.UTC rolls 2026-02-30 over into March; such text is not a date.
	const roundTrip = new Date(ms);
	const valid =
		roundTrip.getUTCMonth() === Number(month) - 1 &&
		roundTrip.getUTCDate() === Number(day) &&
		roundTrip.getUTCHours() === Number(hour) &&
		roundTrip.getUTCMinutes() === Number(minute) &&
		roundTrip.getUTCSeconds() === Number(second);
	return valid ? ms : undefined;
}

/** The UTC instant at which clocks in `timeZone` show `wallClockMs`. */
function zonedToUtc(wallClockMs: number, timeZone: string): number {
	const guess = wallClockMs - offsetMs(wallClockMs, timeZone);
	// Around a DST change the offset at the guess can differ from the one at the wall-clock time.
	return wallClockMs - offsetMs(guess, timeZone);
}

function offsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const shown = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return shown - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}
