/**
 * Training-based experiments (issue 19): each trains small networks with
 * TensorFlow.js from recorded seeds, classifies every end point with the
 * toolkit (src/landscape/classify-endpoint.ts), and returns a report section:
 * what was done, the exact numbers as a table, and a plot.
 */
import type { PlotSpec } from '../claims/types.js';

export interface ExperimentOptions {
  /** the seed of the starting points (every run's seed is derived from it and recorded) */
  seed: number;
  /** 'default' (under a minute on this machine) or 'small' (the tests') */
  size: 'default' | 'small';
}

export interface ExperimentResult {
  name: string;
  title: string;
  /** what was run, in words a reviewer can cite: data, networks, optimiser, steps, how end points are classified */
  what: string;
  seed: number;
  size: ExperimentOptions['size'];
  /** the TensorFlow.js backend line */
  backend: string;
  table: { columns: string[]; rows: (string | number)[][] };
  plot: PlotSpec;
  /** one line of findings, computed from the table */
  summary: string;
  /** every run: its configuration, seed and classified end point */
  runs: Record<string, unknown>[];
  ms: number;
}

export interface Experiment {
  name: string;
  title: string;
  run(opts: ExperimentOptions): Promise<ExperimentResult>;
}
