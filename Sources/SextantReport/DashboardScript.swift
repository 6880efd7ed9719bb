extension Dashboard {
    /// The page's only script (inline; no library, no network). It adds to the static page:
    /// - the filter box and status choice (rows hidden, count shown), sorting by a column's `data-v`;
    /// - on opening a row (or a figure's "zoom / hover" button) an interactive chart built from the
    ///   series' data (embedded, or loaded from its file beside the page with a `<script>` element, which
    ///   works from `file://`): zoom (wheel or buttons) and pan (drag) over runs or dates, hover (and click to
    ///   pin) for the run, commit (linked with `--commit-url`), date, value and the level of its segment
    ///   (with the analysis' interval for the current one);
    /// - drawing only: a window with more runs than `maxPoints` is downsampled with the same
    ///   largest-triangle-three-buckets as ``LargestTriangleThreeBuckets`` (Steinarsson 2013, O(n)).
    /// Names and labels are written with `textContent` only (never parsed as markup). It computes no
    /// statistic: levels, intervals, change points, trend, forecast, y axis and display unit come with the data.
    static let script = #"""
(function () {
"use strict";
var cfg = window.SEXTANT_CONFIG || {};
var S = window.Sextant = { data: {}, runTable: null, waiting: {} };
var injected = {};
function inject(src) {
  if (injected[src]) return;
  injected[src] = true;
  var e = document.createElement("script");
  e.src = src;
  e.onerror = function () { failAll("cannot load " + src + " (the data folder must stay beside the page)"); };
  document.body.appendChild(e);
}
function failAll(msg) {
  Object.keys(S.waiting).forEach(function (k) { S.waiting[k].forEach(function (w) { w.fail(msg); }); });
  S.waiting = {};
}
function flush() {
  if (!S.runTable) return;
  Object.keys(S.waiting).forEach(function (k) {
    if (!S.data[k]) return;
    var ws = S.waiting[k];
    delete S.waiting[k];
    ws.forEach(function (w) { w.ok(S.data[k]); });
  });
}
S.runs = function (r) { S.runTable = r; flush(); };
S.series = function (k, d) { S.data[String(k)] = d; flush(); };
function load(k, ok, fail) {
  k = String(k);
  if (S.data[k] && S.runTable) { ok(S.data[k]); return; }
  (S.waiting[k] = S.waiting[k] || []).push({ ok: ok, fail: fail });
  if (typeof cfg.dir === "string") { inject(cfg.dir + "runs.js"); inject(cfg.dir + "s" + k + ".js"); }
}

var NS = "http://www.w3.org/2000/svg";
var W = 640, H = 270, ML = 74, MR = 16, MT = 12, MB = 34;
var chartCount = 0;
function svgEl(name, attrs, parent) {
  var e = document.createElementNS(NS, name);
  for (var a in attrs) e.setAttribute(a, attrs[a]);
  if (parent) parent.appendChild(e);
  return e;
}
function htmlEl(name, cls, parent, text) {
  var e = document.createElement(name);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function r1(x) { return Math.round(x * 10) / 10; }
function niceStep(raw) {
  if (!(raw > 0) || !isFinite(raw)) return 0;
  var p = Math.pow(10, Math.floor(Math.log10(raw)));
  var ms = [1, 2, 5, 10];
  for (var i = 0; i < ms.length; i++) if (ms[i] * p >= raw * (1 - 1e-12)) return ms[i] * p;
  return 10 * p;
}
// Largest-triangle-three-buckets over the points idx (ascending) at (xs[i], ys[i]): drawing only.
function lttb(xs, ys, idx, threshold) {
  var n = idx.length;
  if (threshold < 3 || n <= threshold) return idx.slice();
  var out = [idx[0]], every = (n - 2) / (threshold - 2), a = 0;
  for (var b = 0; b < threshold - 2; b++) {
    var ns = Math.floor((b + 1) * every) + 1, ne = Math.min(Math.floor((b + 2) * every) + 1, n);
    var mx = 0, my = 0, i;
    if (ns < ne) {
      for (i = ns; i < ne; i++) { mx += xs[idx[i]]; my += ys[idx[i]]; }
      mx /= ne - ns; my /= ne - ns;
    } else { mx = xs[idx[n - 1]]; my = ys[idx[n - 1]]; }
    var s = Math.floor(b * every) + 1, e = Math.min(Math.floor((b + 1) * every) + 1, n - 1);
    var best = s, area = -1, ax = xs[idx[a]], ay = ys[idx[a]];
    for (i = s; i < Math.max(e, s + 1); i++) {
      var ar = Math.abs((ax - mx) * (ys[idx[i]] - ay) - (ax - xs[idx[i]]) * (my - ay));
      if (ar > area) { area = ar; best = i; }
    }
    out.push(idx[best]);
    a = best;
  }
  out.push(idx[n - 1]);
  return out;
}
S.lttb = lttb;
function isoDate(t, withTime) {
  var s = new Date(t * 1000).toISOString();
  return withTime ? s.slice(0, 10) + " " + s.slice(11, 16) : s.slice(0, 10);
}
function commitHref(c) {
  if (!cfg.commitUrl || !c) return null;
  return cfg.commitUrl.split("{commit}").join(encodeURIComponent(c));
}

function Chart(container, d) {
  var self = this;
  this.d = d;
  this.n = d.v.length;
  this.id = "live" + (chartCount++);
  this.h = d.fc.length ? d.fc[d.fc.length - 1][0] : 0;
  this.runs = d.r ? d.r.map(function (i) { return S.runTable[i] || null; }) : null;
  this.times = this.runs ? this.runs.map(function (r) { return r ? r[2] : null; }) : null;
  this.hasDates = !!this.times && this.n > 1 && this.times.every(function (t, i, a) { return t !== null && (i === 0 || t >= a[i - 1]); });
  this.mode = "run";
  this.pinned = null;
  var box = htmlEl("div", "chartbox", container);
  var tools = htmlEl("div", "tools", box);
  function button(label, title, fn, cls) {
    var b = htmlEl("button", cls || "", tools, label);
    b.type = "button"; b.title = title;
    b.addEventListener("click", function (ev) { ev.stopPropagation(); fn(); });
    return b;
  }
  button("+", "zoom in", function () { self.zoom(2, null); }, "zoom-in");
  button("\u2212", "zoom out", function () { self.zoom(0.5, null); }, "zoom-out");
  button("\u2190", "pan left", function () { self.pan(-0.25); }, "pan-left");
  button("\u2192", "pan right", function () { self.pan(0.25); }, "pan-right");
  button("reset", "show all runs", function () { self.reset(); }, "reset");
  if (this.hasDates) {
    var sel = htmlEl("select", "xmode", tools);
    [["run", "x: runs"], ["date", "x: dates"]].forEach(function (o) { var op = htmlEl("option", "", sel, o[1]); op.value = o[0]; });
    sel.addEventListener("click", function (ev) { ev.stopPropagation(); });
    sel.addEventListener("change", function () { self.mode = sel.value; self.reset(); });
  }
  htmlEl("span", "muted", tools, " wheel: zoom · drag: pan · click: pin the readout");
  this.svg = svgEl("svg", { "class": "chart live", viewBox: "0 0 " + W + " " + H, role: "img" }, box);
  this.svg.setAttribute("aria-label", d.b + " " + d.m);
  this.readout = htmlEl("div", "readout", box);
  this.reset();
  this.svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    self.zoom(ev.deltaY < 0 ? 1.25 : 0.8, self.dataX(ev));
  }, { passive: false });
  var drag = null;
  this.svg.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, win: self.win.slice(), moved: false }; });
  window.addEventListener("pointerup", function () { setTimeout(function () { drag = null; }, 0); });
  this.svg.addEventListener("pointermove", function (ev) {
    if (drag && (ev.buttons & 1)) {
      var rect = self.svg.getBoundingClientRect();
      var dx = (ev.clientX - drag.x) / rect.width * W;
      if (Math.abs(dx) > 2) drag.moved = true;
      var per = (drag.win[1] - drag.win[0]) / (W - ML - MR);
      self.setWindow(drag.win[0] - dx * per, drag.win[1] - dx * per);
      return;
    }
    if (self.pinned === null) self.hover(self.nearest(self.dataX(ev)));
  });
  this.svg.addEventListener("click", function (ev) {
    ev.stopPropagation();
    if (drag && drag.moved) return;
    var i = self.nearest(self.dataX(ev));
    self.pinned = self.pinned === i ? null : i;
    self.hover(i);
  });
  this.svg.addEventListener("pointerleave", function () { if (self.pinned === null) self.hover(null); });
}
Chart.prototype.xOf = function (i) { return this.mode === "run" ? i : this.times[i]; };
// The boundary before point i (segments, change points): half-way to the previous point.
Chart.prototype.bound = function (i) {
  if (this.mode === "run") return i - 0.5;
  if (i <= 0) return this.times[0];
  if (i >= this.n) return this.times[this.n - 1];
  return (this.times[i - 1] + this.times[i]) / 2;
};
Chart.prototype.full = function () {
  if (this.mode === "run") return [-0.5, this.n - 1 + this.h + 0.5];
  var a = this.times[0], b = this.times[this.n - 1], pad = Math.max((b - a) * 0.01, 1);
  return [a - pad, b + pad];
};
Chart.prototype.reset = function () { var f = this.full(); this.setWindow(f[0], f[1]); };
Chart.prototype.setWindow = function (a, b) {
  var f = this.full(), span = b - a, full = f[1] - f[0];
  var minSpan = this.mode === "run" ? Math.min(full, 4) : Math.min(full, full / Math.max(this.n, 1) * 4);
  if (span < minSpan) { var c = (a + b) / 2; a = c - minSpan / 2; b = c + minSpan / 2; span = minSpan; }
  if (span > full) { a = f[0]; b = f[1]; }
  if (a < f[0]) { b += f[0] - a; a = f[0]; }
  if (b > f[1]) { a -= b - f[1]; b = f[1]; }
  this.win = [a, b];
  this.draw();
};
Chart.prototype.zoom = function (factor, center) {
  var a = this.win[0], b = this.win[1];
  if (center === null || !isFinite(center)) center = (a + b) / 2;
  this.setWindow(center - (center - a) / factor, center + (b - center) / factor);
};
Chart.prototype.pan = function (fraction) {
  var span = this.win[1] - this.win[0];
  this.setWindow(this.win[0] + span * fraction, this.win[1] + span * fraction);
};
Chart.prototype.sx = function (x) { return ML + (x - this.win[0]) / (this.win[1] - this.win[0]) * (W - ML - MR); };
Chart.prototype.sy = function (v) {
  var y = this.d.y, lo = y[0], hi = y[1];
  var f = function (u) { return y[2] ? Math.log10(Math.max(u, lo * 1e-6, 1e-300)) : u; };
  if (f(hi) === f(lo)) return (MT + H - MB) / 2;
  return (H - MB) + (f(v) - f(lo)) / (f(hi) - f(lo)) * (MT - (H - MB));
};
Chart.prototype.dataX = function (ev) {
  var rect = this.svg.getBoundingClientRect();
  var px = (ev.clientX - rect.left) / rect.width * W;
  return this.win[0] + (px - ML) / (W - ML - MR) * (this.win[1] - this.win[0]);
};
Chart.prototype.nearest = function (x) {
  var lo = 0, hi = this.n - 1;
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (this.xOf(mid) < x) lo = mid; else hi = mid; }
  return Math.abs(this.xOf(lo) - x) <= Math.abs(this.xOf(hi) - x) ? lo : hi;
};
Chart.prototype.fmt = function (v) {
  var ds = this.d.ds, x = v * ds[0];
  var t = Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
  return ds[1] ? t + " " + ds[1] : t;
};
Chart.prototype.tickLabel = function (v, step) {
  var ds = this.d.ds, s = Math.abs(step * ds[0]);
  var dec = s > 0 && isFinite(s) ? Math.min(6, Math.max(0, -Math.floor(Math.log10(s) + 1e-9))) : 2;
  var t = (v * ds[0]).toFixed(dec);
  if (Number(t) === 0) t = (0).toFixed(dec);
  return ds[1] ? t + " " + ds[1] : t;
};
Chart.prototype.yTicks = function () {
  var y = this.d.y, lo = y[0], hi = y[1], out = [];
  if (y[2] && lo > 0) {
    for (var k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      [1, 2, 5].forEach(function (m) { var t = m * Math.pow(10, k); if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12)) out.push(t); });
    }
    if (out.length > 6) out = out.filter(function (t) { return Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9; });
    return { ticks: out, step: null };
  }
  var step = niceStep((hi - lo) / 4);
  if (!(step > 0)) return { ticks: [], step: 1 };
  for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9 && out.length < 50; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { ticks: out, step: step };
};
Chart.prototype.xTicks = function () {
  var a = this.win[0], b = this.win[1], out = [];
  if (this.mode === "run") {
    var step = Math.max(1, niceStep((b - a) / 6));
    for (var r = Math.max(1, Math.ceil((a + 1) / step) * step); r - 1 <= b && out.length < 50; r += step) out.push({ x: r - 1, label: String(Math.round(r)) });
    if (a <= 0 && b >= 0 && (out.length === 0 || out[0].x !== 0)) out.unshift({ x: 0, label: "1" });
    return out;
  }
  var steps = [60, 300, 900, 3600, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000, 31536000];
  var st = steps[steps.length - 1];
  for (var i = 0; i < steps.length; i++) if (steps[i] >= (b - a) / 6) { st = steps[i]; break; }
  for (var t = Math.ceil(a / st) * st; t <= b && out.length < 50; t += st) out.push({ x: t, label: isoDate(t, st < 86400) });
  return out;
};
Chart.prototype.visible = function () {
  var idx = [], a = this.win[0], b = this.win[1];
  for (var i = 0; i < this.n; i++) {
    var x = this.xOf(i);
    if (x >= a && x <= b) idx.push(i);
  }
  // One point beyond each edge keeps the line continuous when panning.
  if (idx.length && idx[0] > 0) idx.unshift(idx[0] - 1);
  if (idx.length && idx[idx.length - 1] < this.n - 1) idx.push(idx[idx.length - 1] + 1);
  return idx;
};
Chart.prototype.draw = function () {
  var self = this, d = this.d, svg = this.svg;
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  var top = MT, bottom = H - MB, left = ML, right = W - MR;
  var defs = svgEl("defs", {}, svg), clip = svgEl("clipPath", { id: "clip-" + this.id }, defs);
  svgEl("rect", { x: left, y: top, width: right - left, height: bottom - top }, clip);
  svgEl("rect", { "class": "plot", x: left, y: top, width: right - left, height: bottom - top }, svg);
  var yt = this.yTicks(), grid = svgEl("g", { "class": "grid" }, svg), yaxis = svgEl("g", { "class": "axis y" }, svg);
  yt.ticks.forEach(function (t) {
    var y = r1(self.sy(t));
    svgEl("line", { x1: left, x2: right, y1: y, y2: y }, grid);
    svgEl("text", { x: left - 6, y: y + 4 }, yaxis).textContent = yt.step === null ? self.fmt(t) : self.tickLabel(t, yt.step);
  });
  if (d.y[2]) svgEl("text", { "class": "note", x: 4, y: H - 4 }, yaxis).textContent = "log scale";
  var xaxis = svgEl("g", { "class": "axis x" }, svg);
  this.xTicks().forEach(function (t) {
    var x = r1(self.sx(t.x));
    if (x < left - 0.5 || x > right + 0.5) return;
    svgEl("line", { x1: x, x2: x, y1: bottom, y2: bottom + 4 }, xaxis);
    svgEl("text", { "class": "tick", x: x, y: bottom + 16 }, xaxis).textContent = t.label;
  });
  svgEl("text", { "class": "title", x: left, y: H - 4 }, xaxis).textContent = this.mode === "run" ? "run" : "date (UTC)";
  var g = svgEl("g", { "clip-path": "url(#clip-" + this.id + ")" }, svg);
  var last = this.n - 1;
  if (this.mode === "run" && d.fc.length) {
    var band = function (lo, hi) {
      var up = d.fc.map(function (f) { return r1(self.sx(last + f[0])) + "," + r1(self.sy(f[hi])); });
      var down = d.fc.slice().reverse().map(function (f) { return r1(self.sx(last + f[0])) + "," + r1(self.sy(f[lo])); });
      return up.concat(down).join(" ");
    };
    svgEl("polygon", { "class": "fan95", points: band(4, 5) }, g);
    svgEl("polygon", { "class": "fan80", points: band(2, 3) }, g);
    svgEl("polyline", { "class": "forecast", points: d.fc.map(function (f) { return r1(self.sx(last + f[0])) + "," + r1(self.sy(f[1])); }).join(" ") }, g);
  }
  if (d.tr) {
    svgEl("line", { "class": "trend", x1: r1(this.sx(this.xOf(d.tr[0]))), y1: r1(this.sy(d.tr[1])), x2: r1(this.sx(this.xOf(last))), y2: r1(this.sy(d.tr[2])) }, g);
  }
  if (d.lvl && d.seg.length) {
    var ls = d.seg[d.seg.length - 1], x0 = this.sx(this.bound(ls[0])), x1 = this.sx(this.bound(ls[1]));
    if (this.mode === "date") x1 = this.sx(this.times[last]);
    var y0 = this.sy(d.lvl[2]), y1 = this.sy(d.lvl[1]);
    svgEl("rect", { "class": "level", x: r1(x0), y: r1(y0), width: r1(Math.max(x1 - x0, 0.5)), height: r1(Math.max(y1 - y0, 0.5)) }, g);
  }
  var idx = this.visible(), xs = [], ys = d.v;
  for (var i = 0; i < this.n; i++) xs.push(this.xOf(i));
  var shown = lttb(xs, ys, idx, cfg.maxPoints || 275);
  var pts = svgEl("g", { "class": "points" }, g);
  var dots = "", lo = d.y[0], hi = d.y[1];
  shown.forEach(function (i) {
    var cx = r1(self.sx(xs[i])), v = ys[i];
    if (v > hi) svgEl("path", { "class": "clipped", d: "M" + cx + " " + (top + 1) + "l-3.5 6h7z" }, pts);
    else if (v < lo) svgEl("path", { "class": "clipped", d: "M" + cx + " " + (bottom - 1) + "l-3.5 -6h7z" }, pts);
    else dots += "M" + cx + " " + r1(self.sy(v)) + "h0";
  });
  if (dots) svgEl("path", { "class": "dots", d: dots }, pts);
  if (d.seg.length) {
    var p = "";
    d.seg.forEach(function (s, k) {
      var a = r1(self.sx(self.bound(s[0]))), b = r1(self.sx(self.mode === "date" && s[1] >= self.n ? self.times[last] : self.bound(s[1]))), m = r1(self.sy(s[3])), e = r1(self.sy(s[4]));
      p += (k === 0 ? "M" + a + " " + m : "V" + m) + (s[3] === s[4] ? "H" + b : "L" + b + " " + e);
    });
    svgEl("path", { "class": "steps", d: p }, g);
  }
  d.lim.forEach(function (l) {
    var y = r1(self.sy(l[0]));
    svgEl("line", { "class": "limit", x1: left, x2: right, y1: y, y2: y }, g);
  });
  var cps = svgEl("g", { "class": "changepoints" }, g);
  d.cp.forEach(function (c) {
    var x = r1(self.sx(self.bound(c[0])));
    var cg = svgEl("g", { "class": "cp " + (c[2] ? "worse" : "better"), "data-index": c[0] }, cps);
    svgEl("line", { x1: x, x2: x, y1: top, y2: bottom }, cg);
    svgEl("title", {}, cg).textContent = "change at run " + (c[0] + 1) + (c[1] === null ? "" : " (" + (c[1] >= 0 ? "+" : "") + (c[1] * 100).toFixed(1) + "%)");
  });
  d.lim.forEach(function (l) {
    var y = self.sy(l[0]);
    svgEl("text", { "class": "limit-label", x: right - 4, y: r1(y - 4 > top + 10 ? y - 4 : y + 12) }, svg).textContent = l[1];
  });
  this.marker = svgEl("circle", { "class": "hover", r: 4.5, cx: -10, cy: -10 }, svg);
  var drawn = shown.length, inWin = idx.length;
  this.summary = inWin + " of " + this.n + " runs in view" + (drawn < inWin ? ", " + drawn + " drawn (LTTB, drawing only)" : "") +
    (this.mode === "date" && d.fc.length ? "; the forecast fan is drawn on the run axis" : "");
  this.hover(this.pinned);
};
Chart.prototype.hover = function (i) {
  var d = this.d, box = this.readout;
  box.textContent = "";
  if (i === null || i === undefined) {
    this.marker.setAttribute("cx", -10);
    htmlEl("span", "muted", box, this.summary);
    return;
  }
  var v = d.v[i];
  var cy = Math.min(Math.max(this.sy(v), MT), H - MB);
  this.marker.setAttribute("cx", r1(this.sx(this.xOf(i))));
  this.marker.setAttribute("cy", r1(cy));
  var run = this.runs ? this.runs[i] : null;
  htmlEl("b", "", box, "run " + (i + 1));
  if (run) htmlEl("span", "", box, " · id " + run[0]);
  var commit = run ? run[1] : (d.labels ? d.labels[i] : "");
  if (commit) {
    htmlEl("span", "", box, " · commit ");
    var href = commitHref(commit);
    if (href) { var a = htmlEl("a", "commit", box, commit); a.href = href; a.target = "_blank"; a.rel = "noopener"; }
    else htmlEl("code", "", box, commit);
  }
  if (run && run[2] !== null) htmlEl("span", "", box, " · " + isoDate(run[2], true) + " UTC");
  htmlEl("span", "value", box, " · " + this.fmt(v));
  for (var k = 0; k < d.seg.length; k++) {
    var s = d.seg[k];
    if (i >= s[0] && i < s[1]) {
      var txt = " · segment level " + this.fmt(s[2]);
      if (k === d.seg.length - 1 && d.lvl) txt += ", current level interval [" + this.fmt(d.lvl[1]) + ", " + this.fmt(d.lvl[2]) + "]";
      htmlEl("span", "muted", box, txt);
    }
  }
  if (this.pinned !== null) htmlEl("span", "muted", box, " (pinned: click again to release)");
};
S.Chart = Chart;

