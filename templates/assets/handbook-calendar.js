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
    document.querySelectorAll(".hb-cal__item[data-date]").forEach(function (item) {
      var list = item.closest("ul.hb-cal");
      var label = null;
      if (item.dataset.date < iso) {
        item.classList.add("hb-cal__item--past");
        label = list.dataset.pastLabel;
      } else if (upcoming < 3 || item.dataset.date === lastNext) {
        upcoming += 1;
        lastNext = item.dataset.date;
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

  (window.handbookModules = window.handbookModules || {}).calendar = markCalendars;
  markCalendars();
})();
