#!/usr/bin/env python3
"""Independent exact golden values for src/model (risk, outputs, gradient, Hessian).

Written from the conventions only (README "Conventions" plus the brief), without
reading the TypeScript implementation.  Standard library only (fractions).

Conventions used
----------------
* R(theta) = (1/N) * sum_i ||yhat_i - y_i||^2   (mean, squared loss, no 1/2).
* Layer l: a_l = h_l(W_l a_{l-1} + b_l); the final dense layer is linear.
* theta is one flat vector: layers in order; within a layer weight block, then
  bias block.  Dense weight [out, in] row-major.  Conv weight
  [filters, inChannels, kh, kw] row-major, one bias per filter.  Pooling has no
  parameters.
* Activations are feature-map-major: index = c*H*W + r*W + col.  A sample's
  input row is that flattened vector.
* Convolution: stride 1, cross-correlation,
    out[t,r,c] = b_t + sum_{ch,i,j} w[t,ch,i,j] * x[ch, r+i-ph, c+j-pw]
  (zero outside the input); 'same': ph=(kh-1)/2, pw=(kw-1)/2; 'valid': ph=pw=0.
  conv1d = conv2d with height 1 and kernel height 1.
* Average pooling: non-overlapping sh x sw windows, output floor(H/sh) x floor(W/sw).
* leaky(a)(x) = a*x (x<=0), x (x>0); relu = leaky(0); hardtanh = clamp[-1,1]; abs.

Method
------
Parameters and data are small rationals picked by a seeded generator (the seed
is the first one, counting from 0, whose draw keeps every hidden
pre-activation at least MIN_MARGIN away from every breakpoint and exercises
every linear piece of the activation).

Inside a cell the risk is a polynomial in theta.  Derivatives are computed by
  (A) hand-written back-propagation in Fractions (gradient),
  (B) hyper-dual numbers a + b e1 + c e2 + d e1 e2 (e1^2 = e2^2 = 0) pushed
      through the forward pass with the activation slope frozen at the real
      part's piece (gradient and Hessian), and
  (C) exact polynomial interpolation of t -> R(theta + t e_i) and
      (s,t) -> R(theta + s e_i + t e_j) on t = k/10^6, with one point more than
      the degree bound 2*L (L = number of parameterised + pooling layers) in
      each variable; the top coefficient is checked to vanish and the
      activation pattern is checked to be unchanged at every interpolation
      node.
All methods must agree exactly; the script asserts that and then prints JSON.
"""
from fractions import Fraction as F
import json
import random
import sys

MIN_MARGIN = F(1, 20)
STEP = F(1, 10**6)

# ---------------------------------------------------------------------------
# activations: piece index, slope and intercept on the piece of the real part
# ---------------------------------------------------------------------------


class Act:
    def __init__(self, name, breakpoints, slopes, intercepts, param=None):
        self.name = name
        self.bps = breakpoints            # t_1 < ... < t_K
        self.slopes = slopes              # K+1 slopes
        self.intercepts = intercepts      # K+1 intercepts: h(x) = slope*x + intercept
        self.param = param

    def piece(self, x):
        for k, t in enumerate(self.bps):
            if x == t:
                raise ValueError(f'{self.name}: pre-activation {x} is on a breakpoint')
            if x < t:
                return k
        return len(self.bps)

    def margin(self, x):
        return min((abs(x - t) for t in self.bps), default=None)


def relu():
    return Act('relu', [F(0)], [F(0), F(1)], [F(0), F(0)])


def leaky(a):
    return Act('leakyRelu', [F(0)], [F(a), F(1)], [F(0), F(0)], param=str(F(a)))


def hardtanh():
    return Act('hardTanh', [F(-1), F(1)], [F(0), F(1), F(0)], [F(-1), F(0), F(1)])


def absolute():
    return Act('absolute', [F(0)], [F(-1), F(1)], [F(0), F(0)])


def linear():
    return Act('linear', [], [F(1)], [F(0)])


