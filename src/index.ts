/**
 * spurious-minima: the public API.
 *
 * Everything a researcher needs to build networks, decide "is θ a local
 * minimum?" exactly, and write claims of their own that `spurious verify
 * --claims ./my-claims.ts` runs beside (or instead of) the built-in ones.
 * Names not exported here are internal and may change.
 *
 *   import { fcNetwork, relu, dataset, squaredLoss, toRats, analyseLocalMin } from 'spurious-minima';
 *   const net = fcNetwork([1, 2, 1], relu());
 *   const v = analyseLocalMin(net, squaredLoss(), toRats(['1', '0', '-1', '0', '1', '1', '0']), data);
 *   v.strength; // 'proved' | 'refuted' | 'evidence' | 'inconclusive'
 */

// ── Numbers: exact rationals (fraction.js), float64 and decimal.js behind one scalar interface ──
export { Fraction, rational, toRat, toRats, ZERO, ONE, sum, ratio, readableRat } from './numeric/rational.js';
export type { Rat, RatLike } from './numeric/rational.js';
export { float64 } from './numeric/float64.js';
export { decimalField, decimal50 } from './numeric/decimal.js';
export { intervalArithmetic } from './numeric/interval.js';
export type { Interval, IntervalArithmetic } from './numeric/interval.js';
export type { Field, FieldKind, Sign } from './numeric/field.js';
export { floatBackend } from './numeric/float-backend.js';
export { exactBackend } from './numeric/exact-backend.js';
export { decimalBackend, scalarBackend } from './numeric/scalar-backend.js';
export type { Backend, BackendName } from './numeric/backend.js';

// ── Networks, activations, losses, data, exact passes ──
export {
  buildNetwork,
  fcNetwork,
  networkFromJSON,
  networkToJSON,
  assembleParams,
  getBlock,
  setBlock,
  view,
} from './model/network.js';
export type {
  Network,
  NetworkSpec,
  NetworkSpecJSON,
  LayerSpec,
  Shape,
  Padding,
  ConvBias,
  ParamView,
} from './model/network.js';
export {
  relu,
  leakyRelu,
  twoPiece,
  hardTanh,
  absolute,
  linear,
  pwl,
  smooth,
  sigmoid,
  tanh,
  softplus,
  elu,
  swish,
  square,
  expActivation,
  evalPwl,
  polynomial,
  quadratic,
  shiftedSquare,
  cube,
  evalPoly,
  activationToJSON,
  activationFromJSON,
} from './model/activation.js';
export type {
  Activation,
  PwlActivation,
  SmoothActivation,
  PolyActivation,
  ActivationJSON,
} from './model/activation.js';
export { squaredLoss, crossEntropyLoss } from './model/loss.js';
export type { Loss, Reduction } from './model/loss.js';
export { dataset } from './model/data.js';
export type { Dataset } from './model/data.js';
export {
  exactRisk,
  exactOutputs,
  exactPreActivations,
  exactGradient,
  exactHessian,
  activationPattern,
  pieceDerivatives,
  cellGradient,
  forcedPiecesOf,
  maxPoolTies,
} from './model/exact.js';
export type { ForcedPieces, KinkHit } from './model/passes.js';

