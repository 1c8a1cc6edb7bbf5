/* handbook: video facades. handbook.js loads this file only on a page that needs it. */
(function () {
  "use strict";

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

  (window.handbookModules = window.handbookModules || {}).video = enhanceVideos;
  enhanceVideos();
})();
