// localwire editor's desk: provenance tooltips and sortable tables. No dependencies.
"use strict";

(function () {
  const FIELDS = [["fact", "Fact"], ["formula", "Formula"], ["source", "Source file"],
                  ["location", "Location"], ["cited", "Cited source"],
                  ["verdict", "Verdict"], ["explanation", "Explanation"]];
  let tip = null;

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "lw-tooltip";
      tip.id = "lw-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(target) {
    const box = tooltip();
    const list = document.createElement("dl");
    for (const [key, label] of FIELDS) {
      const value = target.dataset[key];
      if (!value) continue;
      const dt = document.createElement("dt");
      dt.textContent = label;            // textContent: data is never parsed as HTML
      const dd = document.createElement("dd");
      dd.textContent = value;
      list.append(dt, dd);
    }
    box.replaceChildren(list);
    box.hidden = false;
    const rect = target.getBoundingClientRect();
    box.style.left = Math.max(8, window.scrollX + rect.left) + "px";
    box.style.top = (window.scrollY + rect.bottom + 6) + "px";
    target.setAttribute("aria-describedby", "lw-tooltip");
  }

  function hide(target) {
    if (tip) tip.hidden = true;
    if (target) target.removeAttribute("aria-describedby");
  }

  const SELECTOR = ".lw-figure, mark.claim";
  document.addEventListener("mouseover", (e) => {
    const t = e.target.closest && e.target.closest(SELECTOR);
    if (t) show(t);
  });
  document.addEventListener("mouseout", (e) => {
    const t = e.target.closest && e.target.closest(SELECTOR);
    if (t && !t.contains(e.relatedTarget)) hide(t);
  });
  document.addEventListener("focusin", (e) => {
    const t = e.target.closest && e.target.closest(SELECTOR);
    if (t) show(t);
  });
  document.addEventListener("focusout", (e) => {
    const t = e.target.closest && e.target.closest(SELECTOR);
    if (t) hide(t);
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(null); });

  function sortValue(cell) {
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    const n = Number(raw);
    return raw !== "" && !Number.isNaN(n) ? n : raw.toLowerCase();
  }

  function sortBy(table, index, th) {
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of table.tHead.rows[0].cells) other.setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = sortValue(a.cells[index]), y = sortValue(b.cells[index]);
      if (typeof x === typeof y) return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      return typeof x === "number" ? -1 : 1;   // numbers before text either way
    });
    body.append(...rows);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const table of document.querySelectorAll("table.sortable")) {
      Array.from(table.tHead.rows[0].cells).forEach((th, index) => {
        const button = th.querySelector("button");
        if (button) button.addEventListener("click", () => sortBy(table, index, th));
      });
    }
  });
})();