# ---------------------------------------------------------------------------
# hyper-dual numbers (exact second-order forward mode)
# ---------------------------------------------------------------------------


class HD:
    __slots__ = ('a', 'b', 'c', 'd')

    def __init__(self, a, b=F(0), c=F(0), d=F(0)):
        self.a, self.b, self.c, self.d = F(a), F(b), F(c), F(d)

    @staticmethod
    def lift(x):
        return x if isinstance(x, HD) else HD(x)

    def __add__(self, o):
        o = HD.lift(o)
        return HD(self.a + o.a, self.b + o.b, self.c + o.c, self.d + o.d)

    __radd__ = __add__

    def __sub__(self, o):
        o = HD.lift(o)
        return HD(self.a - o.a, self.b - o.b, self.c - o.c, self.d - o.d)

    def __rsub__(self, o):
        return HD.lift(o) - self

    def __mul__(self, o):
        o = HD.lift(o)
        return HD(self.a * o.a,
                  self.a * o.b + self.b * o.a,
                  self.a * o.c + self.c * o.a,
                  self.a * o.d + self.b * o.c + self.c * o.b + self.d * o.a)

    __rmul__ = __mul__

    def __truediv__(self, k):  # only by a rational constant
        k = F(k)
        return HD(self.a / k, self.b / k, self.c / k, self.d / k)


def real(x):
    return x.a if isinstance(x, HD) else x


# ---------------------------------------------------------------------------
# network description (mirrors the TypeScript LayerSpec list)
# ---------------------------------------------------------------------------


