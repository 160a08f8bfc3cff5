// The renderer's security policy, shared by Electron's protocol handler and the end-to-end harness so
// both serve the same page under the same rules. Pure data.

/** Content-Security-Policy for the renderer in Electron (app:// pages; media under app://renderer/media/). */
export const rendererCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The harness serves the same page over loopback HTTP; IPC goes over fetch to the same origin. */
export const harnessCsp = rendererCsp.replace("connect-src 'none'", "connect-src 'self'");

export const securityHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
  'Cache-Control': 'no-store',
};
