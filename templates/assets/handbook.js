/* handbook: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  function nameSearchDialog() {
    // Material's search dialog has role="dialog" but no accessible name; reuse the
    // (already translated) label of its search field.
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && !dialog.hasAttribute("aria-label") && input) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");
    }
  }

  // Needs assessment: the same rule as recommend() in tests/quiz_rule.py. Sum the
  // weights of the chosen answers; the highest total wins, ties go to the package listed
  // first; "because" names the chosen answers that added most to the winner.
  function recommend(form) {
    var templates = form.querySelectorAll("template[data-package]");
    var order = [];
    var scores = {};
    templates.forEach(function (t) {
      order.push(t.dataset.package);
      scores[t.dataset.package] = 0;
    });
    var picked = [];
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      var weights = JSON.parse(input.dataset.weights || "{}");
      picked.push({ text: input.parentElement.textContent.trim(), weights: weights });
      Object.keys(weights).forEach(function (slug) {
        if (slug in scores) scores[slug] += weights[slug];
      });
    });
    if (!picked.length) return null;
    var best = order[0];
    order.forEach(function (slug) {
      if (scores[slug] > scores[best]) best = slug;
    });
    var because = picked
      .filter(function (p) { return (p.weights[best] || 0) > 0; })
      .sort(function (a, b) { return (b.weights[best] || 0) - (a.weights[best] || 0); })
      .slice(0, 2)
      .map(function (p) { return p.text; });
    return { package: best, because: because };
  }

  function showResult(form) {
    var result = form.querySelector(".hb-quiz__result");
    var pick = recommend(form);
    var template = pick
      ? form.querySelector('template[data-package="' + pick.package + '"]')
      : form.querySelector("template[data-none]");
    result.replaceChildren(template.content.cloneNode(true));
    if (pick) {
      result.dataset.package = pick.package;
      var list = document.createElement("ul");
      pick.because.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      result.appendChild(list);
    } else {
      delete result.dataset.package;
    }
  }

  function enhanceQuizzes() {
    document.querySelectorAll("[data-hb-quiz]").forEach(function (quiz) {
      var form = quiz.querySelector("form");
      var fallback = quiz.querySelector(".hb-quiz__fallback");
      if (!form || form.dataset.ready) return;
      form.dataset.ready = "1";
      form.hidden = false;
      if (fallback) fallback.hidden = true;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        showResult(form);
      });
    });
  }

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

  // Reply-by calculator: the same rules as handbook/replyby.py (read its docstring).
  var DAY = 86400000;
  var partsCache = {};
  function localParts(ms, zone) {
    var fmt = partsCache[zone] || (partsCache[zone] = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    }));
    var p = {};
    fmt.formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return { y: +p.year, m: +p.month, d: +p.day, H: +p.hour % 24, M: +p.minute, S: +p.second };
  }
  function offset(ms, zone) {
    var p = localParts(ms, zone);
    return Date.UTC(p.y, p.m - 1, p.d, p.H, p.M, p.S) - Math.floor(ms / 1000) * 1000;
  }
  function toUtc(day, minutes, zone) {
    var guess = day + minutes * 60000;
    var first = offset(guess, zone);
    var result = guess - first;
    var second = offset(result, zone);
    return second === first ? result : guess - second;
  }
  function isoDay(day) { return new Date(day).toISOString().slice(0, 10); }
  function weekday(day) { return (new Date(day).getUTCDay() + 6) % 7; }
  function minutesOf(hhmm) { var p = hhmm.split(":"); return +p[0] * 60 + +p[1]; }

  function replyBy(isoSent, sla, office) {
    office = office || officeData();
    var zone = office.timezone;
    var sent = Date.parse(isoSent);
    var local = localParts(sent, zone);
    var today = Date.UTC(local.y, local.m - 1, local.d);
    var nowMinutes = local.H * 60 + local.M;
    var closed = {};
    office.closed.forEach(function (d) { closed[d] = true; });
    function hoursOf(day) { return office.hours[String(weekday(day))]; }
    function isOpen(day) { return Boolean(hoursOf(day)) && !closed[isoDay(day)]; }
    function nextOpen(day) {
      for (var i = 1; i <= 400; i++) if (isOpen(day + i * DAY)) return day + i * DAY;
      throw new Error("the office never opens");
    }
    var result;
    if (sla.unit === "hours") {
      result = sent + sla.within * 3600000;
    } else if (sla.unit === "days") {
      var later = today + sla.within * DAY;
      result = toUtc(later, sla.by === "end_of_day" ? 23 * 60 + 59 : nowMinutes, zone);
    } else if (sla.unit === "business_hours") {
      var remaining = sla.within * 60;
      var day = today;
      var cursor = nowMinutes;
      for (var n = 0; n < 800 && result === undefined; n++) {
        if (isOpen(day)) {
          var h = hoursOf(day);
          var start = Math.max(cursor, minutesOf(h[0]));
          var end = minutesOf(h[1]);
          if (start < end) {
            if (remaining <= end - start) result = toUtc(day, start + remaining, zone);
            else remaining -= end - start;
          }
        }
        day += DAY;
        cursor = 0;
      }
    } else {
      var target = today;
      if (sla.within === 0) {
        var openNow = isOpen(today) && nowMinutes < minutesOf(hoursOf(today)[1]);
        target = openNow ? today : nextOpen(today);
      } else {
        for (var k = 0; k < sla.within; k++) target = nextOpen(target);
      }
      var th = hoursOf(target);
      var at = sla.by === "end_of_day"
        ? minutesOf(th[1])
        : Math.min(Math.max(nowMinutes, minutesOf(th[0])), minutesOf(th[1]));
      result = toUtc(target, at, zone);
    }
    return new Date(result).toISOString();
  }
  window.handbookReplyBy = replyBy;

  function officeData() {
    var node = document.getElementById("hb-office");
    return node ? JSON.parse(node.textContent) : null;
  }

  function showReplyBy() {
    var box = document.querySelector("[data-hb-replyby]");
    var office = officeData();
    if (!box || !office) return;
    var lang = document.documentElement.lang || "en";
    var fmt = new Intl.DateTimeFormat(lang, {
      weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit"
    });
    var now = new Date().toISOString();
    var text = box.dataset.template
      .replace("{ack}", fmt.format(new Date(replyBy(now, office.acknowledge, office))))
      .replace("{answer}", fmt.format(new Date(replyBy(now, office.answer, office))));
    var out = box.querySelector(".hb-replyby__out") || box.querySelector(".hb-replyby__text");
    out.textContent = text;
    box.hidden = false;
  }

  // Video facades: nothing is requested from a video host until the reader presses play.
  function playVideo(box) {
    var d = box.dataset;
    var player;
    if (d.provider === "file") {
      player = document.createElement("video");
      player.controls = true;
      player.autoplay = true;
      player.preload = "auto";
      if (d.poster) player.poster = d.poster;
      var source = document.createElement("source");
      source.src = d.embed;
      source.type = d.type;
      player.appendChild(source);
      if (d.captions) {
        var track = document.createElement("track");
        track.kind = "captions";
        track.src = d.captions;
        track.srclang = d.srclang;
        track.label = d.captionsLabel;
        track["default"] = true;
        player.appendChild(track);
      }
    } else {
      player = document.createElement("iframe");
      player.src = d.embed;
      player.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      player.allowFullscreen = true;
      player.referrerPolicy = "strict-origin-when-cross-origin";
    }
    player.title = d.title;
    player.className = "hb-video__player";
    box.replaceChildren(player);
    box.classList.add("hb-video--playing");
    player.focus();
    if (player.play) player.play().catch(function () {});
  }

  function enhanceVideos() {
    document.querySelectorAll(".hb-video").forEach(function (box) {
      var link = box.querySelector("a.hb-video__facade");
      if (!link) return;
      // A real button (Enter and Space work natively) replaces the no-JavaScript link.
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.setAttribute("aria-label", box.dataset.playLabel);
      while (link.firstChild) button.appendChild(link.firstChild);
      button.addEventListener("click", function () { playVideo(box); });
      link.replaceWith(button);
    });
  }

  // On paper a link is only useful with its address: print it after the link, resolved to
  // a full URL (CSS attr(href) alone would print "../rules/").
  function markPrintLinks() {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^(#|mailto:|tel:|javascript:)/.test(href) || a.classList.contains("headerlink")) return;
      if (a.textContent.trim() === a.href || a.textContent.trim() === href) return;
      a.setAttribute("data-print-href", a.href);
    });
  }

  function start() {
    markPrintLinks();
    nameSearchDialog();
    enhanceQuizzes();
    markCalendars();
    showReplyBy();
    enhanceVideos();
  }
  // Material's instant navigation swaps pages without a reload; its document$ observable
  // announces each one. Without it, run once on load.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
