/* Warta editor: a "Video YouTube" toolbar button.
 *
 * The journalist pastes any YouTube link; the server checks it (the same parser that
 * guards saving) and answers with the video block to insert, or with the reason it was
 * refused. The script's own address carries the check endpoint as ?parse=..., so the
 * newsroom works under any URL prefix.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var parseUrl = new URL(script.src).searchParams.get("parse");
  var contentCss = new URL("editor-content.css", script.src).href;

  window.wartaEditor = window.wartaEditor || { plugins: [] };
  window.wartaEditor.toolbar = window.wartaEditor.toolbar || [];

  function csrfToken() {
    var input = document.querySelector("#article-form input[name=csrf_token]");
    return input ? input.value : "";
  }

  function check(url) {
    return fetch(parseUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ url: url })
    }).then(function (response) {
      if (response.redirected || response.status === 401) {
        return { error: "Sesi Anda berakhir. Masuk lagi di tab baru, lalu coba sekali lagi." };
      }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok && answer.html) { return answer; }
        return { error: answer.error || ("Alamat tidak bisa diperiksa (HTTP " + response.status + ").") };
      });
    }, function () {
      return { error: "Server tidak terjangkau. Periksa koneksi, lalu coba lagi." };
    });
  }

  // The block is one uneditable unit, so the caret goes to a paragraph after it: the
  // journalist keeps typing where the video was put instead of typing into nothing. A
  // selected image or block is kept: the video goes after it (see the editor's
  // caretAfterObject), never over it.
  function insertBlock(editor, html) {
    editor.undoManager.transact(function () {
      if (window.wartaEditor.caretAfterObject) { window.wartaEditor.caretAfterObject(editor); }
      editor.insertContent(html);
      var block = editor.dom.getParent(editor.selection.getNode(), "figure[data-youtube-id]");
      if (!block) { return; }
      var next = block.nextElementSibling;
      while (next && next.hasAttribute("data-mce-bogus")) { next = next.nextElementSibling; }
      if (!next || next.nodeName !== "P") {
        next = editor.dom.create("p", {}, '<br data-mce-bogus="1">');
        editor.dom.insertAfter(next, block);
      }
      editor.selection.setCursorLocation(next, 0);
    });
    editor.focus();
  }

  function openDialog(editor) {
    editor.windowManager.open({
      title: "Video YouTube",
      body: {
        type: "panel",
        items: [
          { type: "input", name: "url", label: "Alamat video YouTube", placeholder: "https://youtu.be/..." },
          { type: "htmlpanel", html: "<p>Tempel alamat satu video, misalnya dari tombol Bagikan di YouTube. Waktu mulai (?t=90) ikut dipakai.</p>" }
        ]
      },
      buttons: [
        { type: "cancel", text: "Batal" },
        { type: "submit", text: "Sisipkan", primary: true }
      ],
      onSubmit: function (dialog) {
        dialog.block("Memeriksa alamat...");
        check(dialog.getData().url).then(function (answer) {
          dialog.unblock();
          if (answer.error) {
            editor.windowManager.alert(answer.error);
            return;
          }
          dialog.close();
          insertBlock(editor, answer.html);
        });
      }
    });
  }

  window.wartaEditor.plugins.push(function (editor) {
    editor.contentCSS.push(contentCss);
    editor.ui.registry.addButton("youtube", {
      icon: "embed",
      tooltip: "Video YouTube",
      onAction: function () { openDialog(editor); }
    });
    // In the editor a block is one unit that is selected and deleted whole; the
    // attribute is removed again when the text is saved.
    editor.on("PreInit", function () {
      editor.parser.addAttributeFilter("data-youtube-id", function (nodes) {
        nodes.forEach(function (node) { node.attr("contenteditable", "false"); });
      });
      editor.serializer.addAttributeFilter("data-youtube-id", function (nodes) {
        nodes.forEach(function (node) { node.attr("contenteditable", null); });
      });
    });
  });
  window.wartaEditor.toolbar.push("youtube");
}());