// ── TensorFlow.js as an independent oracle (float32), and the float32 rounding bounds to compare it by ──
export { loadTf, tfBackendLine, tfRisk, tfRiskGradient, floatData } from './model/tf.js';
export type { TfRuntime, TfBackendName, TfEvaluation } from './model/tf.js';
export { float32Bounds, gamma, U32 } from './model/float32-bound.js';
export type { Float32Bounds } from './model/float32-bound.js';
export { tfAdam } from './model/tf.js';
// a TensorFlow.js LayersModel (model.json + weights) as a Network and an exact θ
export { parseLayersModel, toSuiteInput, ModelFileError } from './model/tfjs-model.js';
export type { LoadedModel } from './model/tfjs-model.js';
// where a training run ended: snapped, certified, searched below
export { classifyEndpoint, ENDPOINT_CLASSES, EXACT_CLASSES, FLOAT_CLASSES } from './landscape/classify-endpoint.js';
export type { ClassifiedEndpoint, EndpointClass } from './landscape/classify-endpoint.js';
export { glorotStart } from './landscape/optimise.js';
export { rescalingSymmetries, homogeneityDegree } from './model/symmetry.js';
export type { RescalingSymmetry } from './model/symmetry.js';
export { outputDegree, riskDegree } from './model/degree.js';
/** Sparse multivariate Laurent polynomials over the rationals (what the flat-family certificate computes in). */
export {
  laurentField,
  laurentMonomial,
  laurentConstant,
  laurentEvaluate,
  laurentDerivative,
  laurentToString,
} from './linalg/laurent.js';
export type { Laurent } from './linalg/laurent.js';
export type { ActivationPattern, KinkDetail } from './model/exact.js';
export { risk, riskGradient, predict } from './model/passes.js';
export { affineFit, affineFitOf, affineEmbedding } from './model/affine.js';
export type { AffineFit } from './model/affine.js';

// ── The landscape toolkit: certificates, descent, probes, paths, re-checks ──
export { analyseLocalMin, isExactCapable } from './landscape/analyse.js';
export type { AnalyseOptions } from './landscape/analyse.js';
export {
  patternClassBound,
  liftedBound,
  boundaryBound,
  secondOrder,
  connectedInputs,
} from './landscape/certificates.js';
export { descentSearch } from './landscape/descent.js';
export { hingeCandidates, type HingeCandidate, type HingeOptions } from './landscape/hinges.js';
export { floatScreen, type FloatScreen } from './landscape/screen.js';
export { cellCurve } from './landscape/kink-curves.js';
export { hessianInertia, type HessianInertia, type ScreenedInertia } from './landscape/second-order.js';
export type { SearchOptions } from './landscape/descent.js';
export { analyseCurve, descentAlong, rayCurve, curveAt } from './landscape/curve.js';
export type { Curve, CurveAnalysis } from './landscape/curve.js';
export { floatProbes, slice1d, slice2d, randomUnitDirections } from './landscape/probes.js';
export { smoothSecondOrder } from './landscape/smooth-second-order.js';
export { fitOutputLayer, outputLayerParams } from './landscape/output-fit.js';
export {
  columnFeasibility,
  feasibleColumns,
  sweepColumns,
  coverCount,
  inGeneralPosition,
} from './landscape/arrangement.js';
export type { ColumnFeasibility } from './landscape/arrangement.js';
export { localMaxAnalysis } from './landscape/ascent.js';
export type { LocalMax } from './landscape/ascent.js';
export { ceRiskInterval, softmaxRegressionLowerBound } from './landscape/ce-bounds.js';
export type { SoftmaxDualBound } from './landscape/ce-bounds.js';
export { analyseRechecked } from './landscape/analyse-rechecked.js';
export type { OutputFit } from './landscape/output-fit.js';
export type { SmoothSecondOrderEvidence, SmoothSecondOrderOptions } from './landscape/smooth-second-order.js';
export { planeCells } from './landscape/plane-cells.js';
export type { PlaneCell } from './landscape/plane-cells.js';
export type { ProbeOptions } from './landscape/probes.js';
export { equalRisk, constantAlongPath } from './landscape/paths.js';
export { recheck, certify, recheckLowerPoint, recheckDescentEvidence } from './landscape/recheck.js';
export { searchLowerPoint, lowerPointSearch, describeEffort } from './landscape/global.js';
export { closedCellMinimum, signedCellOf, cellProgrammeApplies } from './landscape/cell-qp.js';
export type { SignedCell, CellMinimum } from './landscape/cell-qp.js';
export { interpolatingPoint } from './landscape/interpolate.js';
/** The shared float optimisers and where they stop (floats only; decide the end point with the exact tools). */
export { adam, dampedNewton, endPoint, gradNorm, cellMinimumRisk, optimiseFromRestarts } from './landscape/optimise.js';
export type { EndPoint, NewtonOptions, RestartOptions, Run } from './landscape/optimise.js';
export type { LowerPoint, LowerSearchOptions, LowerSearch, LowerRoute, SearchEffort } from './landscape/global.js';
export { plantCellMinimum, plantCriticalPoint, outputJacobian } from './landscape/plant.js';
export { scanDirections, scanTolerance, dyadicDirections, directionEnvelope } from './landscape/scan.js';
export type { ScanOptions, ScanResult, ScanLower, DirectionEnvelope } from './landscape/scan.js';
export { snapAndCertify } from './landscape/snap.js';
export { boundaryKkt } from './landscape/boundary-kkt.js';
/** Degenerate critical points: flat families of critical points (Morse–Bott), or a descent along a null direction. */
export { degenerateMinimum, familyCoordinates, gradientAlongFamily } from './landscape/degenerate.js';
export type { DegenerateOptions } from './landscape/degenerate.js';
export type { SnapResult } from './landscape/snap.js';
export {
  globalMinimum,
  duplicateInputsBound,
  architectureGlobalMinimum,
  architectureBound,
  withinGroupBound,
} from './landscape/global-bounds.js';
export { receptiveField, indistinguishableGroups } from './landscape/receptive-field.js';
export type { IndistinguishableGroup, IndistinguishableReason } from './landscape/receptive-field.js';
export { liftedDesign } from './landscape/lifted.js';
export type { LiftedDesign } from './landscape/lifted.js';
export type {
  Verdict,
  Strength,
  Evidence,
  DescentEvidence,
  GlobalBoundEvidence,
  ArchitectureBoundEvidence,
  FlatFamilyEvidence,
} from './landscape/verdict.js';

