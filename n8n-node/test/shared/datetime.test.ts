import { describe, expect, it } from 'vitest';

import { toRfc3339 } from '../../nodes/shared/datetime';

describe('toRfc3339', () => {
	it('reads wall-clock text in the workflow time zone', () => {
		expect(toRfc3339('2026-07-01T09:30:00', 'Europe/Berlin')).toBe('2026-07-01T07:30:00.000Z');
		expect(toRfc3339('2026-01-15T09:30:00', 'Europe/Berlin')).toBe('2026-01-15T08:30:00.000Z');
		expect(toRfc3339('2026-01-15T09:30', 'America/New_York')).toBe('2026-01-15T14:30:00.000Z');
		expect(toRfc3339('2026-01-15', 'UTC')).toBe('2026-01-15T00:00:00.000Z');
	});

	it('keeps the instant of text that has an offset', () => {
		expect(toRfc3339('2026-07-01T09:30:00+02:00', 'America/New_York')).toBe(
			'2026-07-01T07:30:00.000Z',
		);
		expect(toRfc3339('2026-07-01T09:30:00Z', 'Asia/Tokyo')).toBe('2026-07-01T09:30:00.000Z');
	});

	it('accepts Date and Luxon-like values', () => {
		expect(toRfc3339(new Date('2026-07-01T09:30:00Z'), 'UTC')).toBe('2026-07-01T09:30:00.000Z');
		const luxonLike = { toUTC: () => ({ toISO: () => '2026-07-01T09:30:00.000Z' }) };
		expect(toRfc3339(luxonLike, 'UTC')).toBe('2026-07-01T09:30:00.000Z');
	});

	it('returns undefined for text that is not a date', () => {
		expect(toRfc3339('next tuesday', 'UTC')).toBeUndefined();
		expect(toRfc3339('2026-13-45T99:00:00Z', 'UTC')).toBeUndefined();
		expect(toRfc3339('2026-02-30T10:00:00', 'UTC')).toBeUndefined();
		expect(toRfc3339('2026-01-01T24:30:00', 'UTC')).toBeUndefined();
	});
});
