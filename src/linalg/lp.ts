/**
 * Exact linear programming over the rationals.
 *
 * There is no well-kept npm LP solver in exact arithmetic (javascript-lp-solver
 * and the like are floating point), so this is a small two-phase simplex over
 * fraction.js with Bland's rule (which cannot cycle). Systems are small here;
 * clarity and exactness matter more than speed.
 *
 * Every answer is re-verified exactly before it is returned: feasible points
 * against every constraint (strict ones strictly), infeasibility certificates
 * as a Motzkin alternative. The certificate comes from solving the alternative
 * system itself rather than from reading duals off the final tableau, which
 * keeps the simplex code free of dual bookkeeping.
 */
import { rational as F } from '../numeric/index.js';
import type { Fraction } from '../numeric/index.js';

export type Op = '<' | '<=' | '=' | '>=' | '>';

/** coeffs · x  op  rhs, over free real variables x. */
export type Constraint = { coeffs: Fraction[]; op: Op; rhs: Fraction };

/**
 * Motzkin certificate. Write each constraint "≤-oriented": σ_k a_k · x (<, ≤, =) σ_k b_k
 * with σ_k = −1 for '>=' and '>' and +1 otherwise. Then the multipliers λ
 * (λ_k ≥ 0 on inequalities, free on equalities) satisfy Σ λ_k σ_k a_k = 0, and
 * Σ λ_k σ_k b_k is negative ("0 ≤ negative", kind 'nonstrict'), or it is zero
 * while some strict constraint has λ_k > 0 ("0 < 0", kind 'strict').
 */
export type Certificate = {
  multipliers: Fraction[];
  /** Σ λ_k σ_k b_k. */
  combinedRhs: Fraction;
  kind: 'nonstrict' | 'strict';
};

export type FeasibilityResult = { feasible: true; point: Fraction[] } | { feasible: false; certificate: Certificate };

export type LPResult =
  | { status: 'optimal'; point: Fraction[]; value: Fraction }
  | { status: 'infeasible'; certificate: Certificate }
  /** point is feasible, ray satisfies the homogeneous constraints and c · ray > 0. */
  | { status: 'unbounded'; point: Fraction[]; ray: Fraction[] };

const OPS: readonly Op[] = ['<', '<=', '=', '>=', '>'];

const isStrict = (op: Op) => op === '<' || op === '>';
const sigma = (op: Op) => (op === '>=' || op === '>' ? -1 : 1);

function dot(a: readonly Fraction[], x: readonly Fraction[]): Fraction {
  let acc = F.zero;
  for (let i = 0; i < a.length; i++) acc = acc.add(a[i].mul(x[i]));
  return acc;
}

/** Checks shapes and returns the number of variables. */
function checkSystem(constraints: readonly Constraint[], n: number | undefined, where: string): number {
  const nv = n ?? (constraints.length > 0 ? constraints[0].coeffs.length : 0);
  constraints.forEach((c, k) => {
    if (!OPS.includes(c.op))
      throw new RangeError(`${where}: constraint ${k} has unknown operator ${JSON.stringify(c.op)}`);
    if (c.coeffs.length !== nv)
      throw new RangeError(
        `${where}: constraint ${k} has ${c.coeffs.length} coefficients, expected ${nv}${n === undefined ? ' (as constraint 0)' : ''}`,
      );
  });
  return nv;
}

/** Does the point satisfy the constraint exactly (strict ones strictly)? */
export function satisfiesConstraint(c: Constraint, point: readonly Fraction[]): boolean {
  const cmp = F.compare(dot(c.coeffs, point), c.rhs);
  switch (c.op) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '=':
      return cmp === 0;
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
  }
}

export function satisfiesAll(constraints: readonly Constraint[], point: readonly Fraction[]): boolean {
  return constraints.every((c) => c.coeffs.length === point.length && satisfiesConstraint(c, point));
}

