/* Warta YouTube facades: swap a thumbnail for the player only when the reader asks.
 *
 * Until the click the page holds a thumbnail and a plain link to the video (which is
 * also what readers without JavaScript use), so no request reaches YouTube's player.
 * The player address comes from the server, already built from a validated id; it is
 * still checked here so a tampered page cannot frame anything but the no-cookie player.
 */
(function () {
  "use strict";

  var PLAYER_PREFIX = "https://www.youtube-nocookie.com/embed/";
  var ALLOW = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";

  function play(facade, link) {
    var url = facade.getAttribute("data-player-url") || "";
    if (url.indexOf(PLAYER_PREFIX) !== 0) { return false; }
    var frame = document.createElement("iframe");
    frame.setAttribute("src", url);
    frame.setAttribute("title", facade.getAttribute("data-player-title") || "Video YouTube");
    frame.setAttribute("allow", ALLOW);
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.className = "yt-facade__player";
    facade.replaceChild(frame, link);
    facade.classList.add("yt-facade--playing");
    frame.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-youtube-facade] a") : null;
    if (!link) { return; }
    // A reader opening the video in a new tab or window gets the plain link.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    if (play(link.closest("[data-youtube-facade]"), link)) { event.preventDefault(); }
  });
}());
