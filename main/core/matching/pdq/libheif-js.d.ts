// libheif-js ships no types for its WebAssembly bundle; heif.ts states the part of its API it uses.
declare module 'libheif-js/wasm-bundle';
