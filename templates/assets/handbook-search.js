/* handbook's search: the reader's own segment first, then the site-wide pages, then the
   other segments, and each segment's result named (Zensical shows the nav path, which names
   it). overrides/main.html wraps the engine's search worker, loads this file when the worker
   gets the index (the reader's first use of search: nothing of it on a page's first load),
   and hands the worker's messages here, its listener before the bundle's own: a result is
   reordered in the message itself. Zensical sends results ten at a time; its pages are
   asked for one by one, as it does when the reader scrolls, and given to it as one list. */
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config) return;
  var root = new URL(JSON.parse(config.textContent).base + "/", location.href).href;
  var slugs = {}; // segment slug -> its name
  var docs = null; // Zensical's index entries, which its results name by number

  // The first folder of a page's path in its language's tree: its segment's slug, if any.
  function slugOf(url) {
    var href = new URL(url, root).href;
    return href.indexOf(root) === 0 ? href.slice(root.length).split(/[/#?]/)[0] : "";
  }

  // Each segment's name by its folder (stage.py writes it beside this file): asked for as
  // this file loads, which is when the reader first uses search, before any result comes.
  var names = new XMLHttpRequest();
  names.open("GET", root + "assets/handbook-segments.json");
  names.onload = function () {
    try { slugs = JSON.parse(names.responseText); } catch (e) { slugs = {}; }
  };
  names.send();

  function nameOf(slug) {
    return Object.prototype.hasOwnProperty.call(slugs, slug) ? String(slugs[slug]) : "";
  }

  function learn(index) {
    docs = (index && index.items) || [];
  }

  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function order(items) {
    if (!docs) learn(window.hbSearchIndex);
    var own = slugOf(location.href);
    var ranked = items.map(function (item, i) {
      var doc = Array.isArray(item) ? item[0] : docs[item.id];
      var slug = doc ? slugOf(doc.location) : "";
      var name = nameOf(slug);
      if (name && Array.isArray(item)) {
        // Material: the page's own entry, whose title it shows first, if it is in the result.
        doc = item.filter(function (d) { return d.location.indexOf("#") < 0; })[0] || doc;
        doc.title += ' <span class="hb-search-segment">' + escape(name) + "</span>";
      }
      return [!name ? 1 : slug === own ? 0 : 2, i, item];
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    ranked.forEach(function (r, i) { items[i] = r[2]; });
  }

  function state(worker) {
    // asked: who asked each query not yet answered, in order (the bundle or us);
    // generation: the bundle's queries so far; gathered: Zensical's pages gathered so far.
    if (!worker.hbSearch) worker.hbSearch = { asked: [], generation: 0, query: null, gathered: null };
    return worker.hbSearch;
  }

  function ask(worker, post, page) {
    var s = state(worker);
    s.asked.push({ ours: true, generation: s.generation });
    post.call(worker, { type: 2, data: Object.assign({}, s.query, { page: page }) });
  }

  window.hbSearch = {
    sent: function (message, worker) {
      var s = state(worker);
      if (message && message.type === 2) {
        s.query = message.data;
        s.asked.push({ ours: false, generation: ++s.generation });
      }
    },
    received: function (e, worker, post) {
      var data = e.data && e.data.type === 3 && e.data.data;
      if (!data || !Array.isArray(data.items)) return;
      var s = state(worker);
      var pages = data.pagination;
      var asker = s.asked.shift() || { ours: false, generation: s.generation };
      if (!pages) return void order(data.items); // Material: all results at once
      if (asker.ours) {
        e.stopImmediatePropagation();
        if (!s.gathered || asker.generation !== s.generation) return;
        s.gathered.items = s.gathered.items.concat(data.items);
        if (pages.next) return void ask(worker, post, pages.next);
        order(s.gathered.items);
        var all = Object.assign({}, s.gathered, { pagination: { total: s.gathered.items.length } });
        s.gathered = null;
        if (worker.onmessage) worker.onmessage({ data: { type: 3, data: all } });
      } else if (pages.next && !pages.prev && asker.generation === s.generation) {
        e.stopImmediatePropagation();
        s.gathered = Object.assign({}, data, { items: data.items.slice() });
        ask(worker, post, pages.next);
      } else {
        order(data.items);
      }
    },
  };
})();
