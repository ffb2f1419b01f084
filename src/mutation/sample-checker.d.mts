export declare const SAMPLE_ENV = 'SPURIOUS_MUTATE_SAMPLE';
export declare const NOT_SAMPLED: string;
export declare function mutantKey(m: {
  fileName: string;
  location: { start: { line: number; column: number } };
  mutatorName: string;
  replacement: string;
}): string;
export declare const readSample: (path: string) => Set<string>;
