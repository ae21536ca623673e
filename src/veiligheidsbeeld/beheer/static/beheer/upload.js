/*
 * Upload progress for forms marked [data-vb-upload] (the area register of the beheer screens).
 *
 * Without JavaScript the form is a plain multipart submit. With it, the form is sent with XMLHttpRequest so a
 * <progress> element ([data-vb-upload-progress]) can show how much of the files is sent; once sent, the status
 * line says the import is running, and the server's answer (the same page, with the result or the refusal)
 * replaces the page's main content. Texts come from data attributes of [data-vb-upload-status] (translated in the template).
 */
(function () {
  "use strict";

  function init(form) {
    var box = form.querySelector("[data-vb-upload-progress]");
    var bar = box && box.querySelector("progress");
    var status = box && box.querySelector("[data-vb-upload-status]");
    if (!box || !bar || !status || !window.XMLHttpRequest || !window.FormData) {
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      box.hidden = false;
      bar.value = 0;
      if (button) {
        button.disabled = true;
      }
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) {
          return;
        }
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        bar.textContent = percent + "%";
        status.textContent = status.dataset.uploading.replace("{percent}", percent);
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        bar.removeAttribute("value"); // indeterminate while the server imports
        status.textContent = status.dataset.processing;
      });
      xhr.addEventListener("load", function () {
        var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = answer.querySelector("main");
        if (!main) {
          status.textContent = status.dataset.failed;
          return;
        }
        document.querySelector("main").innerHTML = main.innerHTML;
        document.title = answer.title;
        Array.prototype.forEach.call(document.querySelectorAll("main form[data-vb-upload]"), init);
        var outcome = document.getElementById("area-refusal") || document.getElementById("area-result");
        if (outcome) {
          outcome.setAttribute("tabindex", "-1");
          outcome.focus();
        }
      });
      xhr.addEventListener("error", function () {
        status.textContent = status.dataset.failed;
        if (button) {
          button.disabled = false;
        }
      });
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-vb-upload]"), init);
  });
})();
