/**
 * @module server/page
 * The dashboard page: HTML, CSS and the script that draws it from `/api/dashboard`, all shipped
 * inside rollgate (no CDN, no build step: it works offline, next to the clusters). The script
 * builds the DOM with textContent only, never innerHTML, so nothing recorded in the journal (topic
 * names, messages, evidence) can inject markup. It refreshes when `/api/events` says the journal
 * changed, and once a minute anyway so ages and the rollback countdown stay true.
 * Written as plain strings without `${`: the script runs in the browser, not here.
 */

export const pageHtml = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rollgate</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/dashboard.css">
<script src="assets/dashboard.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand"><span class="logo">rollgate</span> <span id="plan-name">loading…</span></div>
  <div class="meta" id="meta"></div>
  <div class="live" id="live" title="live refresh"><span class="dot"></span><span id="live-text">connecting</span></div>
</header>
<div id="problems" class="problems" hidden></div>
<main>
  <section id="rollback" class="rollback" aria-live="polite"><p class="headline">Loading…</p></section>
  <section class="panel" aria-labelledby="h-timeline">
    <h2 id="h-timeline">Phases and write authority</h2>
    <ol id="timeline" class="timeline"></ol>
  </section>
  <section class="panel" aria-labelledby="h-gates">
    <h2 id="h-gates">Gates</h2>
    <div class="filters" role="toolbar" aria-label="filter gates and checks">
      <div id="status-filter" class="chips"></div>
      <input id="text-filter" type="search" placeholder="filter by gate, check, subject, owner…" aria-label="filter text">
    </div>
    <div id="board" class="board"></div>
    <div id="gate-detail" class="detail" hidden></div>
  </section>
  <section class="panel" aria-labelledby="h-groups">
    <h2 id="h-groups">Consumer groups</h2>
    <div id="groups"></div>
  </section>
  <section class="panel" aria-labelledby="h-lag">
    <h2 id="h-lag">Replication lag</h2>
    <div id="lag"></div>
  </section>
  <section class="panel" aria-labelledby="h-rehearsal">
    <h2 id="h-rehearsal">Latest rehearsal and shadow-read parity</h2>
    <div id="rehearsal"></div>
  </section>
