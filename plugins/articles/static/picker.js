/* Warta media picker: the library in a dialog, inside the editor and beside the
 * featured-image field (templates/admin/media_picker.html, picker_views.py).
 *
 * Three ways in, one dialog:
 * - "image": the toolbar's "Foto dari pustaka" inserts one photo with its caption;
 * - "gallery": the toolbar's "Galeri foto" inserts several as a gallery block, stored
 *   as <figure class="warta-gallery"> (media_body.py rebuilds it on save);
 * - "featured": the featured-image card's button fills the media number.
 * The journalist searches, pages, uploads and fixes a photo's alternative text, caption
 * and credit without leaving the article. Every POST sends the article form's CSRF
 * token, which the autosave keeps fresh.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("media-picker");
  var form = document.getElementById("article-form");
  if (!dialog || !form) { return; }

  var words = dialog.querySelector("[data-picker-words]").dataset;
  var grid = dialog.querySelector("[data-picker-results]");
  var message = dialog.querySelector("[data-picker-message]");
  var searchForm = dialog.querySelector("[data-picker-search]");
  var detail = dialog.querySelector("[data-picker-detail]");
  var detailsForm = dialog.querySelector("[data-picker-details]");
  var uploadForm = dialog.querySelector("[data-picker-upload]");
  var chooseButton = dialog.querySelector("[data-picker-choose]");
  var counter = dialog.querySelector("[data-picker-count]");
  var prev = dialog.querySelector("[data-picker-prev]");
  var next = dialog.querySelector("[data-picker-next]");
  var pageLabel = dialog.querySelector("[data-picker-page]");

  var state = { mode: "image", onChoose: null, page: 1, selected: [], current: null, items: {} };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }

  function say(text) { message.textContent = text || ""; }

  function csrfToken() {
    var input = form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  // Answers come back as {error} on refusal; a redirect means the session ended.
  function request(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = options.headers || {};
    options.headers.Accept = "application/json";
    if (options.method === "POST") { options.headers["X-CSRFToken"] = csrfToken(); }
    return fetch(url, options).then(function (response) {
      if (response.redirected || response.status === 401) { throw new Error(words.session); }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || answer.message || ("HTTP " + response.status)); }
        return answer;
      });
    }, function () { throw new Error(words.unreachable); });
  }

  function isSelected(item) {
    return state.selected.some(function (chosen) { return chosen.id === item.id; });
  }

  function itemLabel(item) {
    return words.photo + " #" + item.id + (item.caption ? ": " + item.caption : "");
  }

  function drawItem(item) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "picker__item";
    button.dataset.mediaId = item.id;
    button.setAttribute("aria-pressed", isSelected(item) ? "true" : "false");
    var img = document.createElement("img");
    img.src = item.thumb;
    img.alt = "";
    img.loading = "lazy";
    var text = document.createElement("span");
    text.className = "picker__caption";
    text.textContent = itemLabel(item);
    var meta = document.createElement("span");
    meta.className = "picker__meta";
    meta.textContent = [item.credit, item.uploader, new Date(item.created_at).toLocaleDateString("id-ID")]
      .filter(Boolean).join(" · ");
    button.append(img, text, meta);
    button.addEventListener("click", function () { pick(item); });
    li.append(button);
    return li;
  }

  function drawSelection() {
    grid.querySelectorAll(".picker__item").forEach(function (button) {
      var chosen = isSelected(state.items[button.dataset.mediaId]);
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
    counter.textContent = fill(words.selected, { count: state.selected.length });
  }

  function showDetail(item) {
    state.current = item;
    detail.hidden = false;
    var preview = detail.querySelector("[data-picker-preview]");
    preview.src = item.thumb;
    preview.alt = item.alt;
    detailsForm.elements.alt.value = item.alt;
    detailsForm.elements.caption.value = item.caption;
    detailsForm.elements.credit.value = item.credit;
    var editable = Boolean(item.details_url);
    Array.prototype.forEach.call(detailsForm.elements, function (input) { input.disabled = !editable; });
    detail.querySelector("[data-picker-readonly]").hidden = editable;
  }

  function pick(item) {
    if (state.mode === "gallery") {
      if (isSelected(item)) {
        state.selected = state.selected.filter(function (chosen) { return chosen.id !== item.id; });
      } else {
        state.selected.push(item);
      }
    } else {
      state.selected = [item];
    }
    showDetail(item);
    drawSelection();
  }

  function remember(item) {
    state.items[item.id] = item;
    state.selected = state.selected.map(function (chosen) { return chosen.id === item.id ? item : chosen; });
  }

  function search(page) {
    var params = new URLSearchParams(new FormData(searchForm));
    params.set("page", page);
    say(words.loading);
    return request(dialog.dataset.searchUrl + "?" + params.toString()).then(function (answer) {
      state.page = answer.page;
      grid.replaceChildren();
      answer.items.forEach(function (item) { remember(item); grid.append(drawItem(item)); });
      prev.disabled = !answer.has_prev;
      next.disabled = !answer.has_next;
      pageLabel.textContent = fill(words.page, { page: answer.page, pages: Math.max(answer.pages, 1), total: answer.total });
      say(answer.items.length ? "" : words.none);
      drawSelection();
    }).catch(function (error) { say(error.message); });
  }

  function detailsChanged() {
    var item = state.current;
    return Boolean(item && item.details_url) && ["alt", "caption", "credit"].some(function (name) {
      return detailsForm.elements[name].value !== item[name];
    });
  }

  function saveDetails(event) {
    if (event) { event.preventDefault(); }
    var item = state.current;
    if (!item || !item.details_url) { return Promise.resolve(false); }
    return request(item.details_url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        alt: detailsForm.elements.alt.value,
        caption: detailsForm.elements.caption.value,
        credit: detailsForm.elements.credit.value
      })
    }).then(function (answer) {
      remember(answer);
      var button = grid.querySelector('[data-media-id="' + answer.id + '"]');
      if (button) { button.parentNode.replaceWith(drawItem(answer)); }
      showDetail(answer);
      drawSelection();
      say(words.saved);
      return true;
    }).catch(function (error) { say(error.message); return false; });
  }

  function upload(event) {
    event.preventDefault();
    say(words.uploading);
    request(dialog.dataset.uploadUrl, { method: "POST", body: new FormData(uploadForm) }).then(function (item) {
      remember(item);
      grid.prepend(drawItem(item));
      uploadForm.reset();
      pick(item);
      say(words.uploaded);
    }).catch(function (error) { say(error.message); });
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  function captionOf(item) {
    var credit = item.credit ? "(" + words.photo + ": " + item.credit + ")" : "";
    return [item.caption, credit].filter(Boolean).join(" ");
  }

  function imageHtml(item) {
    var img = '<img src="' + escapeHtml(item.src) + '" alt="' + escapeHtml(item.alt).replace(/"/g, "&quot;") +
      '" width="' + item.width + '" height="' + item.height + '">';
    var caption = captionOf(item);
    return caption ? "<figure>" + img + "<figcaption>" + escapeHtml(caption) + "</figcaption></figure>" : "<p>" + img + "</p>";
  }

  function galleryHtml(items) {
    return '<figure class="warta-gallery">' + items.map(function (item) {
      var caption = captionOf(item);
      return '<figure><img src="' + escapeHtml(item.src) + '" alt="' + escapeHtml(item.alt).replace(/"/g, "&quot;") + '">' +
        (caption ? "<figcaption>" + escapeHtml(caption) + "</figcaption>" : "") + "</figure>";
    }).join("") + "</figure>";
  }

  // Words typed into the selected photo's fields but not yet saved are saved first, so
  // what is inserted is what the journalist sees.
  function choose() {
    if (detailsChanged()) {
      saveDetails().then(function (saved) { if (saved) { choose(); } });
      return;
    }
    var chosen = state.selected;
    if (state.mode === "gallery" && chosen.length < 2) { say(words.needTwo); return; }
    if (!chosen.length) { say(words.needOne); return; }
    if (state.mode !== "featured") {
      var missing = chosen.filter(function (item) { return !item.alt.trim(); })[0];
      if (missing) {
        say(fill(words.needAlt, { id: "#" + missing.id }));
        showDetail(missing);
        detailsForm.elements.alt.focus();
        return;
      }
    }
    var callback = state.onChoose;
    dialog.close();
    callback(chosen);
  }

  function open(mode, onChoose) {
    state.mode = mode;
    state.onChoose = onChoose;
    state.selected = [];
    state.current = null;
    detail.hidden = true;
    dialog.querySelector("[data-picker-instructions]").textContent =
      dialog.querySelector("[data-picker-instructions]").dataset[mode];
    chooseButton.textContent = chooseButton.dataset[mode];
    counter.hidden = mode !== "gallery";
    say("");
    searchForm.reset();  // a search left from the last visit would hide photos unexplained
    dialog.showModal();
    search(1);
  }

  searchForm.addEventListener("submit", function (event) { event.preventDefault(); search(1); });
  prev.addEventListener("click", function () { search(state.page - 1); });
  next.addEventListener("click", function () { search(state.page + 1); });
  detailsForm.addEventListener("submit", saveDetails);
  uploadForm.addEventListener("submit", upload);
  chooseButton.addEventListener("click", choose);
  dialog.querySelector("[data-picker-close]").addEventListener("click", function () { dialog.close(); });

  // The featured image: the media number the form saves, a preview, and the photo's
  // words copied into the article's own fields where the journalist left them empty.
  function chooseFeatured(items) {
    var item = items[0];
    var preview = document.querySelector("[data-featured-preview]");
    form.elements.namedItem("image_id").value = item.id;
    preview.src = item.thumb;
    preview.alt = item.alt;
    preview.hidden = false;
    [["image_alt", item.alt], ["image_caption", item.caption], ["image_credit", item.credit]].forEach(function (pair) {
      var input = form.elements.namedItem(pair[0]);
      if (input && !input.value.trim()) { input.value = pair[1]; }
    });
    form.dispatchEvent(new Event("input"));
  }

  var featuredButton = document.querySelector("[data-picker-open=featured]");
  if (featuredButton) {
    featuredButton.addEventListener("click", function () { open("featured", chooseFeatured); });
    featuredButton.disabled = false;  // rendered disabled: a click before this would be lost
    document.querySelector("[data-featured-clear]").addEventListener("click", function () {
      form.elements.namedItem("image_id").value = "";
      document.querySelector("[data-featured-preview]").hidden = true;
      form.dispatchEvent(new Event("input"));
    });
  }

  // Inside the editor: the selection is kept while the dialog is open, and the block
  // goes after a selected image or block, never over it (editor.js caretAfterObject).
  function insertInto(editor, html) {
    editor.focus();
    editor.undoManager.transact(function () {
      if (window.wartaEditor.caretAfterObject) { window.wartaEditor.caretAfterObject(editor); }
      editor.insertContent(html);
    });
  }

  // The gallery cannot be typed into, so the caret goes to a paragraph after it.
  function caretAfterGallery(editor) {
    var block = editor.dom.getParent(editor.selection.getNode(), "figure.warta-gallery");
    if (!block) { return; }
    var following = block.nextElementSibling;
    while (following && following.hasAttribute("data-mce-bogus")) { following = following.nextElementSibling; }
    if (!following || following.nodeName !== "P") {
      following = editor.dom.create("p", {}, '<br data-mce-bogus="1">');
      editor.dom.insertAfter(following, block);
    }
    editor.selection.setCursorLocation(following, 0);
  }

  function openFromEditor(editor, mode) {
    var bookmark = editor.selection.getBookmark(2, true);
    open(mode, function (items) {
      editor.focus();
      editor.selection.moveToBookmark(bookmark);
      insertInto(editor, mode === "gallery" ? galleryHtml(items) : imageHtml(items[0]));
      if (mode === "gallery") { caretAfterGallery(editor); }
    });
  }

  window.wartaEditor = window.wartaEditor || { plugins: [] };
  window.wartaEditor.toolbar = window.wartaEditor.toolbar || [];
  window.wartaEditor.plugins.push(function (editor) {
    editor.ui.registry.addButton("wartaimage", {
      icon: "image",
      tooltip: words.toolImage,
      onAction: function () { openFromEditor(editor, "image"); }
    });
    editor.ui.registry.addButton("wartagallery", {
      icon: "gallery",
      tooltip: words.toolGallery,
      onAction: function () { openFromEditor(editor, "gallery"); }
    });
    // A gallery is one unit in the editor, selected and deleted whole; the attribute goes
    // again when the text is saved.
    editor.on("PreInit", function () {
      function isGallery(node) { return (" " + (node.attr("class") || "") + " ").indexOf(" warta-gallery ") !== -1; }
      editor.parser.addNodeFilter("figure", function (nodes) {
        nodes.forEach(function (node) { if (isGallery(node)) { node.attr("contenteditable", "false"); } });
      });
      editor.serializer.addNodeFilter("figure", function (nodes) {
        nodes.forEach(function (node) { if (isGallery(node)) { node.attr("contenteditable", null); } });
      });
    });
  });
  window.wartaEditor.toolbar.push("wartaimage", "wartagallery");
}());
