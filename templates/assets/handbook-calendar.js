/* handbook: calendars marked against the reader's own date. handbook.js loads this file only on a page that needs it. */
(function () {
  "use strict";

  // Calendars: the build date is not the reader's today, so past and next entries are
  // marked here, against the reader's own local date.
  function localISODate(date) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function markCalendars(today) {
    var iso = today || localISODate(new Date());
    document.querySelectorAll("ul.hb-cal").forEach(function (list) {
      list.querySelectorAll(".hb-cal__item").forEach(function (item) {
        item.classList.remove("hb-cal__item--past", "hb-cal__item--next");
        var old = item.querySelector(".hb-cal__badge");
        if (old) old.remove();
      });
    });
    // The next three entries are marked, and every other entry due the same day as the third.
    var upcoming = 0;
    var lastNext = null;
    // An entry's date is its head's <time datetime>: the page does not say it twice.
    document.querySelectorAll(".hb-cal__item").forEach(function (item) {
      var list = item.closest("ul.hb-cal");
      var label = null;
      var date = item.querySelector(".hb-cal__head time").getAttribute("datetime");
      if (date < iso) {
        item.classList.add("hb-cal__item--past");
        label = list.dataset.pastLabel;
      } else if (upcoming < 3 || date === lastNext) {
        upcoming += 1;
        lastNext = date;
        item.classList.add("hb-cal__item--next");
        label = list.dataset.nextLabel;
      }
      if (label) {
        var badge = document.createElement("span");
        badge.className = "hb-cal__badge";
        badge.textContent = label;
        item.querySelector(".hb-cal__head").prepend(badge);
      }
    });
    collapsePastMonths();
  }

  // A month whose dates have all passed is folded behind a button under its heading, so a
  // phone reader starts at what is still to come; the month stays in the jump links.
  function collapsePastMonths() {
    document.querySelectorAll("button.hb-cal__show").forEach(function (b) { b.remove(); });
    document.querySelectorAll("ul.hb-cal").forEach(function (list) {
      list.hidden = false;
      var items = list.querySelectorAll(".hb-cal__item");
      var past = list.querySelectorAll(".hb-cal__item--past");
      if (!items.length || past.length !== items.length || !list.id) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hb-cal__show md-button";
      button.textContent = list.dataset.showLabel;
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", list.id);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        list.hidden = open;
      });
      list.hidden = true;
      list.parentNode.insertBefore(button, list);
    });
  }
  window.handbookMarkCalendars = markCalendars;

  // Each "Add to my calendar" link is named with its entry's name and date (WCAG 2.4.9,
  // read out of context in a list of links), from the list's one template: written into
  // every link by the page, the same words would weigh 0.7 kB gzipped on the site calendar.
  // Without JavaScript the link's purpose still shows from its list item (WCAG 2.4.4).
  function nameAddLinks() {
    document.querySelectorAll("ul.hb-cal[data-add-label]").forEach(function (list) {
      list.querySelectorAll(".hb-cal__item").forEach(function (item) {
        var link = item.querySelector("a[download]");
        var name = item.querySelector(".hb-cal__head strong");
        var date = item.querySelector(".hb-cal__head time");
        if (!link || !name || !date) return;
        var label = list.dataset.addLabel
          .replace("{name}", function () { return name.textContent; })
          .replace("{date}", function () { return date.textContent; });
        link.setAttribute("aria-label", label);
      });
    });
  }

  function enhance() {
    nameAddLinks();
    markCalendars();
  }
  (window.handbookModules = window.handbookModules || {}).calendar = enhance;
  enhance();
})();