class Net:
    """input = (C, H, W); layers = list of dicts like the TS LayerSpec."""

    def __init__(self, input_shape, layers):
        self.input_shape = input_shape
        self.layers = []
        self.views = []
        shape = input_shape
        offset = 0
        for idx, spec in enumerate(layers, start=1):
            L = dict(spec)
            C, H, W = shape
            if L['kind'] == 'dense':
                nin = C * H * W
                L['in'] = nin
                L['wshape'] = [L['units'], nin]
                out = (L['units'], 1, 1)
            elif L['kind'] in ('conv1d', 'conv2d'):
                if L['kind'] == 'conv1d':
                    assert H == 1
                    kh, kw = 1, L['kernel']
                else:
                    k = L['kernel']
                    kh, kw = (k, k) if isinstance(k, int) else tuple(k)
                pad = L.get('padding', 'same')
                if pad == 'same':
                    assert kh % 2 == 1 and kw % 2 == 1
                    ph, pw = (kh - 1) // 2, (kw - 1) // 2
                    Ho, Wo = H, W
                else:
                    ph = pw = 0
                    Ho, Wo = H - kh + 1, W - kw + 1
                L.update(kh=kh, kw=kw, ph=ph, pw=pw, inshape=shape)
                L['wshape'] = [L['filters'], C, kh, kw]
                out = (L['filters'], Ho, Wo)
            elif L['kind'] in ('avgpool1d', 'avgpool2d'):
                if L['kind'] == 'avgpool1d':
                    sh, sw = 1, L['size']
                else:
                    s = L['size']
                    sh, sw = (s, s) if isinstance(s, int) else tuple(s)
                L.update(sh=sh, sw=sw, inshape=shape)
                out = (C, H // sh, W // sw)
            else:
                raise ValueError(L['kind'])
            if 'wshape' in L:
                size = 1
                for d in L['wshape']:
                    size *= d
                L['woff'] = offset
                self.views.append({'name': f'layer{idx}.weight', 'offset': offset,
                                   'size': size, 'shape': L['wshape']})
                offset += size
                if L.get('bias', True):
                    nb = L['wshape'][0]
                    L['boff'] = offset
                    self.views.append({'name': f'layer{idx}.bias', 'offset': offset,
                                       'size': nb, 'shape': [nb]})
                    offset += nb
                else:
                    L['boff'] = None
            L['outshape'] = out
            self.layers.append(L)
            shape = out
        self.param_count = offset
        self.output_shape = shape

    # -- generic forward (works for Fractions and HD) ------------------------
    def forward(self, theta, x, record=None):
        """theta: list of numbers; x: flat input (feature-map-major).
        If record is a list, append (layer_index, unit, pre-activation, piece)
        for every non-linear unit."""
        a = list(x)
        for li, L in enumerate(self.layers):
            kind = L['kind']
            if kind == 'dense':
                U, nin = L['wshape']
                z = []
                for u in range(U):
                    s = theta[L['boff'] + u] if L['boff'] is not None else F(0)
                    for k in range(nin):
                        s = s + theta[L['woff'] + u * nin + k] * a[k]
                    z.append(s)
            elif kind in ('conv1d', 'conv2d'):
                C, H, W = L['inshape']
                Fn, Ho, Wo = L['outshape']
                kh, kw, ph, pw = L['kh'], L['kw'], L['ph'], L['pw']
                z = []
                for t in range(Fn):
                    for r in range(Ho):
                        for c in range(Wo):
                            s = theta[L['boff'] + t] if L['boff'] is not None else F(0)
                            for ch in range(C):
                                for i in range(kh):
                                    for j in range(kw):
                                        rr, cc = r + i - ph, c + j - pw
                                        if 0 <= rr < H and 0 <= cc < W:
                                            w = theta[L['woff'] + ((t * C + ch) * kh + i) * kw + j]
                                            s = s + w * a[ch * H * W + rr * W + cc]
                            z.append(s)
            else:  # average pooling
                C, H, W = L['inshape']
                _, Ho, Wo = L['outshape']
                sh, sw = L['sh'], L['sw']
                z = []
                for ch in range(C):
                    for r in range(Ho):
                        for c in range(Wo):
                            s = F(0)
                            for i in range(sh):
                                for j in range(sw):
                                    s = s + a[ch * H * W + (r * sh + i) * W + (c * sw + j)]
                            z.append(s / (sh * sw))
                a = z
                continue
            act = L['activation']
            out = []
            for u, zu in enumerate(z):
                p = act.piece(real(zu))
                if record is not None and act.bps:
                    record.append((li, u, real(zu), p))
                out.append(act.slopes[p] * zu + act.intercepts[p])
            a = out
        return a

    def risk(self, theta, data, patterns=None):
        X, Y = data
        total = F(0)
        for n, (x, y) in enumerate(zip(X, Y)):
            rec = [] if patterns is not None else None
            yh = self.forward(theta, x, rec)
            if patterns is not None:
                patterns.append(rec)
            for o, t in zip(yh, y):
                total = total + (o - t) * (o - t)
        return total / len(X)

    def pattern(self, theta, data):
        pats = []
        for x in data[0]:
            rec = []
            self.forward(theta, x, rec)
            pats.append(tuple(p for (_, _, _, p) in rec))
        return pats

    # -- method A: hand-written back-propagation -----------------------------
    def backprop(self, theta, data):
        X, Y = data
        N = len(X)
        g = [F(0)] * self.param_count
        for x, y in zip(X, Y):
            # forward with caches
            caches = []
            a = list(x)
            for L in self.layers:
                kind = L['kind']
                if kind == 'dense':
                    U, nin = L['wshape']
                    z = [(theta[L['boff'] + u] if L['boff'] is not None else F(0))
                         + sum(theta[L['woff'] + u * nin + k] * a[k] for k in range(nin))
                         for u in range(U)]
                elif kind in ('conv1d', 'conv2d'):
                    z = self._conv_fwd(L, theta, a)
                else:
                    z = self._pool_fwd(L, a)
                    caches.append((a, None))
                    a = z
                    continue
                act = L['activation']
                pieces = [act.piece(v) for v in z]
                caches.append((a, [act.slopes[p] for p in pieces]))
                a = [act.slopes[p] * v + act.intercepts[p] for p, v in zip(pieces, z)]
            delta = [2 * (o - t) / N for o, t in zip(a, y)]   # dR/dyhat
            for L, (ain, slopes) in zip(reversed(self.layers), reversed(caches)):
                kind = L['kind']
                if kind in ('avgpool1d', 'avgpool2d'):
                    delta = self._pool_bwd(L, delta)
                    continue
                dz = [d * s for d, s in zip(delta, slopes)]
                if kind == 'dense':
                    U, nin = L['wshape']
                    for u in range(U):
                        for k in range(nin):
                            g[L['woff'] + u * nin + k] += dz[u] * ain[k]
                        if L['boff'] is not None:
                            g[L['boff'] + u] += dz[u]
                    delta = [sum(theta[L['woff'] + u * nin + k] * dz[u] for u in range(U))
                             for k in range(nin)]
                else:
                    delta = self._conv_bwd(L, theta, ain, dz, g)
        return g

    def _conv_fwd(self, L, theta, a):
        C, H, W = L['inshape']
        Fn, Ho, Wo = L['outshape']
        z = []
        for t in range(Fn):
            for r in range(Ho):
                for c in range(Wo):
                    s = theta[L['boff'] + t] if L['boff'] is not None else F(0)
                    for ch in range(C):
                        for i in range(L['kh']):
                            for j in range(L['kw']):
                                rr, cc = r + i - L['ph'], c + j - L['pw']
                                if 0 <= rr < H and 0 <= cc < W:
                                    s += theta[L['woff'] + ((t * C + ch) * L['kh'] + i) * L['kw'] + j] \
                                        * a[ch * H * W + rr * W + cc]
                    z.append(s)
        return z

    def _conv_bwd(self, L, theta, a, dz, g):
        C, H, W = L['inshape']
        Fn, Ho, Wo = L['outshape']
        dx = [F(0)] * (C * H * W)
        for t in range(Fn):
            for r in range(Ho):
                for c in range(Wo):
                    d = dz[t * Ho * Wo + r * Wo + c]
                    if L['boff'] is not None:
                        g[L['boff'] + t] += d
                    for ch in range(C):
                        for i in range(L['kh']):
                            for j in range(L['kw']):
                                rr, cc = r + i - L['ph'], c + j - L['pw']
                                if 0 <= rr < H and 0 <= cc < W:
                                    wi = L['woff'] + ((t * C + ch) * L['kh'] + i) * L['kw'] + j
                                    xi = ch * H * W + rr * W + cc
                                    g[wi] += d * a[xi]
                                    dx[xi] += d * theta[wi]
        return dx

    def _pool_fwd(self, L, a):
        C, H, W = L['inshape']
        _, Ho, Wo = L['outshape']
        sh, sw = L['sh'], L['sw']
        return [sum(a[ch * H * W + (r * sh + i) * W + c * sw + j]
                    for i in range(sh) for j in range(sw)) / (sh * sw)
                for ch in range(C) for r in range(Ho) for c in range(Wo)]

    def _pool_bwd(self, L, dout):
        C, H, W = L['inshape']
        _, Ho, Wo = L['outshape']
        sh, sw = L['sh'], L['sw']
        dx = [F(0)] * (C * H * W)
        for ch in range(C):
            for r in range(H):
                for c in range(W):
                    if r // sh < Ho and c // sw < Wo:
                        dx[ch * H * W + r * W + c] = dout[ch * Ho * Wo + (r // sh) * Wo + c // sw] / (sh * sw)
        return dx

    # -- method B: hyper-dual numbers ----------------------------------------
    def hd_second(self, theta, data, i, j):
        """returns (R, dR/dtheta_i, dR/dtheta_j, d2R/dtheta_i dtheta_j)."""
        th = [HD(v) for v in theta]
        th[i] = th[i] + HD(0, 1, 0, 0)
        th[j] = th[j] + HD(0, 0, 1, 0)
        r = self.risk(th, data)
        return r.a, r.b, r.c, r.d

    def n_layers(self):
        return len(self.layers)


# ---------------------------------------------------------------------------
# method C: exact polynomial interpolation
# ---------------------------------------------------------------------------


def solve(A, b):
    n = len(A)
    M = [row[:] + [bb] for row, bb in zip(A, b)]
    for col in range(n):
        piv = next(r for r in range(col, n) if M[r][col] != 0)
        M[col], M[piv] = M[piv], M[col]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col] / M[col][col]
                M[r] = [x - f * y for x, y in zip(M[r], M[col])]
    return [M[r][n] / M[r][r] for r in range(n)]


def poly_fit(ts, ys):
    """coefficients c_0..c_{m-1} of the interpolating polynomial."""
    A = [[t ** k for k in range(len(ts))] for t in ts]
    return solve(A, ys)


def nodes(deg):
    # deg+2 points: one more than needed, so the top coefficient must be 0
    m = deg + 2
    return [STEP * (k - m // 2) for k in range(m)]


def interp_gradient(net, theta, data, base_pattern):
    deg = 2 * net.n_layers()
    ts = nodes(deg)
    grad, diag = [], []
    for i in range(net.param_count):
        ys = []
        for t in ts:
            th = list(theta)
            th[i] += t
            assert net.pattern(th, data) == base_pattern, 'left the cell'
            ys.append(net.risk(th, data))
        c = poly_fit(ts, ys)
        assert c[-1] == 0, 'degree bound violated'
        grad.append(c[1])
        diag.append(2 * c[2])
    return grad, diag


def interp_mixed(net, theta, data, base_pattern, i, j):
    deg = 2 * net.n_layers()
    ts = nodes(deg)
    m = len(ts)
    # R(s,t) = sum_{p,q} c[p][q] s^p t^q ; fit in t for every s, then in s.
    rows = []
    for s in ts:
        ys = []
        for t in ts:
            th = list(theta)
            th[i] += s
            th[j] += t
            assert net.pattern(th, data) == base_pattern, 'left the cell'
            ys.append(net.risk(th, data))
        rows.append(poly_fit(ts, ys))            # coefficients in t for this s
    coeff = [poly_fit(ts, [rows[a][q] for a in range(m)]) for q in range(m)]  # coeff[q][p]
    assert all(coeff[m - 1][p] == 0 for p in range(m)) and all(coeff[q][m - 1] == 0 for q in range(m))
    return coeff[1][1]


# ---------------------------------------------------------------------------
# choosing parameters and data
# ---------------------------------------------------------------------------


def small_rational(rng, lo=-6, hi=6, dens=(1, 2, 3, 4, 5)):
    while True:
        v = F(rng.randint(lo, hi), rng.choice(dens))
        if v != 0 and abs(v) <= F(3, 2):   # no zeros: they would mask index mix-ups
            return v


def pick(net, n, seed_base, need_pieces, extra_ok=lambda recs: True):
    """first seed whose draw keeps all hidden pre-activations >= MIN_MARGIN
    away from breakpoints and visits every piece index in need_pieces."""
    nin = net.input_shape[0] * net.input_shape[1] * net.input_shape[2]
    nout = net.output_shape[0] * net.output_shape[1] * net.output_shape[2]
    for seed in range(seed_base, seed_base + 100000):
        rng = random.Random(seed)
        theta = [small_rational(rng) for _ in range(net.param_count)]
        X = [[small_rational(rng) for _ in range(nin)] for _ in range(n)]
        Y = [[small_rational(rng) for _ in range(nout)] for _ in range(n)]
        recs = []
        try:
            for x in X:
                net.forward(theta, x, recs)
        except ValueError:
            continue
        margins = [net.layers[li]['activation'].margin(z) for (li, _, z, _) in recs]
        if min(margins) < MIN_MARGIN:
            continue
        if not set(need_pieces) <= {p for (*_, p) in recs}:
            continue
        if not extra_ok(recs):
            continue
        return seed, theta, (X, Y), min(margins), recs
    raise RuntimeError('no seed found')


def s(v):
    return str(F(v))


def golden(name, net, spec, n, seed_base, need_pieces, hessian, extra_ok=lambda r: True):
    seed, theta, data, margin, recs = pick(net, n, seed_base, need_pieces, extra_ok)
    base = net.pattern(theta, data)
    risk = net.risk(theta, data)
    outs = [net.forward(theta, x) for x in data[0]]
    P = net.param_count

    gA = net.backprop(theta, data)                               # method A
    gB = [net.hd_second(theta, data, i, i)[1] for i in range(P)]  # method B
    gC, diagC = interp_gradient(net, theta, data, base)          # method C
    assert gA == gB == gC, f'{name}: gradient methods disagree'

    H = None
    if hessian:
        H = [[None] * P for _ in range(P)]
        for i in range(P):
            for j in range(i, P):
                r, di, dj, hij = net.hd_second(theta, data, i, j)   # method B
                assert r == risk and di == gA[i] and dj == gA[j]
                hC = diagC[i] if i == j else interp_mixed(net, theta, data, base, i, j)  # method C
                assert hij == hC, f'{name}: Hessian[{i}][{j}] methods disagree: {hij} vs {hC}'
                H[i][j] = H[j][i] = hij

    pieces = {}
    for (li, _, _, p) in recs:
        key = f'layer{li + 1}'
        pieces.setdefault(key, {})
        pieces[key][str(p)] = pieces[key].get(str(p), 0) + 1
    print(f'{name}: seed={seed} P={P} risk={risk} min distance to a breakpoint={margin} '
          f'(~{float(margin):.4f}); piece counts per layer {pieces}', file=sys.stderr)
    out = {
        'name': name,
        'spec': spec,
        'seed': seed,
        'minBreakpointDistance': s(margin),
        'pieceCounts': pieces,
        'paramCount': P,
        'views': net.views,
        'theta': [s(v) for v in theta],
        'inputs': [[s(v) for v in x] for x in data[0]],
        'targets': [[s(v) for v in y] for y in data[1]],
        'outputs': [[s(v) for v in o] for o in outs],
        'risk': s(risk),
        'gradient': [s(v) for v in gA],
    }
    if H is not None:
        out['hessian'] = [[s(v) for v in row] for row in H]
    return out


def self_check():
    """hand-worked examples pinning the conventions of the forward pass."""
    # conv1d 'same', cross-correlation: x = [1,2,3,4], w = [1,10,100], b = 0
    #   out[c] = w0*x[c-1] + w1*x[c] + w2*x[c+1]  ->  [210, 321, 432, 43]
    n = Net((1, 1, 4), [{'kind': 'conv1d', 'filters': 1, 'kernel': 3, 'padding': 'same',
                         'bias': False, 'activation': linear()}])
    assert n.forward([F(1), F(10), F(100)], [F(1), F(2), F(3), F(4)]) == [210, 321, 432, 43]
    # conv2d 'valid' 2x2 on a 2x3 map (map-major, row-major), then 2-D pooling 1x2
    n = Net((1, 2, 3), [{'kind': 'conv2d', 'filters': 1, 'kernel': 2, 'padding': 'valid',
                         'bias': True, 'activation': linear()},
                        {'kind': 'avgpool2d', 'size': [1, 2]}])
    # x = [[1,2,3],[4,5,6]], w = [[1,2],[3,4]], b = 1: conv = [1+2*2+3*4+4*5+1, 2+6+15+24+1] = [38, 48];
    # pooled 1x2 -> [43]
    assert n.forward([F(1), F(2), F(3), F(4), F(1)], [F(v) for v in (1, 2, 3, 4, 5, 6)]) == [43]
    # leaky(1/4), hard-tanh, abs
    assert leaky(F(1, 4)).slopes[leaky(F(1, 4)).piece(F(-2))] * -2 == F(-1, 2)
    h = hardtanh()
    assert [h.slopes[h.piece(F(v))] * v + h.intercepts[h.piece(F(v))] for v in (-3, F(1, 2), 2)] == [-1, F(1, 2), 1]


def main():
    self_check()
    results = []

    # 1. FC [2,3,2], hard-tanh hidden, biases.   fcNetwork([2,3,2], hardTanh(), true)
    net1 = Net((2, 1, 1), [
        {'kind': 'dense', 'units': 3, 'bias': True, 'activation': hardtanh()},
        {'kind': 'dense', 'units': 2, 'bias': True, 'activation': linear()},
    ])
    spec1 = {'builder': 'fcNetwork', 'widths': [2, 3, 2], 'hidden': 'hardTanh', 'bias': True}
    results.append(golden('fc-hardtanh-2-3-2', net1, spec1, 3, 0, [0, 1, 2], True))

    # 2. 1-D CNN: input 1x(1x4); conv1d 2 filters k=3 same bias leaky(1/4); avgpool1d 2; dense 1.
    net2 = Net((1, 1, 4), [
        {'kind': 'conv1d', 'filters': 2, 'kernel': 3, 'padding': 'same', 'bias': True,
         'activation': leaky(F(1, 4))},
        {'kind': 'avgpool1d', 'size': 2},
        {'kind': 'dense', 'units': 1, 'bias': True, 'activation': linear()},
    ])
    spec2 = {'builder': 'buildNetwork', 'input': {'channels': 1, 'height': 1, 'width': 4},
             'layers': [
                 {'kind': 'conv1d', 'filters': 2, 'kernel': 3, 'padding': 'same', 'bias': True,
                  'activation': 'leakyRelu(1/4)'},
                 {'kind': 'avgpool1d', 'size': 2},
                 {'kind': 'dense', 'units': 1, 'bias': True, 'activation': 'linear'}]}
    results.append(golden('cnn1d-leaky', net2, spec2, 3, 0, [0, 1], False))

    # 3. 2-D CNN: input 2x4x4; conv2d 2 filters 3x3 same bias relu; avgpool2d 2x2; dense 1.
    net3 = Net((2, 4, 4), [
        {'kind': 'conv2d', 'filters': 2, 'kernel': [3, 3], 'padding': 'same', 'bias': True,
         'activation': relu()},
        {'kind': 'avgpool2d', 'size': [2, 2]},
        {'kind': 'dense', 'units': 1, 'bias': True, 'activation': linear()},
    ])
    spec3 = {'builder': 'buildNetwork', 'input': {'channels': 2, 'height': 4, 'width': 4},
             'layers': [
                 {'kind': 'conv2d', 'filters': 2, 'kernel': [3, 3], 'padding': 'same', 'bias': True,
                  'activation': 'relu'},
                 {'kind': 'avgpool2d', 'size': [2, 2]},
                 {'kind': 'dense', 'units': 1, 'bias': True, 'activation': 'linear'}]}

    def relu_mix(recs):
        # each filter must have both active and inactive positions
        by_filter = {}
        for (li, u, _, p) in recs:
            by_filter.setdefault(u // 16, set()).add(p)
        return all(v == {0, 1} for v in by_filter.values())
    results.append(golden('cnn2d-relu', net3, spec3, 2, 0, [0, 1], False, relu_mix))

    # 4. FC [2,2,1], abs hidden, no biases.   fcNetwork([2,2,1], absolute(), false)
    net4 = Net((2, 1, 1), [
        {'kind': 'dense', 'units': 2, 'bias': False, 'activation': absolute()},
        {'kind': 'dense', 'units': 1, 'bias': False, 'activation': linear()},
    ])
    spec4 = {'builder': 'fcNetwork', 'widths': [2, 2, 1], 'hidden': 'absolute', 'bias': False}
    results.append(golden('fc-abs-2-2-1-nobias', net4, spec4, 3, 0, [0, 1], True))

    json.dump({'generatedBy': 'properties/goldens/compute_goldens.py',
               'conventions': 'R = (1/N) sum ||yhat - y||^2; see the script docstring',
               'nets': results}, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
