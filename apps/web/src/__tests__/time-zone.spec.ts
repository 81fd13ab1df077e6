import { formatOffset, instantOf, localDateTime, offsetMinutes, timeZones } from '../time-zone';

describe('dates and times entered in an IANA time zone', () => {
  it('turns a local date and time into the instant it denotes, with the offset of that day', () => {
    expect(instantOf('2030-04-14', '09:00', 'Asia/Bishkek')?.toISOString()).toBe('2030-04-14T03:00:00.000Z');
    expect(instantOf('2030-01-10', '09:00', 'Europe/Amsterdam')?.toISOString()).toBe(
      '2030-01-10T08:00:00.000Z',
    );
    expect(instantOf('2030-07-10', '09:00', 'Europe/Amsterdam')?.toISOString()).toBe(
      '2030-07-10T07:00:00.000Z',
    );
    expect(formatOffset(offsetMinutes(new Date('2030-07-10T07:00:00Z'), 'Europe/Amsterdam'))).toBe(
      'UTC+02:00',
    );
    expect(formatOffset(offsetMinutes(new Date('2030-07-10T07:00:00Z'), 'America/Lima'))).toBe('UTC−05:00');
  });

  it('reads a time that happens twice as the first, and finds none for a time the clocks skip', () => {
    // Europe/Amsterdam, 27 October 2030: 03:00 CEST becomes 02:00 CET; 31 March 2030: 02:00 becomes 03:00.
    expect(instantOf('2030-10-27', '02:30', 'Europe/Amsterdam')?.toISOString()).toBe(
      '2030-10-27T00:30:00.000Z',
    );
    expect(instantOf('2030-03-31', '02:30', 'Europe/Amsterdam')).toBeUndefined();
    expect(instantOf('2030-03-31', '03:30', 'Europe/Amsterdam')?.toISOString()).toBe(
      '2030-03-31T01:30:00.000Z',
    );
    expect(instantOf('2030-3-31', '03:30', 'Europe/Amsterdam')).toBeUndefined();
  });

  it('shows an instant as the date and time fields hold it in a zone', () => {
    expect(localDateTime('2030-04-14T03:00:00.000Z', 'Asia/Bishkek')).toEqual({
      date: '2030-04-14',
      time: '09:00',
    });
    expect(localDateTime('2030-04-14T03:00:00.000Z', 'America/Lima')).toEqual({
      date: '2030-04-13',
      time: '22:00',
    });
  });

  it('offers the zones by their current names, each once', () => {
    const zones = timeZones(['Europe/Kyiv']);
    expect(zones).toContain('Europe/Kyiv');
    expect(zones).not.toContain('Europe/Kiev');
    expect(zones).not.toContain('Asia/Calcutta');
    expect(new Set(zones).size).toBe(zones.length);
  });
});
