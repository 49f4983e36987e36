// The Import page: name the chosen files, and refuse too large an upload before sending it (the server
// refuses it too, but only after the browser has sent the bytes).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const form = document.querySelector("form.upload");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const chosen = document.getElementById("chosen");
  const problem = document.getElementById("upload-error");
  const limit = Number(form.dataset.maxBytes);
  const total = function () {
    let bytes = 0;
    for (const file of input.files) bytes += file.size;
    return bytes;
  };
  const size = function (bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  };
  input.addEventListener("change", function () {
    problem.hidden = true;
    const names = Array.from(input.files, function (file) { return file.name; });
    chosen.textContent = names.length ? names.join(", ") + " (" + size(total()) + ")" : "";
  });
  form.addEventListener("submit", function (event) {
    if (total() > limit) {
      event.preventDefault();
      problem.textContent = "These files come to " + size(total()) + "; an upload may be at most " +
        form.dataset.maxText + ". Import them with kithkin import on the command line.";
      problem.hidden = false;
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = "Uploading…";
  });
});