function init() {
  var table = document.getElementById("overview");
  if (!table) return;
  var tbody = table.tBodies[0], rows = Array.prototype.slice.call(tbody.rows);
  var controls = document.getElementById("controls");
  controls.hidden = false;
  var filter = document.getElementById("filter"), status = document.getElementById("status"), shown = document.getElementById("shown");
  function apply() {
    var q = filter.value.trim().toLowerCase(), st = status.value, n = 0;
    rows.forEach(function (tr) {
      var s = tr.getAttribute("data-status");
      var ok = (!q || tr.getAttribute("data-name").indexOf(q) >= 0) &&
        (!st || (st === "attention" ? s !== "ok" && s !== "constant" : s === st));
      tr.hidden = !ok;
      if (tr.detail) tr.detail.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " of " + rows.length + " series shown";
  }
  filter.addEventListener("input", apply);
  status.addEventListener("change", apply);
  var ths = table.tHead.rows[0].cells, sortCol = -1, sortDir = 1;
  function key(tr, i) {
    if (i >= 3 && tr.classList.contains("constant")) return null;
    var c = tr.cells[i], v = c ? c.getAttribute("data-v") : null;
    if (v === null || v === "") return null;
    var x = Number(v);
    return isNaN(x) ? v : x;
  }
  function sortBy(i) {
    sortDir = sortCol === i ? -sortDir : 1;
    sortCol = i;
    var keyed = rows.map(function (tr, j) { return { tr: tr, k: key(tr, i), j: j }; });
    keyed.sort(function (a, b) {
      if (a.k === null || b.k === null) return a.k === b.k ? a.j - b.j : (a.k === null ? 1 : -1);
      if (a.k < b.k) return -sortDir;
      if (a.k > b.k) return sortDir;
      return a.j - b.j;
    });
    keyed.forEach(function (e) { tbody.appendChild(e.tr); if (e.tr.detail) tbody.appendChild(e.tr.detail); });
    Array.prototype.forEach.call(ths, function (th, j) { if (th.classList.contains("sortable")) th.setAttribute("aria-sort", j === i ? (sortDir > 0 ? "ascending" : "descending") : "none"); });
  }
  Array.prototype.forEach.call(ths, function (th, i) {
    if (!th.classList.contains("sortable")) return;
    th.tabIndex = 0;
    th.title = "sort by this column";
    th.addEventListener("click", function () { sortBy(i); });
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") sortBy(i); });
  });
  function toggle(tr) {
    if (tr.detail) { tr.parentNode.removeChild(tr.detail); tr.detail = null; return; }
    if (tr.classList.contains("constant")) return;
    var row = document.createElement("tr"), td = document.createElement("td");
    row.className = "detail";
    td.colSpan = ths.length;
    row.appendChild(td);
    tr.parentNode.insertBefore(row, tr.nextSibling);
    tr.detail = row;
    td.textContent = "loading\u2026";
    load(tr.getAttribute("data-k"), function (data) { td.textContent = ""; new Chart(td, data); },
         function (msg) { td.textContent = msg; });
  }
  S.toggle = function (k) { var tr = document.getElementById("row-" + k); if (tr) toggle(tr); };
  tbody.addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr.row");
    if (!tr || ev.target.closest("a.commit")) return;
    var link = ev.target.closest("a.name");
    if (link && link.getAttribute("href").indexOf("#series-") === 0) return;
    if (link) ev.preventDefault();
    toggle(tr);
  });
  Array.prototype.forEach.call(document.querySelectorAll("figure.panel"), function (fig) {
    var b = htmlEl("button", "interactive", fig.querySelector("figcaption"), "zoom / hover");
    b.type = "button";
    b.addEventListener("click", function () {
      var holder = fig.querySelector("div.static");
      b.disabled = true;
      load(fig.getAttribute("data-k"), function (data) {
        b.parentNode.removeChild(b);
        holder.textContent = "";
        new Chart(holder, data);
      }, function (msg) { b.textContent = msg; });
    });
  });
  apply();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

"""#
}
