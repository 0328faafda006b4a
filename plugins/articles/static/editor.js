/* Warta article editor: TinyMCE plus a safety net so that nothing typed is lost.
 *
 * - Every change is copied to localStorage at once (survives a crash, a dead network,
 *   a server restart or an expired session), and sent to the server every few seconds.
 * - On load, a copy newer than the server's article is offered back; on "new article",
 *   the text of one never saved (in this browser or on the server) is offered back.
 * - The autosave answer carries a fresh CSRF token, so a long writing session never
 *   ends in a refused save.
 */
(function () {
  "use strict";

  var AUTOSAVE_EVERY_MS = 5000;
  var DRAFT_PREFIX = "warta-draft-";
  var form = document.getElementById("article-form");
  if (!form) { return; }

  window.wartaEditor = window.wartaEditor || { plugins: [] };
  var storageKey = form.dataset.storageKey;
  var statusLine = document.getElementById("autosave-status");
  var dirty = false;
  var lastSent = "";

  function say(text) { if (statusLine) { statusLine.textContent = text; } }

  function csrfInput() { return form.querySelector("input[name=csrf_token]"); }

  function syncEditor() {
    if (window.tinymce && window.tinymce.get("body")) { window.tinymce.get("body").save(); }
  }

  function collect() {
    syncEditor();
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "action" && typeof value === "string") {
        fields[name] = value;
      }
    });
    return fields;
  }

  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function keepLocal() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ savedAt: new Date().toISOString(), fields: collect() }));
    } catch (e) { say("Tidak bisa menyimpan salinan di peramban: " + e.message); }
  }

  function fill(fields) {
    Object.keys(fields).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (!input || name === "version" || name === "draft_key") { return; }
      input.value = fields[name];
      if (name === "body" && window.tinymce && window.tinymce.get("body")) {
        window.tinymce.get("body").setContent(fields[name]);
      }
    });
    markDirty();
  }

  function markDirty() {
    dirty = true;
    keepLocal();
  }

  function sendAutosave() {
    if (!dirty) { return; }
    var fields = collect();
    var payload = JSON.stringify({ draft_key: form.elements.namedItem("draft_key").value, fields: fields });
    if (payload === lastSent) { dirty = false; return; }
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfInput().value },
      body: payload
    }).then(function (response) {
      if (response.status === 401 || response.redirected) {
        say("Sesi Anda berakhir. Teks aman di peramban ini; masuk lagi di tab baru lalu simpan.");
        return null;
      }
      if (response.status === 413) {
        say("Teks terlalu besar untuk dikirim. Salinan tetap aman di peramban ini.");
        return null;
      }
      if (!response.ok) {
        say("Simpan otomatis gagal (" + response.status + "). Salinan tetap aman di peramban ini.");
        return null;
      }
      return response.json();
    }).then(function (answer) {
      if (!answer) { return; }
      lastSent = payload;
      dirty = false;
      if (answer.csrf_token) { csrfInput().value = answer.csrf_token; }
      var others = answer.others && answer.others.length ? " · Juga dibuka oleh: " + answer.others.join(", ") : "";
      say("Tersimpan otomatis " + new Date().toLocaleTimeString("id-ID") + others);
    }).catch(function () {
      say("Server tidak terjangkau. Teks aman di peramban ini dan akan dikirim lagi.");
    });
  }

  // From now on the editor writes to that draft: its autosaves replace the recovered text
  // and saving the article forgets it, so it is not offered a second time.
  function adoptDraft(key) {
    form.elements.namedItem("draft_key").value = key;
    storageKey = DRAFT_PREFIX + key;
  }

  // A new article's key is fresh on every visit: the text of one that was never saved
  // (a crash, a closed tab) is under another key. The newest worth offering is offered.
  function unsavedLocalDraft() {
    var best = null;
    for (var i = 0; i < window.localStorage.length; i++) {
      var key = window.localStorage.key(i);
      if (key.indexOf(DRAFT_PREFIX) !== 0 || key === storageKey) { continue; }
      var copy = readLocal(key);
      if (!copy || !copy.fields || !((copy.fields.title || "").trim() || (copy.fields.body || "").trim())) { continue; }
      if (!best || Date.parse(copy.savedAt) > Date.parse(best.copy.savedAt)) {
        best = { key: key, copy: copy };
      }
    }
    return best;
  }

  function offerLocalCopy() {
    if (form.dataset.clearedKey) { window.localStorage.removeItem(DRAFT_PREFIX + form.dataset.clearedKey); }
    var copy = readLocal(storageKey);
    var copyKey = storageKey;
    if (!copy && form.dataset.newArticle) {
      var unsaved = unsavedLocalDraft();
      if (unsaved) { copy = unsaved.copy; copyKey = unsaved.key; }
    }
    if (!copy) { return; }
    if (form.dataset.justSaved) { window.localStorage.removeItem(storageKey); return; }
    var serverTime = form.dataset.serverSavedAt ? Date.parse(form.dataset.serverSavedAt) : 0;
    var current = collect();
    var differs = Object.keys(copy.fields).some(function (k) {
      return k !== "version" && k !== "draft_key" && (current[k] || "") !== (copy.fields[k] || "");
    });
    if (!differs || Date.parse(copy.savedAt) <= serverTime) { return; }
    var box = document.getElementById("local-restore");
    box.querySelector("[data-local-time]").textContent = "(" + new Date(copy.savedAt).toLocaleString("id-ID") + ")";
    box.hidden = false;
    var server = document.getElementById("server-restore");
    if (server && DRAFT_PREFIX + server.dataset.draftKey === copyKey) { server.hidden = true; }
    box.querySelector("[data-restore=local]").addEventListener("click", function () {
      if (copyKey !== storageKey) { adoptDraft(copyKey.slice(DRAFT_PREFIX.length)); }
      fill(copy.fields); box.hidden = true; say("Salinan dari peramban dipulihkan. Jangan lupa menyimpan.");
    });
    box.querySelector("[data-dismiss=local]").addEventListener("click", function () {
      window.localStorage.removeItem(copyKey); box.hidden = true;
    });
  }

  function offerServerCopy() {
    var button = document.querySelector("[data-restore=server]");
    var data = document.getElementById("server-autosave-data");
    if (!button || !data) { return; }
    button.addEventListener("click", function () {
      var box = document.getElementById("server-restore");
      if (box.dataset.draftKey) { adoptDraft(box.dataset.draftKey); }
      fill(JSON.parse(data.textContent));
      box.hidden = true;
      say("Teks simpanan otomatis dipulihkan. Jangan lupa menyimpan.");
    });
    button.disabled = false;
  }

  function uploadImage(blobInfo) {
    var data = new FormData();
    data.append("file", blobInfo.blob(), blobInfo.filename());
    return fetch(form.dataset.uploadUrl, {
      method: "POST", credentials: "same-origin", body: data,
      headers: { "X-CSRFToken": csrfInput().value, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || ("HTTP " + response.status)); }
        return answer.location;
      });
    });
  }

  // TinyMCE leaves a just-inserted image selected when its dialog closes, and content
  // inserted over a selection replaces it: a video put in right after a photo ate the
  // photo. A plugin inserting a block calls this first, so the block lands after the
  // selected image or block, in a paragraph of its own, and the image stays.
  function caretAfterObject(editor) {
    var node = editor.selection.getNode();
    var object = node && (node.nodeName === "IMG" ? node
      : editor.dom.getParent(node, "figure,[contenteditable=false]"));
    if (!object || object === editor.getBody()) { return; }
    var block = editor.dom.getParent(object, "figure") || object;
    if (block.nodeName === "IMG") { block = editor.dom.getParent(block, "p,div,li,td") || block; }
    var next = block.nextElementSibling;
    while (next && next.hasAttribute("data-mce-bogus")) { next = next.nextElementSibling; }
    if (!next || next.nodeName !== "P" || (next.textContent || "").trim() !== "") {
      next = editor.dom.create("p", {}, '<br data-mce-bogus="1">');
      editor.dom.insertAfter(next, block);
    }
    editor.selection.setCursorLocation(next, 0);
  }

  function startEditor() {
    if (!window.tinymce) { say("Editor tidak termuat; Anda tetap bisa menulis HTML di kotak isi."); return; }
    window.tinymce.init({
      selector: "#body",
      license_key: "gpl",
      base_url: form.dataset.tinymceBase,
      suffix: ".min",
      language: "id",
      language_url: form.dataset.tinymceBase + "/langs/id.js",
      menubar: false,
      toolbar_mode: "wrap",  // plugin buttons stay visible on a laptop screen
      promotion: false,
      branding: false,
      height: 560,
      plugins: "lists link image autolink",
      toolbar: "undo redo | blocks | bold italic | bullist numlist | blockquote link image | removeformat" +
        (window.wartaEditor.plugins.length ? " | " + window.wartaEditor.toolbar.join(" ") : ""),
      block_formats: "Paragraf=p; Subjudul 2=h2; Subjudul 3=h3; Subjudul 4=h4",
      content_css: form.dataset.contentCss,
      convert_urls: false,
      paste_data_images: false,
      image_caption: true,
      image_title: true,
      images_upload_handler: uploadImage,
      invalid_elements: "script,style,iframe,object,embed",
      setup: function (editor) {
        window.wartaEditor.plugins.forEach(function (plugin) { plugin(editor); });
        editor.on("input change undo redo", markDirty);
      }
    });
  }

  window.wartaEditor.toolbar = window.wartaEditor.toolbar || [];
  window.wartaEditor.caretAfterObject = caretAfterObject;
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { syncEditor(); keepLocal(); });
  document.addEventListener("DOMContentLoaded", function () {
    offerLocalCopy();
    offerServerCopy();
    startEditor();
    window.setInterval(sendAutosave, AUTOSAVE_EVERY_MS);
  });
  window.addEventListener("beforeunload", keepLocal);
}());