/** Exact check of a Motzkin certificate (see `Certificate`). */
export function verifyCertificate(constraints: readonly Constraint[], cert: Certificate): boolean {
  const lam = cert.multipliers;
  if (lam.length !== constraints.length) return false;
  const n = constraints.length > 0 ? constraints[0].coeffs.length : 0;
  const sum = new Array<Fraction>(n).fill(F.zero);
  let rhs = F.zero;
  let strictUsed = false;
  for (let k = 0; k < constraints.length; k++) {
    const { coeffs, op, rhs: b } = constraints[k];
    if (coeffs.length !== n) return false;
    if (op !== '=' && F.sign(lam[k]) < 0) return false;
    if (isStrict(op) && F.sign(lam[k]) > 0) strictUsed = true;
    const l = sigma(op) < 0 ? lam[k].neg() : lam[k];
    for (let j = 0; j < n; j++) sum[j] = sum[j].add(l.mul(coeffs[j]));
    rhs = rhs.add(l.mul(b));
  }
  if (!sum.every((v) => F.isZero(v)) || !F.eq(rhs, cert.combinedRhs)) return false;
  return cert.kind === 'nonstrict' ? F.sign(rhs) < 0 : F.sign(rhs) === 0 && strictUsed;
}

// ---------------------------------------------------------------------------
// Simplex core

type StdResult =
  | { status: 'infeasible' }
  | { status: 'optimal'; x: Fraction[] }
  | { status: 'unbounded'; x: Fraction[]; ray: Fraction[] };

/** maximise c·x subject to A x = b, x ≥ 0 (two-phase tableau simplex, Bland's rule). */
function simplexStd(A: Fraction[][], b: Fraction[], c: Fraction[]): StdResult {
  const N = c.length;
  let m = A.length;
  const W = N + m + 1; // structural | artificial | rhs
  const T: Fraction[][] = A.map((r, i) => {
    const flip = F.sign(b[i]) < 0; // artificials need b ≥ 0
    const row = r.map((v) => (flip ? v.neg() : v));
    for (let k = 0; k < m; k++) row.push(k === i ? F.one : F.zero);
    row.push(flip ? b[i].neg() : b[i]);
    return row;
  });
  const basis = Array.from({ length: m }, (_, i) => N + i);
  const rhs = W - 1;
  // z[j] = reduced cost Σ_i c_B(i) T[i][j] − c_j; z[rhs] = objective value.
  let z: Fraction[] = [];

  const pivot = (r: number, e: number) => {
    const inv = F.one.div(T[r][e]);
    T[r] = T[r].map((v) => v.mul(inv));
    for (let i = 0; i < T.length; i++) {
      const f = T[i][e];
      if (i !== r && !F.isZero(f)) T[i] = T[i].map((v, j) => v.sub(f.mul(T[r][j])));
    }
    const f = z[e];
    if (!F.isZero(f)) z = z.map((v, j) => v.sub(f.mul(T[r][j])));
    basis[r] = e;
  };

  /** Runs to optimality over columns < allowed; returns an unbounded entering column or -1. */
  const run = (allowed: number): number => {
    for (;;) {
      let e = -1;
      for (let j = 0; j < allowed; j++)
        if (F.sign(z[j]) < 0) {
          e = j;
          break;
        }
      if (e < 0) return -1;
      let r = -1;
      let best = F.zero;
      for (let i = 0; i < T.length; i++) {
        if (F.sign(T[i][e]) <= 0) continue;
        const ratio = T[i][rhs].div(T[i][e]);
        const cmp = r < 0 ? -1 : F.compare(ratio, best);
        if (cmp < 0 || (cmp === 0 && basis[i] < basis[r])) {
          r = i;
          best = ratio;
        }
      }
      if (r < 0) return e;
      pivot(r, e);
    }
  };

  // Phase 1: maximise −Σ artificials.
  z = new Array<Fraction>(W).fill(F.zero);
  for (const row of T) for (let j = 0; j < N; j++) z[j] = z[j].sub(row[j]);
  for (const row of T) z[rhs] = z[rhs].sub(row[rhs]);
  run(N + m);
  if (F.sign(z[rhs]) < 0) return { status: 'infeasible' };

  // Artificials still basic are at value 0: pivot them out, or drop their row if it is redundant.
  for (let i = T.length - 1; i >= 0; i--) {
    if (basis[i] < N) continue;
    const j = T[i].findIndex((v, j) => j < N && !F.isZero(v));
    if (j >= 0) pivot(i, j);
    else {
      T.splice(i, 1);
      basis.splice(i, 1);
    }
  }
  m = T.length;

  // Phase 2 over the structural columns only.
  z = new Array<Fraction>(W).fill(F.zero);
  for (let j = 0; j < N; j++) z[j] = c[j].neg();
  T.forEach((row, i) => {
    const cb = basis[i] < N ? c[basis[i]] : F.zero;
    if (!F.isZero(cb)) z = z.map((v, j) => v.add(cb.mul(row[j])));
  });
  const e = run(N);
  const x = new Array<Fraction>(N).fill(F.zero);
  T.forEach((row, i) => (x[basis[i]] = row[rhs]));
  if (e < 0) return { status: 'optimal', x };
  const ray = new Array<Fraction>(N).fill(F.zero);
  ray[e] = F.one;
  T.forEach((row, i) => (ray[basis[i]] = row[e].neg()));
  return { status: 'unbounded', x, ray };
}

