// == theme: Zensical's search dialog in the page's language ==
// Zensical (0.0.73) draws its search dialog in a shadow root, with English words written
// into its bundle ("Search", "No results", "3 results"...) whatever the site's language, and
// no way to configure them. overrides/main.html gives this page's words, from handbook's
// catalogs, in #hb-theme-texts; each time the dialog redraws, English is replaced by them.
// Material's own search is translated by Material and has no shadow root: nothing happens.
(function () {
  var source = document.getElementById("hb-theme-texts");
  if (!source || !window.MutationObserver) return;
  var t = JSON.parse(source.textContent);
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var number = window.Intl ? new Intl.NumberFormat(lang) : null;
  var words = {
    "Search": t.search,
    "Close search": t.close,
    "Filters": t.filters,
    "Tags": t.tags,
    "Use Up and Down arrow keys to move between tags. Press Space or Enter to toggle a tag.": t.tags_hint,
    "Search results": t.results,
    "No results": t.none,
    "Loading search\u2026": t.loading,
    "Search is unavailable. Reload the page to try again.": t.unavailable
  };
  function count(text) {
    var m = /^([\d,]+) results?$/.exec(text);
    if (!m) return null;
    var n = Number(m[1].replace(/,/g, ""));
    var form = plural ? plural.select(n) : "other";
    var template = t.count[form] || t.count.other;
    return template.replace("{n}", number ? number.format(n) : String(n));
  }
  function say(text) {
    var key = text.trim();
    var found = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : count(key);
    return found == null ? null : text.replace(key, found);
  }
  var ATTRIBUTES = ["aria-label", "placeholder", "title", "alt"];
  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = say(node.data);
      // Only a change: rewriting the same text would wake the observer again, for ever.
      if (text !== null && text !== node.data) node.data = text;
    }
    root.querySelectorAll("[aria-label], [placeholder], [title], [alt]").forEach(function (e) {
      ATTRIBUTES.forEach(function (name) {
        var value = e.getAttribute(name);
        var text = value === null ? null : say(value);
        if (text !== null && text !== value) e.setAttribute(name, text);
      });
    });
  }
  var watched = [];
  function watch(root) {
    if (watched.indexOf(root) >= 0) return;
    watched.push(root);
    translate(root);
    new MutationObserver(function () { translate(root); }).observe(root, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES
    });
  }
  function find() {
    for (var i = 0; i < document.body.children.length; i++) {
      var shadow = document.body.children[i].shadowRoot;
      if (shadow) watch(shadow);
    }
  }
  function start() {
    find();
    new MutationObserver(find).observe(document.body, { childList: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
