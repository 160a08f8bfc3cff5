import type { BuildOptions } from 'esbuild';
export declare const nativeModules: string[];
export declare const targets: Record<'main' | 'preload' | 'cli', BuildOptions>;