type Row = { a: Fraction[]; eq: boolean; b: Fraction };

/**
 * maximise c·y subject to rows (a·y ≤ b or a·y = b), with y_v ≥ 0 unless free[v].
 * Free variables are split y = y⁺ − y⁻; inequalities get a slack.
 */
function lpCore(
  rows: Row[],
  free: boolean[],
  c: Fraction[],
):
  | { status: 'infeasible' }
  | { status: 'optimal'; y: Fraction[] }
  | { status: 'unbounded'; y: Fraction[]; ray: Fraction[] } {
  const nv = free.length;
  const colOf: number[] = [];
  let N = 0;
  for (let v = 0; v < nv; v++) {
    colOf.push(N);
    N += free[v] ? 2 : 1;
  }
  const nSlack = rows.filter((r) => !r.eq).length;
  let s = N;
  N += nSlack;
  const A = rows.map((r) => {
    const row = new Array<Fraction>(N).fill(F.zero);
    for (let v = 0; v < nv; v++) {
      row[colOf[v]] = r.a[v];
      if (free[v]) row[colOf[v] + 1] = r.a[v].neg();
    }
    if (!r.eq) row[s++] = F.one;
    return row;
  });
  const cs = new Array<Fraction>(N).fill(F.zero);
  for (let v = 0; v < nv; v++) {
    cs[colOf[v]] = c[v];
    if (free[v]) cs[colOf[v] + 1] = c[v].neg();
  }
  const res = simplexStd(
    A,
    rows.map((r) => r.b),
    cs,
  );
  if (res.status === 'infeasible') return res;
  const back = (x: Fraction[]) =>
    Array.from({ length: nv }, (_, v) => (free[v] ? x[colOf[v]].sub(x[colOf[v] + 1]) : x[colOf[v]]));
  if (res.status === 'optimal') return { status: 'optimal', y: back(res.x) };
  return { status: 'unbounded', y: back(res.x), ray: back(res.ray) };
}

/** Solves the Motzkin alternative of an infeasible system; throws if it is feasible too (a bug). */
function certificateFor(constraints: readonly Constraint[], n: number): Certificate {
  const K = constraints.length;
  const ori = constraints.map((c) =>
    sigma(c.op) < 0 ? { a: c.coeffs.map((v) => v.neg()), b: c.rhs.neg() } : { a: c.coeffs, b: c.rhs },
  );
  const rows: Row[] = [];
  for (let j = 0; j < n; j++) rows.push({ a: ori.map((o) => o.a[j]), eq: true, b: F.zero }); // Σ λ_k a'_k = 0
  rows.push({ a: ori.map((o) => o.b), eq: false, b: F.zero }); // Σ λ_k b'_k ≤ 0
  rows.push({ a: ori.map((o, k) => (isStrict(constraints[k].op) ? F.one.sub(o.b) : o.b.neg())), eq: true, b: F.one }); // Σ_strict λ − Σ λ b' = 1
  const res = lpCore(
    rows,
    constraints.map((c) => c.op === '='),
    new Array<Fraction>(K).fill(F.zero),
  );
  if (res.status !== 'optimal')
    throw new Error('lp: internal error, neither the system nor its Motzkin alternative is feasible');
  const lam = res.y;
  const combinedRhs = lam.reduce((acc, l, k) => acc.add(l.mul(ori[k].b)), F.zero);
  const cert: Certificate = { multipliers: lam, combinedRhs, kind: F.sign(combinedRhs) < 0 ? 'nonstrict' : 'strict' };
  if (!verifyCertificate(constraints, cert))
    throw new Error('lp: internal error, infeasibility certificate does not verify');
  return cert;
}

