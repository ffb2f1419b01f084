/**
 * The training-based experiments (issue 19, part 2), by name, for
 * `spurious experiment <name>`:
 *   ./training-spurious.ts   how often Adam ends in a spurious minimum, as width grows
 *   ./ding-phase.ts          Ding et al.'s phase transition (m = N) from training
 *   ./cnn-fig3.ts            the CNN paper's Fig. 3 on a trained 2-D CNN (random directions around θ and θ′)
 */
import { cnnFig3 } from './cnn-fig3.js';
import { dingPhase } from './ding-phase.js';
import { trainingSpurious } from './training-spurious.js';
import type { Experiment } from './types.js';

export type { Experiment, ExperimentOptions, ExperimentResult } from './types.js';

export const experiments: readonly Experiment[] = [trainingSpurious, dingPhase, cnnFig3];

export const getExperiment = (name: string) => experiments.find((e) => e.name === name);