// ── Generators (fast-check arbitraries) for instances ──
export { smallRational, pwlActivation, fcArch, randomPwl, polyActivation, polyArch } from './gen/arbitraries.js';
export { distinctInputs, detectDistinct, detectNotAffine, nonAffineDataset } from './gen/data.js';

// ── Claims: define, run, save ──
export {
  defineClaim,
  claimsOf,
  instanceKind,
  narrowed,
  proved,
  supported,
  refuted,
  unsupported,
  fromVerdict,
  asJson,
} from './claims/define.js';
export type { InstanceKind, ClaimSpec, PaperDefaults } from './claims/define.js';
export {
  rationalCodec,
  rationals,
  rationalRows,
  datasetCodec,
  networkCodec,
  activationCodec,
  pwlActivationCodec,
} from './claims/schema.js';
export type { Codec } from './claims/schema.js';
export { encQ, dataTable, paramTable, netSummary } from './claims/codec.js';
export type {
  Claim,
  AnyClaim,
  Outcome,
  Json,
  Arithmetic,
  Expected,
  PlotSpec,
  PlotPoints,
  PlotRegion,
  TableMark,
  VerdictTableSpec,
  TallySpec,
  CellOutcome,
  ClaimResult,
} from './claims/types.js';
export { verdictLine, article, withArticle, count } from './claims/wording.js';
export { citations, fullCitation, paperLabel } from './claims/citations.js';
export type { Citation } from './claims/citations.js';
export type { ClaimContext } from './claims/types.js';
export { runClaim, replayOne } from './claims/runner.js';
export type { RunOptions } from './claims/runner.js';
export { PROFILES, profileFrom } from './claims/profiles.js';
export type { Profile } from './claims/profiles.js';
export { claims, getClaim, matchClaims } from './claims/registry.js';
export { listCounterexamples, readCounterexample } from './store/counterexamples.js';
export type { Counterexample } from './store/counterexamples.js';

// ── The libraries claims are written with, re-exported so a claims module uses the same instances ──
export { default as fc } from 'fast-check';
export { z } from 'zod';
