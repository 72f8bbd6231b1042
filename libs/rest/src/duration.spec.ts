import { durationString } from './duration';

describe('durationString', () => {
  it.each([
    [30, '00:00:30'],
    [3600 + 61, '01:01:01'],
    [86_400, '1 00:00:00'],
    [2 * 86_400 + 5.25, '2 00:00:05.250000'],
  ])('renders %p seconds as Django does: %p', (seconds, text) => {
    expect(durationString(seconds)).toBe(text);
  });
});
