/* Newsroom shell: on a phone the menu folds behind a button, so the page comes first.
 *
 * Loaded in <head> without defer: the "js" class is set before the page is drawn, so the
 * menu never flashes open. Without this script the menu simply stays open.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-admin-menu-button]");
    var nav = document.getElementById(button ? button.getAttribute("aria-controls") : "");
    if (!button || !nav) { return; }
    button.addEventListener("click", function () {
      var open = !nav.classList.contains("admin-nav--open");
      nav.classList.toggle("admin-nav--open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
}());
