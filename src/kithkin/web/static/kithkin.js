// kithkin's own small script: Copy buttons. (The CSRF header for htmx is set by hx-headers on <body>.)
"use strict";
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  const done = function () {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
  } else {
    field.select();
    document.execCommand("copy");
    done();
  }
});

// htmx does not swap in error responses: say what happened above the page instead of doing nothing.
document.addEventListener("htmx:responseError", function (event) {
  const status = event.detail.xhr.status;
  const main = document.getElementById("main");
  if (!main) return;
  let notice = document.getElementById("request-error");
  if (!notice) {
    notice = document.createElement("p");
    notice.id = "request-error";
    notice.className = "alert";
    notice.setAttribute("role", "alert");
    main.prepend(notice);
  }
  notice.textContent = status === 403
    ? "This page has expired (the server was restarted?): reload it and try again."
    : "That did not work (error " + status + "): reload the page and try again.";
});
