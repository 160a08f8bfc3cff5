// What kind of build this is, fixed when it is built: `npm run dist` builds with `scripts/build.mjs
// --packaged`, which defines __CUSTODY_PACKAGED__ as true in every bundle. Tests and development builds
// leave it undefined. It only ever removes development conveniences; it never adds anything.
declare const __CUSTODY_PACKAGED__: boolean | undefined;

/** True in a packaged (release) build: development stand-ins such as the local NCMEC endpoint are absent. */
export const packagedBuild: boolean =
  typeof __CUSTODY_PACKAGED__ !== 'undefined' && __CUSTODY_PACKAGED__ === true;
