// Choosing a highlight shows the records it supports; choosing a record highlights its
// words. Without this script the same links ask the server (?at=, ?record=) instead.
"use strict";

(function () {
  const text = document.getElementById("text");
  const selection = document.getElementById("selection");
  if (!text || !selection) return;
  const marks = Array.from(text.querySelectorAll("a.hl"));
  const gaps = Array.from(text.querySelectorAll(".gap"));
  const chosen = selection.querySelector(".chosen");
  const hint = selection.querySelector(".hint");

  function indexes(mark) {
    return mark.dataset.r.split(" ");
  }

  function light(records) {
    for (const mark of marks.concat(gaps)) {
      const on = indexes(mark).some((i) => records.includes(i));
      mark.classList.toggle("on", on);
    }
  }

  function show(records) {
    chosen.replaceChildren();
    for (const i of records) {
      const card = document.querySelector('.cited [data-i="' + i + '"]');
      if (!card) continue;
      const copy = card.cloneNode(true);
      copy.removeAttribute("id");
      copy.removeAttribute("data-i");
      const more = copy.querySelector(".more");
      if (more) more.remove();
      chosen.appendChild(copy);
    }
    hint.hidden = records.length > 0;
  }

  text.addEventListener("click", function (event) {
    const mark = event.target.closest("a.hl");
    if (!mark) return;
    event.preventDefault();
    const records = indexes(mark);
    light(records);
    show(records);
    history.replaceState(null, "", mark.getAttribute("href").split("#")[0]);
  });

  document.querySelector(".cited").addEventListener("click", function (event) {
    const link = event.target.closest("a.show");
    if (!link) return;
    event.preventDefault();
    const record = link.closest("[data-i]").dataset.i;
    light([record]);
    show([record]);
    history.replaceState(null, "", link.getAttribute("href").split("#")[0]);
    const first = marks.find((mark) => indexes(mark).includes(record));
    if (first) {
      first.scrollIntoView({ block: "center" });
      first.focus({ preventScroll: true });
    }
  });
})();
