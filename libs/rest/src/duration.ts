/** Django's rendering of a duration (`[D ]HH:MM:SS[.ffffff]`), as Pulp shows intervals. */
export function durationString(totalSeconds: number): string {
  const abs = Math.round(totalSeconds * 1e6);
  const days = Math.floor(abs / 86_400e6);
  const rest = abs - days * 86_400e6;
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(rest / 3_600e6);
  const minutes = Math.floor((rest % 3_600e6) / 60e6);
  const seconds = Math.floor((rest % 60e6) / 1e6);
  const fraction = rest % 1e6;
  return (
    `${days ? `${days} ` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}` +
    (fraction ? `.${String(fraction).padStart(6, '0')}` : '')
  );
}