function orientedRows(constraints: readonly Constraint[], extra: (c: Constraint) => Fraction[]): Row[] {
  return constraints.map((c) => {
    const s = sigma(c.op);
    const a = [...c.coeffs, ...extra(c)].map((v, j) => (s < 0 && j < c.coeffs.length ? v.neg() : v));
    return { a, eq: c.op === '=', b: s < 0 ? c.rhs.neg() : c.rhs };
  });
}

/**
 * Decide whether the system has a real solution x (strict constraints holding
 * strictly). `n` (the number of variables) is only needed when there are no
 * constraints. Strictness: maximise s ∈ [0, 1] with a'_k·x + s ≤ b'_k on the
 * strict rows; the system is strictly feasible iff the optimum is positive.
 */
export function feasibility(constraints: readonly Constraint[], n?: number): FeasibilityResult {
  const nv = checkSystem(constraints, n, 'feasibility');
  const strict = constraints.some((c) => isStrict(c.op));
  let point: Fraction[] | undefined;
  if (!strict) {
    const res = lpCore(
      orientedRows(constraints, () => []),
      new Array<boolean>(nv).fill(true),
      new Array<Fraction>(nv).fill(F.zero),
    );
    if (res.status === 'optimal') point = res.y;
  } else {
    const rows = orientedRows(constraints, (c) => [isStrict(c.op) ? F.one : F.zero]);
    rows.push({ a: [...new Array<Fraction>(nv).fill(F.zero), F.one], eq: false, b: F.one }); // s ≤ 1
    const free = [...new Array<boolean>(nv).fill(true), false];
    const res = lpCore(rows, free, [...new Array<Fraction>(nv).fill(F.zero), F.one]);
    if (res.status === 'unbounded') throw new Error('lp: internal error, s ≤ 1 yet unbounded');
    if (res.status === 'optimal' && F.sign(res.y[nv]) > 0) point = res.y.slice(0, nv);
  }
  if (point) {
    if (!satisfiesAll(constraints, point)) throw new Error('lp: internal error, feasible point does not verify');
    return { feasible: true, point };
  }
  return { feasible: false, certificate: certificateFor(constraints, nv) };
}

/**
 * maximise c·x over free x subject to non-strict constraints. Strict
 * constraints are rejected: the supremum over an open set need not be attained.
 */
export function solveLP(c: readonly Fraction[], constraints: readonly Constraint[]): LPResult {
  const nv = checkSystem(constraints, c.length, 'solveLP');
  const k = constraints.findIndex((x) => isStrict(x.op));
  if (k >= 0)
    throw new RangeError(
      `solveLP: constraint ${k} is strict ('${constraints[k].op}'); an optimum over a strict system need not be attained, use feasibility()`,
    );
  const res = lpCore(
    orientedRows(constraints, () => []),
    new Array<boolean>(nv).fill(true),
    [...c],
  );
  if (res.status === 'infeasible') return { status: 'infeasible', certificate: certificateFor(constraints, nv) };
  if (!satisfiesAll(constraints, res.y)) throw new Error('lp: internal error, LP point does not verify');
  if (res.status === 'optimal') return { status: 'optimal', point: res.y, value: dot(c as Fraction[], res.y) };
  const rayOk =
    F.sign(dot(c as Fraction[], res.ray)) > 0 &&
    constraints.every((x) => {
      const v = F.sign(dot(x.coeffs, res.ray)) * sigma(x.op);
      return x.op === '=' ? v === 0 : v <= 0;
    });
  if (!rayOk) throw new Error('lp: internal error, unbounded ray does not verify');
  return { status: 'unbounded', point: res.y, ray: res.ray };
}
