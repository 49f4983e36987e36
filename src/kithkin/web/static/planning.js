// The Briefing page's Print button (the page's print stylesheet leaves only the briefing on paper).
"use strict";
document.addEventListener("click", function (event) {
  if (event.target.closest("button[data-print]")) window.print();
});
