export interface Tool {
  command: string;
  package: string;
  purpose: string;
}
export type Plan =
  | { action: 'none' }
  | { action: 'install'; packages: string[] }
  | { action: 'stop'; packages: string[]; command: string };
export declare const TOOLS: readonly Tool[];
export declare function findExecutable(command: string, env?: NodeJS.ProcessEnv): string | null;
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string | null;
export declare function toolPath(command: string, env?: NodeJS.ProcessEnv): string | null;
export declare function missingTools(env?: NodeJS.ProcessEnv): Tool[];
export declare function installCommand(packages: readonly string[], options: { root: boolean }): string;
export declare function plan(missing: readonly Tool[], options: { root: boolean; aptGet: boolean }): Plan;
export declare function main(env?: NodeJS.ProcessEnv): number;
