// motcua — the one script of the web pages (no framework, no build step).
//
// Every page works without it; it adds: the text-size control, the live
// chat (POST /api/chat, answers built in the page), ticking the checklist
// with a live "still missing" list, print and share, thumbs up/down
// (POST /api/feedback) and search-as-you-type in the catalog.
//
// Rule: text from the server (corpus or citizen) only ever enters the page
// through text nodes and setAttribute, never as markup. The markup mirrors
// src/web/card.rs and src/web/chat.rs: keep them in step.
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  root.classList.add("js");

  var T = {};
  try {
    T = JSON.parse(doc.getElementById("motcua-text").textContent);
  } catch (e) {
    T = {};
  }
  function t(key) {
    return T[key] || key;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return values[k] !== undefined ? String(values[k]) : m;
    });
  }
  var lang = root.getAttribute("lang") === "en" ? "en" : "vi";

  // ---- DOM helpers: text nodes and attributes only ----------------------

  function el(tag, attrs) {
    var e = doc.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        e.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  // add(parent, kid, kid…): nodes as they are, strings as text nodes,
  // arrays flattened, null/undefined/false skipped.
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var kid = arguments[i];
      if (kid === null || kid === undefined || kid === false) continue;
      if (Array.isArray(kid)) {
        kid.forEach(function (k) { add(parent, k); });
      } else if (kid instanceof Node) {
        parent.appendChild(kid);
      } else {
        parent.appendChild(doc.createTextNode(String(kid)));
      }
    }
  }
  function safeUrl(u) {
    u = String(u || "").trim();
    var l = u.toLowerCase();
    if (l.indexOf("https://") === 0 || l.indexOf("http://") === 0) return u;
    if (u.charAt(0) === "/" && u.charAt(1) !== "/") return u;
    return null;
  }
  function link(href, text, attrs) {
    var h = safeUrl(href);
    if (!h) return doc.createTextNode(text);
    var a = attrs || {};
    a.href = h;
    return el("a", a, text);
  }
  function href(path) {
    if (lang !== "en") return path;
    var i = path.indexOf("#");
    var base = i < 0 ? path : path.slice(0, i);
    var frag = i < 0 ? "" : path.slice(i);
    return base + (base.indexOf("?") < 0 ? "?" : "&") + "lang=en" + frag;
  }
  var vi = lang === "en" ? "vi" : null;

  function fold(s) {
    return String(s || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase();
  }
  function stem(number) {
    return String(number)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .replace(/\//g, "-");
  }
  function documentPath(number) {
    return "/van-ban/" + encodeURIComponent(stem(number));
  }
  function articlePath(number, article) {
    return documentPath(number) + "/dieu/" + encodeURIComponent(String(article).trim());
  }
  function procedurePath(code) {
    return "/thu-tuc/" + encodeURIComponent(String(code).trim());
  }
  function heading(level) {
    return level <= 2 ? "h2" : level === 3 ? "h3" : "h4";
  }

  // ---- Text size ---------------------------------------------------------

  var SIZE_KEY = "motcua-text-size";
  function setSize(n) {
    n = Math.max(0, Math.min(3, n));
    root.classList.remove("ts-1", "ts-2", "ts-3");
    if (n > 0) root.classList.add("ts-" + n);
    try { localStorage.setItem(SIZE_KEY, String(n)); } catch (e) { /* private mode */ }
    return n;
  }
  var size = 0;
  try { size = parseInt(localStorage.getItem(SIZE_KEY) || "0", 10) || 0; } catch (e) { size = 0; }
  size = setSize(size);
  doc.querySelectorAll(".textsize").forEach(function (box) {
    box.hidden = false;
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-size]");
      if (b) size = setSize(size + parseInt(b.getAttribute("data-size"), 10));
    });
  });

  // ---- Checklist: tick what you have, see what is missing ---------------

  function wireChecklist(section) {
    if (section.getAttribute("data-wired")) return;
    section.setAttribute("data-wired", "1");
    var code = section.getAttribute("data-code");
    var boxes = Array.prototype.slice.call(section.querySelectorAll(".items input[type=checkbox]"));
    var box = section.querySelector(".missing");
    var printLink = section.querySelector(".print-link");
    var share = section.querySelector("button.share");
    var status = section.querySelector(".share-status");
    function update() {
      var have = [];
      boxes.forEach(function (b, i) { if (b.checked) have.push(i); });
      var conditional = false;
      section.querySelectorAll(".missing-list li[data-i]").forEach(function (li) {
        var had = have.indexOf(parseInt(li.getAttribute("data-i"), 10)) >= 0;
        li.hidden = had;
        if (!had && li.hasAttribute("data-cond")) conditional = true;
      });
      if (box) {
        box.setAttribute("data-have", String(have.length));
        box.querySelector(".progress").textContent =
          fill(t("HaveCount"), { n: have.length, total: boxes.length });
        box.querySelector(".all-have").hidden = have.length < boxes.length;
        box.querySelector(".hint").hidden = !conditional;
      }
      if (printLink && code) {
        var q = have.map(function (i, n) { return (n ? "&" : "?") + "co=" + i; }).join("");
        printLink.setAttribute("href", href(procedurePath(code) + q) + "#giay-to");
      }
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    if (share && printLink && (navigator.share || navigator.clipboard)) {
      share.hidden = false;
      share.addEventListener("click", function () {
        var url = new URL(printLink.getAttribute("href"), location.href).href;
        if (navigator.share) {
          navigator.share({ title: doc.title, url: url }).catch(function () {});
        } else {
          navigator.clipboard.writeText(url).then(function () {
            if (status) status.textContent = t("Copied");
          }, function () {});
        }
      });
    }
    update();
  }
  doc.querySelectorAll(".checklist").forEach(wireChecklist);

  doc.querySelectorAll("button.print").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  // ---- Feedback ----------------------------------------------------------

  function wireFeedback(box) {
    if (box.getAttribute("data-wired")) return;
    box.setAttribute("data-wired", "1");
    box.hidden = false;
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-helpful]");
      if (!b || box.getAttribute("data-sent")) return;
      box.setAttribute("data-sent", "1");
      box.querySelectorAll("button[data-helpful]").forEach(function (x) {
        x.setAttribute("aria-pressed", x === b ? "true" : "false");
        x.disabled = true;
      });
      var body = {
        session: box.getAttribute("data-session") || "",
        procedure: box.getAttribute("data-procedure") || null,
        helpful: b.getAttribute("data-helpful") === "true",
      };
      fetch("/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then(function () {}, function () {});
      box.querySelector(".thanks").textContent = t("Thanks");
    });
  }
  doc.querySelectorAll(".feedback").forEach(wireFeedback);

  // ---- Procedure card (mirror of src/web/card.rs) -------------------------

  function quantity(c) {
    if (!c.form_label) return "";
    return c.quantity === 0 || c.form === "shown" ? c.form_label : c.quantity + " " + c.form_label;
  }
  function showOnly(c) {
    return c.show_only && c.form !== "shown";
  }

  function citations(refs) {
    if (!refs || !refs.length) return null;
    var p = el("p", { class: "cite" }, t("Basis"), " ");
    refs.forEach(function (r, i) {
      if (i) add(p, "; ");
      var label = r.article ? t("Article") + " " + r.article + " " + r.document_number : r.document_number;
      var path = r.article ? articlePath(r.document_number, r.article) : documentPath(r.document_number);
      add(p, link(href(path), label));
    });
    return p;
  }

  // Chat answers' sections are no named regions: every answer has the same
  // ones, and a conversation would list many regions of one name.
  function section(id, name, level, title) {
    var hid = id + "-" + name;
    var s = el("section", { class: "sec sec-" + name });
    add(s, el(heading(level), { id: hid }, title));
    return s;
  }

  function checklistSection(v, id, level) {
    var hid = id + "-documents";
    var s = el("section", {
      class: "sec sec-documents checklist",
      "data-code": v.code,
    }, el(heading(level), { id: hid }, t("Documents")));
    if (!v.checklist.length) {
      add(s, el("p", null, t("NoDocuments")));
      return s;
    }
    var form = el("form", {
      method: "get",
      action: href(procedurePath(v.code) + "#giay-to"),
      class: "tick-form",
      target: "_self",
    });
    var list = el("ol", { class: "items" });
    var missing = el("ul", { class: "missing-list" });
    v.checklist.forEach(function (c, i) {
      var cid = id + "-c" + i;
      var q = quantity(c);
      var body = el("div", { class: "item-body" }, el("label", { for: cid, lang: vi }, c.name));
      if (q || showOnly(c)) {
        add(body, el("p", { class: "meta" }, el("span", { lang: vi }, q),
          showOnly(c) ? [q ? " · " : "", t("ShowOnly")] : null));
      }
      if (c.condition) {
        add(body, el("p", { class: "cond" }, el("span", { class: "label" }, t("Note")), " ",
          el("span", { lang: vi }, c.condition)));
      }
      if (c.template) {
        add(body, el("p", { class: "tpl" }, el("span", { class: "label" }, t("Template")), " ",
          el("span", { lang: vi }, c.template)));
      }
      add(body, citations(c.citations));
      add(list, el("li", { class: "item" },
        el("input", { type: "checkbox", id: cid, name: "co", value: i }), body));

      var details = [];
      if (q) details.push([q, true]);
      if (c.template) details.push([t("Template") + " " + c.template, true]);
      if (c.condition) details.push([t("Conditional"), false]);
      var li = el("li", { "data-i": i, "data-cond": !!c.condition },
        el("span", { class: "name", lang: vi }, c.name));
      if (details.length) {
        var d = el("span", { class: "detail" }, "(");
        details.forEach(function (x, n) {
          if (n) add(d, "; ");
          add(d, el("span", { lang: x[1] ? vi : null }, x[0]));
        });
        add(d, ")");
        add(li, " ", d);
      }
      add(missing, li);
    });
    add(form, el("fieldset", null, el("legend", null, t("TickLegend")), list));
    add(s, form);
    add(s, el("div", { class: "missing", "aria-live": "polite", "data-have": "0" },
      el(heading(level + 1), null, t("Missing")),
      el("p", { class: "progress" }, fill(t("HaveCount"), { n: 0, total: v.checklist.length })),
      missing,
      el("p", { class: "all-have", hidden: true }, t("AllHave")),
      el("p", { class: "hint", hidden: true }, t("MissingHint"))));
    add(s, el("p", { class: "actions no-print" },
      el("a", { class: "button secondary print-link", href: href(procedurePath(v.code)) + "#giay-to" }, t("PrintShare")),
      " ",
      el("button", { type: "button", class: "button secondary share", hidden: true }, t("Share")),
      " ",
      el("span", { class: "share-status", role: "status" })));
    return s;
  }

  function feeLines(v) {
    var out = [];
    (v.fees || []).forEach(function (f) {
      var line = "";
      if (f.channel) {
        var ch = (v.channels || []).filter(function (c) { return c.kind === f.channel; })[0];
        if (ch) line += ch.label + ": ";
      }
      if (f.case) line += f.case + ": ";
      line += f.text;
      if (out.indexOf(line) < 0) out.push(line);
    });
    return out;
  }

  function timeLines(v) {
    if (v.processing_time && String(v.processing_time.text || "").trim()) return [v.processing_time.text];
    return (v.channels || []).filter(function (c) {
      return c.processing_time && String(c.processing_time.text || "").trim();
    }).map(function (c) { return c.label + ": " + c.processing_time.text; });
  }

  function textLines(text) {
    return String(text || "").split("\n").map(function (l) { return l.trim(); })
      .filter(function (l) { return l; })
      .map(function (l) { return el("p", null, l); });
  }

  function detailsSection(name, level, title, kids) {
    return el("details", { class: "sec sec-" + name + " no-print" },
      el("summary", null, el(heading(level), { class: "summary-heading" }, title)), kids);
  }

  var ORDER = ["documents", "time", "fees", "where", "result", "steps", "legal_basis"];

  function sections(v, id, level, intent) {
    var order = ORDER.filter(function (s) { return s === intent; })
      .concat(ORDER.filter(function (s) { return s !== intent; }));
    var out = [];
    order.forEach(function (s) {
      var sec = null;
      if (s === "documents") {
        sec = checklistSection(v, id, level);
      } else if (s === "time") {
        var tl = timeLines(v);
        if (tl.length) {
          sec = section(id, "time", level, t("Time"));
          tl.forEach(function (l) { add(sec, el("p", { lang: vi }, l)); });
        }
      } else if (s === "fees") {
        var fl = feeLines(v);
        if (fl.length) {
          sec = section(id, "fees", level, t("Fees"));
          add(sec, el("ul", null, fl.map(function (l) { return el("li", { lang: vi }, l); })));
        }
      } else if (s === "where") {
        if (v.agency || (v.channels && v.channels.length)) {
          sec = section(id, "where", level, t("Where"));
          if (v.agency) add(sec, el("p", { class: "agency", lang: vi }, v.agency));
          if (v.channels && v.channels.length) {
            add(sec, el("p", null, t("How"), ":"));
            add(sec, el("ul", { class: "channels" }, v.channels.map(function (c) {
              return el("li", null, c.label, c.url ? [" — ", link(c.url, t("ApplyOnline"))] : null);
            })));
          }
        }
      } else if (s === "result") {
        if (v.result && v.result.length) {
          sec = section(id, "result", level, t("Result"));
          add(sec, el("ul", null, v.result.map(function (r) { return el("li", { lang: vi }, r); })));
        }
      } else if (s === "steps") {
        if (v.steps && v.steps.length) {
          sec = detailsSection("steps", level, t("Steps"),
            el("ol", { lang: vi }, v.steps.map(function (st) { return el("li", null, textLines(st)); })));
        }
      } else if (s === "legal_basis") {
        if (v.legal_basis && v.legal_basis.length) {
          sec = detailsSection("legal", level, t("LegalBasis"), el("ul", null, v.legal_basis.map(function (r) {
            var label = r.article ? t("Article") + " " + r.article + ", " + r.document_number : r.document_number;
            var path = r.article ? articlePath(r.document_number, r.article) : documentPath(r.document_number);
            return el("li", { lang: vi },
              r.in_corpus ? link(href(path), label) : label,
              r.title && r.title !== r.document_number ? [" — ", r.title] : null,
              r.in_corpus ? null : [" ", el("span", { class: "muted" }, t("NotInCorpus"))]);
          })));
        }
      }
      if (sec) out.push(sec);
    });
    return out;
  }

  function source(v) {
    if (!v.source_url && !v.as_of) return null;
    return el("p", { class: "source" }, t("Source"), ": ",
      v.source_url ? link(v.source_url, t("PortalName")) : t("PortalName"),
      v.as_of ? [", ", t("AsOf"), " ", v.as_of] : null, ".");
  }

  // ---- Chat ----------------------------------------------------------------

  // Snippet with <mark>ed byte ranges (UTF-8 offsets from the server).
  function highlighted(text, marks) {
    var bytes = new TextEncoder().encode(text);
    var dec = new TextDecoder("utf-8", { fatal: true });
    var out = [];
    var at = 0;
    function slice(a, b) {
      try { return dec.decode(bytes.slice(a, b)); } catch (e) { return null; }
    }
    (marks || []).forEach(function (m) {
      var s = m[0], e = m[1];
      if (s < at || e <= s || e > bytes.length) return;
      var before = slice(at, s), marked = slice(s, e);
      if (before === null || marked === null) return;
      out.push(before, el("mark", null, marked));
      at = e;
    });
    var rest = slice(at, bytes.length);
    out.push(rest === null ? "" : rest);
    return out;
  }

  function lead(answer) {
    var out = [];
    var lines = String(answer || "").split("\n");
    for (var i = 0; i < lines.length; i++) {
      var l = lines[i];
      if (l.indexOf("Thủ tục:") === 0 || l.indexOf("Procedure:") === 0) break;
      if (l.trim()) out.push(l);
    }
    return out;
  }

  var THUMB = "M2 10h4v11H2zM8 10l4-7c1.6 0 2.5 1.1 2.2 2.6L13.5 9H20c1.2 0 2.1 1.1 1.8 2.3l-2 8.2c-.3.9-1 1.5-2 1.5H8z";
  function thumb() {
    var NS = "http://www.w3.org/2000/svg";
    var svg = doc.createElementNS(NS, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = doc.createElementNS(NS, "path");
    p.setAttribute("fill", "currentColor");
    p.setAttribute("d", THUMB);
    svg.appendChild(p);
    return svg;
  }

  function feedback(a, code) {
    var box = el("div", {
      class: "feedback no-print",
      "data-session": a.session,
      "data-procedure": code || null,
    }, el("p", null, t("Helpful")));
    [["true", "Yes", "thumb up"], ["false", "No", "thumb down"]].forEach(function (x) {
      add(box, el("button", {
        type: "button",
        class: "button secondary " + x[2],
        "data-helpful": x[0],
        "aria-pressed": "false",
      }, thumb(), t(x[1])), " ");
    });
    add(box, el("p", { class: "thanks", role: "status" }));
    return box;
  }

  function reply(a, id) {
    var box = el("div", { class: "bubble reply", lang: a.lang !== lang ? a.lang : null },
      el("p", { class: "who" }, t("Answer")));
    var p = a.procedure;
    if (p) {
      lead(a.answer).forEach(function (l) { add(box, el("p", { class: "lead" }, l)); });
      add(box, el("h2", { id: id + "-title", class: "proc-title", tabindex: "-1", lang: vi }, p.name));
      add(box, el("p", { class: "proc-meta" }, t("Code"), ": ", link(href(procedurePath(p.code)), p.code),
        " · ", t("Field"), ": ", el("span", { lang: vi }, p.field)));
      add(box, sections(p, id, 3, a.intent));
      if (a.passages && a.passages.length) {
        var ps = el("section", { class: "sec sec-passages" },
          el("h3", { id: id + "-passages" }, t("Passages")));
        add(ps, el("ul", { class: "passages" }, a.passages.map(function (x) {
          var label = x.document_title + " (" + x.document_number + ") — Điều " + x.article + ". " + x.article_title;
          return el("li", { lang: vi }, link(href(articlePath(x.document_number, x.article)), label),
            el("blockquote", null, highlighted(x.snippet, x.highlights)));
        })));
        add(box, ps);
      }
      add(box, el("p", { class: "more" }, link(href(procedurePath(p.code)), t("FullProcedure"))));
      add(box, source(p));
      add(box, feedback(a, p.code));
    } else if (a.intent === "social") {
      add(box, el("p", { id: id + "-title", class: "courtesy", tabindex: "-1" }, String(a.answer || "")));
      if (a.contact) add(box, contactCard(a.contact));
    } else {
      var first = String(a.answer || "").split("\n")[0];
      add(box, el("h2", { id: id + "-title", class: "notsure-title", tabindex: "-1" }, first));
      if (a.alternatives && a.alternatives.length) {
        add(box, el("p", null, t("MaybeLookingFor")));
        add(box, el("ul", { class: "alternatives" }, a.alternatives.map(function (x) {
          return el("li", { lang: vi }, link(href(procedurePath(x.code)), x.name),
            " ", el("span", { class: "muted" }, "(" + x.code + ")"));
        })));
      }
      if (a.contact) add(box, contactCard(a.contact));
      add(box, feedback(a, null));
    }
    return box;
  }

  function contactCard(c) {
    var card = el("div", { class: "contact-card" }, el("h3", null, t("ContactCenter")),
      el("p", { lang: vi }, c.name));
    if (c.lines && c.lines.length) {
      var dl = el("dl", { class: "contact" });
      c.lines.forEach(function (kv) {
        add(dl, el("dt", null, kv[0]), el("dd", { lang: vi }, kv[1]));
      });
      add(card, dl);
    }
    return card;
  }

  var form = doc.getElementById("chat-form");
  if (form) {
    var log = doc.getElementById("log");
    var input = form.querySelector("textarea[name=message]");
    var session = form.querySelector("input[name=session]");
    var formLang = form.querySelector("input[name=lang]");
    var errorBox = doc.getElementById("q-error");
    var chipsBox = doc.querySelector(".chips");
    var turns = log.querySelectorAll(".turn").length;
    var busy = false;

    var showError = function (msg) {
      errorBox.textContent = msg;
      errorBox.hidden = !msg;
      if (msg) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    };

    var renderChips = function (a) {
      if (!chipsBox) return;
      var list = a.suggestions || [];
      var title = chipsBox.querySelector("h2");
      title.textContent = t(a.procedure || a.intent === "social" ? "Suggestions" : "MaybeLookingFor");
      var ul = chipsBox.querySelector("ul");
      while (ul.firstChild) ul.removeChild(ul.firstChild);
      list.forEach(function (s) {
        add(ul, el("li", null, el("button", {
          type: "submit", form: "chat-form", name: "chip", value: s, class: "chip",
        }, s)));
      });
      chipsBox.hidden = !list.length;
    };

    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (busy) return;
      var chip = ev.submitter && ev.submitter.name === "chip" ? ev.submitter.value : null;
      var message = String(chip !== null ? chip : input.value).trim();
      if (!message) { showError(t("EmptyQuestion")); input.focus(); return; }
      if (Array.from(message).length > 2000) { showError(t("LongQuestion")); input.focus(); return; }
      showError("");
      busy = true;
      turns += 1;
      var id = "t" + turns;
      var pending = el("div", { class: "bubble reply pending", role: "status" }, t("Thinking"));
      var turn = el("article", { class: "turn", "aria-labelledby": id + "-title" },
        el("div", { class: "bubble you" }, el("p", { class: "who" }, t("YouAsked")),
          el("p", { class: "said" }, message)),
        pending);
      log.appendChild(turn);
      if (chip === null) input.value = "";
      turn.scrollIntoView({ block: "start" });
      fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          message: message,
          session: session.value || null,
          lang: formLang ? formLang.value : lang,
        }),
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (r) {
        if (!r.ok) {
          var code = r.body && r.body.error ? r.body.error.code : "";
          var msg = code === "empty_message" ? t("EmptyQuestion")
            : code === "message_too_long" ? t("LongQuestion") : t("ChatError");
          pending.classList.remove("pending");
          pending.textContent = msg;
          return;
        }
        var a = r.body;
        session.value = a.session || "";
        var node = reply(a, id);
        pending.replaceWith(node);
        node.querySelectorAll(".checklist").forEach(wireChecklist);
        node.querySelectorAll(".feedback").forEach(wireFeedback);
        renderChips(a);
        var h = node.querySelector("h2[tabindex]");
        if (h) h.focus();
      }).catch(function () {
        pending.classList.remove("pending");
        pending.textContent = t("ChatError");
      }).then(function () {
        busy = false;
      });
    });
  }

  // ---- Catalog: search as you type ------------------------------------------

  var find = doc.getElementById("find");
  var catalog = doc.getElementById("catalog");
  if (find && catalog) {
    var items = Array.prototype.slice.call(catalog.querySelectorAll("li[data-k]"));
    var groups = Array.prototype.slice.call(catalog.querySelectorAll("section.field"));
    var statusBox = doc.getElementById("find-status");
    var filter = function () {
      var words = fold(find.value).split(/\s+/).filter(function (w) { return w; });
      var shown = 0;
      items.forEach(function (li) {
        var k = li.getAttribute("data-k");
        var ok = words.every(function (w) { return k.indexOf(w) >= 0; });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (g) {
        var any = g.querySelector("li[data-k]:not([hidden])") !== null;
        g.hidden = !any;
        var toc = doc.querySelector('.toc li[data-field="' + g.id + '"]');
        if (toc) {
          toc.hidden = !any;
          var count = toc.querySelector(".count");
          if (count) count.textContent = "(" + g.querySelectorAll("li[data-k]:not([hidden])").length + ")";
        }
      });
      if (!words.length) statusBox.textContent = "";
      else if (!shown) statusBox.textContent = t("NoMatch");
      else statusBox.textContent = fill(t("Matching"), { n: shown, q: find.value.trim() });
    };
    find.addEventListener("input", filter);
    find.form.addEventListener("submit", function (ev) { ev.preventDefault(); filter(); });
  }
})();
