// Drag to order the pinned stories of /admin/front-page. Without this script the
// up/down buttons do the same; a drop posts the page's order form, which saves at once.
(function () {
  "use strict";

  function setUp() {
    var body = document.querySelector("[data-front-pins]");
    var form = document.querySelector("[data-front-order]");
    if (!body || !form) {
      return;
    }
    var hint = document.querySelector("[data-front-drag-hint]");
    if (hint) {
      hint.hidden = false;
    }
    var dragged = null;

    body.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("tr[data-article-id]");
      if (!dragged) {
        return;
      }
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.articleId);
      dragged.style.opacity = "0.5";
    });

    body.addEventListener("dragover", function (event) {
      var over = event.target.closest("tr[data-article-id]");
      if (!dragged || !over || over === dragged) {
        return;
      }
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? over.nextSibling : over);
    });

    body.addEventListener("drop", function (event) {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      var ids = Array.prototype.map.call(
        body.querySelectorAll("tr[data-article-id]"),
        function (row) { return row.dataset.articleId; });
      form.elements.order.value = ids.join(",");
      form.submit();
    });

    body.addEventListener("dragend", function () {
      if (dragged) {
        dragged.style.opacity = "";
      }
      dragged = null;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
