/* Reader-side helpers of the article page: count the view, copy the link. No tracker. */
(function () {
  "use strict";
  var article = document.querySelector("[data-view-beacon]");
  if (article && navigator.sendBeacon) {
    navigator.sendBeacon(article.getAttribute("data-view-beacon"));
  }
  var copy = document.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard) {
    copy.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(copy.getAttribute("href")).then(function () {
        copy.textContent = copy.getAttribute("data-copied");
      });
    });
  }
}());