</main>
<footer class="foot">Read-only. Data: <a href="api">api</a> · <a href="metrics">metrics</a> · <span id="generated"></span></footer>
</body>
</html>
`

export const pageCss = String.raw`
:root{--bg:#f5f6f8;--card:#fff;--ink:#1b1f24;--muted:#5b6572;--line:#d8dde3;
--pass:#1a7f37;--pass-bg:#dafbe1;--warn:#9a6700;--warn-bg:#fff8c5;--fail:#cf222e;--fail-bg:#ffebe9;
--unknown:#6e40c9;--unknown-bg:#f3eefc;--none:#57606a;--none-bg:#eaeef2}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink);font-size:15px;line-height:1.4;overflow-wrap:break-word}
p,li,td,code,.problems{overflow-wrap:anywhere}
a{color:#0969da}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.6rem 1.2rem;background:#24292f;color:#fff}
.brand{font-size:1.1rem;font-weight:600}.logo{background:#fff;color:#24292f;border-radius:4px;padding:0 .35rem;margin-right:.3rem}
.meta{display:flex;flex-wrap:wrap;gap:.3rem 1rem;color:#d0d7de;font-size:.9rem;flex:1}
.meta b{color:#fff}
.live{display:flex;align-items:center;gap:.35rem;font-size:.85rem;color:#d0d7de}
.dot{width:.6rem;height:.6rem;border-radius:50%;background:#8c959f}
.live.on .dot{background:#2da44e}.live.off .dot{background:#cf222e}
main{max-width:1280px;margin:0 auto;padding:1rem 1.2rem 2rem;display:grid;gap:1rem}
.problems{background:var(--fail-bg);color:var(--fail);padding:.5rem 1.2rem;border-bottom:1px solid var(--fail)}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;min-width:0}
h2{font-size:1.05rem;margin:0 0 .6rem}
h3{font-size:1rem;margin:.2rem 0 .5rem}
.rollback{border-radius:10px;padding:1rem 1.3rem;border:2px solid var(--none);background:var(--none-bg)}
.rollback .headline{font-size:clamp(1.7rem,4.6vw,3.1rem);font-weight:750;margin:0;line-height:1.15;letter-spacing:-.01em}
.rollback .ends{font-size:clamp(1.05rem,2.2vw,1.45rem);margin:.35rem 0 0}
.rollback ul{margin:.5rem 0 0;padding-left:1.2rem;color:var(--muted)}
.rollback.available{border-color:var(--pass);background:var(--pass-bg)}.rollback.available .headline{color:var(--pass)}
.rollback.limited{border-color:var(--warn);background:var(--warn-bg)}.rollback.limited .headline{color:var(--warn)}
.rollback.unavailable{border-color:var(--fail);background:var(--fail-bg)}.rollback.unavailable .headline{color:var(--fail)}
.rollback.unknown{border-color:var(--unknown);background:var(--unknown-bg)}.rollback.unknown .headline{color:var(--unknown)}
.timeline{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:.5rem}
.step{border:1px solid var(--line);border-radius:8px;padding:.5rem .6rem;position:relative;background:#fbfcfd;min-width:0}
.step.current{border:2px solid #0969da;background:#f0f6ff}
.step.done{opacity:.85}
.step .name{font-weight:650;overflow-wrap:anywhere}
.step .when{font-size:.8rem;color:var(--muted)}
.step.ponr{border-left:5px solid var(--fail)}
.ponr-label{display:inline-block;margin-top:.3rem;font-size:.75rem;font-weight:650;color:var(--fail);text-transform:uppercase;letter-spacing:.03em}
.authority{display:inline-block;font-size:.75rem;border-radius:999px;padding:0 .5rem;margin:.2rem 0;border:1px solid}
.authority.source{color:#0550ae;border-color:#0550ae}.authority.target{color:#8250df;border-color:#8250df}
.badge{display:inline-block;border-radius:999px;padding:.05rem .55rem;font-size:.78rem;font-weight:650;text-transform:uppercase;letter-spacing:.02em;white-space:nowrap}
.s-pass{color:var(--pass);background:var(--pass-bg)}.s-warn{color:var(--warn);background:var(--warn-bg)}
.s-fail{color:var(--fail);background:var(--fail-bg)}.s-unknown{color:var(--unknown);background:var(--unknown-bg)}
.s-not-evaluated{color:var(--none);background:var(--none-bg)}
.guards{display:flex;flex-wrap:wrap;gap:.25rem;margin-top:.25rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-bottom:.6rem}
.chips{display:flex;flex-wrap:wrap;gap:.3rem}
.chip{border:1px solid var(--line);background:#fff;border-radius:999px;padding:.2rem .7rem;cursor:pointer;font:inherit;font-size:.85rem}
.chip[aria-pressed=true]{background:#24292f;color:#fff;border-color:#24292f}
#text-filter{flex:1;min-width:12rem;padding:.35rem .6rem;border:1px solid var(--line);border-radius:6px;font:inherit}
.board{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.6rem}
.gate{all:unset;box-sizing:border-box;display:block;cursor:pointer;border:1px solid var(--line);border-left:6px solid var(--none);border-radius:8px;padding:.6rem .7rem;background:#fff;min-width:0}
.gate:focus-visible{outline:3px solid #0969da;outline-offset:1px}
.gate.selected{box-shadow:0 0 0 2px #0969da}
.gate.st-pass{border-left-color:var(--pass)}.gate.st-warn{border-left-color:var(--warn)}.gate.st-fail{border-left-color:var(--fail)}.gate.st-unknown{border-left-color:var(--unknown)}
.gate .row{display:flex;justify-content:space-between;gap:.5rem;align-items:center}
.gate .name{font-weight:650;font-size:1.02rem}
.gate .sub{font-size:.82rem;color:var(--muted);overflow-wrap:anywhere}
.detail{margin-top:.8rem;border-top:1px solid var(--line);padding-top:.6rem}
.how{font-size:.85rem;color:var(--muted);overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .45rem;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted);background:#fafbfc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.msg{min-width:14rem}
pre.evidence{margin:.2rem 0 0;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:.4rem .5rem;max-height:16rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
details>summary{cursor:pointer;color:#0969da;font-size:.82rem}
.muted{color:var(--muted)}
.empty{color:var(--muted);font-style:italic;margin:.2rem 0}
.group{margin-bottom:.9rem}
.group .head{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline;margin-bottom:.3rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:.8rem;margin-bottom:.8rem}
.chart{border:1px solid var(--line);border-radius:6px;padding:.4rem .5rem}
.chart svg{width:100%;height:120px;display:block}
.chart .line{fill:none;stroke:#0969da;stroke-width:2}
.chart .secs{fill:none;stroke:#bf8700;stroke-width:1.5;stroke-dasharray:4 3}
.chart .axis{stroke:var(--line)}
.chart .cap{font-size:.8rem;color:var(--muted)}
.figs{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,320px),1fr));gap:.8rem}
.figs>div{min-width:0}
.note-error{color:var(--fail);background:var(--fail-bg);border-radius:6px;padding:.3rem .5rem}
.foot{max-width:1280px;margin:0 auto;padding:0 1.2rem 1.5rem;color:var(--muted);font-size:.85rem}
@media (max-width:900px){.board{grid-template-columns:repeat(2,minmax(0,1fr))}.timeline{grid-template-columns:repeat(3,minmax(0,1fr))}}
@media (max-width:600px){
  body{font-size:14px}
  main{padding:.6rem}
  .board,.timeline{grid-template-columns:minmax(0,1fr)}
  .top{padding:.5rem .7rem}
  .meta{order:3;flex-basis:100%}
  /* the checks table becomes one card per check: five columns do not fit a phone */
  table.stack thead{display:none}
  table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.35rem 0}
  table.stack td{display:block;border:0;padding:.1rem .2rem}
  table.stack td.msg{min-width:0}
}
`

export const pageJs = String.raw`(function () {
  'use strict'
  var STATUSES = ['all', 'fail', 'unknown', 'warn', 'pass', 'not-evaluated']
  var ui = { data: null, selected: null, status: 'all', text: '', revision: null, loading: false, again: false }

  function h (tag, props) {
    var el = document.createElement(tag)
    props = props || {}
    Object.keys(props).forEach(function (k) {
      var v = props[k]
      if (v === null || v === undefined || v === false) return
      if (k === 'text') el.textContent = String(v)
      else if (k === 'class') el.className = v
      else if (k === 'on') Object.keys(v).forEach(function (ev) { el.addEventListener(ev, v[ev]) })
      else el.setAttribute(k, v === true ? '' : String(v))
    })
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i])
    return el
  }
  function append (el, child) {
    if (child === null || child === undefined || child === false) return
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c) }); return }
    el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child)
  }
  function fill (id) {
    var el = document.getElementById(id)
    while (el.firstChild) el.removeChild(el.firstChild)
    for (var i = 1; i < arguments.length; i++) append(el, arguments[i])
    return el
  }
  function ago (iso) {
    if (!iso) return 'never'
    var s = (Date.now() - Date.parse(iso)) / 1000
    if (isNaN(s)) return String(iso)
    var a = Math.abs(s)
    var t = a < 60 ? Math.round(a) + ' s' : a < 3600 ? Math.round(a / 60) + ' min' : a < 172800 ? Math.round(a / 3600) + ' h' : Math.round(a / 86400) + ' d'
    return s >= 0 ? t + ' ago' : 'in ' + t
  }
  function when (iso) { return iso ? h('time', { datetime: iso, title: iso, text: ago(iso) }) : h('span', { class: 'muted', text: 'never' }) }
  function badge (status) { return h('span', { class: 'badge s-' + status, 'data-status': status, text: status === 'not-evaluated' ? 'not evaluated' : status }) }
  function num (n) { return n === null || n === undefined ? '–' : typeof n === 'number' ? n.toLocaleString('en-US') : String(n) }
  function short (id) { return id ? String(id).slice(0, 12) : '–' }
  function json (v) { try { return JSON.stringify(v, null, 2) } catch (e) { return String(v) } }
  function table (headers, rows, cls) {
    return h('div', { class: 'scroll' }, h('table', { class: cls || '' },
      h('thead', {}, h('tr', {}, headers.map(function (x) { return h('th', { class: x.num ? 'num' : '', text: x.label || x }) }))),
      h('tbody', {}, rows)))
  }

  function renderHeader (d) {
    document.getElementById('plan-name').textContent = d.plan.name || d.plan.file
    document.title = 'rollgate · ' + (d.plan.name || 'migration') + ' · ' + d.phase.current
    fill('meta',
      h('span', {}, 'phase ', h('b', { id: 'meta-phase', text: d.phase.current })),
      h('span', {}, 'writes: ', h('b', { text: d.phase.writeAuthority })),
      h('span', {}, 'snapshot: ', d.snapshot ? when(d.snapshot.capturedAt) : h('b', { text: 'none' })),
      h('span', {}, 'journal seq ', h('b', { text: d.journal.seq === null ? '–' : d.journal.seq })))
    document.getElementById('generated').textContent = 'as of ' + new Date(d.generatedAt).toLocaleString()
    var p = document.getElementById('problems')
    p.hidden = d.problems.length === 0
    fill('problems', d.problems.length ? h('div', {}, h('b', { text: 'Could not read: ' }), d.problems.join(' · ')) : null)
  }

  function renderRollback (r) {
    var el = fill('rollback',
      h('p', { class: 'headline', id: 'rollback-headline', text: r.headline }),
      h('p', { class: 'ends', id: 'rollback-ends', text: r.endsWhen }),
      r.limits.length ? h('ul', {}, r.limits.map(function (l) {
        return h('li', {}, h('b', { text: l.kind }), ' (' + l.subject + '): ' + l.message + (l.at ? ' — at ' + l.at : ''))
      })) : null)
    el.className = 'rollback ' + r.status
    el.setAttribute('data-status', r.status)
  }

  function renderTimeline (t) {
    fill('timeline', t.steps.map(function (s) {
      return h('li', { class: 'step ' + s.state + (s.pointOfNoReturn ? ' ponr' : ''), 'data-phase': s.phase, 'aria-current': s.state === 'current' ? 'step' : null, title: 'rollback here: ' + s.rollback },
        h('div', { class: 'name', text: s.phase }),
        h('span', { class: 'authority ' + s.writeAuthority, text: 'writes: ' + s.writeAuthority }),
        h('div', { class: 'when' }, s.state === 'current' ? 'current' + (s.enteredAt ? ', since ' : '') : s.enteredAt ? 'entered ' : (s.state === 'done' ? 'passed' : 'not yet'), s.enteredAt ? when(s.enteredAt) : null, s.forced ? h('b', { text: ' (forced)' }) : null),
        s.guardedBy.length ? h('div', { class: 'guards' }, s.guardedBy.map(function (g) { return h('span', { class: 'badge s-' + g.status, title: g.gate + ': ' + g.status, text: g.gate }) })) : null,
        s.pointOfNoReturn ? h('div', { class: 'ponr-label', title: (t.pointOfNoReturn.note || '') + ' owner: ' + t.pointOfNoReturn.owner, text: (t.pointOfNoReturn.passed ? 'point of no return passed' : 'point of no return') + ' · ' + t.pointOfNoReturn.owner }) : null)
    }))
  }

  function matchesText (g, c) {
    var q = ui.text.trim().toLowerCase()
    if (!q) return true
    var hay = [g.gate, g.owner, g.ownerField]
    if (c) hay = hay.concat([c.id, c.subject, c.message, c.owner || '', c.status])
    return hay.join(' ').toLowerCase().indexOf(q) >= 0
  }
  function visibleChecks (g) {
    return g.checks.filter(function (c) {
      return (ui.status === 'all' || ui.status === 'not-evaluated' || c.status === ui.status) && matchesText(g, c)
    })
  }
  function gateVisible (g) {
    var statusOk = ui.status === 'all' || g.status === ui.status || g.checks.some(function (c) { return c.status === ui.status })
    var textOk = matchesText(g, null) || g.checks.some(function (c) { return matchesText(g, c) })
    return statusOk && textOk
  }

  function renderFilters (gates) {
    fill('status-filter', STATUSES.map(function (s) {
      var n = s === 'all' ? gates.length : gates.filter(function (g) { return g.status === s }).length
      return h('button', { type: 'button', class: 'chip', 'data-filter': s, 'aria-pressed': ui.status === s ? 'true' : 'false',
        on: { click: function () { ui.status = s; renderBoard() } } }, (s === 'not-evaluated' ? 'not evaluated' : s) + ' ' + n)
    }))
  }

  function renderBoard () {
    var d = ui.data
    if (!d) return
    renderFilters(d.gates)
    var shown = d.gates.filter(gateVisible)
    fill('board', shown.length ? shown.map(function (g) {
      var counts = ['fail', 'unknown', 'warn', 'pass'].filter(function (s) { return g.counts[s] > 0 }).map(function (s) { return g.counts[s] + ' ' + s }).join(' · ')
      return h('button', { type: 'button', class: 'gate st-' + g.status + (ui.selected === g.gate ? ' selected' : ''), 'data-gate': g.gate, 'data-status': g.status, 'aria-expanded': ui.selected === g.gate ? 'true' : 'false',
        on: { click: function () { ui.selected = ui.selected === g.gate ? null : g.gate; renderBoard() } } },
        h('div', { class: 'row' }, h('span', { class: 'name', text: g.gate }), badge(g.status)),
        h('div', { class: 'sub' }, 'owner ', h('b', { text: g.owner }), ' · ' + g.ownerField.replace('runbook.', '')),
        h('div', { class: 'sub' }, 'evaluated ', when(g.evaluatedAt), g.seq !== null ? ' · seq ' + g.seq : ''),
        h('div', { class: 'sub', text: counts || (g.status === 'not-evaluated' ? 'run: rollgate gate ' + g.gate : 'no checks') }),
        g.guards ? h('div', { class: 'sub', text: 'guards ' + g.guards }) : null)
    }) : h('p', { class: 'empty', text: 'no gate matches the filter' }))
    renderDetail()
  }

  function howLine (how) {
    var parts = []
    if (how.command) parts.push(h('span', {}, 'command ', h('code', { text: how.command })))
    if (how.dashboard) parts.push(h('span', {}, 'dashboard ', h('a', { href: how.dashboard, rel: 'noopener noreferrer', target: '_blank', text: how.dashboard })))
    if (how.ticket) parts.push(h('span', {}, 'ticket ', h('b', { text: how.ticket })))
    return parts.reduce(function (out, p, i) { if (i) out.push(' · '); out.push(p); return out }, [])
  }

  function renderDetail () {
    var d = ui.data
    var el = document.getElementById('gate-detail')
    var g = d && ui.selected ? d.gates.filter(function (x) { return x.gate === ui.selected })[0] : null
    if (!g) { el.hidden = true; fill('gate-detail'); return }
    el.hidden = false
    el.setAttribute('data-gate', g.gate)
    var checks = visibleChecks(g)
    fill('gate-detail',
      h('h3', {}, g.gate + ' ', badge(g.status)),
      h('div', { class: 'how' }, 'owner ', h('b', { text: g.owner }), ' (' + g.ownerField + ') · ', howLine(g.how)),
      h('div', { class: 'how' }, 'evaluated ', g.evaluatedAt ? h('span', { text: g.evaluatedAt }) : 'never', g.seq !== null ? ' · journal seq ' + g.seq : '', ' · evidence ', h('code', { title: g.evidenceId || '', text: short(g.evidenceId) })),
      g.checks.length === 0 ? h('p', { class: 'empty', text: g.status === 'not-evaluated' ? 'Not evaluated yet: run rollgate gate ' + g.gate + '.' : 'The verdict holds no checks.' })
        : checks.length === 0 ? h('p', { class: 'empty', text: 'no check matches the filter' })
          : table(['status', 'check', 'subject', 'message and evidence', 'owner'], checks.map(function (c) {
            return h('tr', { 'data-check': c.id, 'data-subject': c.subject, 'data-status': c.status },
              h('td', {}, badge(c.status)), h('td', { class: 'mono', text: c.id }), h('td', { class: 'mono', text: c.subject }),
              h('td', { class: 'msg' }, h('div', { class: 'message', text: c.message }),
                h('details', { class: 'evidence', open: c.status !== 'pass' }, h('summary', { text: 'evidence' }), h('pre', { class: 'evidence', text: json(c.evidence) }))),
              h('td', { text: c.owner || '' }))
          }), 'stack'))
  }

  function renderGroups (v) {
    var head = v.translation
      ? h('p', { class: 'muted' }, 'translation ', h('code', { title: v.translation.evidenceId, text: short(v.translation.evidenceId) }), ' made ', when(v.translation.translatedAt), v.translation.capturedAt ? h('span', {}, ' from positions captured ', when(v.translation.capturedAt)) : null)
      : h('p', { class: 'empty', text: 'No source-to-target offset translation recorded yet: run rollgate offsets capture, then rollgate offsets translate.' })
    if (!v.groups.length) { fill('groups', head, h('p', { class: 'empty', text: 'The plan names no consumer group.' })); return }
    fill('groups', head, v.groups.map(function (g) {
      var max = g.maxReplay.records !== null ? num(g.maxReplay.records) + ' records' : g.maxReplay.seconds !== null ? g.maxReplay.seconds + ' s' : 'none set'
      return h('div', { class: 'group', 'data-group': g.group },
        h('div', { class: 'head' }, h('b', { text: g.group }), h('span', { class: 'muted', text: 'owner ' + (g.owner || '–') + ' · ' + (g.strategy || 'not in the plan') + (g.state ? ' · ' + g.state : '') }),
          h('span', {}, 'replay ', h('b', { text: num(g.replay.total) }), (g.replay.unbounded ? ' + ' + g.replay.unbounded + ' unbounded' : '') + ' (max ' + max + ')'), g.replay.exceeds ? badge('fail') : null,
          g.untranslatable ? h('span', { class: 'badge s-unknown', text: g.untranslatable + ' untranslatable' }) : null),
        g.partitions.length === 0 ? h('p', { class: 'empty', text: 'not in the latest translation' })
          : table([{ label: 'partition' }, { label: 'source position', num: true }, { label: 'target position' }, { label: 'method' }, { label: 'proof' }, { label: 'replay', num: true }],
            g.partitions.map(function (p) {
              var proof = p.proof ? p.proof.from.offset + ' ≡ ' + p.proof.to.offset + ' (' + String(p.proof.to.digest).slice(0, 10) + ', ' + p.proof.aligned + ' aligned)' : (p.note || '–')
              return h('tr', {},
                h('td', { class: 'mono', text: p.topic + '-' + p.partition }),
                h('td', { class: 'num', title: p.sourceLogEnd !== null ? 'log end ' + p.sourceLogEnd : '', text: num(p.source) }),
                h('td', { class: 'mono', text: p.target === null ? 'untranslatable: ' + (p.untranslatable || '?') : p.targetTopic + ' @ ' + num(p.target) }),
                h('td', { text: p.method }),
                h('td', { class: 'mono', title: p.proof ? json(p.proof) : '', text: proof }),
                h('td', { class: 'num', text: p.replay === null ? 'unbounded' : num(p.replay) }))
            })))
    }))
  }

  function chart (series) {
    var NS = 'http://www.w3.org/2000/svg'
    var W = 300, H = 120, P = 6
    var pts = series.points
    var t0 = Date.parse(pts[0].at), t1 = Date.parse(pts[pts.length - 1].at)
    var maxR = Math.max.apply(null, pts.map(function (p) { return p.records || 0 }).concat([1]))
    var maxS = Math.max.apply(null, pts.map(function (p) { return p.seconds || 0 }).concat([1]))
    function x (p) { return t1 > t0 ? P + (W - 2 * P) * (Date.parse(p.at) - t0) / (t1 - t0) : W / 2 }
    function line (key, max) {
      return pts.filter(function (p) { return p[key] !== null }).map(function (p) { return x(p).toFixed(1) + ',' + (H - P - (H - 2 * P) * p[key] / max).toFixed(1) }).join(' ')
    }
    var svg = document.createElementNS(NS, 'svg')
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H)
    svg.setAttribute('preserveAspectRatio', 'none')
    svg.setAttribute('role', 'img')
    svg.setAttribute('aria-label', 'replication lag of ' + series.topic + ' over time')
    var axis = document.createElementNS(NS, 'line')
    axis.setAttribute('x1', P); axis.setAttribute('x2', W - P); axis.setAttribute('y1', H - P); axis.setAttribute('y2', H - P); axis.setAttribute('class', 'axis')
    svg.appendChild(axis)
    ;[['records', maxR, 'line'], ['seconds', maxS, 'secs']].forEach(function (s) {
      var el = document.createElementNS(NS, pts.length > 1 ? 'polyline' : 'circle')
      if (pts.length > 1) el.setAttribute('points', line(s[0], s[1]))
      else { var xy = (line(s[0], s[1]) || '0,0').split(','); el.setAttribute('cx', xy[0]); el.setAttribute('cy', xy[1]); el.setAttribute('r', 3) }
      el.setAttribute('class', s[2])
      svg.appendChild(el)
    })
    var last = pts[pts.length - 1]
    // the scale never drops below 1 (a flat zero line stays on the axis); the caption says the real peak
    var peakR = Math.max.apply(null, pts.map(function (p) { return p.records || 0 }))
    var peakS = Math.max.apply(null, pts.map(function (p) { return p.seconds || 0 }))
    return h('div', { class: 'chart', 'data-topic': series.topic },
      h('div', {}, h('b', { class: 'mono', text: series.topic }), ' ', h('span', { class: 'muted', text: 'now ' + num(last.records) + ' records, ' + (last.seconds === null ? '? s' : Math.round(last.seconds) + ' s') })),
      svg,
      h('div', { class: 'cap', text: pts.length + ' snapshot(s) · peak ' + num(peakR) + ' records (solid), ' + Math.round(peakS) + ' s (dashed)' + (last.unknown ? ' · ' + last.unknown + ' partition(s) unknown' : '') }))
  }

  function renderLag (v) {
    if (!v.available) { fill('lag', h('p', { class: 'empty', text: 'No replication lag evidence in the journal\'s snapshots yet: rollgate snapshot records it when the snapshot captures replication progress.' })); return }
    var latest = v.latest
    fill('lag', h('div', { class: 'charts' }, v.series.map(chart)),
      latest ? h('div', {}, h('p', { class: 'muted' }, 'per critical partition at ', when(latest.capturedAt)),
        table([{ label: 'partition' }, { label: 'target topic' }, { label: 'records behind', num: true }, { label: 'seconds behind', num: true }, { label: 'note' }],
          latest.partitions.map(function (p) {
            return h('tr', {}, h('td', { class: 'mono', text: p.topic + '-' + p.partition }), h('td', { class: 'mono', text: p.targetTopic || '–' }),
              h('td', { class: 'num', text: num(p.records) }), h('td', { class: 'num', text: p.seconds === null ? '–' : p.seconds.toFixed(1) }), h('td', { text: p.note || '' }))
          }))) : null)
  }

  function figuresBlock (title, k, none) {
    if (!k) return h('div', {}, h('h3', { text: title }), h('p', { class: 'empty', text: none }))
    return h('div', { 'data-kind': k.kind },
      h('h3', { text: title }),
      h('p', { class: 'muted' }, 'recorded ', when(k.recordedAt), ' · seq ' + k.seq + ' · ', h('code', { title: k.evidenceId, text: short(k.evidenceId) }), k.count > 1 ? ' · ' + k.count + ' recorded in all' : ''),
      k.summary ? h('p', { text: k.summary }) : null,
      k.error ? h('p', { class: 'note-error', text: 'could not read it: ' + k.error }) : null,
      k.figures.length ? table(['figure', { label: 'value', num: true }], k.figures.map(function (f) {
        return h('tr', {}, h('td', { class: 'mono', text: f.name }), h('td', { class: 'num', text: f.value === null ? 'null' : typeof f.value === 'number' ? num(f.value) : String(f.value) }))
      })) : null)
  }

  function renderEvidence (d) {
    fill('rehearsal', h('div', { class: 'figs' },
      figuresBlock('Rehearsal (game day)', d.rehearsal, 'No rehearsal recorded yet: rollgate rehearse.'),
      figuresBlock('Shadow-read record parity', d.verify, 'No shadow-read parity recorded yet: rollgate verify.')))
  }

  function render (d) {
    ui.data = d
    renderHeader(d)
    renderRollback(d.rollback)
    renderTimeline(d.timeline)
    renderBoard()
    renderGroups(d.groups)
    renderLag(d.lag)
    renderEvidence(d)
    document.body.setAttribute('data-seq', d.journal.seq === null ? '' : d.journal.seq)
  }

  function live (on, text) {
    var el = document.getElementById('live')
    el.className = 'live ' + (on ? 'on' : 'off')
    document.getElementById('live-text').textContent = text
  }

  function load () {
    if (ui.loading) { ui.again = true; return }
    ui.loading = true
    fetch('api/dashboard', { cache: 'no-store', credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + ': ' + t.slice(0, 300)) })
      return r.json()
    }).then(function (d) {
      render(d)
    }).catch(function (e) {
      var p = document.getElementById('problems')
      p.hidden = false
      p.textContent = 'Could not load the dashboard data: ' + e.message
    }).then(function () {
      ui.loading = false
      if (ui.again) { ui.again = false; load() }
    })
  }

  function connect () {
    if (!window.EventSource) { live(false, 'polling'); setInterval(load, 5000); return }
    var es = new EventSource('api/events')
    es.addEventListener('revision', function (e) {
      live(true, 'live')
      if (e.data !== ui.revision) { ui.revision = e.data; load() }
    })
    es.onerror = function () { live(false, 'reconnecting') }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.getElementById('text-filter').addEventListener('input', function (e) { ui.text = e.target.value; renderBoard() })
    load()
    connect()
    // ages, the snapshot's staleness and the rollback countdown move even when the journal does not
    setInterval(load, 60000)
  })
})()
`
