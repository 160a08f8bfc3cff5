// How counsel's screens show a date: the day only, or a dash when there is none.
export function shortDate(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}
