/* The rich-text editor for static pages: the same TinyMCE set-up as articles, no autosave. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("page-form");
    if (!form || !window.tinymce) { return; }
    window.tinymce.init({
      selector: "#body", license_key: "gpl", base_url: form.dataset.tinymceBase, suffix: ".min",
      language: "id", language_url: form.dataset.tinymceBase + "/langs/id.js",
      menubar: false, promotion: false, branding: false, height: 480,
      plugins: "lists link autolink", convert_urls: false,
      toolbar: "undo redo | blocks | bold italic | bullist numlist | blockquote link | removeformat",
      block_formats: "Paragraf=p; Subjudul 2=h2; Subjudul 3=h3; Subjudul 4=h4"
    });
  });
}());
