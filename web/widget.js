// motcua widget loader, for the commune's own website:
//
//   <script src="https://<motcua server>/widget.js" async></script>
//   <script src="https://<motcua server>/widget.js" data-lang="en" async></script>
//
// Adds a "Hỏi đáp thủ tục" button at the bottom right that opens the chat
// (/widget) in a frame. The frame only loads on sites listed in
// `widget_origins` of commune.toml (CSP frame-ancestors). Nothing of the
// host page is read; no text is inserted as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__motcuaWidget) return;
  window.__motcuaWidget = true;
  var base = new URL(script.src, location.href).origin;
  var en = script.getAttribute("data-lang") === "en";
  var label = en ? "Ask about procedures" : "Hỏi đáp thủ tục";
  var closeLabel = en ? "Close" : "Đóng";
  var title = en ? "Administrative procedures assistant" : "Trợ lý thủ tục hành chính";

  function css(el, styles) {
    Object.keys(styles).forEach(function (k) { el.style[k] = styles[k]; });
  }

  var button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  css(button, {
    position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483646",
    font: "600 18px/1.3 system-ui, sans-serif", padding: "0.8rem 1.2rem",
    color: "#fff", background: "#0b4f8a", border: "2px solid #fff",
    borderRadius: "2rem", boxShadow: "0 2px 8px rgba(0,0,0,.35)", cursor: "pointer",
  });

  var panel = document.createElement("div");
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  css(panel, {
    position: "fixed", right: "1rem", bottom: "5rem", zIndex: "2147483647",
    width: "min(26rem, calc(100vw - 2rem))", height: "min(40rem, calc(100vh - 7rem))",
    background: "#fff", border: "2px solid #0b4f8a", borderRadius: "0.75rem",
    boxShadow: "0 4px 20px rgba(0,0,0,.35)", overflow: "hidden",
    display: "flex", flexDirection: "column",
  });

  var close = document.createElement("button");
  close.type = "button";
  close.textContent = "× " + closeLabel;
  css(close, {
    alignSelf: "flex-end", margin: "0.25rem", font: "600 16px system-ui, sans-serif",
    color: "#0b4f8a", background: "#fff", border: "2px solid #0b4f8a",
    borderRadius: "0.5rem", padding: "0.3rem 0.7rem", cursor: "pointer",
  });

  var frame = null;
  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = base + "/widget" + (en ? "?lang=en" : "");
      frame.title = title;
      css(frame, { flex: "1", width: "100%", border: "0" });
      panel.appendChild(frame);
    }
    panel.hidden = false;
    panel.style.display = "flex";
    button.setAttribute("aria-expanded", "true");
    frame.focus();
  }
  function hide() {
    panel.hidden = true;
    panel.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }
  button.addEventListener("click", function () {
    if (panel.hidden) open(); else hide();
  });
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hide();
  });
  panel.appendChild(close);
  panel.style.display = "none";

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
