export declare const SAMPLE_ENV = 'SPURIOUS_MUTATE_SAMPLE';
export declare const NOT_SAMPLED: string;
export declare const srcPath: (file: string) => string;
export declare function mutantKey(m: {
  fileName: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  mutatorName: string;
  replacement: string;
}): string;
export declare const readSample: (path: string) => Set<string>;
type Status = { status: 'passed' } | { status: 'compileError'; reason: string };
type CheckedMutant = Parameters<typeof mutantKey>[0] & { id: string };
export declare class SampleChecker {
  init(): Promise<void>;
  group(mutants: { id: string }[]): Promise<string[][]>;
  check(mutants: CheckedMutant[]): Promise<Record<string, Status>>;
}
export declare const strykerPlugins: unknown[];
