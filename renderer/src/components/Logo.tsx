// The Custody mark: a shield with a seal, drawn inline so no image request is needed.
export function Logo({ size = 40 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d="M24 3 6 10v12c0 11.5 7.7 20.5 18 23 10.3-2.5 18-11.5 18-23V10L24 3Z" fill="#2c6e63" />
      <path d="M24 8 11 13v9c0 8.7 5.6 15.7 13 17.9 7.4-2.2 13-9.2 13-17.9v-9L24 8Z" fill="#173c36" />
      <circle cx="24" cy="23" r="7" fill="none" stroke="#9ee0c9" strokeWidth="2.5" />
      <path d="m20.5 23 2.5 2.5 4.5-5" fill="none" stroke="#9ee0c9" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
