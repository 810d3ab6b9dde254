// search.html's search: reads ?q=, loads only the index shards its tokens fall in, and shows
// the results. Its tokens are those of search-tokens.js (the tokenizer of src/search.rs, which
// built the index), loaded before it by search.html.
// The index is a set of .js files that call madoguchiSearch.meta/shard/chunks/docs, loaded with
// <script src>: that works from file://, where a browser refuses fetch. Nothing from the index
// is ever parsed as HTML: results are built with DOM methods and textContent.
(function () {
  'use strict';

  var tokenizer = window.madoguchiTokens;
  var fold = tokenizer.fold, hashOf = tokenizer.hashOf;
  var queryTokens = tokenizer.queryTokens, indexTokens = tokenizer.indexTokens;

  // ---- Loading the index ----

  // The shard of a token: the high `bits` bits of its hash (search_index::shard_of).
  function shardOf(token) {
    var bits = index.meta.bits;
    return bits === 0 ? 0 : hashOf(token) >>> (32 - bits);
  }

  var index = { meta: null, chunks: null, shards: {}, docs: {}, base: '', bytes: 0, ahead: [] };
  var loading = {};

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = index.base + path;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error('cannot load ' + path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  var api = {
    meta: function (meta) { index.meta = meta; },
    chunks: function (chunks) { index.chunks = chunks; },
    shard: function (n, tokens) { index.shards[n] = tokens; },
    docs: function (n, docs) { index.docs[n] = docs; },
    queryTokens: queryTokens,
    indexTokens: indexTokens,
    search: search,
  };
  window.madoguchiSearch = api;

  // The chunks (chunks.js, loaded beside the shards): first one for each of its groups (places
  // that are a title word's best results, so a query for it loads one chunk), then the other
  // documents in their order, in chunks starting at its chunks (a place in a group is not in
  // them).
  var groupOf = null;
  function grouped(doc) {
    if (!groupOf) {
      groupOf = {};
      (index.chunks.groups || []).forEach(function (group, n) {
        group.forEach(function (d) { groupOf[d] = n; });
      });
    }
    return Object.prototype.hasOwnProperty.call(groupOf, doc) ? groupOf[doc] : -1;
  }

  function chunkOf(doc) {
    var group = grouped(doc);
    if (group >= 0) { return group; }
    var starts = index.chunks.chunks;
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= doc) { lo = mid; } else { hi = mid - 1; }
    }
    return (index.chunks.groups || []).length + lo;
  }

  // Document `doc` as its chunk, loaded, holds it.
  function recordOf(doc) {
    var n = chunkOf(doc);
    var groups = index.chunks.groups || [];
    if (n < groups.length) { return index.docs[n][groups[n].indexOf(doc)]; }
    var at = 0;
    for (var d = index.chunks.chunks[n - groups.length]; d < doc; d++) {
      if (grouped(d) < 0) { at += 1; }
    }
    return index.docs[n][at];
  }

  // Documents that hold every token, best first: situations and windows before articles, then
  // by weight (a token in the title weighs most), then in the order of the data.
  // Each list is in document order, so the lists are merged (shortest first) rather than
  // looked up in maps, and the order is one number per document, sorted without a comparator:
  // a frequent pair has thousands of postings, and this runs before anything is shown.
  function rank(toks) {
    var lists = toks.map(function (t) {
      var shard = index.shards[shardOf(t)];
      return (shard && Object.prototype.hasOwnProperty.call(shard, t)) ? shard[t] : null;
    });
    if (lists.length === 0 || lists.some(function (l) { return l === null; })) {
      return [];
    }
    lists.sort(function (a, b) { return a.length - b.length; });
    var first = lists[0];
    var docs = new Float64Array(first.length >> 1);
    var weights = new Float64Array(first.length >> 1);
    var count = 0;
    var doc = 0;
    for (var i = 0; i + 1 < first.length; i += 2) {
      doc += first[i];
      docs[count] = doc;
      weights[count] = first[i + 1];
      count += 1;
    }
    for (var n = 1; n < lists.length && count > 0; n++) {
      var list = lists[n];
      var kept = 0;
      var at = 0;
      var d = 0;
      for (var j = 0; j + 1 < list.length && at < count; j += 2) {
        d += list[j];
        while (at < count && docs[at] < d) { at += 1; }
        if (at < count && docs[at] === d) {
          docs[kept] = d;
          weights[kept] = weights[at] + list[j + 1];
          kept += 1;
          at += 1;
        }
      }
      count = kept;
    }
    // key = article? · 2^47 + (2^15 - 1 - weight) · 2^32 + document: exact in a double while
    // a document number stays under 2^32 and a weight (at most 99 a token, 32 tokens) under 2^15.
    var places = index.meta.places;
    var keys = new Float64Array(count);
    for (var k = 0; k < count; k++) {
      keys[k] = (docs[k] < places ? 0 : 140737488355328) +
        (32767 - Math.min(weights[k], 32767)) * 4294967296 + docs[k];
    }
    keys.sort();
    var best = [];
    for (var m = 0; m < count; m++) { best.push(keys[m] % 4294967296); }
    return best;
  }

  // The chunks of the groups the query's title words lead to (meta.leads: a token's hash,
  // then its group), at most two: loaded beside the shards, so a common word's first page
  // needs no second round of loading (a wrong guess costs a chunk, never a wrong result).
  var leadsTo = null;
  function chunksAhead(toks) {
    if (!leadsTo) {
      leadsTo = {};
      var leads = index.meta.leads || [];
      for (var i = 0; i + 1 < leads.length; i += 2) { leadsTo[leads[i]] = leads[i + 1]; }
    }
    var chunks = [];
    toks.forEach(function (t) {
      var group = leadsTo[hashOf(t)];
      if (group !== undefined && chunks.indexOf(group) < 0 && chunks.length < 2) {
        chunks.push(group);
      }
    });
    return chunks;
  }

  var LIMIT = 20;
  // A pasted paragraph would load every shard: its first tokens are enough to find it.
  var MAX_TOKENS = 32;

  // Resolves to the best documents for `query`, at most LIMIT of them, best first: their numbers.
  function ranked(query) {
    var toks = Array.from(new Set(queryTokens(query))).slice(0, MAX_TOKENS);
    if (toks.length === 0) {
      return Promise.resolve([]);
    }
    // search.html loads meta.js itself, beside this script.
    var meta = index.meta ? Promise.resolve() : load('meta.js');
    return meta.then(function () {
      var shards = Array.from(new Set(toks.map(function (t) {
        return shardOf(t);
      })));
      var loads = shards.map(function (n) { return load('t/' + n + '.js'); });
      // Where the results' documents are: needed once they are ranked, loaded in this round.
      loads.push(load('chunks.js'));
      chunksAhead(toks).forEach(function (n) {
        index.ahead.push('d/' + n + '.js');
        load('d/' + n + '.js').catch(function () {});
      });
      return Promise.all(loads);
    }).then(function () {
      return rank(toks).slice(0, LIMIT);
    });
  }

  // Resolves to the documents numbered `best`, in their order: [{doc, title, href, kind, text}].
  function records(best) {
    var chunks = Array.from(new Set(best.map(chunkOf)));
    return Promise.all(chunks.map(function (n) { return load('d/' + n + '.js'); }))
      .then(function () {
        return best.map(function (doc) {
          var d = recordOf(doc);
          return { doc: doc, kind: d.kind, title: d.title, href: d.href, text: d.text };
        });
      });
  }

  // Resolves to the best documents for `query`: [{doc, title, href, kind, text}].
  function search(query) {
    return ranked(query).then(records);
  }

  // ---- Showing the results ----

  // fold(ch) for one character, without NFKC where it is known to change nothing (ASCII,
  // hiragana, katakana but ヿ, kanji): a snippet folds every character of each result.
  function foldChar(ch) {
    var c = ch.charCodeAt(0);
    if (c < 0x80) {
      return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : ch;
    }
    if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x309d && c <= 0x309e)) {
      return String.fromCharCode(c + 0x60);
    }
    if ((c >= 0x30a1 && c <= 0x30fe) || (c >= 0x4e00 && c <= 0x9fff)) {
      return ch;
    }
    return fold(ch);
  }

  // Where the query's words stand in `text`: [start, end] in code points of `text`.
  function matches(text, query) {
    var chars = Array.from(text);
    var folded = '';
    var at = [];
    chars.forEach(function (ch, i) {
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) { at.push(i); }
      folded += f;
    });
    at.push(chars.length);
    var found = [];
    query.split(/\s+/).map(fold).filter(Boolean).forEach(function (term) {
      for (var from = folded.indexOf(term); from >= 0; from = folded.indexOf(term, from + 1)) {
        found.push([at[from], at[from + term.length - 1] + 1]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    return { chars: chars, found: found };
  }

  // Characters a number or an identifier is written with: a snippet is never cut inside a run
  // of them that holds a digit, since a cut could make a dialable number out of a longer one
  // (`90120-444-4444` cut to `0120-444-4444`), which no check has seen.
  var RUN = /[\p{N}A-Za-z\uFF21-\uFF3A\uFF41-\uFF5A\-\u2010-\u2015\u2212\u30FC\uFF0D.\uFF0E()\uFF08\uFF09#\uFF03+\uFF0B ]/u;
  var DIGIT = /\p{N}/u;
  // Where to cut `chars` near `cut`: at `cut`, unless that splits a run holding a digit; then
  // at the run's edge (outward, `dir` -1 for a start and +1 for an end, if close; else inward).
  function safeCut(chars, cut, dir) {
    if (cut <= 0 || cut >= chars.length || !RUN.test(chars[cut - 1]) || !RUN.test(chars[cut])) {
      return cut;
    }
    var a = cut, b = cut;
    while (a > 0 && RUN.test(chars[a - 1])) { a -= 1; }
    while (b < chars.length && RUN.test(chars[b])) { b += 1; }
    if (!chars.slice(a, b).some(function (c) { return DIGIT.test(c); })) { return cut; }
    var outward = dir < 0 ? a : b;
    if (Math.abs(outward - cut) <= 40) { return outward; }
    return dir < 0 ? b : a;
  }

  function snippet(text, query) {
    var m = matches(text.replace(/\s+/g, ' '), query);
    var first = m.found.length ? m.found[0][0] : 0;
    var start = safeCut(m.chars, Math.max(0, first - 30), -1);
    var end = Math.max(start, safeCut(m.chars, Math.min(m.chars.length, start + 120), 1));
    var p = document.createElement('p');
    p.className = 'search-snippet';
    if (start > 0) { p.appendChild(document.createTextNode('…')); }
    var pos = start;
    m.found.forEach(function (f) {
      if (f[0] < pos || f[1] > end) { return; }
      p.appendChild(document.createTextNode(m.chars.slice(pos, f[0]).join('')));
      var mark = document.createElement('mark');
      mark.textContent = m.chars.slice(f[0], f[1]).join('');
      p.appendChild(mark);
      pos = f[1];
    });
    p.appendChild(document.createTextNode(m.chars.slice(pos, end).join('')));
    if (end < m.chars.length) { p.appendChild(document.createTextNode('…')); }
    return p;
  }

  // The heading (`count` results, or none) and the list of results, which `append` fills.
  function show(box, count) {
    var heading = document.createElement('h2');
    // The query is never written into the page: a link could make the guide's own page say
    // "call 0120-…" (`search.html?q=…`). The heading gives the count instead.
    var label = count ? box.dataset.results : box.dataset.noMatch;
    heading.textContent = label.split('{count}').join(String(count));
    box.appendChild(heading);
    if (!count) {
      document.getElementById('search-situations').hidden = false;
      return null;
    }
    var list = document.createElement('ol');
    list.className = 'search-results';
    box.appendChild(list);
    return list;
  }

  function append(box, list, query, results, root) {
    var kinds = { s: box.dataset.situation, w: box.dataset.window, a: box.dataset.article };
    results.forEach(function (r) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + r.href;
      link.textContent = r.title;
      var kind = document.createElement('span');
      kind.className = 'keyword-kind';
      kind.textContent = kinds[r.kind] || '';
      item.appendChild(link);
      item.appendChild(document.createTextNode(' '));
      item.appendChild(kind);
      item.appendChild(snippet(r.text, query));
      list.appendChild(item);
    });
  }

  // How many results are shown as soon as their documents are in; the rest follow. The index
  // groups a title word's best places, as many as this, in one chunk (search_index/groups.rs).
  var FIRST = 10;

  function start() {
    var box = document.getElementById('search-results');
    if (!box) { return; }
    var query = new URLSearchParams(window.location.search).get('q') || '';
    // The box shows the query again only when it is short and holds no digit or `@`: what a
    // link puts there is then no number or address to call.
    var input = document.getElementById('site-search-q');
    if (input && query.length <= 20 && !/[\p{N}@\uFF20]/u.test(query)) { input.value = query; }
    if (!query.trim()) { return; }
    index.base = box.dataset.index;
    var root = index.base.replace(/search\/$/, '');
    var began = performance.now();
    box.hidden = false;
    document.getElementById('search-keywords').hidden = true;
    // Each chunk of documents is a file of its own, loaded with a <script> that costs a few
    // milliseconds, and a frequent word's best results are each in a chunk of its own: the
    // first page's chunks are loaded alone and its results shown when they are in; then the
    // rest's chunks load (not before, so they do not hold up the first), and their results
    // are added below.
    // For benches/search.sh: data-ms is when the first results (or the no-match message) were
    // shown, data-ms-all when every result was, data-loaded the index files loaded, data-ahead
    // the chunks loaded beside the shards.
    var shown = false;
    var done = function () {
      box.dataset.msAll = (performance.now() - began).toFixed(1);
      box.dataset.loaded = Object.keys(loading).join(' ');
      box.dataset.ahead = index.ahead.join(' ');
    };
    ranked(query).then(function (best) {
      return records(best.slice(0, FIRST)).then(function (results) {
        var list = show(box, best.length);
        shown = true;
        if (list) { append(box, list, query, results, root); }
        box.dataset.ms = (performance.now() - began).toFixed(1);
        return records(best.slice(FIRST)).then(function (more) {
          if (list) { append(box, list, query, more, root); }
        });
      });
    }).catch(function () {
      if (!shown) {
        show(box, 0);
        box.dataset.ms = (performance.now() - began).toFixed(1);
      }
    }).then(done);
  }

  // search.html loads this script and then meta.js, both deferred: deferred scripts run while
  // the document is 'interactive', before DOMContentLoaded, so starting at once would load
  // meta.js a second time (a whole round trip before the first shard is asked for). Start at
  // DOMContentLoaded, when meta.js has run, or at once if that has passed.
  var started = false;
  function startOnce() {
    if (!started) {
      started = true;
      start();
    }
  }
  if (document.readyState === 'complete') {
    startOnce();
  } else {
    document.addEventListener('DOMContentLoaded', startOnce);
    window.addEventListener('load', startOnce);
  }
})();
